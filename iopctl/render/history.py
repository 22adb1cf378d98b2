"""(moved from iopctl.render.amendment)"""

from __future__ import annotations

from typing import Any

from iopctl.model.agreement import Agreement, Amendment
from iopctl.swedish import format as sv


def _decision(m: Amendment) -> str | None:
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
            "decision": _decision(m),
        }
        for m in in_force(agreement)
    ]
