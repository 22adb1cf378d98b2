"""Deadlines as an iCalendar file (RFC 5545) that Outlook and Google Calendar import cleanly.

Each dated event becomes one all-day VEVENT (``DTSTART;VALUE=DATE`` = the effective date,
``DTEND`` the next day, transparent so the day is not shown as busy) with a UID made from the
agreement id and the event key, so a re-import updates the event instead of duplicating it.
Nothing depends on the clock: ``DTSTAMP`` is a date from the input at 00:00 UTC (the
command passes the window's first day), so two runs over the same files give identical
bytes. Undated events have no place in a calendar and are left out; the caller says how many.
The `icalendar` library (which writes CRLF line endings and folds long lines) is imported
once per call, never per event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from iopctl.deadlines import KIND_LABELS, Event

__all__ = ["CALENDAR_NAME", "PRODID", "ics_chunks", "to_ics", "uid"]

PRODID = "-//iopctl//IOP-tidsfrister//SV"
CALENDAR_NAME = "IOP-tidsfrister"


def uid(event: Event) -> str:
    """The stable UID of an event: '<key>@<agreement>.iopctl'."""
    return f"{event.key}@{event.agreement}.iopctl"


def to_ics(
    events: Iterable[Event],
    *,
    stamp: date,
    remind_days: int | None = None,
    name: str = CALENDAR_NAME,
) -> bytes:
    """The calendar of the dated events, in the order given; `remind_days` adds a reminder."""
    return b"".join(ics_chunks(events, stamp=stamp, remind_days=remind_days, name=name))


def ics_chunks(
    events: Iterable[Event],
    *,
    stamp: date,
    remind_days: int | None = None,
    name: str = CALENDAR_NAME,
) -> Iterator[bytes]:
    """`to_ics` in pieces, one VEVENT at a time, so a calendar of 10 000 agreements never
    holds all its components in memory at once."""
    from icalendar import Alarm, Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    head: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    yield head[: -len(end)]
    dtstamp = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    for e in events:
        if e.last_day is None:
            continue
        ve = VEvent()
        ve.add("uid", uid(e))
        ve.add("dtstamp", dtstamp)
        ve.add("dtstart", e.last_day)
        ve.add("dtend", e.last_day + timedelta(days=1))
        ve.add("summary", f"{e.title} ({e.agreement_name})")
        ve.add("description", _description(e))
        ve.add("categories", [KIND_LABELS.get(e.kind, e.kind)])
        ve.add("transp", "TRANSPARENT")
        if remind_days is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", e.title)
            alarm.add("trigger", timedelta(days=-remind_days))
            ve.add_component(alarm)
        chunk: bytes = ve.to_ical()
        yield chunk
    yield end


def _description(e: Event) -> str:
    lines = [f"Överenskommelse: {e.agreement} ({e.agreement_name})"]
    if e.covers:
        lines.append(f"Avser: {e.covers}")
    lines.append(f"Ansvarig: {e.owner}")
    if e.nominal is not None:
        lines.append(f"Datum enligt överenskommelsen: {e.nominal.isoformat()}")
    if e.reason:
        lines.append(f"{e.reason[0].upper()}{e.reason[1:]}.")
    if e.done is not None:
        lines.append(f"Klar: {e.done.isoformat()}")
    if e.description:
        lines.append(e.description)
    lines.append(f"Nyckel: {e.key}")
    return "\n".join(lines)
