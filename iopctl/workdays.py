"""Swedish working days, and the policies that move a deadline off a non-working day.

Lag (1930:173) 2 § lets a statutory deadline that falls on a Saturday, Sunday, public holiday
(lag 1989:253), midsommarafton, julafton or nyårsafton be met on the next weekday, and
skuldebrevslagen 5 § does the same for payments. Contracts only follow this by convention, so
the policy is chosen per kind of date (`ShiftRule`) and every move is explained (`Shifted`).

The holiday calendar comes from the ``holidays`` package (categories ``public`` and
``de_facto``: the legal holidays plus the three eves), imported lazily because start-up time
matters, and cached per year because the deadline calendar shifts ~200 000 dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache

__all__ = [
    "ShiftRule",
    "Shifted",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
    "previous_working_day",
    "shift",
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
    put: "2025-03-30 is a Sunday (söndag); not moved (policy: none)". Use ``moved`` to ask
    whether the date changed.
    """

    nominal: date
    effective: date
    reason: str | None

    @property
    def moved(self) -> bool:
        """Whether the policy moved the date, as opposed to only flagging it."""
        return self.effective != self.nominal


def _describe(names: str) -> str:
    """One reason from the library's name field, which joins same-day holidays with "; "."""
    parts = names.split("; ")
    public = [name for name in parts if name not in _EVES]
    reasons = [_EVES[name] for name in parts if name in _EVES]
    if public:
        reasons.insert(0, f"a public holiday ({' and '.join(public)})")
    return " and ".join(reasons)


@cache
def _reasons_for_year(year: int) -> Mapping[date, str]:
    """Every non-working day of one year with its reason, built once per year."""
    # Lazy: ~75 ms, kept out of the CLI's start-up path. The full module path because
    # `holidays.Sweden` is registered at run time and mypy --strict cannot see it.
    from holidays.countries.sweden import Sweden

    # Outside its years (1953–2100 in 0.109) the library silently returns no holidays at all.
    if not Sweden.start_year <= year <= Sweden.end_year:
        raise ValueError(
            f"no Swedish holiday calendar for {year} (known: {Sweden.start_year}–{Sweden.end_year})"
        )
    calendar = Sweden(years=year, categories=("public", "de_facto"), language="sv")
    reasons: dict[date, str] = {}
    day = date(year, 1, 1)
    while day.year == year:
        if day.weekday() in _WEEKEND:
            reasons[day] = _WEEKEND[day.weekday()]
        day += _ONE_DAY
    for holiday, names in calendar.items():
        reasons[holiday] = _describe(names)
    return reasons


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
    ShiftRule.PREVIOUS: "moved to the previous working day",
    ShiftRule.NEXT: "moved to the next working day (skuldebrevslagen 5 §)",
    ShiftRule.NONE: "not moved (policy: none)",
}


@lru_cache(maxsize=1 << 16)
def _shift(d: date, rule: ShiftRule) -> Shifted:
    """The memoised body of `shift`: agreements share most of their dates."""
    why = non_working_reason(d)
    if why is None:
        return Shifted(nominal=d, effective=d, reason=None)
    if rule is ShiftRule.PREVIOUS:
        effective = previous_working_day(d)
    elif rule is ShiftRule.NEXT:
        effective = next_working_day(d)
    else:
        effective = d
    reason = f"{d.isoformat()} is {why}; {_VERDICTS[rule]}"
    return Shifted(nominal=d, effective=effective, reason=reason)


def shift(d: date, rule: ShiftRule) -> Shifted:
    """Apply a policy to a date and explain the result; see `Shifted` for the reason's rules."""
    return _shift(d, rule if type(rule) is ShiftRule else ShiftRule(rule))
