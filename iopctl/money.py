"""Exact money: rounding to the öre and splitting a sum into parts that add up, Decimal only.

The one rounding rule of iopctl (also in the README and `schedule.py`):

    Each year's amount is computed exactly (index factors and per-capita products are never
    rounded on the way) and rounded half up to the öre once. When that amount is split
    between payers, every payer's part except the last is its share of the amount rounded
    half up to the öre, and the last payer gets the remainder; each payer's part is split
    into instalments the same way (the last instalment takes the remainder). So parts
    always add up exactly to the whole.

Binary floats are refused everywhere here (a float has lost öre before we see it), and
products are computed in a context that traps inexact results, so a product is exact or an
error, never silently rounded at 28 digits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact

ORE = Decimal("0.01")
"""One öre: the smallest unit an amount is rounded to."""
ZERO = Decimal("0.00")

_EXACT = Context(prec=2000, rounding=ROUND_HALF_UP, traps=[Inexact])
"""Multiplication context: 2000 significant digits, and an error rather than a silent rounding."""
_DIVIDE = Context(prec=60, rounding=ROUND_HALF_UP)
"""Division context: 60 digits, far beyond the half-öre boundary a quotient is rounded at."""
_ROUND = Context(prec=2000, rounding=ROUND_HALF_UP)
"""Rounding context: the one place where digits are dropped on purpose."""


def exact(value: object, what: str = "amount") -> Decimal:
    """`value` as a finite Decimal: only a Decimal or an int (a float has already lost öre)."""
    if type(value) is Decimal and value.is_finite():
        return value  # the common case first: Decimals are immutable, no copy is needed
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or int, not {type(value).__name__}: money never goes through float")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"{what} is not a finite number: {d}")
    return d


def round_ore(value: Decimal | int) -> Decimal:
    """Round half up (away from zero on a tie) to whole öre: 0.005 → 0.01, −0.005 → −0.01."""
    return exact(value).quantize(ORE, rounding=ROUND_HALF_UP, context=_ROUND)


def is_whole_ore(value: Decimal | int) -> bool:
    """True when the value has no part smaller than an öre."""
    d = exact(value)
    return d == d.quantize(ORE, rounding=ROUND_HALF_UP, context=_ROUND)


def product(*factors: Decimal | int) -> Decimal:
    """The exact product of the factors (no rounding: inexact results raise)."""
    result = Decimal(1)
    for f in factors:
        result = _EXACT.multiply(result, exact(f, "factor"))
    return result


def total(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of amounts, starting from 0.00 so an empty sum prints as money."""
    result = ZERO
    for v in values:
        result = _EXACT.add(result, exact(v))
    return result


def split(amount: Decimal | int, shares: Sequence[Decimal | int]) -> list[Decimal]:
    """Split a whole-öre amount by shares: each part rounded half up, the last part the remainder.

    The shares should add up to 1 (rules check that); the parts always add up to `amount`.
    """
    whole = _whole(amount)
    if not shares:
        raise ValueError("split needs at least one share")
    checked = [exact(s, "share") for s in shares]
    parts = [round_ore(_DIVIDE.multiply(whole, s)) for s in checked[:-1]]
    parts.append(_EXACT.subtract(whole, total(parts)))
    return parts


def split_equal(amount: Decimal | int, n: int) -> list[Decimal]:
    """Split a whole-öre amount into n equal parts, rounded half up, the last part the remainder."""
    whole = _whole(amount)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"cannot split into {n!r} parts")
    if n == 1:
        return [whole]  # most payments: one payer, one instalment
    part = round_ore(_DIVIDE.divide(whole, Decimal(n)))
    parts = [part] * (n - 1)
    parts.append(_EXACT.subtract(whole, total(parts)))
    return parts


def _whole(amount: Decimal | int) -> Decimal:
    d = exact(amount)
    if not is_whole_ore(d):
        raise ValueError(f"{d} is not a whole number of öre; round it first")
    return d.quantize(ORE, context=_ROUND)


def plain(value: Decimal) -> str:
    """An amount as plain text for JSON and CSV: '500000.00' (fixed point, two decimals)."""
    return format(round_ore(value), "f")


__all__ = [
    "ORE",
    "ZERO",
    "exact",
    "is_whole_ore",
    "plain",
    "product",
    "round_ore",
    "split",
    "split_equal",
    "total",
]
