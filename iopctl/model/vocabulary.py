"""The closed vocabularies agreements, policy files, deadlines and the CLI share, each listed once.

A kind, cadence or shift policy is spelt in one place: a `Literal` type (so mypy checks every
comparison and mapping key, and pydantic and the JSON Schema offer exactly these words) and a
tuple of its values in the same order (for listings, error messages and menus). Mappings keyed
by them (titles, reminders, month counts) live with their meaning and are typed with these.
The order of each `Literal` is the order the JSON Schema and outputs list the values in.
"""

from typing import Literal, get_args

__all__ = [
    "CADENCES",
    "EVENT_KINDS",
    "OBLIGATION_KINDS",
    "SHIFT_POLICIES",
    "Cadence",
    "EventKind",
    "ObligationKind",
    "ShiftPolicy",
]

EventKind = Literal[
    "start", "amendment", "review", "reminder", "notice", "report", "plan", "invoice", "payment", "meeting",
    "follow_up_meeting", "information_meeting", "training", "other", "cure", "termination", "end",
]  # fmt: skip
"""Every kind of deadline event, in the order events of one day are listed."""

EVENT_KINDS: tuple[EventKind, ...] = get_args(EventKind)

ObligationKind = Literal["report", "plan", "meeting", "follow_up_meeting", "training", "information_meeting", "other"]
"""What an obligation (`Obligation.kind`) is; each is also an event kind (mypy sees an obligation's
kind handed to the deadline builder as one)."""

OBLIGATION_KINDS: tuple[ObligationKind, ...] = get_args(ObligationKind)

Cadence = Literal["once", "yearly", "half_yearly", "quarterly", "times_per_year"]
"""How often an obligation or the steering group's meetings recur."""

CADENCES: tuple[Cadence, ...] = get_args(Cadence)

ShiftPolicy = Literal["previous", "next", "none"]
"""The reminder for a date on a non-working day (`date_policy`): the working day before, the
one after, or none; the legal last day is the next working day whatever the policy."""

SHIFT_POLICIES: tuple[ShiftPolicy, ...] = get_args(ShiftPolicy)
