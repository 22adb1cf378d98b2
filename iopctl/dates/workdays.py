"""Swedish working days, and the policies that move a deadline off a non-working day.

Lag (1930:173) 2 § lets a statutory deadline that falls on a Saturday, Sunday, public holiday
(lag 1989:253), midsommarafton, julafton or nyårsafton be met on the next weekday, and
skuldebrevslagen 5 § does the same for payments. Contracts only follow this by convention, so
the policy is chosen per kind of date (`ShiftRule`) and every move is explained (`Shifted`).

The holiday calendar is worked out here from the law (`swedish_holidays`), with the names the
``holidays`` package gives in its ``public`` and ``de_facto`` categories: that package imports
all its 200-odd countries to give one (~130 ms of every `deadlines`, `funding` and `render`),
so it is the tests' reference instead, compared day by day and name by name for every year
1953–2100. Cached per year because the deadline calendar shifts ~200 000 dates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from typing import NamedTuple

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "LAW_ACTS",
    "LAW_PAYMENTS",
    "LastDayRule",
    "LegalDates",
    "ShiftRule",
    "Shifted",
    "is_working_day",
    "legal_dates",
    "non_working_reason_sv",
    "next_working_day",
    "non_working_reason",
    "previous_working_day",
    "shift",
    "swedish_holidays",
]

_ONE_DAY = timedelta(days=1)

_WEEKEND = {5: "a Saturday (lördag)", 6: "a Sunday (söndag)"}

# The de_facto days count as holidays for deadlines without being public holidays.
_EVES = {
    "Midsommarafton": "midsommarafton (Midsummer Eve)",
    "Julafton": "julafton (Christmas Eve)",
    "Nyårsafton": "nyårsafton (New Year's Eve)",
}


class ShiftRule(StrEnum):
    """What to do with a date that falls on a non-working day."""

    PREVIOUS = "previous"
    """The safe date for a deadline someone must meet (notice, reports)."""
    NEXT = "next"
    """The next working day, as skuldebrevslagen 5 § allows for payments."""
    NONE = "none"
    """Keep the date as written."""


@dataclass(frozen=True, slots=True)
class Shifted:
    """A date as written (nominal), the date that counts (effective), and why they differ.

    ``reason`` is None exactly when ``nominal`` is a working day. When it is not, ``reason``
    names the day and the policy's verdict, even under `ShiftRule.NONE`, where the date stays
    put: "30 mars 2025 är en söndag; datumet står kvar (lokal policy: none)", all in Swedish,
    since it is shown to users. Use ``moved`` to ask
    whether the date changed.
    """

    nominal: date
    effective: date
    reason: str | None

    @property
    def moved(self) -> bool:
        """Whether the policy moved the date, as opposed to only flagging it."""
        return self.effective != self.nominal


FIRST_YEAR, LAST_YEAR = 1953, 2100
"""The years the calendar covers: lag (1952:48) gave midsommar and alla helgons their
Saturdays from 1953; 2100 is where the ``holidays`` package, the tests' reference, stops.
Later years (up to 9999, the last `date` has) follow lag (1989:253) as it stands: the law has
no end, so a renewal running past 2100 is shifted as today's law says. Earlier years are
refused; the model admits no date before 1953 (`iopctl.model.scalars.FIRST_DATE`)."""


def swedish_holidays(year: int) -> dict[date, list[str]]:
    """Public holidays (lag 1989:253; lag 1952:48 before it) and the three eves, by date.

    Names are the Swedish ones, in the order the ``holidays`` package lists same-day holidays
    (2008-05-01: Första maj, Kristi himmelsfärdsdag). Sundays are not listed (`_WEEKEND`
    names them), except the holidays that fall on one.
    """
    from dateutil.easter import easter

    if not FIRST_YEAR <= year <= 9999:
        raise ValueError(f"no Swedish holiday calendar for {year} (known: from {FIRST_YEAR})")
    e = easter(year)
    days: dict[date, list[str]] = {}

    def add(day: date, name: str) -> None:
        days.setdefault(day, []).append(name)

    add(date(year, 1, 1), "Nyårsdagen")
    add(date(year, 1, 6), "Trettondedag jul")
    if year <= 1989:  # the Sunday 22–28 March, unless that is palmsöndag or påskdagen
        sunday = _first_from(date(year, 3, 22), 6)
        add(e - timedelta(days=14) if sunday in (e - timedelta(days=7), e) else sunday, "Marie bebådelsedag")
    add(e - timedelta(days=2), "Långfredagen")
    add(e, "Påskdagen")
    add(e + timedelta(days=1), "Annandag påsk")
    add(date(year, 5, 1), "Första maj")
    add(e + timedelta(days=39), "Kristi himmelsfärdsdag")
    if year >= 2005:
        add(date(year, 6, 6), "Nationaldagen")
    add(e + timedelta(days=49), "Pingstdagen")
    if year <= 2004:
        add(e + timedelta(days=50), "Annandag pingst")
    add(_first_from(date(year, 6, 20), 5), "Midsommardagen")
    add(_first_from(date(year, 10, 31), 5), "Alla helgons dag")
    add(date(year, 12, 25), "Juldagen")
    add(date(year, 12, 26), "Annandag jul")
    # Not public holidays, but days off under semesterlagen 7 § and treated as such.
    add(_first_from(date(year, 6, 19), 4), "Midsommarafton")
    add(date(year, 12, 24), "Julafton")
    add(date(year, 12, 31), "Nyårsafton")
    return days


def _first_from(day: date, weekday: int) -> date:
    """The first `weekday` (Monday 0) on or after `day`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _describe(names: list[str]) -> str:
    """One reason for a day's holidays: the public ones together, then an eve."""
    public = [name for name in names if name not in _EVES]
    reasons = [_EVES[name] for name in names if name in _EVES]
    if public:
        reasons.insert(0, f"a public holiday ({' and '.join(public)})")
    return " and ".join(reasons)


def _year_table(year: int, weekend: Mapping[int, str], describe: Callable[[list[str]], str]) -> dict[date, str]:
    """Every non-working day of one year with its reason: weekends, then holidays (which win)."""
    reasons: dict[date, str] = {}
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() in weekend:
            reasons[day] = weekend[day.weekday()]
        day += _ONE_DAY
    for holiday, names in swedish_holidays(year).items():
        reasons[holiday] = describe(names)
    return reasons


@cache
def _reasons_for_year(year: int) -> Mapping[date, str]:
    """Every non-working day of one year with its reason, built once per year."""
    return _year_table(year, _WEEKEND, _describe)


def non_working_reason(d: date) -> str | None:
    """Why a date is not a working day (the holiday's name wins over the weekday), or None."""
    return _reasons_for_year(d.year).get(d)


def is_working_day(d: date) -> bool:
    """Whether a deadline or payment can fall on this date without being moved."""
    return d not in _reasons_for_year(d.year)


def previous_working_day(d: date) -> date:
    """The latest working day on or before ``d``: the safe date for a deadline."""
    while not is_working_day(d):
        d -= _ONE_DAY
    return d


def next_working_day(d: date) -> date:
    """The earliest working day on or after ``d``: lag (1930:173) 2 §, skuldebrevslagen 5 §."""
    while not is_working_day(d):
        d += _ONE_DAY
    return d


_VERDICTS = {
    ShiftRule.PREVIOUS: "flyttas till närmast föregående arbetsdag, {day}",
    ShiftRule.NEXT: "flyttas till närmast följande arbetsdag, {day}",
    ShiftRule.NONE: "datumet står kvar (lokal policy: none)",
}


@lru_cache(maxsize=1 << 16)
def _shift(d: date, rule: ShiftRule) -> Shifted:
    """The memoised body of `shift`: agreements share most of their dates."""
    why = non_working_reason_sv(d)
    if why is None:
        return Shifted(nominal=d, effective=d, reason=None)
    if rule is ShiftRule.PREVIOUS:
        effective = previous_working_day(d)
    elif rule is ShiftRule.NEXT:
        effective = next_working_day(d)
    else:
        effective = d
    verdict = _VERDICTS[rule].format(day=_day(effective, d))
    if rule is ShiftRule.NEXT:
        verdict += f" ({LAW_PAYMENTS})"
    reason = f"{_long(d)} är {why}; {verdict}"
    return Shifted(nominal=d, effective=effective, reason=reason)


def shift(d: date, rule: ShiftRule) -> Shifted:
    """Apply a policy to a date and explain the result; see `Shifted` for the reason's rules."""
    return _shift(d, rule if type(rule) is ShiftRule else ShiftRule(rule))


# --- the three dates of a deadline ----------------------------------------------------------

LAW_ACTS = "lag (1930:173) 2 §"
"""Lag om beräkning av lagstadgad tid: an act due on a Saturday, Sunday, public holiday,
midsommarafton, julafton or nyårsafton may be taken on the next weekday (vardag)."""
LAW_PAYMENTS = "skuldebrevslagen (1936:81) 5 §"
"""A payment due on a day that is not a weekday may be made on the next weekday."""


class LastDayRule(StrEnum):
    """Which law gives the legal last day of a kind of event."""

    ACT = "act"
    """An act (a report, a notice, a cure): lag (1930:173) 2 §, applied to agreed time limits
    by analogy, as Swedish contract practice does."""
    PAYMENT = "payment"
    """A payment: skuldebrevslagen (1936:81) 5 §."""
    NONE = "none"
    """A fact or an appointment, not a time limit (start, end, a meeting, a right that opens)."""


_LAWS = {LastDayRule.ACT: LAW_ACTS, LastDayRule.PAYMENT: LAW_PAYMENTS}


class LegalDates(NamedTuple):
    """A deadline's three dates: the agreement's, the law's, and the local policy's reminder.

    ``nominal`` is the date the agreement gives; ``last_day`` the legal last day (``nominal``
    itself on a working day or for `LastDayRule.NONE`, else the next working day); ``remind``
    an earlier working day to act by, from the local policy, or None. Always
    ``remind < last_day`` when set and ``nominal <= last_day``. ``law`` names the rule that
    moved the last day (None when it did not move); ``reason`` says it all in Swedish, or is
    None on a working day.
    """

    nominal: date
    last_day: date
    remind: date | None
    law: str | None
    reason: str | None


_WEEKEND_SV = {5: "en lördag", 6: "en söndag"}


@cache
def _reasons_sv_for_year(year: int) -> Mapping[date, str]:
    """Every non-working day of one year with its Swedish reason ("en söndag", "långfredagen")."""
    return _year_table(year, _WEEKEND_SV, lambda names: " och ".join(name.lower() for name in names))


def non_working_reason_sv(d: date) -> str | None:
    """Why a date is not a working day, in Swedish ("en söndag", "julafton"), or None."""
    return _reasons_sv_for_year(d.year).get(d)


def _long(d: date, year: bool = True) -> str:
    from iopctl.swedish.format import month_name

    return f"{d.day} {month_name(d.month)} {d.year}" if year else f"{d.day} {month_name(d.month)}"


def _day(d: date, nominal: date) -> str:
    """ "måndag 31 mars", with the year when it is not the nominal date's."""
    from iopctl.swedish.format import weekday_name

    return f"{weekday_name(d)} {_long(d, d.year != nominal.year)}"


@lru_cache(maxsize=1 << 16)
def _legal_dates(nominal: date, rule: LastDayRule, remind: ShiftRule) -> LegalDates:
    why = non_working_reason_sv(nominal)
    if why is None:
        return LegalDates(nominal, nominal, None, None, None)
    said = f"{_long(nominal)} är {why}"
    if rule is LastDayRule.NONE:
        return LegalDates(nominal, nominal, None, None, said)
    law = _LAWS[rule]
    last = next_working_day(nominal)
    reason = f"{said}; sista dag enligt {law} är {_day(last, nominal)}"
    early: date | None = None
    if remind is ShiftRule.PREVIOUS:
        early = previous_working_day(nominal)
        reason += f"; påminnelse enligt lokal policy {_day(early, nominal)}"
    return LegalDates(nominal, last, early, law, reason)


def legal_dates(nominal: date, rule: LastDayRule, remind: ShiftRule = ShiftRule.NONE) -> LegalDates:
    """The three dates of a deadline on `nominal` (see `LegalDates`), cached per date.

    `rule`: which law gives the last day (`LastDayRule`); `remind`: the local policy for the
    kind — `previous` gives a reminder on the working day before a non-working nominal date
    (what the user's own side should aim for); `next` and `none` give none, since the law's
    next working day is already the last day. The policy can never move the last day earlier
    than the law gives.
    """
    return _legal_dates(
        nominal,
        rule if type(rule) is LastDayRule else LastDayRule(rule),
        remind if type(remind) is ShiftRule else ShiftRule(remind),
    )
