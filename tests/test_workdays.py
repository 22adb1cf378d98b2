"""Pins the Swedish non-working days and the deadline shift policies.

The calendar is iopctl's own (`workdays.swedish_holidays`); the `holidays` package is the
reference it is compared with, day by day and name by name, for every year it covers.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.easter import easter
from holidays.countries.sweden import Sweden
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.dates.workdays import (
    FIRST_YEAR,
    LAST_YEAR,
    LastDayRule,
    Shifted,
    ShiftRule,
    is_working_day,
    legal_dates,
    next_working_day,
    non_working_reason,
    previous_working_day,
    shift,
    swedish_holidays,
)

D = date.fromisoformat

# Worked out by hand from the rules of lag (1989:253), not from the library under test:
# Easter Sunday; Långfredagen = Easter − 2; Annandag påsk = Easter + 1; Kristi himmelsfärdsdag
# = Easter + 39; Pingstdagen = Easter + 49; Midsommardagen = the Saturday 20–26 June and
# midsommarafton the day before; Alla helgons dag = the Saturday 31 October–6 November.
# Year, then month-day of påskdagen, långfredagen, annandag påsk, kristi himmelsfärdsdag,
# pingstdagen, midsommarafton, midsommardagen, alla helgons dag.
MOVABLE = {
    2019: ("04-21", "04-19", "04-22", "05-30", "06-09", "06-21", "06-22", "11-02"),
    2020: ("04-12", "04-10", "04-13", "05-21", "05-31", "06-19", "06-20", "10-31"),
    2021: ("04-04", "04-02", "04-05", "05-13", "05-23", "06-25", "06-26", "11-06"),
    2022: ("04-17", "04-15", "04-18", "05-26", "06-05", "06-24", "06-25", "11-05"),
    2023: ("04-09", "04-07", "04-10", "05-18", "05-28", "06-23", "06-24", "11-04"),
    2024: ("03-31", "03-29", "04-01", "05-09", "05-19", "06-21", "06-22", "11-02"),
    2025: ("04-20", "04-18", "04-21", "05-29", "06-08", "06-20", "06-21", "11-01"),
    2026: ("04-05", "04-03", "04-06", "05-14", "05-24", "06-19", "06-20", "10-31"),
    2027: ("03-28", "03-26", "03-29", "05-06", "05-16", "06-25", "06-26", "11-06"),
    2028: ("04-16", "04-14", "04-17", "05-25", "06-04", "06-23", "06-24", "11-04"),
    2029: ("04-01", "03-30", "04-02", "05-10", "05-20", "06-22", "06-23", "11-03"),
    2030: ("04-21", "04-19", "04-22", "05-30", "06-09", "06-21", "06-22", "11-02"),
}
YEARS = list(MOVABLE)

MOVABLE_NAMES = [
    "Påskdagen",
    "Långfredagen",
    "Annandag påsk",
    "Kristi himmelsfärdsdag",
    "Pingstdagen",
    "Midsommarafton",
    "Midsommardagen",
    "Alla helgons dag",
]
FIXED = [
    ("01-01", "Nyårsdagen"),
    ("01-06", "Trettondedag jul"),
    ("05-01", "Första maj"),
    ("06-06", "Nationaldagen"),
    ("12-24", "Julafton"),
    ("12-25", "Juldagen"),
    ("12-26", "Annandag jul"),
    ("12-31", "Nyårsafton"),
]
EVES = {
    "Midsommarafton": "midsommarafton (Midsummer Eve)",
    "Julafton": "julafton (Christmas Eve)",
    "Nyårsafton": "nyårsafton (New Year's Eve)",
}


def expected_calendar(year: int) -> dict[date, str]:
    """The full set for a year 2019–2030 from the literal table: 16 named days."""
    movable = zip(MOVABLE[year], MOVABLE_NAMES, strict=True)
    days = {D(f"{year}-{md}"): name for md, name in movable}
    days.update({D(f"{year}-{md}"): name for md, name in FIXED})
    return days


def test_table_covers_2019_to_2030() -> None:
    assert YEARS == list(range(2019, 2031))


@pytest.mark.parametrize("year", YEARS)
def test_table_agrees_with_the_rules(year: int) -> None:
    pask, lang, annandag, kristi, pingst, afton, midsommar, alla = (D(f"{year}-{md}") for md in MOVABLE[year])
    assert pask == easter(year)  # independent cross-check of the literal table
    assert pask.weekday() == 6
    assert (lang, annandag, kristi, pingst) == tuple(pask + timedelta(days=n) for n in (-2, 1, 39, 49))
    assert midsommar.weekday() == 5 and D(f"{year}-06-20") <= midsommar <= D(f"{year}-06-26")
    assert afton == midsommar - timedelta(days=1)
    assert alla.weekday() == 5 and D(f"{year}-10-31") <= alla <= D(f"{year}-11-06")


@pytest.mark.parametrize("year", YEARS)
def test_library_returns_exactly_the_expected_calendar(year: int) -> None:
    got = Sweden(years=year, categories=("public", "de_facto"), language="sv")
    assert dict(got) == expected_calendar(year)


HOLIDAY_CASES = [
    (day, name)
    for year in YEARS
    for day, name in sorted(expected_calendar(year).items())
    if name not in {"Påskdagen", "Pingstdagen", "Nyårsdagen", "Trettondedag jul", "Första maj"}
]


@pytest.mark.parametrize(("day", "name"), HOLIDAY_CASES, ids=[f"{d} {n}" for d, n in HOLIDAY_CASES])
def test_named_days_are_non_working_with_their_name(day: date, name: str) -> None:
    assert not is_working_day(day)
    assert non_working_reason(day) == EVES.get(name, f"a public holiday ({name})")


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2025-03-29", "a Saturday (lördag)"),
        ("2025-03-30", "a Sunday (söndag)"),
        ("2025-04-18", "a public holiday (Långfredagen)"),
        ("2025-12-24", "julafton (Christmas Eve)"),
        ("2024-06-21", "midsommarafton (Midsummer Eve)"),
        ("2025-12-31", "nyårsafton (New Year's Eve)"),
        # a holiday on a weekend is named by the holiday
        ("2025-04-20", "a public holiday (Påskdagen)"),
        ("2024-06-22", "a public holiday (Midsommardagen)"),
        ("2024-11-02", "a public holiday (Alla helgons dag)"),
        ("2022-12-24", "julafton (Christmas Eve)"),
        ("2022-12-25", "a public holiday (Juldagen)"),
        # two holidays on one day: the library joins the names with "; "
        ("2008-05-01", "a public holiday (Första maj and Kristi himmelsfärdsdag)"),
        ("2049-06-06", "a public holiday (Nationaldagen and Pingstdagen)"),
        # the 2005 reform: Annandag pingst out, Nationaldagen in
        ("2004-05-31", "a public holiday (Annandag pingst)"),
        ("2005-06-06", "a public holiday (Nationaldagen)"),
        # working days
        ("2025-03-31", None),
        ("2026-03-30", None),
        ("2025-12-23", None),
        ("2005-05-16", None),  # Annandag pingst after the reform
        ("2003-06-06", None),  # Nationaldagen before the reform
        ("2025-06-19", None),  # the Thursday before midsommarafton
    ],
)
def test_non_working_reason(day: str, reason: str | None) -> None:
    assert non_working_reason(D(day)) == reason
    assert is_working_day(D(day)) is (reason is None)


def test_years_before_the_calendar_raise() -> None:
    # lag (1952:48) set today's pattern from 1953; the model admits no earlier date
    with pytest.raises(ValueError, match="no Swedish holiday calendar for 1952"):
        is_working_day(D("1952-12-31"))


def test_years_after_2100_follow_todays_law() -> None:
    # the holidays package stops at 2100; lag (1989:253) does not: 2101-01-01 is nyårsdagen,
    # 2101-06-06 nationaldagen, and shifting across the year end works as in any year
    assert non_working_reason(D("2101-01-01")) is not None
    assert not is_working_day(D("2101-06-06"))
    assert shift(D("2100-12-31"), ShiftRule.NEXT).effective == D("2101-01-03")
    assert swedish_holidays(9999)[D("9999-12-25")] == ["Juldagen"]


@pytest.mark.parametrize(
    ("day", "previous", "following"),
    [
        ("2025-03-30", "2025-03-28", "2025-03-31"),
        ("2025-03-31", "2025-03-31", "2025-03-31"),
        ("2025-04-18", "2025-04-17", "2025-04-22"),
        ("2025-12-24", "2025-12-23", "2025-12-29"),
        ("2024-12-31", "2024-12-30", "2025-01-02"),
        ("2025-01-01", "2024-12-30", "2025-01-02"),
        ("2025-06-20", "2025-06-19", "2025-06-23"),
    ],
)
def test_previous_and_next_working_day(day: str, previous: str, following: str) -> None:
    assert previous_working_day(D(day)) == D(previous)
    assert next_working_day(D(day)) == D(following)


def test_shift_rule_values() -> None:
    assert [rule.value for rule in ShiftRule] == ["previous", "next", "none"]


def test_trelleborg_notice_on_a_sunday_moves_to_the_friday_before() -> None:
    result = shift(D("2025-03-30"), ShiftRule.PREVIOUS)
    assert result == Shifted(
        nominal=D("2025-03-30"),
        effective=D("2025-03-28"),
        reason="30 mars 2025 är en söndag; flyttas till närmast föregående arbetsdag, fredag 28 mars",
    )
    assert result.moved


@pytest.mark.parametrize("rule", list(ShiftRule))
def test_a_working_day_never_moves(rule: ShiftRule) -> None:
    result = shift(D("2026-03-30"), rule)
    assert result == Shifted(nominal=D("2026-03-30"), effective=D("2026-03-30"), reason=None)
    assert not result.moved


def test_next_on_a_sunday() -> None:
    result = shift(D("2025-03-30"), ShiftRule.NEXT)
    assert result.effective == D("2025-03-31")
    assert result.reason == (
        "30 mars 2025 är en söndag; flyttas till närmast följande arbetsdag, måndag 31 mars "
        "(skuldebrevslagen (1936:81) 5 §)"
    )


def test_none_keeps_the_date_but_says_why() -> None:
    result = shift(D("2025-03-30"), ShiftRule.NONE)
    assert result.effective == result.nominal == D("2025-03-30")
    assert not result.moved
    assert result.reason == "30 mars 2025 är en söndag; datumet står kvar (lokal policy: none)"


def test_julafton_and_midsommarafton_are_non_working() -> None:
    assert D("2025-12-24").weekday() == 2  # a Wednesday
    assert not is_working_day(D("2025-12-24"))
    assert shift(D("2025-12-24"), ShiftRule.PREVIOUS).effective == D("2025-12-23")
    assert not is_working_day(D("2024-06-21"))
    assert shift(D("2024-06-21"), ShiftRule.NEXT).effective == D("2024-06-24")


def test_payment_due_on_good_friday_moves_past_easter_monday() -> None:
    result = shift(D("2025-04-18"), ShiftRule.NEXT)
    assert result.effective == D("2025-04-22")
    assert result.effective.weekday() == 1  # the Tuesday after Annandag påsk
    assert result.reason == (
        "18 april 2025 är långfredagen; flyttas till närmast följande arbetsdag, "
        "tisdag 22 april (skuldebrevslagen (1936:81) 5 §)"
    )


def test_shifted_is_frozen() -> None:
    result = shift(D("2025-03-30"), ShiftRule.PREVIOUS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.effective = D("2025-03-31")  # type: ignore[misc]


def test_date_work_does_not_import_the_holidays_package() -> None:
    code = (
        "import sys\nfrom datetime import date\nfrom iopctl.dates.workdays import ShiftRule, shift\n"
        "shift(date(2025, 12, 24), ShiftRule.NEXT)\nassert 'holidays' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


@pytest.mark.parametrize("decade", range(1950, 2101, 10))
def test_the_calendar_is_the_holidays_packages_to_the_day_and_name(decade: int) -> None:
    """Every public holiday and eve of 1953–2100, with its Swedish name(s), as `holidays` has
    them in its `public` and `de_facto` categories (same-day names joined by "; ")."""
    for year in range(max(decade, FIRST_YEAR), min(decade + 9, LAST_YEAR) + 1):
        reference = Sweden(years=year, categories=("public", "de_facto"), language="sv")
        ours = {day: "; ".join(names) for day, names in swedish_holidays(year).items()}
        assert ours == dict(reference.items()), year


def test_the_calendar_covers_the_reference_years() -> None:
    assert (FIRST_YEAR, LAST_YEAR) == (Sweden.start_year, Sweden.end_year)


# 2100-12-31 is nyårsafton and its next working day lies in 2101, past the calendar.
SHIFTABLE = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 30))


@settings(max_examples=300, derandomize=True)
@given(d=SHIFTABLE)
def test_shift_properties(d: date) -> None:
    before = shift(d, ShiftRule.PREVIOUS)
    after = shift(d, ShiftRule.NEXT)
    kept = shift(d, ShiftRule.NONE)
    assert before.effective <= d <= after.effective
    assert kept.effective == d
    for result in (before, after):
        assert result.nominal == d
        assert is_working_day(result.effective)
        low, high = sorted((result.effective, d))
        day = low + timedelta(days=1)
        while day < high:
            assert not is_working_day(day)
            day += timedelta(days=1)
    working = is_working_day(d)
    for result in (before, after, kept):
        assert (result.reason is None) is working
        assert result.moved is (result.effective != d)
    if not working:
        assert before.moved and after.moved


# --- the legal last day, said in Swedish ------------------------------------------------------


@pytest.mark.parametrize(
    ("nominal", "rule", "last_day", "reason"),
    [
        (
            "2025-03-30",
            LastDayRule.ACT,
            "2025-03-31",
            "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars",
        ),
        (
            "2025-03-30",
            LastDayRule.PAYMENT,
            "2025-03-31",
            "30 mars 2025 är en söndag; sista dag enligt skuldebrevslagen (1936:81) 5 § är måndag 31 mars",
        ),
        (
            "2025-06-20",
            LastDayRule.ACT,
            "2025-06-23",
            "20 juni 2025 är midsommarafton; sista dag enligt lag (1930:173) 2 § är måndag 23 juni",
        ),
        (
            "2025-12-24",
            LastDayRule.ACT,
            "2025-12-29",
            "24 december 2025 är julafton; sista dag enligt lag (1930:173) 2 § är måndag 29 december",
        ),
        (
            "2025-12-31",
            LastDayRule.PAYMENT,
            "2026-01-02",
            "31 december 2025 är nyårsafton; sista dag enligt skuldebrevslagen (1936:81) 5 § är fredag 2 januari 2026",
        ),
        (
            "2025-04-18",
            LastDayRule.ACT,
            "2025-04-22",
            "18 april 2025 är långfredagen; sista dag enligt lag (1930:173) 2 § är tisdag 22 april",
        ),
        (
            "2025-04-21",
            LastDayRule.PAYMENT,
            "2025-04-22",
            "21 april 2025 är annandag påsk; sista dag enligt skuldebrevslagen (1936:81) 5 § är tisdag 22 april",
        ),
        (
            "2032-02-29",
            LastDayRule.ACT,
            "2032-03-01",
            "29 februari 2032 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 1 mars",
        ),
    ],
)
def test_legal_last_day_reasons_in_swedish(nominal: str, rule: LastDayRule, last_day: str, reason: str) -> None:
    dates = legal_dates(D(nominal), rule)
    assert dates.last_day == D(last_day)
    assert dates.reason == reason
    assert dates.remind is None


def test_a_working_29_february_keeps_its_day() -> None:
    dates = legal_dates(D("2024-02-29"), LastDayRule.ACT, ShiftRule.PREVIOUS)
    assert dates == (D("2024-02-29"), D("2024-02-29"), None, None, None)


def test_the_reminder_is_said_as_policy() -> None:
    dates = legal_dates(D("2025-03-30"), LastDayRule.ACT, ShiftRule.PREVIOUS)
    assert dates.remind == D("2025-03-28")
    assert dates.reason == (
        "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars; "
        "påminnelse enligt lokal policy fredag 28 mars"
    )


def test_reasons_shown_to_users_have_no_english() -> None:
    for nominal in ("2025-03-30", "2025-06-20", "2025-12-24", "2025-12-31", "2025-04-18"):
        for rule in ShiftRule:
            text = shift(D(nominal), rule).reason or ""
            for word in ("is a", "moved", "working day", "holiday", "Sunday"):
                assert word not in text, (nominal, rule, text)
        for law in (LastDayRule.ACT, LastDayRule.PAYMENT):
            text = legal_dates(D(nominal), law, ShiftRule.PREVIOUS).reason or ""
            assert " är " in text and "sista dag enligt" in text


@settings(max_examples=400, derandomize=True)
@given(d=SHIFTABLE, law=st.sampled_from(list(LastDayRule)), policy=st.sampled_from(list(ShiftRule)))
def test_legal_dates_properties(d: date, law: LastDayRule, policy: ShiftRule) -> None:
    """last_day is never before nominal and, where a law applies, is a working day with no
    working day between; a reminder is a working day before the last day."""
    dates = legal_dates(d, law, policy)
    assert dates.nominal == d
    assert dates.last_day >= d
    if law is LastDayRule.NONE:
        assert dates.last_day == d
        assert dates.remind is None
    else:
        assert is_working_day(dates.last_day)
        assert dates.last_day == next_working_day(d)
        assert (dates.law is None) == is_working_day(d)
    if dates.remind is not None:
        assert dates.remind <= dates.last_day
        assert dates.remind < d
        assert is_working_day(dates.remind)
        assert policy is ShiftRule.PREVIOUS
    assert (dates.reason is None) == is_working_day(d)
