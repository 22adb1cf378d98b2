"""Deadlines as an iCalendar file (RFC 5545) that Outlook and Google Calendar import cleanly.

Each dated event becomes one all-day VEVENT (``DTSTART;VALUE=DATE`` = the legal last day,
``DTEND`` the next day, transparent so the day is not shown as busy) with a UID made from the
agreement id and the event key, so a re-import updates the event instead of duplicating it.
Nothing depends on the clock: ``DTSTAMP`` is a date from the input at 00:00 UTC (the
command passes the window's first day), so two runs over the same files give identical
bytes.

An undated event (the agreement gives no date and none is recorded) becomes a VTODO with its
window: DTSTART the window's first day, DUE its last, so Apple Calendar/Reminders and Outlook
list it as a task (Google Calendar's import skips tasks; the command says how many).
Each `--remind` value is its own VALARM. A payment or invoice names its payer in the title, so
a split payment gives one title per payer. STATUS is COMPLETED (VTODO) / CONFIRMED (VEVENT)
when `_records/` records the item done; SEQUENCE counts the recorded facts (done, note) and
LAST-MODIFIED is the day it was recorded done (else the stamp), so a changed record updates the
entry on re-import while the same files still give the same bytes. Texts are Swedish only; the
internal key is in the UID and ``X-IOPCTL-KEY``, never in the displayed description.
The `icalendar` library (which writes CRLF line endings and folds long lines) is imported
once per call, never per event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta

from iopctl.deadlines.event import Event
from iopctl.deadlines.titles import KIND_LABELS

__all__ = ["CALENDAR_NAME", "PRODID", "ics_chunks", "summary", "to_ics", "uid"]

_PAYER_KINDS = frozenset({"payment"})
"""Kinds whose owner (the payer) goes in the title: a split payment is one event per payer.
An invoice's title names its payer itself ("Faktura till … för utbetalning …")."""

PRODID = "-//iopctl//IOP-tidsfrister//SV"
CALENDAR_NAME = "IOP-tidsfrister"


def uid(event: Event) -> str:
    """The stable UID of an event: '<key>@<agreement>.iopctl'."""
    return f"{event.key}@{event.agreement}.iopctl"


def summary(event: Event) -> str:
    """The displayed title: the event's title, the payer for a payment, and whose
    agreement it is ('Utbetalning 2025 – 500 000 kr – Kalmar kommun, Socialförvaltningen
    (Kvinnojouren & Ungdomsjouren Kalmar)')."""
    done = "Klar: " if event.done is not None else ""  # an event has no COMPLETED status
    if event.kind in _PAYER_KINDS and event.owner:
        return f"{done}{event.title} – {event.owner} ({event.agreement_name})"
    return f"{done}{event.title} ({event.agreement_name})"


def _reminders(remind_days: int | Sequence[int] | None) -> list[int]:
    if remind_days is None:
        return []
    if isinstance(remind_days, int):
        return [remind_days]
    return sorted(set(remind_days), reverse=True)


def to_ics(
    events: Iterable[Event],
    *,
    stamp: date,
    remind_days: int | Sequence[int] | None = None,
    name: str = CALENDAR_NAME,
) -> bytes:
    """The calendar of the events, in the order given; each of `remind_days` adds a reminder."""
    return b"".join(ics_chunks(events, stamp=stamp, remind_days=remind_days, name=name))


def ics_chunks(
    events: Iterable[Event],
    *,
    stamp: date,
    remind_days: int | Sequence[int] | None = None,
    name: str = CALENDAR_NAME,
) -> Iterator[bytes]:
    """`to_ics` in pieces, one VEVENT at a time, so a calendar of 10 000 agreements never
    holds all its components in memory at once."""
    from icalendar import Calendar

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
    reminders = _reminders(remind_days)
    for e in events:
        yield _component(e, dtstamp, reminders)
    yield end


def _component(e: Event, dtstamp: datetime, reminders: Sequence[int]) -> bytes:
    """One event as a VEVENT (a dated deadline, with its reminders) or a VTODO (an undated one)."""
    from icalendar import Alarm, Todo
    from icalendar import Event as VEvent

    comp: VEvent | Todo
    if e.last_day is None:
        comp = Todo()
    else:
        comp = VEvent()
    comp.add("uid", uid(e))
    comp.add("dtstamp", dtstamp)
    if e.last_day is not None:
        comp.add("dtstart", e.last_day)
        comp.add("dtend", e.last_day + timedelta(days=1))
    else:
        first, last = e.window if e.window is not None else (None, None)
        if first is not None:
            comp.add("dtstart", first)
        if last is not None:
            comp.add("due", last)
    comp.add("summary", summary(e))
    comp.add("description", _description(e))
    comp.add("categories", [KIND_LABELS.get(e.kind, e.kind)])
    comp.add("sequence", (e.done is not None) + (e.note is not None))
    if e.done is not None:
        comp.add("last-modified", datetime(e.done.year, e.done.month, e.done.day, tzinfo=UTC))
    if e.last_day is not None:
        comp.add("transp", "TRANSPARENT")
        comp.add("status", "CONFIRMED")
    else:
        comp.add("status", "COMPLETED" if e.done is not None else "NEEDS-ACTION")
        if e.done is not None:
            comp.add("completed", datetime(e.done.year, e.done.month, e.done.day, tzinfo=UTC))
    comp.add("x-iopctl-key", e.key)
    if e.last_day is not None and e.done is None:
        for days in reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", e.title)
            alarm.add("trigger", timedelta(days=-days))
            comp.add_component(alarm)
    chunk: bytes = comp.to_ical()
    return chunk


def _description(e: Event) -> str:
    lines = [f"Överenskommelse med {e.agreement_name}"]
    if e.covers:
        lines.append(f"Avser: {e.covers}")
    lines.append(f"Ansvarig: {e.owner}")
    if e.nominal is not None:
        lines.append(f"Datum enligt överenskommelsen: {e.nominal.isoformat()}")
    if e.reason:
        lines.append(f"{e.reason[0].upper()}{e.reason[1:]}.")
    if e.last_day is None:
        first, last = e.window if e.window is not None else (None, None)
        span = f"{first.isoformat() if first else '…'}–{last.isoformat() if last else '…'}"
        lines.append(f"Datum saknas (inom {span})" if e.window is not None else "Datum saknas")
    if e.done is not None:
        lines.append(f"Klar: {e.done.isoformat()}")
    if e.description:
        lines.append(e.description)
    return "\n".join(lines)
