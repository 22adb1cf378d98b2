"""The calendar as the `icalendar` library writes it: the reference `iopctl.report.ics` must match.

This is the writer iopctl used before it wrote the bytes itself (same properties, same values,
`icalendar` doing the escaping, ordering and folding). `tests/test_ics.py` compares the two
byte for byte; the texts (summary, description) come from `iopctl.report.ics`, since only the
serialisation is under test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Todo
from icalendar import Event as VEvent

from iopctl.deadlines.event import Event
from iopctl.deadlines.titles import KIND_LABELS
from iopctl.report.ics import CALENDAR_NAME, PRODID, _description, _reminders, summary, uid


def reference_ics(
    events: Iterable[Event],
    *,
    stamp: date,
    remind_days: int | Sequence[int] | None = None,
    name: str = CALENDAR_NAME,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    head: bytes = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    dtstamp = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    reminders = _reminders(remind_days)
    return head[: -len(end)] + b"".join(_component(e, dtstamp, reminders) for e in events) + end


def _component(e: Event, dtstamp: datetime, reminders: Sequence[int]) -> bytes:
    comp: VEvent | Todo = Todo() if e.last_day is None else VEvent()
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
