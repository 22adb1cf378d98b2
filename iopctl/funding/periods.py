"""How much of a year a fixed amount covers: per month or quarter, and part years as the text says.

A fixed amount is per year, per quarter or per month; the schedule computes the year's sum.
For a whole year that is the amount × 1, 4 or 12. For a year the agreement covers only in
part (it starts 1 July, or ends 31 March):

- an amount per month or per quarter counts the whole months or quarters the agreement
  covers in that year (that is what the text says: so much per month);
- an amount per year is the sum as stated, never pro-rated, unless `pro_rata` says how:
  `days` (the year's days in the agreement ÷ the days of the year), `months` (whole months ÷
  12) or `instalments` (the year's instalments ÷ `payments.per_year`);
- a part year the text gives no rule for (a per-month amount from 15 July, months
  pro-rata over a part month) has no sum: belopp ej fastställt, with why.

`part_of_whole` gives the parts of a sum by weights that add up to it to the öre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import last_day_of_month
from iopctl.money import split

if TYPE_CHECKING:
    from iopctl.model.funding import FixedAmount

PER_YEAR = {"year": 1, "quarter": 4, "month": 12}
"""Periods of each kind in a whole year."""

PER_WORDS = {"year": "per år", "quarter": "per kvartal", "month": "per månad"}
"""The Swedish words after an amount."""


@dataclass(frozen=True, slots=True)
class Share:
    """The multiple of the stated amount a year's sum is, and how it was reached (Swedish)."""

    factor: Decimal | None
    """None: the text gives no way to reach this part year's sum."""
    text: str
    """'× 12 månader', '× 184/365 dagar', '' for a whole year per year."""


def whole_months(start: date, end: date) -> int | None:
    """The calendar months from `start` to `end`, when both fall on month bounds; else None."""
    if start.day != 1 or end != last_day_of_month(end.year, end.month):
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def days(start: date, end: date) -> int:
    """Days from `start` to `end`, both counted."""
    return (end - start).days + 1


def year_days(year: int) -> int:
    """365 or 366."""
    return days(date(year, 1, 1), date(year, 12, 31))


def year_share(line: FixedAmount, year: int, window: tuple[date, date], instalments: int, per_year: int) -> Share:
    """How many times the stated amount the year's sum is (see the module docstring)."""
    start, end = window
    whole_year = window == (date(year, 1, 1), date(year, 12, 31))
    periods = PER_YEAR[line.per]
    if whole_year:
        return Share(Decimal(periods), _times(line.per, periods))
    months = whole_months(start, end)
    if line.pro_rata is None:
        if line.per == "year":
            return Share(Decimal(1), "")
        if months is not None and (line.per == "month" or months % 3 == 0 and start.month % 3 == 1):
            count = months if line.per == "month" else months // 3
            return Share(Decimal(count), _times(line.per, count))
        return Share(None, "texten anger inte hur en del av en period beräknas")
    if line.pro_rata == "days":
        n, of = days(start, end), year_days(year)
        return Share(
            Decimal(periods) * Decimal(n) / Decimal(of),
            f"× {periods} × {n}/{of} dagar" if periods > 1 else f"× {n}/{of} dagar",
        )
    if line.pro_rata == "months":
        if months is None:
            return Share(None, "delar av månader: texten anger beräkning per hel månad")
        return Share(Decimal(periods) * Decimal(months) / Decimal(12), _of(periods, months, 12, "månader"))
    return Share(
        Decimal(periods) * Decimal(instalments) / Decimal(per_year),
        _of(periods, instalments, per_year, "utbetalningar"),
    )


def _times(per: str, count: int) -> str:
    if per == "year":
        return ""
    word = "månader" if per == "month" else "kvartal"
    if count == 1:
        word = "månad" if per == "month" else "kvartal"
    return f"× {count} {word}"


def _of(periods: int, n: int, of: int, word: str) -> str:
    lead = f"× {periods} " if periods > 1 else "× "
    return f"{lead}{n}/{of} {word}"


def part_of_whole(amount: Decimal, weights: list[int]) -> list[Decimal]:
    """A whole-öre `amount` in parts proportional to `weights`, adding up to it to the öre."""
    whole = sum(weights)
    return split(amount, [Decimal(w) / Decimal(whole) for w in weights])


def season_window(year: int, start: tuple[int, int], end: tuple[int, int]) -> tuple[date, date]:
    """The season starting in `year`: 11-01..03-31 runs into the next year."""
    first = date(year, *start)
    last_year = year + 1 if end < start else year
    month, day = end
    if (month, day) == (2, 29) and last_day_of_month(last_year, 2).day == 28:
        return first, date(last_year, 2, 28)
    return first, date(last_year, month, day)
