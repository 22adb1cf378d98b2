"""The event-key grammar: what a key in a records file may say, checked against the agreement.

A key names one event: its kind, then the parts that kind needs (`review:2026-06-30`,
`payment:COMMITMENT:PAYER:2025:1`, `payment:COMMITMENT~PAYEE:PAYER:2025:1` for one of several
payees, `report:ID:2025-H1`, `meeting:styrgrupp:2025:2`).
`iopctl.rules.records` and `iopctl record` use `key_problem`; the event sources build keys
of the same shape.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iopctl.deadlines.event import KIND_RANK
from iopctl.model.vocabulary import EVENT_KINDS

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement


STEERING_GROUP_ID = "styrgrupp"
"""The middle part of steering-group meeting keys."""

REMINDER_KEYS = ("renewal_decision", "review")
"""The second part of a policy reminder's key (`FixedTermReminder.what`)."""

_PERIOD_PART = re.compile(r"[0-9]{4}(-H[12]|-Q[1-4])?")
_DATE_PART = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def key_problem(agreement: Agreement, key: str) -> str | None:
    """Why `key` cannot name an event of this agreement (None when it can), for records files."""
    parts = key.split(":")
    kind = parts[0]
    if kind not in KIND_RANK:
        return f"unknown event kind '{kind}' in key '{key}'; kinds: {', '.join(EVENT_KINDS)}"
    if kind in ("start", "end"):
        return None if len(parts) == 1 else f"key '{key}' should be just '{kind}'"
    if kind == "amendment":
        if len(parts) != 2 or parts[1] not in {str(m.number) for m in agreement.amendments}:
            return f"key '{key}' should be 'amendment:N', N an amendment's number"
        return None
    if kind == "reminder":
        if len(parts) != 2 or parts[1] not in REMINDER_KEYS:
            return f"key '{key}' should be 'reminder:renewal_decision' or 'reminder:review'"
        return None
    if kind in ("review", "notice", "cure", "termination"):
        if len(parts) != 2 or not _DATE_PART.fullmatch(parts[1]):
            return f"key '{key}' should be '{kind}:YYYY-MM-DD'"
        if kind == "review" and parts[1] not in {r.by.isoformat() for r in agreement.period.reviews}:
            return f"the agreement has no review by {parts[1]}"
        if kind == "notice" and agreement.period.renewal is None:
            return "the agreement does not renew itself, so it has no notice days"
        return None
    if kind in ("payment", "invoice"):
        if len(parts) != 5 or not parts[3].isdigit() or not parts[4].isdigit():
            return f"key '{key}' should be '{kind}:COMMITMENT:PAYER:YEAR:N'"
        return _payment_problem(agreement, parts)
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


def _payment_problem(agreement: Agreement, parts: list[str]) -> str | None:
    """A payment key's commitment (with its payee when it has several, divided), and its payer.

    Units of one party that share a commitment pay as that party: the key names the party."""
    name, _, payee = parts[1].partition("~")
    commitment = next((c for c in agreement.funding.commitments if c.id == name), None)
    if commitment is None:
        return f"the agreement has no commitment '{name}'"
    divided = len(commitment.payees) > 1 and commitment.payee_split != "unknown"
    if divided and payee not in commitment.payee_ids():
        return (
            f"commitment '{name}' has several payees: name one as '{name}~PAYEE' ({', '.join(commitment.payee_ids())})"
        )
    if not divided and payee:
        return f"commitment '{name}' has no payees of its own to name after '~'"
    from iopctl.funding.schedule import paying_party

    party = paying_party(agreement, commitment)
    if party is not None:
        if parts[2] != party:
            return f"units of {party} pay commitment '{name}' together: the key names '{party}'"
        return None
    if parts[2] not in {p.payer for p in commitment.payers}:
        return f"'{parts[2]}' does not pay commitment '{name}'"
    return None
