"""Pins lag (1930:173) 1 § month and year arithmetic and the period labels."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.dates.arithmetic import (
    add_days,
    add_months,
    add_years,
    half_year_bounds,
    last_day_of_month,
    period_label,
    quarter_bounds,
    year_end,
)

D = date.fromisoformat

ADD_MONTHS = [
    # month ends clamp to the last day of a shorter month
    ("2021-01-31", 1, "2021-02-28"),
    ("2024-01-31", 1, "2024-02-29"),
    ("2023-08-31", 1, "2023-09-30"),
    ("2024-12-31", -3, "2024-09-30"),
    ("2024-03-31", -1, "2024-02-29"),
    ("2023-03-31", -1, "2023-02-28"),
    ("2021-01-31", 25, "2023-02-28"),
    ("2021-01-31", -11, "2020-02-29"),
    ("2024-01-30", 1, "2024-02-29"),
    ("2024-02-29", 1, "2024-03-29"),
    # year boundaries
    ("2024-11-30", 2, "2025-01-30"),
    ("2024-12-15", 1, "2025-01-15"),
    ("2025-01-15", -1, "2024-12-15"),
    ("2024-10-01", -12, "2023-10-01"),
    ("2025-01-01", -3, "2024-10-01"),  # Trelleborg: three months before the new year
    ("2024-12-31", 12, "2025-12-31"),
    ("2024-12-31", -24, "2022-12-31"),
    # mid-month starts and zero
    ("2021-10-15", 3, "2022-01-15"),
    ("2021-03-15", 0, "2021-03-15"),
    ("2021-03-15", -15, "2019-12-15"),
    # leap days over several years
    ("2024-02-29", 12, "2025-02-28"),
    ("2024-02-29", 48, "2028-02-29"),
    ("2024-02-29", -12, "2023-02-28"),
]


@pytest.mark.parametrize(("start", "months", "expected"), ADD_MONTHS)
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(D(start), months) == D(expected)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        ("2024-02-29", 1, "2025-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2024-02-29", -1, "2023-02-28"),
        ("2021-06-15", 3, "2024-06-15"),
        ("2020-12-31", 1, "2021-12-31"),
        ("2025-01-01", -1, "2024-01-01"),
        ("2000-02-29", 100, "2100-02-28"),  # 2100 is not a leap year
    ],
)
def test_add_years(start: str, years: int, expected: str) -> None:
    assert add_years(D(start), years) == D(expected)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2024-12-31", 1, "2025-01-01"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2025-01-15", 30, "2025-02-14"),
        ("2025-01-15", 0, "2025-01-15"),
    ],
)
def test_add_days(start: str, days: int, expected: str) -> None:
    assert add_days(D(start), days) == D(expected)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 2, "2024-02-29"),
        (2023, 2, "2023-02-28"),
        (1900, 2, "1900-02-28"),
        (2000, 2, "2000-02-29"),
        (2025, 4, "2025-04-30"),
        (2025, 12, "2025-12-31"),
        (2025, 1, "2025-01-31"),
    ],
)
def test_last_day_of_month(year: int, month: int, expected: str) -> None:
    assert last_day_of_month(year, month) == D(expected)


def test_year_end() -> None:
    assert year_end(2025) == D("2025-12-31")


@pytest.mark.parametrize(
    ("half", "expected"),
    [(1, ("2021-01-01", "2021-06-30")), (2, ("2021-07-01", "2021-12-31"))],
)
def test_half_year_bounds(half: int, expected: tuple[str, str]) -> None:
    assert half_year_bounds(2021, half) == (D(expected[0]), D(expected[1]))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (1, ("2024-01-01", "2024-03-31")),
        (2, ("2024-04-01", "2024-06-30")),
        (3, ("2024-07-01", "2024-09-30")),
        (4, ("2024-10-01", "2024-12-31")),
    ],
)
def test_quarter_bounds(q: int, expected: tuple[str, str]) -> None:
    assert quarter_bounds(2024, q) == (D(expected[0]), D(expected[1]))


@pytest.mark.parametrize("half", [0, 3, -1])
def test_half_year_bounds_rejects_nonsense(half: int) -> None:
    with pytest.raises(ValueError, match="half must be 1 or 2"):
        half_year_bounds(2021, half)


@pytest.mark.parametrize("q", [0, 5])
def test_quarter_bounds_rejects_nonsense(q: int) -> None:
    with pytest.raises(ValueError, match="quarter must be"):
        quarter_bounds(2021, q)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021-01-01", "2021-12-31", "2021"),
        ("2021-01-01", "2021-06-30", "2021-H1"),
        ("2021-07-01", "2021-12-31", "2021-H2"),
        ("2021-01-01", "2021-03-31", "2021-Q1"),
        ("2021-10-01", "2021-12-31", "2021-Q4"),
        ("2021-03-01", "2021-03-31", "2021-03"),
        ("2024-02-01", "2024-02-29", "2024-02"),
        ("2021-12-01", "2021-12-31", "2021-12"),
        ("2021-10-15", "2021-12-31", "2021-10-15–2021-12-31"),
        ("2021-01-01", "2021-12-30", "2021-01-01–2021-12-30"),
        ("2021-01-01", "2022-12-31", "2021-01-01–2022-12-31"),  # two years: no short name
        ("2021-07-01", "2022-06-30", "2021-07-01–2022-06-30"),
        ("2023-02-01", "2023-02-27", "2023-02-01–2023-02-27"),
        ("2021-01-01", "2021-02-28", "2021-01-01–2021-02-28"),
        ("2021-03-05", "2021-03-05", "2021-03-05"),
    ],
)
def test_period_label(start: str, end: str, expected: str) -> None:
    assert period_label(D(start), D(end)) == expected


def test_period_label_uses_an_en_dash() -> None:
    assert "\u2013" in period_label(D("2021-10-15"), D("2021-12-31"))


def test_period_label_rejects_a_reversed_period() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        period_label(D("2021-12-31"), D("2021-01-01"))


DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
MONTHS = st.integers(min_value=-1200, max_value=1200)


@settings(max_examples=300, derandomize=True)
@given(d=DATES, n=MONTHS)
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(d: date, n: int) -> None:
    result = add_months(d, n)
    assert result.year * 12 + result.month == d.year * 12 + d.month + n
    assert result.day <= d.day
    if result.day < d.day:
        assert result == last_day_of_month(result.year, result.month)


@settings(max_examples=300, derandomize=True)
@given(d=DATES, n=MONTHS)
def test_add_months_there_and_back_never_overshoots(d: date, n: int) -> None:
    assert add_months(add_months(d, n), -n) <= d


@settings(max_examples=300, derandomize=True)
@given(d=DATES, years=st.integers(min_value=-100, max_value=100))
def test_add_years_is_twelve_months(d: date, years: int) -> None:
    assert add_years(d, years) == add_months(d, 12 * years)
