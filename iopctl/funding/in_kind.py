"""Contributions in kind: listed beside the payments with their own basis line, never given an invented value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.funding.basis import Basis, kr_text, span_text
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement


@dataclass(frozen=True, slots=True)
class InKindLine:
    """A contribution other than money, listed beside the payments (no invented value)."""

    agreement: str
    id: str
    giver: str
    giver_name: str
    receiver: str | None
    receiver_name: str | None
    description: str
    from_date: date | None
    to_date: date | None
    value_per_year: Decimal | None
    """Only when the agreement gives one."""
    arrangement: str | None
    basis: Basis
    window: tuple[date, date | None] = (date.min, None)
    """When it applies: its own dates, else the agreement period (None: open-ended)."""

    def as_json(self) -> dict[str, Any]:
        """Stable key order for JSON."""
        return {
            "agreement": self.agreement,
            "id": self.id,
            "giver": self.giver,
            "giver_name": self.giver_name,
            "receiver": self.receiver,
            "receiver_name": self.receiver_name,
            "description": self.description,
            "from": self.from_date.isoformat() if self.from_date else None,
            "to": self.to_date.isoformat() if self.to_date else None,
            "value_per_year": format(self.value_per_year, "f") if self.value_per_year is not None else None,
            "arrangement": self.arrangement,
            "basis": self.basis.as_json(),
            "window": [
                self.window[0].isoformat(),
                self.window[1].isoformat() if self.window[1] else None,
            ],
        }


def in_kind_lines(agreement: Agreement) -> list[InKindLine]:
    """The agreement's contributions in kind, with a money value only when it states one."""
    lines: list[InKindLine] = []
    for c in agreement.funding.in_kind:
        receiver_name = agreement.display_name(c.receiver) if c.receiver else None
        span = ""
        if c.from_date and c.to_date:
            span = f" ({span_text(c.from_date, c.to_date)})"
        elif c.from_date:
            span = f" (från {sv.date_long(c.from_date)})"
        elif c.to_date:
            span = f" (till och med {sv.date_long(c.to_date)})"
        value = (
            f"; värderad till {kr_text(c.value_per_year)} per år"
            if c.value_per_year is not None
            else "; inget värde angivet"
        )
        text = f"insats i annan form: {c.description}{span}{value}"
        details: dict[str, Any] = {"value_per_year": c.value_per_year}
        if c.arrangement:
            details["arrangement"] = c.arrangement
        lines.append(
            InKindLine(
                agreement=agreement.id,
                id=c.id,
                giver=c.giver,
                giver_name=agreement.display_name(c.giver),
                receiver=c.receiver,
                receiver_name=receiver_name,
                description=c.description,
                from_date=c.from_date,
                to_date=c.to_date,
                value_per_year=c.value_per_year,
                arrangement=c.arrangement,
                basis=Basis("in_kind", text, details),
                window=(c.from_date or agreement.period.start, c.to_date or agreement.period.end),
            )
        )
    return lines
