"""Local policy as data: term limits and date-shift rules, read from `_policy.yaml` beside the agreements.

Municipal guidelines differ (Lund's social committee allows at most three years), so they
are configuration, not code. The file sits in the agreements folder (or any folder above an
agreement file); without one, the built-in defaults apply.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from iopctl.model.base import Strict, new_dict, new_list
from iopctl.model.scalars import Count, Months, Text
from iopctl.model.vocabulary import EventKind, ShiftPolicy

DEFAULT_DATE_POLICY: dict[EventKind, ShiftPolicy] = {
    "notice": "previous",
    "report": "previous",
    "plan": "previous",
    "invoice": "previous",
    "review": "previous",
    "reminder": "none",
    "training": "previous",
    "cure": "previous",
    "termination": "none",
    "payment": "next",
    "meeting": "none",
    "follow_up_meeting": "none",
    "information_meeting": "none",
    "start": "none",
    "amendment": "none",
    "end": "none",
    "other": "previous",
}
"""The reminder per kind: `previous` gives one on the working day before a nominal date that is
not a working day (the safe date to aim for); `next` and `none` give none. The legal last day
is never chosen here: it is the next working day by law (`iopctl.dates.workdays.legal_dates`)."""


class TermLimit(Strict):
    """A local rule capping an agreement's length for agreements a given public party signs."""

    party_name: Text = Field(description="Name of the public party (or its legal entity) the rule binds.")
    max_years: Count = Field(description="Longest allowed term in years.")
    source: Text = Field(description="The decision the rule comes from, e.g. 'riktlinjer 2020-11-11 §167'.")


class FixedTermReminder(Strict):
    """A local rule: remind the public party, N months before a fixed-term agreement ends, to
    decide on a renewal (beslut om förlängning) or to review the agreement (översyn).

    A reminder, not a deadline: no law gives it a last day, and the agreement is not changed
    by it. Months by lag (1930:173) 1 § (six months before 31 May is 30 November).
    """

    what: Literal["renewal_decision", "review"] = Field(
        description="renewal_decision (beslut om förlängning) or review (översyn)."
    )
    months_before_end: Months = Field(description="Months before the agreement's last day, e.g. 6.")
    party_name: Text | None = Field(
        None,
        description="Only agreements this public party (or its legal entity) signs; default: every fixed-term one.",
    )
    source: Text | None = Field(None, description="The decision or guideline the rule comes from.")


class Policy(Strict):
    """The contents of `_policy.yaml`."""

    term_limits: list[TermLimit] = Field(default_factory=new_list, description="Local term limits.")
    reminders: list[FixedTermReminder] = Field(
        default_factory=new_list,
        description="Reminders before a fixed-term agreement ends (renewal decision, review).",
    )
    date_policy: dict[EventKind, ShiftPolicy] = Field(
        default_factory=new_dict,
        description=(
            "Per event kind, the reminder (påminnelse) for a deadline on a non-working day:"
            " previous (the working day before), next or none (no reminder; the legal last day"
            " is always the next working day); overrides the defaults."
        ),
    )

    def shift_rule(self, kind: EventKind, agreement_policy: dict[str, ShiftPolicy] | None = None) -> ShiftPolicy:
        """The rule for an event kind: the agreement's own, else this file's, else the default."""
        if agreement_policy and kind in agreement_policy:
            return agreement_policy[kind]
        if kind in self.date_policy:
            return self.date_policy[kind]
        return DEFAULT_DATE_POLICY.get(kind, "none")


def default_policy() -> Policy:
    """The defaults, when there is no `_policy.yaml` (or it cannot be used).

    Built without validation (there is nothing to validate), so a folder without a policy
    file does not pay for building the Policy model's validator (~5 ms of a start).
    """
    return Policy.model_construct()
