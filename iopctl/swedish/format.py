"""Swedish formatting as pure functions, so agreements read the same on every machine.

Nothing here consults the process locale (``locale.setlocale`` is process-global and CI runs
with ``C.UTF-8``). Every typographic choice is a named constant below and pinned in
``tests/test_sv.py``; the functions are registered as Jinja filters and used in CLI tables.

Why plain code and not Babel: the rules are few and fixed, and Babel would make them drift
with CLDR releases while costing start-up time (~35 ms to import and load ``sv_SE``). It also
gets one of them wrong for us: Babel 2.18 ``format_decimal(-1500, locale="sv_SE")`` prints a
hyphen-minus although CLDR's Swedish minus sign is U+2212. The tests cross-check the digit
grouping and decimal comma against Babel, so a disagreement is noticed, not inherited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from iopctl.money import exact

__all__ = [
    "AND_WORD",
    "COUNT_WORDS",
    "DECIMAL_SEP",
    "MINUS_SIGN",
    "MONTH_NAMES",
    "RANGE_DASH",
    "THOUSANDS_SEP",
    "UNIT_SEP",
    "WEEKDAY_NAMES",
    "amount",
    "count_with_digit",
    "count_words",
    "date_iso",
    "date_long",
    "join_list",
    "kr",
    "kronor",
    "month_name",
    "number",
    "org_number",
    "per_capita",
    "percent",
    "weekday_name",
    "year_range",
    "year_span",
]

#: Digits are grouped by three with a no-break space, so "1 000 000" never breaks across a
#: line (Språkrådet's rule; Babel's sv_SE gives the same). Four-digit amounts are grouped
#: too ("1 000"), as Babel does, so columns of amounts line up.
THOUSANDS_SEP = "\u00a0"
#: Swedish writes a decimal comma: "2,25".
DECIMAL_SEP = ","
#: A real minus sign (U+2212), not the hyphen-minus, so "−1 500" is not read as a dash.
MINUS_SIGN = "\u2212"
#: Between a number and its unit ("62 500 kr", "2,7 %"): a no-break space, so the unit never
#: starts a line on its own (Språkrådet: hårt mellanslag between number and unit).
UNIT_SEP = "\u00a0"
#: An en dash without spaces between the years of a range: "2022–2023".
RANGE_DASH = "\u2013"
#: Månadsnamn are lower case in Swedish.
MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
#: Veckodagar, lower case, Monday first to match ``date.weekday()``.
WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
#: Cardinal words 1–20. "ett" (neuter) because the counted nouns in agreements are ett-words
#: ("ett exemplar"); "arton" is the modern spelling Språkrådet recommends over "aderton".
COUNT_WORDS = (
    "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
    "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton",
    "tjugo",
)  # fmt: skip
#: Conjunction before the last item of a list; Swedish has no serial (Oxford) comma.
AND_WORD = "och"

_ORG_SEPARATORS = re.compile("[ \u00a0-]")
_ORG_DIGITS = re.compile("[0-9]{10}|16[0-9]{10}")


def _split(d: Decimal) -> tuple[bool, str, str]:
    """Sign, integer digits and fraction digits (trailing zeros dropped), exact via the tuple."""
    sign, digit_tuple, exponent = d.as_tuple()
    assert isinstance(exponent, int)  # finite: checked by `iopctl.money.exact`
    digits = "".join(map(str, digit_tuple))
    if exponent >= 0:
        whole, frac = digits + "0" * exponent, ""
    else:
        digits = digits.rjust(-exponent + 1, "0")
        whole, frac = digits[:exponent], digits[exponent:]
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    negative = bool(sign) and (whole != "0" or frac != "")
    return negative, whole, frac


def _group(whole: str) -> str:
    """Thousands grouping of a digit string: "1000000" → "1 000 000"."""
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return THOUSANDS_SEP.join(parts)


def _join_number(negative: bool, whole: str, frac: str) -> str:
    """Assemble sign, grouped integer part and decimal comma."""
    text = _group(whole) + (DECIMAL_SEP + frac if frac else "")
    return MINUS_SIGN + text if negative else text


def amount(value: Decimal | int) -> str:
    """An amount of money, "190 000,50": whole kronor without decimals, else exactly two."""
    negative, whole, frac = _split(exact(value, "amount()"))
    if len(frac) > 2:
        # Rounding money is the domain's decision (and its tests'), never a display side effect.
        raise ValueError(f"amount() got {value}, which is not a whole number of öre; round it first")
    return _join_number(negative, whole, frac.ljust(2, "0") if frac else "")


def kronor(value: Decimal | int, style: Literal["kronor", "kr"] = "kronor") -> str:
    """An amount with its unit, "62 500 kronor" or "62 500 kr"; "1 krona" in the singular."""
    if style not in ("kronor", "kr"):
        raise ValueError(f"kronor() style must be 'kronor' or 'kr', not {style!r}")
    text = amount(value)
    if style == "kr":
        unit = "kr"
    else:
        unit = "krona" if abs(Decimal(value)) == 1 else "kronor"
    return f"{text}{UNIT_SEP}{unit}"


@lru_cache(maxsize=8192)
def kr(value: Decimal) -> str:
    """`kronor(value, "kr")`, each amount written once: the register writes the same few amounts
    (instalments, yearly sums, an axis's steps) tens of thousands of times. Equal amounts have
    the same text whatever their exponent (1000 and 1E+3 are "1 000 kr"), so the cache, keyed
    by value, is exact. For amounts already checked (an unhashable signalling NaN cannot be one)."""
    return kronor(value, "kr")


def number(value: Decimal | int, places: int | None = None) -> str:
    """A number that is not an amount of money, "1,05884": an index factor, a share, a rate with
    öre fractions. Exact, without trailing zeros; grouped, signed and with a decimal comma as
    amounts are; `places` rounds it first (half to even), as the economy table's "1,027" is."""
    d = exact(value, "number()")
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
    return _join_number(*_split(d))


def per_capita(rate: Decimal | int) -> str:
    """A per-inhabitant rate as municipal decisions write it: "2,25 kronor per invånare"."""
    return f"{kronor(rate)} per invånare"


def percent(value: Decimal | int) -> str:
    """A percentage given in percent units, "2,7 %", with the decimals the value has (no float)."""
    return f"{_join_number(*_split(exact(value, 'percent()')))}{UNIT_SEP}%"


def month_name(m: int) -> str:
    """The Swedish month name for 1–12, lower case."""
    if isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12:
        raise ValueError(f"month must be 1–12, not {m!r}")
    return MONTH_NAMES[m - 1]


def weekday_name(d: date) -> str:
    """The Swedish weekday of a date, lower case, e.g. for deadline lists."""
    return WEEKDAY_NAMES[d.weekday()]


def date_long(d: date) -> str:
    """A date as Swedish prose writes it, "1 januari 2025": no leading zero, lower-case month."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def date_iso(d: date) -> str:
    """ISO 8601 "2025-01-01" for tables and JSON; a datetime loses its time part."""
    return date(d.year, d.month, d.day).isoformat()


def org_number(text: str) -> str:
    """Normalise an organisationsnummer to "NNNNNN-NNNN" so the same party always prints alike.

    Spaces and hyphens are dropped; ten ASCII digits remain, or twelve with the century prefix
    "16" that legal persons carry, which is removed. Only the shape is checked here: the Luhn
    digit and the legal-person rule belong to validation (iopctl.model.identifiers), which can say where.
    """
    if not isinstance(text, str):
        raise TypeError(f"org_number() takes a str, not {type(text).__name__}")
    compact = _ORG_SEPARATORS.sub("", text.strip())
    if not _ORG_DIGITS.fullmatch(compact):
        raise ValueError(
            f"{text!r} is not an organisationsnummer: expected 10 digits as NNNNNN-NNNN (or 12 with the prefix 16)"
        )
    compact = compact[-10:]
    return f"{compact[:6]}-{compact[6:]}"


def count_words(n: int) -> str:
    """The cardinal word for 1–20, as in "upprättat i två likalydande exemplar"."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(COUNT_WORDS):
        raise ValueError(f"count_words() covers 1–{len(COUNT_WORDS)}, not {n!r}")
    return COUNT_WORDS[n - 1]


def count_with_digit(n: int) -> str:
    """Word and digit, "två (2)", as the Lund agreements write counts."""
    return f"{count_words(n)} ({n})"


def join_list(items: Iterable[str]) -> str:
    """Swedish list prose, "a, b och c" (no serial comma); an empty list is a bug, not a blank."""
    if isinstance(items, str):
        raise TypeError("join_list() takes a list of strings, not a single string")
    parts = list(items)
    if not parts:
        raise ValueError("join_list() got an empty list; a contract must not print a blank")
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {AND_WORD} {parts[-1]}"


def _year(y: object) -> int:
    """Years are plain ints and print ungrouped ("2025", never "2 025")."""
    if isinstance(y, bool) or not isinstance(y, int):
        raise TypeError(f"a year must be an int, not {type(y).__name__}")
    return y


def year_span(years: Iterable[int]) -> str:
    """The years an agreement covers, sorted and distinct: "2025, 2026 och 2027"."""
    return join_list([str(y) for y in sorted({_year(y) for y in years})])


def year_range(first: int, last: int) -> str:
    """A consecutive run written as a range, "2022–2023" (en dash, no spaces); one year alone."""
    first, last = _year(first), _year(last)
    if first > last:
        raise ValueError(f"year_range() got {first} after {last}")
    return str(first) if first == last else f"{first}{RANGE_DASH}{last}"
