"""Turns one date (or date still to set) into an event: date policy, status, key, window, records.

Every source of events (`iopctl.deadlines.obligations`, `iopctl.deadlines.payments`) hands its
dates to one `EventBuilder`, so the rules that all events share are written once: a dated
event gets its legal last day and its kind's reminder (`iopctl.dates.workdays.legal_dates`) and a
status against today, judged on the last day; an undated one gets
its date from the records file when one was set there; keys are unique within the agreement;
only events that meet the window are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from iopctl.dates.workdays import LastDayRule, ShiftRule, legal_dates
from iopctl.deadlines.event import INFORMATIONAL_KINDS, Event
from iopctl.deadlines.titles import agreement_name, owner_name
from iopctl.model.vocabulary import EventKind

_new_event = tuple.__new__
"""`_new_event(Event, fields)`: an Event from a tuple of all its fields in order, as
`Event._make` does, without the named tuple's keyword-binding `__new__` (tests check it)."""

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.policy import Policy
    from iopctl.model.records import RecordEntry, Records

__all__ = ["LAST_DAY_RULES", "SHIFT_MARGIN_DAYS", "EventBuilder", "Text", "needed_from"]

LAST_DAY_RULES: dict[EventKind, LastDayRule] = {
    "payment": LastDayRule.PAYMENT,
    "start": LastDayRule.NONE,
    "end": LastDayRule.NONE,
    "meeting": LastDayRule.NONE,
    "follow_up_meeting": LastDayRule.NONE,
    "information_meeting": LastDayRule.NONE,
    "termination": LastDayRule.NONE,
    "reminder": LastDayRule.NONE,
    "amendment": LastDayRule.NONE,
}
"""The law that gives each kind's last day; every other kind is an act (lag 1930:173 2 §).
Start and end are facts, a dated meeting an appointment, a termination right a day it opens,
an amendment the day it takes effect, a reminder from the local policy no time limit at all."""

SHIFT_MARGIN_DAYS = 14
"""More than any date policy moves a date (the longest run of days off is jul to the weekend)."""

Text = str | Callable[[], str]
"""A title or description, or how to write it: texts are only written for events kept (many
offered fall just outside the window, and the texts are much of an event's cost)."""


def needed_from(start: date | None, backlog: bool, records: Records | None, reach_days: int = 0) -> date | None:
    """The first day a period must end on or after to give an event in the window, or None.

    `reach_days`: how long after its period's end an event can fall (its due day, or the end
    of its window). Earlier periods are skipped before any text is written: an agreement
    since 2019 in a window from 2024 offers twice the events it keeps. The margin covers a
    date policy's move. Nothing is skipped for the backlog (--overdue), without a start, or
    when the records set a date (which may lie anywhere).
    """
    if start is None or backlog or (records is not None and records.sets_dates()):
        return None
    return start - timedelta(days=reach_days + SHIFT_MARGIN_DAYS)


class EventBuilder:
    """Collects one agreement's events; only events inside the window are built."""

    def __init__(
        self,
        agreement: Agreement,
        start: date | None,
        end: date | None,
        *,
        limit: date,
        policy: Policy,
        records: Records | None,
        today: date | None,
        soon_days: int,
        overdue: bool,
        prune: bool = True,
    ) -> None:
        self.a = agreement
        self.start = start
        self.end = end
        self.policy = policy
        self.today = today
        self.soon = today + timedelta(days=soon_days) if today is not None else None
        self.backlog = overdue and today is not None and start is not None
        self.records_file = records
        self.records: dict[str, RecordEntry] = records.by_key() if records is not None else {}
        self.remarks = list(records.remarks) if records is not None else []
        self.events: list[Event] = []
        self.keys: set[str] = set()
        self.rules: dict[str, tuple[LastDayRule, ShiftRule]] = {}
        self.owners: dict[tuple[str, ...], str] = {}
        self.first = agreement.period.start
        self.last = agreement.period.end
        self.limit = limit
        """Periods are worked out to here (`iopctl.deadlines.calendar.generation_end`)."""
        self.name = agreement_name(agreement)
        self.parties = tuple(p.id for p in agreement.parties)
        self.prune = prune

    def since(self, reach_days: int) -> date | None:
        """The first day a period must end on or after to give an event in the window, or None
        (`needed_from`); `prune=False` gives the same events the long way (tests compare)."""
        if not self.prune:
            return None
        return needed_from(self.start, self.backlog, self.records_file, reach_days)

    def until(self, lead_days: int | None) -> date | None:
        """The last day a period may start on to give an event in the window, or None.

        `lead_days`: how long before its period's start an event can fall (None: no bound).
        Periods after the window are skipped like those before it (`since`): a four-year
        window otherwise works out a fifth year only to drop it. Nothing is skipped without
        an end, or when the records set a date (which may lie anywhere).
        """
        if not self.prune or self.end is None or lead_days is None:
            return None
        if self.records_file is not None and self.records_file.sets_dates():
            return None
        return self.end + timedelta(days=lead_days + SHIFT_MARGIN_DAYS)

    def add(
        self,
        kind: EventKind,
        key: str,
        title: Text,
        nominal: date | None,
        window: tuple[date | None, date | None] | None = None,
        *,
        covers: str | None,
        owners: Sequence[str],
        description: Text,
        amount: Decimal | None = None,
        flags: tuple[str, ...] = (),
        implied: str | None = None,
    ) -> None:
        """An event on `nominal`, or (None) one that needs a date within `window`.

        An undated event whose date was set in the records file counts as dated. `implied`:
        the key of an event whose done record counts for this one (an invoice's payment).

        Long on purpose: it runs once per event (tens of thousands in a large batch), so the
        window checks, the status and the positional `Event` stay inline, without further calls.
        """
        prefix = ""
        if nominal is None and self.records:
            set_date = self.records.get(self._peek_key(key))
            if set_date is not None and set_date.scheduled is not None:
                nominal = set_date.scheduled
                prefix = f"Datum satt i _records: {nominal.isoformat()}. "
        key = self.unique(key)
        record = self._record(key, implied) if self.records else None
        if nominal is not None:
            law, remind_rule = self.rule(kind)
            dates = legal_dates(nominal, law, remind_rule)
            last_day: date | None = dates.last_day
            remind = dates.remind
            lo = nominal if remind is None else remind
            if self.end is not None and lo > self.end:
                return
            status = self._status(kind, dates.last_day, record)
            if self.start is not None and dates.last_day < self.start and not (self.backlog and status == "overdue"):
                return
            rule_text = dates.law
            reason = dates.reason
            window = None
        else:
            assert window is not None, "an undated event needs a window"
            ws, we = window
            if self.end is not None and ws is not None and ws > self.end:
                return
            if self.start is not None and we is not None and we < self.start:
                return
            last_day = remind = None
            rule_text = reason = None
            status = "done" if record is not None and record.done is not None else "needs-date"
        refs = owners if type(owners) is tuple else tuple(owners)
        owner = self.owners.get(refs)
        if owner is None:
            owner = self.owner(refs)
        # Positional, in Event's field order: a named tuple binds keywords in Python.
        self.events.append(
            _new_event(
                Event,
                (
                    self.a.id,
                    self.name,
                    key,
                    kind,
                    title if isinstance(title, str) else title(),
                    nominal,
                    last_day,
                    remind,
                    rule_text,
                    reason,
                    covers,
                    window,
                    owner,
                    refs,
                    status,
                    record.done if record is not None else None,
                    record.note if record is not None else None,
                    prefix + (description if isinstance(description, str) else description()),
                    amount,
                    flags,
                ),
            )
        )

    def rule(self, kind: EventKind) -> tuple[LastDayRule, ShiftRule]:
        """The law that gives a kind's last day, and its reminder policy (the agreement's
        `date_policy`, else `_policy.yaml`, else the defaults: `previous` gives a reminder)."""
        found = self.rules.get(kind)
        if found is None:
            law = LAST_DAY_RULES.get(kind, LastDayRule.ACT)
            found = (law, ShiftRule(self.policy.shift_rule(kind, self.a.date_policy)))
            self.rules[kind] = found
        return found

    def unique(self, key: str) -> str:
        """Claim `key`, or `key~2`, `key~3`… when it is taken."""
        if key in self.keys:
            key = self._peek_key(key)
        self.keys.add(key)
        return key

    def owner(self, refs: Sequence[str]) -> str:
        """Who must act, in Swedish (worked out once per set of parties)."""
        key = tuple(refs)
        found = self.owners.get(key)
        if found is None:
            found = self.owners[key] = owner_name(self.a, refs, self.parties)
        return found

    def _record(self, key: str, implied: str | None) -> RecordEntry | None:
        """The event's own record, else a done record of the event that implies it."""
        record = self.records.get(key)
        if record is None and implied is not None:
            other = self.records.get(implied)
            if other is not None and other.done is not None:
                return other
        return record

    def _peek_key(self, key: str) -> str:
        """The key `unique` would give, without claiming it."""
        if key not in self.keys:
            return key
        n = 2
        while f"{key}~{n}" in self.keys:
            n += 1
        return f"{key}~{n}"

    def _status(self, kind: EventKind, last_day: date, record: RecordEntry | None) -> str:
        """Done, else against today on the legal last day: overdue only after it."""
        if record is not None and record.done is not None:
            return "done"
        if self.today is None or self.soon is None:
            return "later"
        if last_day < self.today:
            return "passed" if kind in INFORMATIONAL_KINDS else "overdue"
        if last_day <= self.soon:
            return "due-soon"
        return "later"
