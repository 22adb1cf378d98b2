"""The deadline calendar: every date an agreement sets (or leaves open), so none goes unnoticed.

Pure: an agreement, its policy, its payments (from `iopctl.schedule`, the one source of truth
for money) and its fulfilment records (`iopctl.records`) in; a sorted list of `Event` out.
`today` is a parameter, never the clock.

Events, their stable keys and Swedish titles
--------------------------------------------
- start ``start`` "Avtalstiden börjar"; end ``end`` "Avtalstiden löper ut".
- review ``review:2023-03-01`` "Översyn av överenskommelsen".
- notice ``notice:2026-01-01`` (the day the next term starts)
  "Sista dag för uppsägning inför 2026-01-01".
- report, plan, meeting, follow_up_meeting, training, information_meeting, other (from an
  obligation): ``report:verksamhetsberattelse:2025`` "Verksamhetsberättelse 2025",
  ``report:halvarsrapport:2021-H1`` "Halvårsrapport, H1 2021",
  ``follow_up_meeting:moten:2025:1`` "Uppföljningsmöte 1 av 2, 2025", and for cadence once
  (or a stated date) ``training:brandskydd`` with the obligation's own title.
- meeting (the steering group): ``meeting:styrgrupp:2026:1`` "Styrgruppsmöte 1 av 4, 2026",
  ``meeting:styrgrupp:2021-H2`` "Styrgruppsmöte, H2 2021".
- payment ``payment:ersattning:lund-sof:2021:1`` "Utbetalning 1 av 2, 2021 – 190 000 kr"
  ("Utbetalning 2025 – 500 000 kr" when paid once a year).
- invoice ``invoice:ersattning:lund-sof:2021:1`` "Faktura för utbetalning 1 av 2, 2021 – …".
- cure ``cure:2025-05-12`` (the remark's date)
  "Sista dag för rättelse efter anmärkning 2025-05-12".

Periods in keys are ``2025``, ``2021-H1`` or ``2021-Q4`` (the calendar year, half or quarter,
even when the agreement covers only part of it; ``covers`` gives the exact part). Keys are
unique within an agreement (a clash gets ``~2``) and are what `_records/` files refer to.

Readings (each is also said in the event's description)
-------------------------------------------------------
- Notice before a renewal: notice of N months before a new term starting on day R must be
  received by the day before R − N months (three months before 1 January is 1 October, so by
  30 September), or N months before the term's last day if that is earlier: the safe date.
- Undated obligations are never given a date: they are ``needs_date`` events with a window —
  ``during`` the covered period, ``after`` it (the following period of the same length), or
  ``before`` it (``inför``: the preceding period of the same length). A date can be set in the records file.
- N meetings a year: one undated event per meeting, window the year (clipped to the
  agreement). A part year gets N × months covered / 12 meetings, rounded up.
- Invoices: when payment is made against an invoice, the invoice is due by the payment's due
  day (the agreement gives no invoice day of its own), moved by the ``invoice`` policy; a
  payment recorded as done counts its invoice as done too.
- Cure: a written remark recorded on day D gives a cure deadline D + the agreement's cure days.

Dates: each event keeps its nominal date and gets an effective one by the date policy of its
kind (`Policy.shift_rule`: the agreement's ``date_policy``, else ``_policy.yaml``, else the
defaults), with the reason from `iopctl.workdays.shift`.

Status against ``today``: ``done`` (recorded), ``needs-date`` (no date yet), ``overdue``
(effective date before today), ``due-soon`` (within ``soon_days``), ``later``; events that
are facts rather than duties (start, end and notice days) become ``passed`` instead of
overdue. Without ``today`` nothing is overdue: dated events are ``later``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.datemath import add_months, half_year_bounds, period_label, quarter_bounds
from iopctl.workdays import ShiftRule, shift

if TYPE_CHECKING:
    from iopctl.model import Agreement, Obligation
    from iopctl.policy import Policy
    from iopctl.records import RecordEntry, Records
    from iopctl.schedule import Payment

__all__ = [
    "EVENT_KINDS",
    "INFORMATIONAL_KINDS",
    "KIND_LABELS",
    "OBLIGATION_KINDS",
    "OPEN_ENDED_YEARS",
    "STATUSES",
    "STATUS_LABELS",
    "Event",
    "deadlines",
    "generation_end",
    "key_problem",
    "query_window",
    "sort_events",
]

EVENT_KINDS: tuple[str, ...] = (
    "start", "review", "notice", "report", "plan", "invoice", "payment", "meeting",
    "follow_up_meeting", "information_meeting", "training", "other", "cure", "end",
)  # fmt: skip
"""Every event kind, in the order events of one day are listed."""

OBLIGATION_KINDS = frozenset(
    {"report", "plan", "meeting", "follow_up_meeting", "training", "information_meeting", "other"}
)
"""Kinds that come from `Obligation.kind` (and ``meeting`` also from the steering group)."""

INFORMATIONAL_KINDS = frozenset({"start", "end", "notice"})
"""Kinds that state a fact or an option, not a duty: past ones are ``passed``, never overdue."""

KIND_LABELS: dict[str, str] = {
    "start": "Start",
    "end": "Slut",
    "review": "Översyn",
    "notice": "Uppsägning",
    "report": "Rapport",
    "plan": "Plan",
    "invoice": "Faktura",
    "payment": "Utbetalning",
    "meeting": "Möte",
    "follow_up_meeting": "Uppföljningsmöte",
    "information_meeting": "Informationsträff",
    "training": "Utbildning",
    "other": "Övrigt",
    "cure": "Rättelse",
}
"""Swedish names of the kinds, for tables and calendars."""

STATUSES: tuple[str, ...] = ("overdue", "due-soon", "needs-date", "later", "passed", "done")
STATUS_LABELS: dict[str, str] = {
    "overdue": "försenad",
    "due-soon": "snart",
    "needs-date": "datum saknas",
    "later": "senare",
    "passed": "passerad",
    "done": "klar",
}
"""Swedish status words for tables (JSON keeps the English codes)."""

OPEN_ENDED_YEARS = 2
"""Without an end to the window, an open-ended agreement's events run to 31 December this many
years after today's year (or the agreement's start year when there is no today)."""

STEERING_GROUP_ID = "styrgrupp"
"""The middle part of steering-group meeting keys."""

_KIND_RANK = {kind: i for i, kind in enumerate(EVENT_KINDS)}
_ONE_DAY = timedelta(days=1)
_CADENCE_MONTHS = {"yearly": 12, "times_per_year": 12, "half_yearly": 6, "quarterly": 3}
_WS = re.compile(r"\s+")
_NEEDS = "Behöver ett datum."


@dataclass(frozen=True, slots=True)
class Event:
    """One date (or one date still to be set) from one agreement."""

    agreement: str
    """Agreement id."""
    agreement_name: str
    """The non-profit side's name, so a calendar mixing agreements says whose date it is."""
    key: str
    """Stable key within the agreement, e.g. 'report:verksamhetsberattelse:2025'."""
    kind: str
    title: str
    """Swedish title, e.g. 'Verksamhetsberättelse 2025'."""
    nominal: date | None
    """The date the agreement gives (None: needs a date)."""
    effective: date | None
    """The date that counts under the date policy."""
    rule: str | None
    """The date policy applied: previous, next or none."""
    shift_reason: str | None
    """Why the nominal date is not a working day and what the policy did; None on a working day."""
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
    """Swedish (with the English shift reason): the rule, the reading, the basis."""
    amount: Decimal | None = None
    """Kronor, for payments and invoices."""
    flags: tuple[str, ...] = ()
    """The payment's schedule flags (index-pending, …)."""

    @property
    def needs_date(self) -> bool:
        """The agreement gives no date and none has been set in the records."""
        return self.effective is None

    @property
    def sort_date(self) -> date:
        """The effective date, else the window's start (or end), else the far future."""
        if self.effective is not None:
            return self.effective
        if self.window is not None:
            return self.window[0] or self.window[1] or date.max
        return date.max

    def sort_key(self) -> tuple[date, str, int, str]:
        """Date, agreement, kind order, key: the order every output lists events in."""
        return (
            self.sort_date,
            self.agreement,
            _KIND_RANK.get(self.kind, len(_KIND_RANK)),
            self.key,
        )

    def sort_text(self) -> str:
        """`sort_key` as one string that sorts the same (cheap to send between processes)."""
        rank = _KIND_RANK.get(self.kind, len(_KIND_RANK))
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
            "effective": _iso(self.effective),
            "shift_reason": self.shift_reason,
            "covers": self.covers,
            "owner": self.owner,
            "status": self.status,
            "needs_date": self.effective is None,
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


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Events in date order (see `Event.sort_key`)."""
    return sorted(events, key=Event.sort_key)


def generation_end(agreement: Agreement, end: date | None, today: date | None) -> date:
    """How far events (and payments, `payment_schedule(until=…)`) are worked out.

    The window's end when there is one; otherwise the agreement's end, or for an open-ended
    agreement 31 December `OPEN_ENDED_YEARS` after today's year.
    """
    if end is not None:
        return end
    if agreement.period.end is not None:
        return agreement.period.end
    ref = today or agreement.period.start
    return date(ref.year + OPEN_ENDED_YEARS, 12, 31)


def query_window(
    today: date,
    start: date | None,
    end: date | None,
    within_days: int | None,
    *,
    default_days: int | None,
) -> tuple[date | None, date | None]:
    """The window the command line asks for: from `start` (default today) for `within_days`
    (default `default_days`) unless `end` is given; fully open (None, None) when nothing is
    given and there is no default (the needs-a-date view covers whole agreements)."""
    if start is None and end is None and within_days is None and default_days is None:
        return None, None
    first = start if start is not None else today
    if end is None:
        days = within_days if within_days is not None else default_days
        end = first + timedelta(days=days) if days is not None else None
    return first, end


def deadlines(
    agreement: Agreement,
    start: date | None,
    end: date | None,
    *,
    policy: Policy,
    payments: Sequence[Payment],
    records: Records | None = None,
    today: date | None = None,
    soon_days: int = 14,
    overdue: bool = False,
) -> list[Event]:
    """The agreement's events between `start` and `end` (inclusive; None = unbounded), sorted.

    A dated event is listed when its nominal or effective date is in the window, an undated
    one when its window overlaps it. With `overdue`, dated events before `start` that are
    overdue against `today` are listed too (the backlog).
    """
    b = _Builder(agreement, start, end, policy, records, today, soon_days, overdue)
    b.period_events()
    b.notice_events()
    b.obligation_events()
    b.steering_events()
    b.payment_events(payments)
    b.cure_events()
    return sort_events(b.events)


# --- keys -------------------------------------------------------------------------------------

_PERIOD_PART = re.compile(r"[0-9]{4}(-H[12]|-Q[1-4])?")
_DATE_PART = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def key_problem(agreement: Agreement, key: str) -> str | None:
    """Why `key` cannot name an event of this agreement (None when it can), for records files."""
    parts = key.split(":")
    kind = parts[0]
    if kind not in _KIND_RANK:
        return f"unknown event kind '{kind}' in key '{key}'; kinds: {', '.join(EVENT_KINDS)}"
    if kind in ("start", "end"):
        return None if len(parts) == 1 else f"key '{key}' should be just '{kind}'"
    if kind in ("review", "notice", "cure"):
        if len(parts) != 2 or not _DATE_PART.fullmatch(parts[1]):
            return f"key '{key}' should be '{kind}:YYYY-MM-DD'"
        if kind == "review" and parts[1] not in {
            r.by.isoformat() for r in agreement.period.reviews
        }:
            return f"the agreement has no review by {parts[1]}"
        if kind == "notice" and agreement.period.renewal is None:
            return "the agreement does not renew itself, so it has no notice days"
        return None
    if kind in ("payment", "invoice"):
        if len(parts) != 5 or not parts[3].isdigit() or not parts[4].isdigit():
            return f"key '{key}' should be '{kind}:COMMITMENT:PAYER:YEAR:N'"
        commitment = next((c for c in agreement.funding.commitments if c.id == parts[1]), None)
        if commitment is None:
            return f"the agreement has no commitment '{parts[1]}'"
        if parts[2] not in {p.payer for p in commitment.payers}:
            return f"'{parts[2]}' does not pay commitment '{parts[1]}'"
        return None
    if len(parts) < 2:
        return f"key '{key}' should be '{kind}:OBLIGATION[:PERIOD[:N]]'"
    known = {o.id for o in agreement.obligations if o.kind == kind}
    if kind == "meeting" and agreement.steering_group is not None:
        known.add(STEERING_GROUP_ID)
    if parts[1].split("~")[0] not in known:
        hint = f"; {kind} ids: {', '.join(sorted(known))}" if known else ""
        return f"the agreement has no {kind} '{parts[1]}'{hint}"
    if len(parts) > 4 or (len(parts) >= 3 and not _PERIOD_PART.fullmatch(parts[2])):
        shape = f"{kind}:{parts[1]}[:PERIOD[:N]]"
        return f"key '{key}' should be '{shape}' with PERIOD like 2025, 2025-H1 or 2025-Q1"
    if len(parts) == 4 and not parts[3].isdigit():
        return f"the last part of '{key}' should be the meeting's number"
    return None


# --- the builder --------------------------------------------------------------------------------


class _Builder:
    """Works out one agreement's events; only events inside the window are built."""

    def __init__(
        self,
        agreement: Agreement,
        start: date | None,
        end: date | None,
        policy: Policy,
        records: Records | None,
        today: date | None,
        soon_days: int,
        overdue: bool,
    ) -> None:
        self.a = agreement
        self.start = start
        self.end = end
        self.policy = policy
        self.today = today
        self.soon = today + timedelta(days=soon_days) if today is not None else None
        self.backlog = overdue and today is not None and start is not None
        self.records: dict[str, RecordEntry] = records.by_key() if records is not None else {}
        self.remarks = list(records.remarks) if records is not None else []
        self.events: list[Event] = []
        self.keys: set[str] = set()
        self.rules: dict[str, ShiftRule] = {}
        self.owners: dict[tuple[str, ...], str] = {}
        period = agreement.period
        self.first = period.start
        # Periods are worked out to here; one period past the window catches 'inför' windows.
        self.limit = generation_end(agreement, end, today)
        self.last = period.end
        self.name = _agreement_name(agreement)
        self.parties = tuple(p.id for p in agreement.parties)

    # -- shared helpers --------------------------------------------------------------------

    def rule(self, kind: str) -> ShiftRule:
        found = self.rules.get(kind)
        if found is None:
            found = ShiftRule(self.policy.shift_rule(kind, self.a.date_policy))
            self.rules[kind] = found
        return found

    def unique(self, key: str) -> str:
        if key in self.keys:
            n = 2
            while f"{key}~{n}" in self.keys:
                n += 1
            key = f"{key}~{n}"
        self.keys.add(key)
        return key

    def owner(self, refs: Sequence[str]) -> str:
        key = tuple(refs)
        found = self.owners.get(key)
        if found is None:
            from iopctl.sv import join_list

            if set(refs) >= set(self.parties) and len(refs) == len(self.parties):
                found = "Parterna"
            else:
                found = join_list([self.a.display_name(r) for r in refs])
            self.owners[key] = found
        return found

    def dated(
        self,
        kind: str,
        key: str,
        title: str,
        nominal: date,
        *,
        covers: str | None,
        owners: Sequence[str],
        description: str,
        amount: Decimal | None = None,
        flags: tuple[str, ...] = (),
        implied: str | None = None,
    ) -> None:
        key = self.unique(key)
        rule = self.rule(kind)
        shifted = shift(nominal, rule)
        effective = shifted.effective
        lo, hi = (nominal, effective) if nominal <= effective else (effective, nominal)
        if self.end is not None and lo > self.end:
            return
        record = self._record(key, implied)
        status = self._status(kind, effective, record)
        if (
            self.start is not None
            and hi < self.start
            and not (self.backlog and status == "overdue")
        ):
            return
        self.events.append(
            Event(
                agreement=self.a.id,
                agreement_name=self.name,
                key=key,
                kind=kind,
                title=title,
                nominal=nominal,
                effective=effective,
                rule=str(rule),
                shift_reason=shifted.reason,
                covers=covers,
                window=None,
                owner=self.owner(owners),
                owner_ids=tuple(owners),
                status=status,
                done=record.done if record is not None else None,
                note=record.note if record is not None else None,
                description=description,
                amount=amount,
                flags=flags,
            )
        )

    def undated(
        self,
        kind: str,
        key: str,
        title: str,
        window: tuple[date | None, date | None],
        *,
        covers: str | None,
        owners: Sequence[str],
        description: str,
        amount: Decimal | None = None,
        flags: tuple[str, ...] = (),
        implied: str | None = None,
    ) -> None:
        record = self.records.get(self._peek_key(key))
        if record is not None and record.scheduled is not None:
            note = f"Datum satt i _records: {record.scheduled.isoformat()}. "
            self.dated(
                kind,
                key,
                title,
                record.scheduled,
                covers=covers,
                owners=owners,
                description=note + description,
                amount=amount,
                flags=flags,
                implied=implied,
            )
            return
        key = self.unique(key)
        record = self._record(key, implied)
        ws, we = window
        if self.end is not None and ws is not None and ws > self.end:
            return
        if self.start is not None and we is not None and we < self.start:
            return
        self.events.append(
            Event(
                agreement=self.a.id,
                agreement_name=self.name,
                key=key,
                kind=kind,
                title=title,
                nominal=None,
                effective=None,
                rule=None,
                shift_reason=None,
                covers=covers,
                window=window,
                owner=self.owner(owners),
                owner_ids=tuple(owners),
                status="done" if record is not None and record.done is not None else "needs-date",
                done=record.done if record is not None else None,
                note=record.note if record is not None else None,
                description=description,
                amount=amount,
                flags=flags,
            )
        )

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

    def _status(self, kind: str, effective: date, record: RecordEntry | None) -> str:
        if record is not None and record.done is not None:
            return "done"
        if self.today is None or self.soon is None:
            return "later"
        if effective < self.today:
            return "passed" if kind in INFORMATIONAL_KINDS else "overdue"
        if effective <= self.soon:
            return "due-soon"
        return "later"

    # -- the agreement period ----------------------------------------------------------------

    def period_events(self) -> None:
        p = self.a.period
        parties = self.parties
        self.dated(
            "start",
            "start",
            "Avtalstiden börjar",
            p.start,
            covers=None,
            owners=parties,
            description=f"Överenskommelsen gäller från och med {p.start.isoformat()}."
            + (
                " Den gäller först när varje parts behöriga organ har godkänt den."
                if p.conditional_on_approval
                else ""
            ),
        )
        if p.end is not None:
            how = " Den upphör utan föregående uppsägning." if p.ends_without_notice else ""
            self.dated(
                "end",
                "end",
                "Avtalstiden löper ut",
                p.end,
                covers=None,
                owners=parties,
                description=f"Överenskommelsen gäller till och med {p.end.isoformat()}.{how}",
            )
        for r in p.reviews:
            purpose = f" {_one_line(r.purpose)}" if r.purpose else ""
            self.dated(
                "review",
                f"review:{r.by.isoformat()}",
                "Översyn av överenskommelsen",
                r.by,
                covers=None,
                owners=parties,
                description=f"Parterna avser att senast {r.by.isoformat()} se över den.{purpose}",
            )

    def notice_events(self) -> None:
        r = self.a.period.renewal
        if r is None:
            return
        first_renewal = r.first_term_end + _ONE_DAY
        k = 0
        term_end = r.first_term_end
        while True:
            renewal_start = term_end + _ONE_DAY
            received_by = add_months(renewal_start, -r.notice_months)
            last_day = min(received_by - _ONE_DAY, add_months(term_end, -r.notice_months))
            if last_day > self.limit:
                break
            months = f"{r.notice_months} månad{'er' if r.notice_months != 1 else ''}"
            description = (
                f"Förlängs automatiskt med {r.term_months} månader från "
                f"{renewal_start.isoformat()} om ingen part säger upp den. Uppsägningstiden är "
                f"{months} före nästa avtalsperiod: {months} före {renewal_start.isoformat()} är "
                f"{received_by.isoformat()}, så uppsägningen ska ha kommit fram senast "
                f"{last_day.isoformat()} (läsning; en del räknar med {received_by.isoformat()}). "
                f"Här visas det säkra datumet. Sägs överenskommelsen upp upphör den "
                f"{term_end.isoformat()}."
            )
            self.dated(
                "notice",
                f"notice:{renewal_start.isoformat()}",
                f"Sista dag för uppsägning inför {renewal_start.isoformat()}",
                last_day,
                covers=None,
                owners=self.parties,
                description=description,
            )
            if r.term_months <= 0:
                break
            k += 1
            term_end = add_months(first_renewal, r.term_months * k) - _ONE_DAY

    # -- obligations ------------------------------------------------------------------------

    def obligation_events(self) -> None:
        for o in self.a.obligations:
            base = f"{o.kind}:{o.id}"
            about = _obligation_text(self.a, o)
            if o.due.rule == "date" or o.cadence == "once":
                if o.covers is not None:
                    span: tuple[date, date | None] = (o.covers.start, o.covers.end)
                else:
                    span = (self.first, self.a.period.end)
                label = _label(*span)
                self._obligation_one(o, o.kind, base, o.title, span, label, about)
                continue
            months = _CADENCE_MONTHS[o.cadence]
            for year, part, s, e in _spans(o.cadence, self.first, self.last, months, self.limit):
                label = _label(s, e)
                if o.cadence == "times_per_year":
                    n_year = o.times_per_year or 1
                    n = _part_count(n_year, s, e)
                    extra = _prorated(n, n_year, label)
                    for i in range(1, n + 1):
                        self._obligation_one(
                            o,
                            o.kind,
                            f"{base}:{year}:{i}",
                            f"{o.title} {i} av {n}, {year}",
                            (s, e),
                            label,
                            about + _count_text(n_year, o.minimum) + extra,
                        )
                else:
                    title = _titled(o.title, year, part)
                    self._obligation_one(
                        o, o.kind, f"{base}:{part or year}", title, (s, e), label, about
                    )

    def _obligation_one(
        self,
        o: Obligation,
        kind: str,
        key: str,
        title: str,
        span: tuple[date, date | None],
        label: str,
        about: str,
    ) -> None:
        due = o.due
        s, e = span
        owners = tuple(o.owners)
        nominal: date | None = None
        how = ""
        if due.rule == "date":
            nominal = due.date
            how = f"Senast {due.date.isoformat()} enligt överenskommelsen."
        elif due.rule == "day_of_year" and e is not None:
            month, day = due.day
            nominal = _clamped(e.year + due.year_offset, month, day)
            how = f"Senast {nominal.day} {_month(month)} {nominal.year}, avseende {label}."
        elif due.rule == "after_period_end" and e is not None:
            nominal = add_months(e, due.months) + timedelta(days=due.days)
            how = (
                f"{due.months} månader och {due.days} dagar efter periodens slut "
                f"({e.isoformat()}; lag 1930:173 för månaderna)."
            )
        elif due.rule == "by_period_end" and e is not None:
            nominal = e
            how = f"Under perioden, senast {e.isoformat()}."
        if nominal is not None:
            self.dated(
                kind,
                key,
                title,
                nominal,
                covers=label,
                owners=owners,
                description=f"{how} {about}".strip(),
            )
            return
        window_kind = due.window if due.rule == "undated" else "during"
        said = f" (”{due.date_text}”)" if due.rule == "undated" and due.date_text else ""
        if window_kind == "after":
            if e is None:
                return  # after an open-ended period: never
            # Bounded like 'before': the period of the same length after (a report on 2021 is
            # expected during 2022), so old undated reports do not haunt every later view;
            # --needs-date still lists them all until a date or 'done' is recorded.
            months = _CADENCE_MONTHS.get(o.cadence) or max(1, (e.year - s.year) * 12 + e.month - s.month + 1)
            window: tuple[date | None, date | None] = (e + _ONE_DAY, add_months(e + _ONE_DAY, months) - _ONE_DAY)
            where = f"efter periodens slut, {(e + _ONE_DAY).isoformat()}–{window[1].isoformat()}"
        elif window_kind == "before":
            months = _CADENCE_MONTHS.get(o.cadence)
            ws = add_months(s, -months) if months else None
            window = (ws, s - _ONE_DAY)
            where = f"före perioden (inför), senast {(s - _ONE_DAY).isoformat()}"
        else:
            window = (s, e)
            where = f"under perioden {label}"
        self.undated(
            kind,
            key,
            title,
            window,
            covers=label,
            owners=owners,
            description=f"Texten anger inget datum{said}: {where}. {_NEEDS} {about}".strip(),
        )

    def steering_events(self) -> None:
        sg = self.a.steering_group
        if sg is None:
            return
        owners = (sg.convener,)
        minimum = "minst " if sg.minimum else ""
        about = f"Sammankallande: {self.a.display_name(sg.convener)} (kallelse och dokumentation)."
        base = f"meeting:{STEERING_GROUP_ID}"
        if sg.meetings_cadence == "once":
            span = (self.first, self.a.period.end)
            self.undated(
                "meeting",
                base,
                "Styrgruppsmöte",
                span,
                covers=_label(*span),
                owners=owners,
                description=f"Styrgruppen ska sammanträda {minimum}en gång. {_NEEDS} {about}",
            )
            return
        months = _CADENCE_MONTHS[sg.meetings_cadence]
        for year, part, s, e in _spans(
            sg.meetings_cadence, self.first, self.last, months, self.limit
        ):
            label = _label(s, e)
            if sg.meetings_cadence == "times_per_year":
                n_year = sg.meetings_per_year or 1
                n = _part_count(n_year, s, e)
                extra = _prorated(n, n_year, label)
                for i in range(1, n + 1):
                    self.undated(
                        "meeting",
                        f"{base}:{year}:{i}",
                        f"Styrgruppsmöte {i} av {n}, {year}",
                        (s, e),
                        covers=label,
                        owners=owners,
                        description=f"Styrgruppen ska sammanträda {minimum}{n_year} gånger per år."
                        f"{extra} Behöver ett datum. {about}",
                    )
            else:
                every = {
                    "yearly": "en gång per år",
                    "half_yearly": "en gång per halvår",
                    "quarterly": "en gång per kvartal",
                }[sg.meetings_cadence]
                title = _titled("Styrgruppsmöte", year, part)
                self.undated(
                    "meeting",
                    f"{base}:{part or year}",
                    title,
                    (s, e),
                    covers=label,
                    owners=owners,
                    description=f"Styrgruppen ska sammanträda {minimum}{every}. {_NEEDS} {about}",
                )

    # -- money ---------------------------------------------------------------------------------

    def payment_events(self, payments: Sequence[Payment]) -> None:
        from iopctl.sv import join_list, kronor

        invoicing = {c.id: c.invoicing for c in self.a.funding.commitments}
        for p in payments:
            if p.agreement != self.a.id:
                continue
            money = kronor(p.amount, "kr")
            which = (
                f"{p.instalment} av {p.instalments}, {p.year}" if p.instalments > 1 else f"{p.year}"
            )
            flags = tuple(f for f in p.flags if f != "needs-date")
            flag_text = f" Flaggor: {', '.join(flags)}." if flags else ""
            about = (
                f"{p.payer_name} betalar {money} till {p.payee_name} (åtagande {p.commitment}, "
                f"avser {p.period}). Underlag: {p.basis.text}.{flag_text}"
            )
            if p.invoice:
                about += " Betalas mot faktura."
            tail = f"{p.commitment}:{p.payer}:{p.year}:{p.instalment}"
            if p.due is not None:
                self.dated(
                    "payment",
                    f"payment:{tail}",
                    f"Utbetalning {which} – {money}",
                    p.due,
                    covers=p.period,
                    owners=(p.payer,),
                    description=about,
                    amount=p.amount,
                    flags=p.flags,
                )
            else:
                self.undated(
                    "payment",
                    f"payment:{tail}",
                    f"Utbetalning {which} – {money}",
                    p.window,
                    covers=p.period,
                    owners=(p.payer,),
                    description=f"Överenskommelsen anger ingen förfallodag. {_NEEDS} {about}",
                    amount=p.amount,
                    flags=p.flags,
                )
            if not p.invoice:
                continue
            inv = invoicing.get(p.commitment)
            parts = [
                f"Faktura från {p.payee_name} till {p.payer_name} "
                f"för utbetalningen {which} ({money})."
            ]
            if inv is not None and inv.when:
                parts.append(f"När: {inv.when}.")
            if inv is not None and inv.routine:
                parts.append(f"Rutin: {inv.routine}.")
            if p.attachments:
                parts.append(f"Bilagor: {join_list(list(p.attachments))}.")
            title = f"Faktura för utbetalning {which} – {money}"
            if p.due is not None:
                parts.insert(
                    1,
                    f"Fakturan bör ha kommit fram senast förfallodagen {p.due.isoformat()} "
                    "(läsning: överenskommelsen anger ingen egen fakturadag).",
                )
                self.dated(
                    "invoice",
                    f"invoice:{tail}",
                    title,
                    p.due,
                    covers=p.period,
                    owners=(p.payee,),
                    description=" ".join(parts),
                    amount=p.amount,
                    implied=f"payment:{tail}",
                )
            else:
                parts.insert(1, "Ingen förfallodag: fakturans datum behöver bestämmas.")
                self.undated(
                    "invoice",
                    f"invoice:{tail}",
                    title,
                    p.window,
                    covers=p.period,
                    owners=(p.payee,),
                    description=" ".join(parts),
                    amount=p.amount,
                    implied=f"payment:{tail}",
                )

    # -- cure periods --------------------------------------------------------------------------

    def cure_events(self) -> None:
        if not self.remarks:
            return
        t = self.a.clauses.termination
        for r in self.remarks:
            if r.against is not None:
                owners: tuple[str, ...] = (r.against,)
            else:
                giver = self.a.party(r.by)
                owners = tuple(p for p in self.parties if giver is None or p != giver.id)
            said = f" ({_one_line(r.note)})" if r.note else ""
            remark = (
                f"Skriftlig anmärkning {r.date.isoformat()} från {self.a.display_name(r.by)}{said}."
            )
            key = f"cure:{r.date.isoformat()}"
            if t is not None and t.cure_days:
                due = r.date + timedelta(days=t.cure_days)
                then = (
                    " annars får överenskommelsen hävas med omedelbar verkan."
                    if t.immediate_on_breach
                    else ""
                )
                self.dated(
                    "cure",
                    key,
                    f"Sista dag för rättelse efter anmärkning {r.date.isoformat()}",
                    due,
                    covers=None,
                    owners=owners,
                    description=f"{remark} Rättelse ska ske inom {t.cure_days} dagar;{then}".rstrip(
                        ";"
                    ),
                )
            else:
                how = (
                    "utan dröjsmål"
                    if t is not None and t.cure_without_delay
                    else "(överenskommelsen anger ingen frist)"
                )
                self.undated(
                    "cure",
                    key,
                    f"Rättelse efter anmärkning {r.date.isoformat()}",
                    (r.date, None),
                    covers=None,
                    owners=owners,
                    description=f"{remark} Rättelse ska ske {how}. Behöver ett datum.",
                )


# --- small helpers ------------------------------------------------------------------------------


def _agreement_name(agreement: Agreement) -> str:
    names = [p.name for p in agreement.parties if p.kind == "non_profit"]
    return " och ".join(names) if names else agreement.id


def _one_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _month(m: int) -> str:
    from iopctl.sv import month_name

    return month_name(m)


def _clamped(year: int, month: int, day: int) -> date:
    """A day of the year, clamped to the month's last day (only 29 February could need it)."""
    from iopctl.datemath import last_day_of_month

    return min(date(year, month, 1) + timedelta(days=day - 1), last_day_of_month(year, month))


def _label(start: date, end: date | None) -> str:
    if end is None:
        return f"{start.isoformat()}–"
    if end < start:
        return f"{start.isoformat()}–{end.isoformat()}"
    return period_label(start, end)


def _spans(
    cadence: str, first: date, last: date | None, months: int, limit: date
) -> Iterator[tuple[int, str, date, date]]:
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


def _titled(title: str, year: int, part: str) -> str:
    """'Verksamhetsberättelse 2025', 'Halvårsrapport, H1 2021'; a comma after a final digit."""
    if part:
        return f"{title}, {part[5:]} {year}"
    return f"{title}, {year}" if title[-1:].isdigit() else f"{title} {year}"


def _prorated(n: int, per_year: int, label: str) -> str:
    if n == per_year:
        return ""
    return f" För {label} räknas {n} av {per_year} (i proportion till månaderna; läsning)."


def _count_text(n: int, minimum: bool) -> str:
    return f" {'Minst ' if minimum else ''}{n} gånger per år."


def _obligation_text(agreement: Agreement, o: Obligation) -> str:
    parts = []
    if o.recipient:
        parts.append(f"Till {agreement.display_name(o.recipient)}.")
    if o.description:
        parts.append(_one_line(o.description))
    return " ".join(parts)
