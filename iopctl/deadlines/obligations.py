"""Events from what the agreement's text sets: obligations (reports, follow-ups …) and steering-group meetings.

The readings behind each date are documented in `iopctl.deadlines.calendar`; the rules every event
shares (date policy, status, window, records) are in `iopctl.deadlines.builder`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import add_months, half_year_bounds, last_day_of_month, quarter_bounds
from iopctl.deadlines.keys import STEERING_GROUP_ID
from iopctl.deadlines.relative import is_single, relative_date, relative_window, target
from iopctl.deadlines.titles import (
    NEEDS,
    count_text,
    month,
    obligation_text,
    period_text,
    prorated,
    titled,
)
from iopctl.model.obligations import Obligation

if TYPE_CHECKING:
    from iopctl.deadlines.builder import EventBuilder

__all__ = [
    "CADENCE_MONTHS",
    "obligation_events",
    "steering_events",
]


CADENCE_MONTHS = {"yearly": 12, "times_per_year": 12, "half_yearly": 6, "quarterly": 3}
"""Length of one period of a cadence ('once' has none)."""

_EVERY = {
    "once": "en gång",
    "yearly": "en gång per år",
    "half_yearly": "en gång per halvår",
    "quarterly": "en gång per kvartal",
}
_ONE_DAY = timedelta(days=1)


def obligation_events(b: EventBuilder) -> None:
    """One event per obligation and period of its cadence (per meeting for N a year)."""
    for o in b.a.obligations:
        base = f"{o.kind}:{o.id}"
        about = obligation_text(b.a, o)
        if is_single(b.a, o):
            if o.covers is not None:
                span: tuple[date, date | None] = (o.covers.start, o.covers.end)
            else:
                span = (b.first, b.a.period.end)
            _obligation_one(b, o, base, o.title, span, period_text(*span), about)
            continue
        per_year = o.times_per_year or 1
        count = count_text(per_year, o.minimum) if o.cadence == "times_per_year" else ""
        since, until = b.since(_reach_days(o, b)), b.until(_lead_days(o, b))
        occurrences = _occurrences(b, o.cadence, o.title, per_year, since, until)
        for suffix, title, span, label, extra in occurrences:
            _obligation_one(b, o, f"{base}:{suffix}", title, span, label, about + count + extra)


def _reach_days(o: Obligation, b: EventBuilder | None = None, depth: int = 0) -> int:
    """At most how many days after its period's end an obligation's event falls (or its window
    ends): bounds which periods `EventBuilder.since` may skip. A relative rule reaches as far
    as the event it counts from, a period more, its offset, and for a day from `_records/`
    (done, approved) two years more."""
    due = o.due
    if due.rule == "relative":
        other = target(b.a, due.to) if b is not None and depth < 8 else None
        base = _reach_days(other, b, depth + 1) if isinstance(other, Obligation) else 366
        offset = due.months * 31 + due.weeks * 7 + due.days if due.direction == "after" else 0
        return base + 12 * 31 + offset + (0 if due.counted_from == "date" else 2 * 366)
    if due.rule == "day_of_year":
        return (max(due.year_offset, 0) + 1) * 366
    if due.rule == "after_period_end":
        return due.months * 31 + due.days
    if due.rule == "in_month":
        return (due.year_offset + 1) * 366
    if due.rule == "undated" and due.window == "after":
        return CADENCE_MONTHS.get(o.cadence, 12) * 31
    return 0


def _lead_days(o: Obligation, b: EventBuilder | None = None, depth: int = 0) -> int:
    """At most how many days before its period's start an obligation's event falls (or its
    window starts): bounds which later periods `EventBuilder.until` may skip."""
    due = o.due
    if due.rule == "relative":
        other = target(b.a, due.to) if b is not None and depth < 8 else None
        base = _lead_days(other, b, depth + 1) if isinstance(other, Obligation) else 366
        offset = due.months * 31 + due.weeks * 7 + due.days if due.direction == "before" else 0
        return base + 12 * 31 + offset
    if due.rule in ("day_of_year", "in_month"):
        return 366  # a day of the period's end year or later: not before 1 January of its start
    if due.rule == "before_end":
        return due.months * 31 + due.weeks * 7 + due.days
    if due.rule == "undated" and due.window == "before":
        return CADENCE_MONTHS.get(o.cadence, 12) * 31
    return 0  # at or after the period's start: its end, a span after it, or the period itself


def _obligation_one(
    b: EventBuilder,
    o: Obligation,
    key: str,
    title: str,
    span: tuple[date, date | None],
    label: str,
    about: str,
) -> None:
    """One obligation in one period: dated by its due rule, else needing a date in a window."""
    due = o.due
    s, e = span
    owners = tuple(o.owners)
    suffix = key[len(o.kind) + len(o.id) + 2 :]
    nominal, how = _nominal(b, o, e, label, suffix)
    if nominal is not None:
        b.add(
            o.kind, key, title, nominal, covers=label, owners=owners,
            description=lambda: f"{how} {about}".strip(),
        )  # fmt: skip
        return
    window_kind = due.window if due.rule == "undated" else "during"
    window: tuple[date | None, date | None]
    if due.rule == "relative":
        window = relative_window(b.a, o, span, CADENCE_MONTHS.get(o.cadence, 12))
        text = f"{how} {NEEDS} {about.strip()}".strip()
        b.add(o.kind, key, title, None, window, covers=label, owners=owners, description=text)
        return
    if window_kind == "after":
        if e is None:
            return  # after an open-ended period: never
        # Bounded like 'before': the period of the same length after (a report on 2021 is
        # expected during 2022), so old undated reports do not haunt every later view;
        # --needs-date still lists them all until a date or 'done' is recorded.
        after = e + _ONE_DAY
        months = CADENCE_MONTHS.get(o.cadence) or max(1, (e.year - s.year) * 12 + e.month - s.month + 1)
        window = (after, add_months(after, months) - _ONE_DAY)
    elif window_kind == "before":
        length = CADENCE_MONTHS.get(o.cadence)
        window = (add_months(s, -length) if length else None, s - _ONE_DAY)
    else:
        window = (s, e)

    def undated() -> str:
        said = f" (”{due.date_text}”)" if due.rule == "undated" and due.date_text else ""
        if window_kind == "after":
            where = f"efter periodens slut, {_iso(window[0])}–{_iso(window[1])}"
        elif window_kind == "before":
            where = f"före perioden (inför), senast {_iso(window[1])}"
        else:
            where = f"under perioden {label}"
        return f"Texten anger inget datum{said}: {where}. {NEEDS} {about}".strip()

    b.add(o.kind, key, title, None, window, covers=label, owners=owners, description=undated)


def _nominal(
    b: EventBuilder, o: Obligation, e: date | None, label: str, suffix: str = "", seen: frozenset[str] = frozenset()
) -> tuple[date | None, str]:
    """The due date an obligation's rule gives for the period ending `e` (key suffix `suffix`),
    and how it was read (None and '' when the rule gives no date: undated, or a period without
    an end; None and why for a relative rule whose day is not known yet)."""
    due = o.due
    if due.rule == "relative":
        return relative_date(b, o, e, label, suffix, seen, _nominal)
    nominal: date | None = None
    how = ""
    if due.rule == "date":
        nominal = due.date
        how = f"Senast {due.date.isoformat()} enligt överenskommelsen."
    elif due.rule == "day_of_year" and e is not None:
        month_no, day = due.day
        nominal = _clamped(e.year + due.year_offset, month_no, day)
        how = f"Senast {nominal.day} {month(month_no)} {nominal.year}, avseende {label}."
    elif due.rule == "after_period_end" and e is not None:
        nominal = add_months(e, due.months) + timedelta(days=due.days)
        how = (
            f"{due.months} månader och {due.days} dagar efter periodens slut "
            f"({e.isoformat()}; lag 1930:173 för månaderna)."
        )
    elif due.rule == "by_period_end" and e is not None:
        nominal = e
        how = f"Under perioden, senast {e.isoformat()}."
    elif due.rule == "before_end":
        end = b.a.period.end if due.of == "agreement" else e
        if end is not None:
            nominal, how = before_end(end, due.months, due.weeks, due.days, due.of)
    elif due.rule == "in_month" and e is not None:
        first = date(e.year + due.year_offset, due.month, 1)
        nominal = last_day_of_month(first.year, first.month)
        how = f"I {month(due.month)} {first.year}: från {first.isoformat()} till och med {nominal.isoformat()}."
    return nominal, how


def before_end(end: date, months: int, weeks: int, days: int, of: str) -> tuple[date, str]:
    """The day `months`, `weeks` and `days` before `end`, and how it was counted, in Swedish.

    Months first by lag (1930:173) 1 § (`add_months`: six months before 2024-05-31 is
    2023-11-30, before 2025-06-30 is 2024-12-30), then the weeks and days.
    """
    nominal = add_months(end, -months) - timedelta(days=weeks * 7 + days)
    parts = []
    if months:
        parts.append(f"{months} {'månad' if months == 1 else 'månader'}")
    if weeks:
        parts.append(f"{weeks} {'vecka' if weeks == 1 else 'veckor'}")
    if days:
        parts.append(f"{days} {'dag' if days == 1 else 'dagar'}")
    what = "avtalets slut" if of == "agreement" else "periodens slut"
    span = " och ".join(parts) if parts else "0 dagar"
    how = f"{span} före {what} ({end.isoformat()}): {nominal.isoformat()}"
    if months:
        how += " (månaderna enligt lag 1930:173 1 §)"
    return nominal, how + "."


def _iso(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def steering_events(b: EventBuilder) -> None:
    """The steering group's meetings: undated, one per period (per meeting for N a year)."""
    sg = b.a.steering_group
    if sg is None:
        return
    owners = (sg.convener,)
    minimum = "minst " if sg.minimum else ""
    about = f"Sammankallande: {b.a.display_name(sg.convener)} (kallelse och dokumentation)."
    base = f"meeting:{STEERING_GROUP_ID}"
    cadence = sg.meetings_cadence
    per_year = sg.meetings_per_year or 1
    every = f"{per_year} gånger per år" if cadence == "times_per_year" else _EVERY[cadence]
    if cadence == "once":
        span = (b.first, b.a.period.end)
        b.add(
            "meeting",
            base,
            "Styrgruppsmöte",
            None,
            span,
            covers=period_text(*span),
            owners=owners,
            description=f"Styrgruppen ska sammanträda {minimum}{every}. {NEEDS} {about}",
        )
        return
    meetings = _occurrences(b, cadence, "Styrgruppsmöte", per_year, b.since(0), b.until(0))
    for suffix, title, (s, e), label, extra in meetings:
        b.add(
            "meeting",
            f"{base}:{suffix}",
            title,
            None,
            (s, e),
            covers=label,
            owners=owners,
            description=f"Styrgruppen ska sammanträda {minimum}{every}.{extra} {NEEDS} {about}",
        )


# --- periods of a cadence -----------------------------------------------------------------------


def _occurrences(
    b: EventBuilder,
    cadence: str,
    title: str,
    per_year: int,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[tuple[str, str, tuple[date, date], str, str]]:
    """Each period of a cadence, or each meeting of 'times_per_year' (N a year, fewer in a
    part year): (key suffix, title, span, period label, the note on a part year's count).
    Periods that end before `since` or start after `until` are skipped (`EventBuilder.since`,
    `EventBuilder.until`)."""
    for year, part, s, e in _spans(b.first, b.last, CADENCE_MONTHS[cadence], b.limit):
        if since is not None and e < since:
            continue
        if until is not None and s > until:
            break  # periods come in order
        label = period_text(s, e)
        if cadence == "times_per_year":
            n = _part_count(per_year, s, e)
            extra = prorated(n, per_year, label)
            for i in range(1, n + 1):
                yield f"{year}:{i}", f"{title} {i} av {n}, {year}", (s, e), label, extra
        else:
            yield f"{part or year}", titled(title, year, part), (s, e), label, ""


def _spans(first: date, last: date | None, months: int, limit: date) -> Iterator[tuple[int, str, date, date]]:
    """(year, part label or '', start, end) of each period of a cadence, clipped to first..last.

    Periods are generated while they start on or before `last` (the agreement's end; None when
    open-ended) and no later than one period after `limit` (the window's end), which catches
    'inför' windows that fall inside the window.
    """
    ahead = add_months(limit, months)
    stop = ahead if last is None else min(last, ahead)
    if stop < first:
        return
    for year in range(first.year, stop.year + 1):
        if months == 12:
            bounds = [("", date(year, 1, 1), date(year, 12, 31))]
        elif months == 6:
            bounds = [(f"{year}-H{h}", *half_year_bounds(year, h)) for h in (1, 2)]
        else:
            bounds = [(f"{year}-Q{q}", *quarter_bounds(year, q)) for q in (1, 2, 3, 4)]
        for part, s, e in bounds:
            if e < first or s > stop:
                continue
            yield year, part, max(s, first), e if last is None else min(e, last)


def _part_count(per_year: int, start: date, end: date) -> int:
    """N a year for a part year: N × whole months touched / 12, rounded up, at least one."""
    months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
    if months >= 12:
        return per_year
    return max(1, math.ceil(per_year * months / 12))


def _clamped(year: int, month_no: int, day: int) -> date:
    """A day of the year, clamped to the month's last day (only 29 February could need it)."""
    from iopctl.dates.arithmetic import last_day_of_month

    return min(date(year, month_no, 1) + timedelta(days=day - 1), last_day_of_month(year, month_no))
