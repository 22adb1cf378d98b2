"""Which facts each generated document section writes, and whether an agreement holds them.

Below `render/` on purpose: `validate` refuses a listed section with nothing to show (rule
`sections-have-data` in `iopctl.rules.facts`), so `render` never fails on it after a clean
validate; the draft's section builder asks the same question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement

__all__ = ["has_facts", "what_it_needs"]


def has_facts(kind: str, a: Agreement) -> bool:
    """Whether the agreement holds the facts a generated section writes."""
    c = a.clauses
    return {
        "parties": True,
        "contacts": any(p.contacts for p in a.parties),
        "period": True,
        "economy": bool(a.funding.commitments or a.funding.in_kind),
        "follow_up": bool(a.obligations),
        "steering_group": a.steering_group is not None,
        "goals": bool(a.goals),
        "termination": c.termination is not None,
        "renegotiation": c.renegotiation is not None,
        "disputes": c.disputes is not None,
        "gdpr": c.gdpr is not None,
        "assignment": c.assignment is not None,
        "state_aid": c.state_aid is not None and c.state_aid.non_economic,
        "approval": a.period.conditional_on_approval,
        "signatures": bool(a.signatories),
    }[kind]


def what_it_needs(kind: str) -> str:
    """What a generated section of `kind` needs in the file, for the message that it is missing."""
    return _NEEDS.get(kind, "its facts")


_NEEDS = {
    "contacts": "contacts on a party",
    "economy": "funding commitments or contributions in kind",
    "follow_up": "obligations",
    "steering_group": "steering_group",
    "goals": "goals",
    "termination": "clauses.termination",
    "renegotiation": "clauses.renegotiation",
    "disputes": "clauses.disputes",
    "gdpr": "clauses.gdpr",
    "assignment": "clauses.assignment",
    "state_aid": "clauses.state_aid with non_economic: true",
    "approval": "period.conditional_on_approval: true",
    "signatures": "signatories",
}
