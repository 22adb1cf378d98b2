"""Due rules relative to another event (`DueRelative`): 'senast 30 dagar efter att årsrapporten
godkänts', 'två veckor före styrgruppsmötet'.

The other event is the named obligation's event of the same period (the same key suffix: both
have one cadence, which validate checks), or the steering group's meeting. Its day is its date
by its own due rule, else the date `_records/` sets for it (`scheduled`), or, when the rule
counts from it, the day `_records/` says it was done or approved. Months are counted first, by
lag (1930:173) 1 § (`add_months`), then weeks and days. While that day is unknown the event
needs a date and says why, in Swedish; it is never given an invented one. A chain that loops
back (refused by validate) or names nothing gives no date either.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import add_months
from iopctl.dates.workdays import FIRST_YEAR
from iopctl.deadlines.keys import STEERING_GROUP_ID

if TYPE_CHECKING:
    from collections.abc import Callable

    from iopctl.deadlines.builder import EventBuilder
    from iopctl.model.agreement import Agreement
    from iopctl.model.obligations import DueRelative, Obligation, SteeringGroup

    NominalOf = Callable[[EventBuilder, Obligation, date | None, str, str, frozenset[str]], tuple[date | None, str]]
    """`iopctl.deadlines.obligations._nominal`: the other obligation's date by its own rule."""

__all__ = ["is_single", "offset_text", "relative_date", "relative_window", "target"]

_FROM = {"done": "registrerades som klar", "approved": "godkändes"}
_FIRST_DAY = date(FIRST_YEAR, 1, 1)


def target(a: Agreement, ident: str) -> Obligation | SteeringGroup | None:
    """The obligation (or, for 'styrgrupp', the steering group) a relative rule names."""
    for o in a.obligations:
        if o.id == ident:
            return o
    if ident == STEERING_GROUP_ID:
        return a.steering_group
    return None


def is_single(a: Agreement, o: Obligation, seen: frozenset[str] = frozenset()) -> bool:
    """Whether an obligation gives one event for the whole agreement rather than one per period:
    once, a stated date, a day before the agreement's end, or relative to such an event."""
    from iopctl.model.obligations import Obligation

    due = o.due
    if due.rule == "relative":
        other = target(a, due.to)
        if isinstance(other, Obligation) and other.id not in seen and other.id != o.id:
            return is_single(a, other, seen | {o.id})
        if other is not None and not isinstance(other, Obligation):
            return other.meetings_cadence == "once"
        return o.cadence == "once"
    return due.rule == "date" or o.cadence == "once" or (due.rule == "before_end" and due.of == "agreement")


def offset_text(due: DueRelative) -> str:
    """'30 dagar efter', '2 veckor före', '1 månad och 3 dagar efter' ('samma dag som' for none)."""
    parts = []
    if due.months:
        parts.append(f"{due.months} {'månad' if due.months == 1 else 'månader'}")
    if due.weeks:
        parts.append(f"{due.weeks} {'vecka' if due.weeks == 1 else 'veckor'}")
    if due.days:
        parts.append(f"{due.days} {'dag' if due.days == 1 else 'dagar'}")
    if not parts:
        return "samma dag som"
    return f"{' och '.join(parts)} {'före' if due.direction == 'before' else 'efter'}"


def _moved(day: date, due: DueRelative) -> date:
    sign = -1 if due.direction == "before" else 1
    return add_months(day, sign * due.months) + sign * timedelta(days=due.weeks * 7 + due.days)


def relative_date(
    b: EventBuilder,
    o: Obligation,
    e: date | None,
    label: str,
    suffix: str,
    seen: frozenset[str],
    nominal_of: NominalOf,
) -> tuple[date | None, str]:
    """The day a relative rule gives for the period ending `e` (key suffix `suffix`), and how it
    was counted; or None and why there is none yet, in Swedish."""
    from iopctl.model.obligations import Obligation

    due = o.due
    assert due.rule == "relative"
    other = target(b.a, due.to)
    if other is None or due.to in seen or due.to == o.id:
        return None, f"Regeln räknar från ”{due.to}”, som inte ger något datum."
    if isinstance(other, Obligation):
        single = is_single(b.a, other, seen | {o.id})
        key = f"{other.kind}:{other.id}" + ("" if single or not suffix else f":{suffix}")
        name = f"{other.title} ({key})"
    else:
        key = f"meeting:{STEERING_GROUP_ID}" + (f":{suffix}" if suffix else "")
        name = f"styrgruppens möte ({key})"
    record = b.records.get(key)
    day: date | None = None
    if due.counted_from == "date":
        if isinstance(other, Obligation):
            other_end = other.covers.end if single and other.covers is not None else e
            if single and other.covers is None:
                other_end = b.a.period.end
            day, _ = nominal_of(b, other, other_end, label, suffix, seen | {o.id})
        if day is None and record is not None and record.scheduled is not None:
            day = record.scheduled
        said = name
        missing = ", som ännu inte har något datum (scheduled i _records/)"
    else:
        if record is not None:
            day = record.done if due.counted_from == "done" else record.approved
        said = f"den dag då {name} {_FROM[due.counted_from]}"
        missing = f"; den dagen är ännu inte registrerad ({due.counted_from} i _records/)"
    if day is None:
        return None, f"Räknas {offset_text(due)} {said}{missing}."
    nominal = _moved(day, due)
    if nominal < _FIRST_DAY:
        return None, f"Räknas {offset_text(due)} {said}, {day.isoformat()}: före {FIRST_YEAR}."
    how = f"{offset_text(due)} {said}, {day.isoformat()}: {nominal.isoformat()}"
    if due.months:
        how += " (månaderna enligt lag 1930:173 1 §)"
    return nominal, how[0].upper() + how[1:] + "."


def relative_window(
    a: Agreement, o: Obligation, span: tuple[date, date | None], period_months: int
) -> tuple[date, date | None]:
    """Where a relative event without a day yet belongs: where the other event belongs (its
    period; the period after or before it for an undated 'after' or 'inför' event; a period
    more for the day it is done or approved), moved by the rule's offset."""
    from iopctl.model.obligations import Obligation

    due = o.due
    assert due.rule == "relative"
    s, e = span
    other = target(a, due.to)
    window = other.due.window if isinstance(other, Obligation) and other.due.rule == "undated" else "during"
    first: date = s
    last: date | None = e
    if window == "after" and e is not None:
        first, last = e + timedelta(days=1), add_months(e, period_months)
    elif window == "before":
        first, last = add_months(s, -period_months), s - timedelta(days=1)
    if due.counted_from != "date" and last is not None:
        last = add_months(last, period_months)
    first = max(_moved(first, due), _FIRST_DAY)
    return first, (_moved(last, due) if last is not None else None)
