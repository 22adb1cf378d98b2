"""The amendment history in the consolidated draft: each amendment in force, its date and decision."""

from __future__ import annotations

from typing import Any

from iopctl.model.agreement import Agreement, Amendment
from iopctl.swedish import format as sv


def decision_words(m: Amendment) -> str | None:
    """Who decided an amendment, when and in which paragraph, "Kommunstyrelsen den 1 mars 2025, § 12"."""
    if m.decision is None:
        return None
    when = f" den {sv.date_long(m.decision.date)}" if m.decision.date else ""
    section = f", {m.decision.paragraph}" if m.decision.paragraph else ""
    return f"{m.decision.body}{when}{section}"


def history(agreement: Agreement) -> list[dict[str, Any]]:
    """The amendments in number order, for the consolidated draft's history."""
    from iopctl.model.amendments import in_force

    return [
        {
            "number": str(m.number),
            "title": m.title,
            "effective": sv.date_long(m.effective),
            "decision": decision_words(m),
        }
        for m in in_force(agreement)
    ]
