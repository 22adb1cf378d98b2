"""The error rule for due rules relative to another event (`DueRelative`): the event must exist,
pair up with this one period by period, and no chain of such rules may loop back.

Its own module because `iopctl.rules.facts` is full; `facts` imports it last, so it runs after
the other error rules.
"""

from __future__ import annotations

from collections.abc import Iterator

from iopctl.model.agreement import Agreement
from iopctl.model.obligations import Obligation
from iopctl.rules.registry import Context, E, Finding, rule

STEERING_GROUP = "styrgrupp"
"""The name a rule uses for the steering group's meetings (`iopctl.deadlines.keys.STEERING_GROUP_ID`)."""


def _found(i: int, message: str) -> Finding:
    return Finding("due-references", E, ("obligations", i, "due", "to"), message)


@rule(
    "due-references",
    E,
    "A due rule relative to another event must name one that exists, with the same cadence, and no loop.",
)
def due_references(a: Agreement, ctx: Context) -> Iterator[Finding]:
    by_id = {o.id: o for o in a.obligations}
    for i, o in enumerate(a.obligations):
        due = o.due
        if due.rule != "relative":
            continue
        if due.to == o.id:
            yield _found(i, f"'{o.id}' cannot count from its own event")
            continue
        other = by_id.get(due.to)
        if other is None:
            if due.to != STEERING_GROUP:
                known = ", ".join(sorted(by_id)) or "none"
                yield _found(i, f"no obligation '{due.to}' to count from (obligations: {known})")
            elif a.steering_group is None:
                yield _found(i, "the agreement has no steering group (styrgrupp) to count from")
            else:
                sg = a.steering_group
                yield from _pairs(i, o, sg.meetings_cadence, sg.meetings_per_year, "the steering group's meetings")
            continue
        yield from _pairs(i, o, other.cadence, other.times_per_year, f"'{other.id}'")
        loop = _loop(o, by_id)
        if loop:
            yield _found(i, f"due rules count from each other in a loop: {' → '.join(loop)}")


def _pairs(i: int, o: Obligation, cadence: str, per_year: int | None, what: str) -> Iterator[Finding]:
    """The two must have one cadence (and count a year), so their events pair up period by period."""
    if cadence != o.cadence or (cadence == "times_per_year" and per_year != o.times_per_year):
        theirs = f"{cadence}, {per_year} a year" if cadence == "times_per_year" else cadence
        ours = f"{o.cadence}, {o.times_per_year} a year" if o.cadence == "times_per_year" else o.cadence
        yield _found(i, f"{what} recur {theirs}, this obligation {ours}: give both the same cadence")


def _loop(o: Obligation, by_id: dict[str, Obligation]) -> list[str]:
    """The chain from `o` back to itself ([] when it ends elsewhere)."""
    chain = [o.id]
    current = o
    while current.due.rule == "relative" and current.due.to in by_id:
        current = by_id[current.due.to]
        if current.id == o.id:
            return [*chain, o.id]
        if current.id in chain:
            return []  # a loop further on, reported at its own members
        chain.append(current.id)
    return []
