"""Views over payments: which fall in a window, their totals per agreement, payer or year, and their order.

What `iopctl funding --by` and the economy section show; the payments themselves come from
`iopctl.funding.schedule`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from iopctl.funding.schedule import Payment, ordered_flags
from iopctl.money import total

T = TypeVar("T")

if TYPE_CHECKING:
    from iopctl.funding.in_kind import InKindLine


def in_range(payment: Payment, start: date | None, end: date | None) -> bool:
    """A payment is in [start, end] when its due date is, or (undated) when its window meets it."""
    first, last = (payment.due, payment.due) if payment.due is not None else payment.window
    return (start is None or last >= start) and (end is None or first <= end)


def in_kind_in_range(line: InKindLine, start: date | None, end: date | None) -> bool:
    """A contribution in kind is in [start, end] when the span it applies in meets it."""
    first, last = line.window
    return (start is None or last is None or last >= start) and (end is None or first <= end)


@dataclass(frozen=True, slots=True)
class Total:
    """A sum of payments for one key of a view (an agreement, a payer, a year)."""

    key: tuple[str, ...]
    year: int | None
    amount: Decimal
    payments: int
    flags: tuple[str, ...]
    names: tuple[str, ...] = ()
    complete: bool = True
    """False when some payment's amount is not stated: `amount` is then the sum of the known ones."""


VIEWS = ("agreement", "payer", "year")


def totals(payments: Sequence[Payment], by: str) -> list[Total]:
    """Sums per agreement and year, per payer and year (the budget view), or per year.

    Each total is the exact sum of its payments (which are already whole öre), and carries
    the union of their flags, so a total built on a pending or unverified figure says so.
    The budget view (`payer`) counts a party's payment split between its units (`Payment.split`)
    as each unit's part: one payment of 1 000 000 kr, 500 000 kr on each unit's budget.
    """
    if by not in VIEWS:
        raise ValueError(f"unknown view {by!r}; expected one of {', '.join(VIEWS)}")
    groups, names = group_by_view(budget_parts(payments) if by == "payer" else payments, by, lambda p: p)
    out = [
        Total(
            key=key,
            year=year,
            amount=total(p.amount for p in group if p.amount is not None),
            payments=len(group),
            flags=ordered_flags(tuple(sorted({f for p in group for f in p.flags}))),
            names=names.get(key, ()),
            complete=all(p.amount is not None for p in group),
        )
        for (key, year), group in groups.items()
    ]
    out.sort(key=lambda t: (t.key, t.year or 0) if by != "year" else (t.year or 0,))
    return out


def group_by_view(
    items: Iterable[T], by: str, payment: Callable[[T], Payment]
) -> tuple[dict[tuple[tuple[str, ...], int], list[T]], dict[tuple[str, ...], tuple[str, ...]]]:
    """Items grouped by (view key, year) in order of first appearance, with each key's names:
    the agreement (`agreement`), the payer (`payer`) or nothing (`year`)."""
    groups: dict[tuple[tuple[str, ...], int], list[T]] = {}
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for item in items:
        p = payment(item)
        if by == "agreement":
            key: tuple[str, ...] = (p.agreement,)
            names[key] = (p.agreement,)
        elif by == "payer":
            key = (p.payer,)
            names[key] = (p.payer_name,)
        else:
            key = ()
        groups.setdefault((key, p.year), []).append(item)
    return groups, names


def budget_parts(payments: Iterable[Payment]) -> list[Payment]:
    """Payments as the budget sees them: a party's payment split between its units becomes each
    unit's part (same day, same flags), every other payment as it is."""
    from dataclasses import replace

    out: list[Payment] = []
    for p in payments:
        if not p.split:
            out.append(p)
            continue
        for u in p.split:
            out.append(replace(p, payer=u.unit, payer_name=u.unit_name, amount=u.amount, split=()))
    return out


def sort_payments(payments: Iterable[Payment], by: str) -> list[Payment]:
    """Payments in the order of a view: by agreement, by payer, or by year first."""

    def due_key(p: Payment) -> tuple[date, int]:
        return (p.due or p.window[0], p.instalment)

    if by == "payer":
        return sorted(payments, key=lambda p: (p.payer, p.year, *due_key(p), p.agreement))
    if by == "year":
        return sorted(payments, key=lambda p: (p.year, *due_key(p), p.agreement, p.payer))
    return sorted(payments, key=lambda p: (p.agreement, p.year, *due_key(p), p.payer))
