"""Calendar arithmetic for agreement periods, as Swedish law counts it.

Lag (1930:173) om beräkning av lagstadgad tid, 1 §: a period of months or years ends on the
same date number in the end month, or on that month's last day if the date does not exist
there (31 January + 1 month = 28/29 February). ``dateutil.relativedelta`` happens to agree,
but the rule is ours to own and pin in tests, so this module is stdlib only.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "add_days",
    "add_months",
    "add_years",
    "half_year_bounds",
    "last_day_of_month",
    "period_label",
    "quarter_bounds",
    "year_end",
]


@lru_cache(maxsize=2048)
def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def last_day_of_month(year: int, month: int) -> date:
    """The clamp target of lag (1930:173) 1 § when a date number does not exist."""
    return date(year, month, _days_in_month(year, month))


def add_months(d: date, months: int) -> date:
    """Month arithmetic per lag (1930:173) 1 §: same date number, else the month's last day."""
    year, month0 = divmod(d.year * 12 + (d.month - 1) + months, 12)
    return date(year, month0 + 1, min(d.day, _days_in_month(year, month0 + 1)))


def add_years(d: date, years: int) -> date:
    """Year arithmetic per the same rule, so 29 February + 1 year is 28 February."""
    return add_months(d, 12 * years)


def add_days(d: date, days: int) -> date:
    """Day arithmetic, so callers do all date maths through one module."""
    return d + timedelta(days=days)


def year_end(year: int) -> date:
    """31 December: the end of most agreement and reporting years."""
    return date(year, 12, 31)


def half_year_bounds(year: int, half: int) -> tuple[date, date]:
    """First and last day of a half-year, for "halvårsvis" reports and payments."""
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half}")
    first_month = 1 + 6 * (half - 1)
    return date(year, first_month, 1), last_day_of_month(year, first_month + 5)


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    """First and last day of a quarter, for quarterly reports and payments."""
    if q not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, not {q}")
    first_month = 1 + 3 * (q - 1)
    return date(year, first_month, 1), last_day_of_month(year, first_month + 2)


@lru_cache(maxsize=4096)
def period_label(start: date, end: date) -> str:
    """The shortest unambiguous name of a period, for tables, file names and JSON keys.

    "2021" for a calendar year, "2021-H1"/"2021-H2", "2021-Q4", "2021-03" for exact halves,
    quarters and months, "2021-03-05" for a single day, otherwise "2021-10-15–2021-12-31"
    (en dash).
    """
    if end < start:
        raise ValueError(f"period ends before it starts: {start.isoformat()}–{end.isoformat()}")
    if start == end:
        return start.isoformat()
    year = start.year
    if end.year == year and start.day == 1:
        if (start, end) == (date(year, 1, 1), year_end(year)):
            return str(year)
        for half in (1, 2):
            if (start, end) == half_year_bounds(year, half):
                return f"{year}-H{half}"
        for q in (1, 2, 3, 4):
            if (start, end) == quarter_bounds(year, q):
                return f"{year}-Q{q}"
        if end == last_day_of_month(year, start.month):
            return f"{year}-{start.month:02d}"
    return f"{start.isoformat()}–{end.isoformat()}"
