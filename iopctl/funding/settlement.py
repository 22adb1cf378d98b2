"""Planned against paid (avstämning): each planned payment with what `_records/` says was paid.

The one place that says what was paid: `iopctl funding --paid`, `iopctl status` and the
follow-up pack all read it. Pure: payments, records and `today` in, plain dataclasses out.

Per payment (matched by its key, `payment:<commitment>:<payer>:<year>:<instalment>`, the key
deadlines and `_records/` use): planned (None when the agreement does not state the amount),
paid (the exact sum of the payments recorded against the key), outstanding (planned less
paid, never below 0), overpaid (paid less planned, when more was paid), and the legal last day
(the due date moved by skuldebrevslagen 5 § to the next weekday, never earlier). A payment is
*overdue* when money is still outstanding and its legal last day is before `today`; it is
*underpaid* when something but not all was paid. So ``paid + outstanding == planned`` for a
payment that is not overpaid, and ``paid - overpaid == planned`` for one that is.

Totals per key of a view (agreement, payer or year) and budget year add up their payments'
figures exactly; a total with an amount not stated says it is incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.money import ZERO

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.records import Records

__all__ = [
    "STATUSES",
    "Settled",
    "SettledTotal",
    "paid_by_key",
    "payment_key",
    "settle",
    "settled_totals",
]

STATUSES = ("paid", "underpaid", "overpaid", "unpaid", "overdue", "not-stated")
"""A settled payment's status: paid in full, part paid, more than planned, nothing paid yet,
outstanding after its legal last day, or the planned amount is not stated."""


def payment_key(p: Payment) -> str:
    """The key of a planned payment, as deadlines and `_records/` files name it."""
    return p.event_key


def paid_by_key(records: Records | None) -> dict[str, Decimal]:
    """Kronor recorded as paid (`_records/` payments), summed exactly per planned payment's key."""
    out: dict[str, Decimal] = {}
    if records is not None:
        for made in records.payments:
            out[made.key] = out.get(made.key, ZERO) + made.amount
    return out


@dataclass(frozen=True, slots=True)
class Settled:
    """One planned payment against what was paid."""

    payment: Payment
    key: str
    paid: Decimal
    paid_on: tuple[date, ...]
    """The days money was paid, in order."""
    references: tuple[str, ...]
    last_day: date | None
    """Legal last day (skuldebrevslagen 5 §); None when the payment has no due date."""
    overdue: bool

    @property
    def planned(self) -> Decimal | None:
        """The planned amount; None when the agreement does not state it."""
        return self.payment.amount

    @property
    def outstanding(self) -> Decimal | None:
        """Still to pay (never below 0); None when the planned amount is not stated."""
        planned = self.payment.amount
        return None if planned is None else max(planned - self.paid, ZERO)

    @property
    def overpaid(self) -> Decimal:
        """Paid beyond the planned amount (0 when not overpaid or not stated)."""
        planned = self.payment.amount
        return ZERO if planned is None else max(self.paid - planned, ZERO)

    @property
    def status(self) -> str:
        """One of `STATUSES`."""
        planned = self.payment.amount
        if planned is None:
            return "not-stated"
        if self.paid > planned:
            return "overpaid"
        if self.paid == planned:
            return "paid"
        if self.overdue:
            return "overdue"
        return "underpaid" if self.paid > ZERO else "unpaid"

    def as_json(self) -> dict[str, Any]:
        """Stable keys; amounts as strings to the öre, None for an amount not stated."""
        p = self.payment
        outstanding = self.outstanding
        return {
            "key": self.key,
            "agreement": p.agreement,
            "payer": p.payer,
            "payee": p.payee,
            "year": p.year,
            "period": p.period,
            "due": p.due.isoformat() if p.due else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "planned": _text(self.planned),
            "paid": _text(self.paid),
            "outstanding": _text(outstanding),
            "overpaid": _text(self.overpaid),
            "status": self.status,
            "overdue": self.overdue,
            "paid_on": [d.isoformat() for d in self.paid_on],
            "references": list(self.references),
        }


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else format(amount, "f")


def settle(payments: Iterable[Payment], records: Records | None, *, today: date) -> list[Settled]:
    """Each payment with what was paid against its key, in the payments' order.

    `records` are the agreement's (or None); several agreements' payments can be settled in
    one call only when their records are merged, so callers settle one agreement at a time.
    """
    from iopctl.dates.workdays import LastDayRule, legal_dates

    made_by_key: dict[str, list[tuple[date, Decimal, str | None]]] = {}
    if records is not None:
        for made in records.payments:
            made_by_key.setdefault(made.key, []).append((made.date, made.amount, made.reference))
    out: list[Settled] = []
    for p in payments:
        key = payment_key(p)
        paid_list = sorted(made_by_key.get(key, []), key=lambda m: m[0])
        paid = sum((m[1] for m in paid_list), start=ZERO)
        last = legal_dates(p.due, LastDayRule.PAYMENT).last_day if p.due is not None else None
        owing = p.amount is not None and paid < p.amount
        out.append(
            Settled(
                payment=p,
                key=key,
                paid=paid,
                paid_on=tuple(m[0] for m in paid_list),
                references=tuple(m[2] for m in paid_list if m[2]),
                last_day=last,
                overdue=owing and last is not None and last < today,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class SettledTotal:
    """Planned, paid, outstanding and overpaid summed for one key of a view and one budget year."""

    key: tuple[str, ...]
    year: int
    names: tuple[str, ...]
    planned: Decimal
    """The sum of the stated planned amounts (`complete` says whether every one is stated)."""
    paid: Decimal
    outstanding: Decimal
    overpaid: Decimal
    payments: int
    overdue: int
    complete: bool

    def as_json(self, by: str) -> dict[str, Any]:
        row: dict[str, Any] = {}
        if by == "agreement":
            row["agreement"] = self.key[0]
        elif by == "payer":
            row["payer"] = self.key[0]
            row["payer_name"] = self.names[0] if self.names else self.key[0]
        row.update(
            year=self.year,
            planned=format(self.planned, "f"),
            paid=format(self.paid, "f"),
            outstanding=format(self.outstanding, "f"),
            overpaid=format(self.overpaid, "f"),
            payments=self.payments,
            overdue=self.overdue,
            complete=self.complete,
        )
        return row


def settled_totals(settled: Sequence[Settled], by: str) -> list[SettledTotal]:
    """Sums per agreement and year, per payer and year (the budget view), or per year."""
    from iopctl.funding.views import group_by_view

    groups, names = group_by_view(settled, by, lambda s: s.payment)
    out = [
        SettledTotal(
            key=key,
            year=year,
            names=names.get(key, ()),
            planned=sum((s.planned for s in group if s.planned is not None), start=ZERO),
            paid=sum((s.paid for s in group), start=ZERO),
            outstanding=sum((s.outstanding for s in group if s.outstanding is not None), start=ZERO),
            overpaid=sum((s.overpaid for s in group), start=ZERO),
            payments=len(group),
            overdue=sum(s.overdue for s in group),
            complete=all(s.planned is not None for s in group),
        )
        for (key, year), group in groups.items()
    ]
    out.sort(key=lambda t: (t.year,) if by == "year" else (t.key, t.year))
    return out
