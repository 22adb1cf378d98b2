"""One deadline event, the kinds and statuses it can have, and the order outputs list events in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring as _quote  # json's C escaper (ensure_ascii=False)
from typing import Any, NamedTuple

from iopctl.model.vocabulary import EVENT_KINDS, EventKind

__all__ = [
    "INFORMATIONAL_KINDS",
    "KIND_RANK",
    "STATUSES",
    "Event",
    "sort_events",
]

INFORMATIONAL_KINDS: frozenset[EventKind] = frozenset(
    {"start", "amendment", "end", "notice", "termination", "reminder"}
)
"""Kinds that state a fact or an option, not a duty: past ones are ``passed``, never overdue."""

STATUSES: tuple[str, ...] = ("overdue", "due-soon", "needs-date", "later", "passed", "done")
"""Status codes (JSON); `iopctl.deadlines.titles.STATUS_LABELS` has the Swedish words."""

KIND_RANK = {kind: i for i, kind in enumerate(EVENT_KINDS)}
"""Position of each kind in `EVENT_KINDS` (unknown kinds sort last)."""


class Event(NamedTuple):
    """One date (or one date still to be set) from one agreement.

    A named tuple: immutable like a frozen dataclass, and built in C at a third less cost
    (a big calendar has hundreds of thousands of events).
    """

    agreement: str
    """Agreement id."""
    agreement_name: str
    """The non-profit side's name, so a calendar mixing agreements says whose date it is."""
    key: str
    """Stable key within the agreement, e.g. 'report:verksamhetsberattelse:2025'."""
    kind: EventKind
    title: str
    """Swedish title, e.g. 'Verksamhetsberättelse 2025'."""
    nominal: date | None
    """The date the agreement gives (None: needs a date)."""
    last_day: date | None
    """The legal last day: the nominal date, or the next working day when it is not one
    (lag 1930:173 2 § for acts, skuldebrevslagen 5 § for payments). Status is judged on it."""
    remind: date | None
    """An earlier working day to act by, from the local date policy (None: no reminder)."""
    rule: str | None
    """The law that moved the last day ('lag (1930:173) 2 §'), None when it did not move."""
    reason: str | None
    """Swedish: why the nominal date is not a working day and what follows; None on a working day."""
    covers: str | None
    """Label of the period the event belongs to ('2025', '2021-H1', '2021-10-01–2021-12-31')."""
    window: tuple[date | None, date | None] | None
    """For an undated event, the span it belongs in (None at an open end)."""
    owner: str
    """Who must act, in Swedish ('Kvinnojouren Lund', 'Parterna')."""
    owner_ids: tuple[str, ...]
    status: str
    done: date | None = None
    """Date recorded as done in the records file."""
    note: str | None = None
    """The records file's note."""
    description: str = ""
    """Swedish: the rule, the reading, the basis."""
    amount: Decimal | None = None
    """Kronor, for payments and invoices."""
    flags: tuple[str, ...] = ()
    """The payment's schedule flags (index-pending, …)."""

    @property
    def effective(self) -> date | None:
        """The date that counts: the legal last day (the name before the three dates)."""
        return self.last_day

    @property
    def needs_date(self) -> bool:
        """The agreement gives no date and none has been set in the records."""
        return self.last_day is None

    @property
    def sort_date(self) -> date:
        """The legal last day, else the window's start (or end), else the far future."""
        if self.last_day is not None:
            return self.last_day
        if self.window is not None:
            return self.window[0] or self.window[1] or date.max
        return date.max

    def sort_key(self) -> tuple[date, str, int, str]:
        """Date, agreement, kind order, key: the order every output lists events in."""
        return (
            self.sort_date,
            self.agreement,
            KIND_RANK.get(self.kind, len(KIND_RANK)),
            self.key,
        )

    def sort_text(self) -> str:
        """`sort_key` as one string that sorts the same (cheap to send between processes)."""
        rank = KIND_RANK.get(self.kind, len(KIND_RANK))
        return f"{self.sort_date.isoformat()}\0{self.agreement}\0{rank:02d}\0{self.key}"

    def as_json(self) -> dict[str, Any]:
        """The documented keys first, in a stable order."""
        window = None
        if self.window is not None:
            window = {"start": _iso(self.window[0]), "end": _iso(self.window[1])}
        return {
            "agreement": self.agreement,
            "kind": self.kind,
            "title": self.title,
            "nominal": _iso(self.nominal),
            "last_day": _iso(self.last_day),
            "remind": _iso(self.remind),
            "reason": self.reason,
            "covers": self.covers,
            "owner": self.owner,
            "status": self.status,
            "needs_date": self.last_day is None,
            "key": self.key,
            "window": window,
            "rule": self.rule,
            "done": _iso(self.done),
            "note": self.note,
            "amount": format(self.amount, "f") if self.amount is not None else None,
            "flags": list(self.flags),
            "owner_ids": list(self.owner_ids),
            "agreement_name": self.agreement_name,
            "description": self.description,
        }

    def json_line(self) -> str:
        """`json.dumps(self.as_json(), ensure_ascii=False)`, written directly.

        A big JSON view has hundreds of thousands of events; this skips the dict and the
        generic encoder (about twice as fast) and uses json's own C string escaper.
        tests/test_deadlines.py checks the two agree on every event it makes.
        """
        q = _quote
        window = "null"
        if self.window is not None:
            window = f'{{"start": {_qdate(self.window[0])}, "end": {_qdate(self.window[1])}}}'
        amount = "null" if self.amount is None else q(format(self.amount, "f"))
        return (
            f'{{"agreement": {q(self.agreement)}, "kind": {q(self.kind)}, "title": {q(self.title)}, '
            f'"nominal": {_qdate(self.nominal)}, "last_day": {_qdate(self.last_day)}, '
            f'"remind": {_qdate(self.remind)}, '
            f'"reason": {_qtext(self.reason)}, "covers": {_qtext(self.covers)}, '
            f'"owner": {q(self.owner)}, "status": {q(self.status)}, '
            f'"needs_date": {"true" if self.last_day is None else "false"}, "key": {q(self.key)}, '
            f'"window": {window}, "rule": {_qtext(self.rule)}, "done": {_qdate(self.done)}, '
            f'"note": {_qtext(self.note)}, "amount": {amount}, '
            f'"flags": [{", ".join(map(q, self.flags))}], '
            f'"owner_ids": [{", ".join(map(q, self.owner_ids))}], '
            f'"agreement_name": {q(self.agreement_name)}, "description": {q(self.description)}}}'
        )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _qdate(d: date | None) -> str:
    return "null" if d is None else f'"{d.isoformat()}"'


def _qtext(text: str | None) -> str:
    return "null" if text is None else _quote(text)


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Events in date order (see `Event.sort_key`)."""
    return sorted(events, key=Event.sort_key)
