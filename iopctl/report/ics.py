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
The bytes are written here, not by the `icalendar` library: the same content lines in the same
order, escaped (RFC 5545 §3.3.11) and folded (pieces under 75 octets, never cut inside a UTF-8
character or after an escaping backslash) exactly as icalendar 7 writes them, at a small part
of its cost (the register writes a calendar per agreement). `tests/test_ics.py` keeps
icalendar's own writer as the reference, compares the bytes with it and parses the output with
icalendar and vobject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

from iopctl.deadlines.event import Event
from iopctl.deadlines.titles import KIND_LABELS
from iopctl.model.vocabulary import EventKind

__all__ = [
    "CALENDAR_END",
    "CALENDAR_NAME",
    "PRODID",
    "calendar_head",
    "component",
    "ics_chunks",
    "stamp_value",
    "summary",
    "to_ics",
    "uid",
]

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
    yield calendar_head(name)
    dtstamp = stamp_value(stamp)
    reminders = _reminders(remind_days)
    for e in events:
        yield component(e, dtstamp, reminders)
    yield CALENDAR_END


CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(name: str = CALENDAR_NAME) -> bytes:
    """BEGIN:VCALENDAR and the calendar's properties, in icalendar's canonical order."""
    return b"".join(
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
            _line("PRODID", _text(PRODID)),
            b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
            _line("X-WR-CALNAME", _verbatim(name)),
        )
    )


def stamp_value(d: date) -> str:
    """A day at 00:00 UTC as a DATE-TIME value ('20250601T000000Z': DTSTAMP, COMPLETED)."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}T000000Z"


def component(e: Event, dtstamp: str, reminders: Sequence[int]) -> bytes:
    """One event as a VEVENT (a dated deadline, with its reminders) or a VTODO (an undated one).

    `dtstamp` is a `stamp_value`. The properties come in icalendar's order: a VEVENT's
    canonical ones first (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE), then the rest
    alphabetically; a VTODO's all alphabetically; a VALARM's alphabetically, after its event's.
    The lines that are always short and plain (dates, stamps, SEQUENCE, CATEGORIES) are written
    without `_line`'s folding and `_text`'s escaping, which cannot change them (a register of
    10 000 agreements writes some 160 000 components)."""
    last_day = e.last_day
    if last_day is None:
        return _todo(e, dtstamp)
    done = e.done
    parts = [
        b"BEGIN:VEVENT\r\n",
        _line("SUMMARY", _text(summary(e))),
        f"DTSTART;VALUE=DATE:{_date(last_day)}\r\nDTEND;VALUE=DATE:{_date(last_day + _DAY)}\r\n"
        f"DTSTAMP:{dtstamp}\r\n".encode(),
        _line("UID", _text(uid(e))),
        _SEQUENCE[(done is not None) + (e.note is not None)],
        _category(e.kind),
        _line("DESCRIPTION", _text(_description(e))),
    ]
    if done is not None:
        parts.append(f"LAST-MODIFIED:{stamp_value(done)}\r\n".encode())
    parts.append(b"STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\n")
    parts.append(_line("X-IOPCTL-KEY", _verbatim(e.key)))
    if done is None and reminders:
        title = _line("DESCRIPTION", _text(e.title))
        for days in reminders:
            parts += (b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n", title, _line("TRIGGER", _duration(-days)))
            parts.append(b"END:VALARM\r\n")
    parts.append(b"END:VEVENT\r\n")
    return b"".join(parts)


def _todo(e: Event, dtstamp: str) -> bytes:
    first, last = e.window if e.window is not None else (None, None)
    done = stamp_value(e.done) if e.done is not None else None
    parts = [b"BEGIN:VTODO\r\n", _category(e.kind)]
    if done is not None:
        parts.append(f"COMPLETED:{done}\r\n".encode())
    parts += (_line("DESCRIPTION", _text(_description(e))), f"DTSTAMP:{dtstamp}\r\n".encode())
    if first is not None:
        parts.append(f"DTSTART;VALUE=DATE:{_date(first)}\r\n".encode())
    if last is not None:
        parts.append(f"DUE;VALUE=DATE:{_date(last)}\r\n".encode())
    if done is not None:
        parts.append(f"LAST-MODIFIED:{done}\r\n".encode())
    parts += (
        _SEQUENCE[(e.done is not None) + (e.note is not None)],
        b"STATUS:COMPLETED\r\n" if done is not None else b"STATUS:NEEDS-ACTION\r\n",
        _line("SUMMARY", _text(summary(e))),
        _line("UID", _text(uid(e))),
        _line("X-IOPCTL-KEY", _verbatim(e.key)),
        b"END:VTODO\r\n",
    )
    return b"".join(parts)


_DAY = timedelta(days=1)
_SEQUENCE = (b"SEQUENCE:0\r\n", b"SEQUENCE:1\r\n", b"SEQUENCE:2\r\n")
"""SEQUENCE counts the recorded facts: done, note."""
_CATEGORIES: dict[EventKind, bytes] = {}


def _category(kind: EventKind) -> bytes:
    """The CATEGORIES line of a kind (its Swedish label), written once per kind."""
    line = _CATEGORIES.get(kind)
    if line is None:
        line = _CATEGORIES[kind] = _line("CATEGORIES", _text(KIND_LABELS.get(kind, kind)))
    return line


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (a literal backslash-N is a line break too)."""
    if "\\" not in value and ";" not in value and "," not in value and "\n" not in value and "\r" not in value:
        return value  # most titles and keys: nothing to escape
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _verbatim(value: str) -> str:
    """An X- property's value: icalendar knows no type for it and writes it unescaped (commas
    and semicolons as they are); a line break, which it refuses, is escaped as in TEXT."""
    return _text(value) if "\n" in value or "\r" in value else value


_DATES: dict[date, str] = {}


def _date(d: date) -> str:
    """A DATE value ('20250601'); the few thousand days a calendar uses are written once each."""
    text = _DATES.get(d)
    if text is None:
        if len(_DATES) >= 50_000:  # a long-running process (tests) never grows it without bound
            _DATES.clear()
        text = _DATES[d] = f"{d.year:04d}{d.month:02d}{d.day:02d}"
    return text


def _duration(days: int) -> str:
    """Whole days as a DURATION value ('-P14D'; zero is 'P0D', as icalendar writes it)."""
    return f"-P{-days}D" if days < 0 else f"P{days}D"


_FOLD_AT = 74
"""Octets a piece of a folded line holds at most (icalendar folds before the 75th)."""


def _line(head: str, value: str) -> bytes:
    """One content line, CRLF-ended and folded as icalendar folds it: pieces of at most 74
    octets (a continuation's leading space not counted), cut only between UTF-8 characters;
    a piece that would end in a backslash or a caret hands that character to the next piece."""
    data = f"{head}:{value}".encode()
    if len(data) <= _FOLD_AT:
        return data + b"\r\n"
    pieces = []
    start = 0
    while len(data) - start > _FOLD_AT:
        end = start + _FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a continuation octet: cut before its character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


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
