"""The deadline calendar: every date an agreement sets (or leaves open), so none goes unnoticed.

Pure: an agreement, its policy, its payments (from `iopctl.funding.schedule`, the one source of truth
for money) and its fulfilment records (`iopctl.model.records`) in; a sorted list of `Event` out.
`today` is a parameter, never the clock.

Events, their stable keys and Swedish titles
--------------------------------------------
- start ``start`` "Avtalstiden börjar"; end ``end`` "Avtalstiden löper ut".
- review ``review:2023-03-01`` "Översyn av överenskommelsen".
- reminder ``reminder:renewal_decision``, ``reminder:review`` (from ``_policy.yaml``
  ``reminders``, fixed-term agreements only) "Påminnelse: beslut om förlängning".
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
  ``before`` it (``inför``: the preceding period of the same length). A date can be set in the
  records file.
- N meetings a year: one undated event per meeting, window the year (clipped to the
  agreement). A part year gets N × months covered / 12 meetings, rounded up.
- Invoices: when payment is made against an invoice, the invoice is due by the payment's due
  day (the agreement gives no invoice day of its own), moved by the ``invoice`` policy; a
  payment recorded as done counts its invoice as done too.
- Cure: a written remark recorded on day D gives a cure deadline D + the agreement's cure days.

Dates: each event keeps its nominal date and gets an effective one by the date policy of its
kind (`Policy.shift_rule`: the agreement's ``date_policy``, else ``_policy.yaml``, else the
defaults), with the reason from `iopctl.dates.workdays.shift`.

Status against ``today``: ``done`` (recorded), ``needs-date`` (no date yet), ``overdue``
(effective date before today), ``due-soon`` (within ``soon_days``), ``later``; events that
are facts rather than duties (start, end and notice days) become ``passed`` instead of
overdue. Without ``today`` nothing is overdue: dated events are ``later``.

Modules: this one is the entry point (the window, `deadlines`); `Event` and the kinds are in
`iopctl.deadlines.event`, the shared event rules in `iopctl.deadlines.builder`, the sources in
`iopctl.deadlines.term`, `iopctl.deadlines.obligations` and `iopctl.deadlines.payments`, the
key grammar (`key_problem`) in `iopctl.deadlines.keys`, the Swedish words in
`iopctl.deadlines.titles`. Every other public name is importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from iopctl.deadlines.builder import EventBuilder
from iopctl.deadlines.event import (
    INFORMATIONAL_KINDS,
    STATUSES,
    Event,
    sort_events,
)
from iopctl.deadlines.obligations import obligation_events, steering_events
from iopctl.deadlines.payments import payment_events
from iopctl.deadlines.reminders import reminder_events
from iopctl.deadlines.term import cure_events, notice_events, period_events
from iopctl.deadlines.titles import KIND_LABELS, STATUS_LABELS
from iopctl.model.vocabulary import EVENT_KINDS

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.policy import Policy
    from iopctl.model.records import Records

__all__ = [
    "EVENT_KINDS",
    "INFORMATIONAL_KINDS",
    "KIND_LABELS",
    "OPEN_ENDED_YEARS",
    "STATUSES",
    "STATUS_LABELS",
    "Event",
    "deadlines",
    "generation_end",
    "query_window",
    "sort_events",
]

OPEN_ENDED_YEARS = 2
"""Without an end to the window, an open-ended agreement's events run to 31 December this many
years after today's year (or the agreement's start year when there is no today)."""


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
    prune: bool = True,
    ordered: bool = True,
) -> list[Event]:
    """The agreement's events between `start` and `end` (inclusive; None = unbounded), sorted.

    A dated event is listed when its nominal or effective date is in the window, an undated
    one when its window overlaps it. With `overdue`, dated events before `start` that are
    overdue against `today` are listed too (the backlog). `prune=False` works out every
    period from the agreement's start instead of skipping those that end well before the
    window (`deadline_builder.needed_from`): the same events, slower. `ordered=False` leaves
    them in the order they were made, for a caller that sorts many agreements' events at once.
    """
    b = EventBuilder(
        agreement,
        start,
        end,
        limit=generation_end(agreement, end, today),
        policy=policy,
        records=records,
        today=today,
        soon_days=soon_days,
        overdue=overdue,
        prune=prune,
    )
    period_events(b)
    notice_events(b)
    reminder_events(b)
    obligation_events(b)
    steering_events(b)
    payment_events(b, payments)
    cure_events(b)
    return sort_events(b.events) if ordered else b.events
