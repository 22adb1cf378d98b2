"""`--party ID`: the treasurer's view of one organisation across agreements.

A party id selects every row in which the party or any of its units takes part: as payer or
payee of a payment, as owner or recipient of an obligation, and the agreement-wide events
(start, end, notice, review) it is a party to. A unit id selects its own party's rows for
that unit: payments the unit makes, obligations the unit owes or receives, and what the party
as a whole owes (start, end, notice, the party's own obligations), but not a sibling unit's
payments or duties. An agreement without the party or unit is left out.

Pure: agreements and rows in, booleans out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from iopctl.deadlines.event import Event
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement

__all__ = ["PartySelector", "known_ids", "selector", "unknown_party_message"]


@dataclass(frozen=True, slots=True)
class PartySelector:
    """Which ids of one agreement count as the selected party (or unit)."""

    ref: str
    ids: frozenset[str]
    """The party's id and its units' ids (a party), or the unit's and its party's (a unit)."""
    agreement: Agreement

    def payment(self, p: Payment) -> bool:
        """The party pays or receives it."""
        return p.payer in self.ids or p.payee in self.ids or bool(self.ids.intersection(p.payees))

    def parts(self, p: Payment) -> list[Payment]:
        """The payment as this selection sees it: a unit sees its own part of its party's
        payment split between units (the budget view), everyone else the payment itself."""
        if not p.split or self.ref not in {u.unit for u in p.split}:
            return [p]
        from iopctl.funding.views import budget_parts

        return [b for b in budget_parts([p]) if b.payer == self.ref]

    def event(self, e: Event) -> bool:
        """The party owes it, receives it, or (payments, invoices) pays or is paid by it."""
        if self.ids.intersection(e.owner_ids):
            return True
        parts = e.key.split(":")
        if e.kind in ("payment", "invoice") and len(parts) == 5:
            name, _, payee = parts[1].partition("~")
            commitment = next((c for c in self.agreement.funding.commitments if c.id == name), None)
            payees = {payee} if payee else set(commitment.payee_ids() if commitment is not None else ())
            return parts[2] in self.ids or bool(self.ids.intersection(payees))
        if len(parts) >= 2:
            obligation_id = parts[1].split("~")[0]
            for o in self.agreement.obligations:
                if o.id == obligation_id and o.kind == e.kind:
                    return o.recipient in self.ids
        return False

    def obligation_ids(self) -> frozenset[str]:
        """Ids of the obligations the party owes or receives."""
        return frozenset(
            o.id for o in self.agreement.obligations if self.ids.intersection(o.owners) or o.recipient in self.ids
        )


def selector(agreement: Agreement, ref: str) -> PartySelector | None:
    """The selector for `ref` in this agreement; None when it is no party or unit of it."""
    for p in agreement.parties:
        if p.id == ref:
            return PartySelector(ref, frozenset({p.id, *(u.id for u in p.units)}), agreement)
        if any(u.id == ref for u in p.units):
            return PartySelector(ref, frozenset({ref, p.id}), agreement)
    return None


def known_ids(agreements: Iterable[Agreement]) -> list[str]:
    """Every party and unit id of the agreements, sorted (for "did you mean")."""
    ids: set[str] = set()
    for a in agreements:
        for p in a.parties:
            ids.add(p.id)
            ids.update(u.id for u in p.units)
    return sorted(ids)


def unknown_party_message(ref: str, known: Iterable[str]) -> str:
    """'no party or unit with id X in the agreements' with a suggestion when one is close."""
    from difflib import get_close_matches

    close = get_close_matches(ref, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"no party or unit with id '{ref}' in the agreements{hint}"
