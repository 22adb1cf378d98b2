"""Payments due a time after an event of the agreement: 'senast 30 dagar efter godkänd redovisning'.

A commitment whose plan says `after: {obligation, event, months, days}` has no due day of its
own. Each payment is dated from what `_records/` says of that obligation's event for the same
period (its report for the payment's period or year, or the one-off report): the approval
date (`approved`) or the day it was received (`done`; an approval counts as received), plus
the months (lag 1930:173 month arithmetic) and days. Until the event is recorded the payment
stays *needs a date*, and its basis line says what it waits for. Pure: the schedule's
payments, the agreement and its records in, payments out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import DueAfterEvent
    from iopctl.model.obligations import Obligation
    from iopctl.model.records import RecordEntry, Records
    from iopctl.model.series_store import SeriesStore

__all__ = ["date_after_events", "dated_schedule"]

_EVENT_WORDS = {"approved": ("godkänd", "godkännandet"), "done": ("inkommen", "mottagandet")}


def dated_schedule(
    agreement: Agreement,
    series: SeriesStore,
    records: Records | None,
    *,
    until: date | None = None,
    since: date | None = None,
) -> list[Payment]:
    """`payment_schedule`, with payments due after an event dated from `records`."""
    from iopctl.funding.schedule import payment_schedule

    payments = payment_schedule(agreement, series, until=until, since=since)
    return date_after_events(agreement, payments, records)


def date_after_events(agreement: Agreement, payments: Sequence[Payment], records: Records | None) -> list[Payment]:
    """Each payment whose commitment is due after an event, dated when the event is recorded."""
    rules = {c.id: c.payments.after for c in agreement.funding.commitments if c.payments.after is not None}
    if not rules:
        return list(payments)
    entries = records.by_key() if records is not None else {}
    obligations = {o.id: o for o in agreement.obligations}
    out = []
    for p in payments:
        rule = rules.get(p.commitment)
        o = obligations.get(rule.obligation) if rule is not None else None
        out.append(p if rule is None or o is None else _dated(agreement, p, rule, o, entries))
    return out


def _dated(
    agreement: Agreement, p: Payment, rule: DueAfterEvent, o: Obligation, entries: dict[str, RecordEntry]
) -> Payment:
    from iopctl.dates.arithmetic import add_months
    from iopctl.funding.basis import Basis
    from iopctl.funding.schedule import ordered_flags

    base = f"{o.kind}:{o.id}"
    key = next((k for k in (f"{base}:{p.period}", f"{base}:{p.year}", base) if k in entries), None)
    entry = entries.get(key) if key is not None else None
    when = None if entry is None else entry.approved if rule.event == "approved" else entry.done or entry.approved
    adjective, noun = _EVENT_WORDS[rule.event]
    offset = _offset_words(rule)
    about = f"{o.title} {p.period}"
    details = {**p.basis.details, "due_after": {**rule.model_dump(), "key": key or f"{base}:{p.period}"}}
    flags = [f for f in p.flags if f not in ("needs-date", "due-before-start", "outside-period")]
    if when is None:
        reason = f"{noun} av {about} är inte registrerat"
        text = f"{p.basis.text}; förfaller {offset} {adjective} {about} (datum saknas: {reason})"
        details["needs_date_reason"] = reason
        basis = Basis(p.basis.kind, text, details)
        return replace(p, due=None, basis=basis, flags=ordered_flags((*flags, "needs-date")))
    due = add_months(when, rule.months) + timedelta(days=rule.days)
    text = f"{p.basis.text}; förfaller {offset} {adjective} {about} ({adjective} {when.isoformat()})"
    if due < agreement.period.start:
        flags.append("due-before-start")
    elif agreement.period.end is not None and due > agreement.period.end:
        flags.append("outside-period")
    return replace(p, due=due, basis=Basis(p.basis.kind, text, details), flags=ordered_flags(tuple(flags)))


def _offset_words(rule: DueAfterEvent) -> str:
    """'30 dagar efter', '1 månad och 15 dagar efter', 'samma dag som'."""
    parts = []
    if rule.months:
        parts.append(f"{rule.months} {'månad' if rule.months == 1 else 'månader'}")
    if rule.days:
        parts.append(f"{rule.days} {'dag' if rule.days == 1 else 'dagar'}")
    return " och ".join(parts) + " efter" if parts else "samma dag som"
