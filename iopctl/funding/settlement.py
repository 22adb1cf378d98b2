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

Repayment claims (återbetalningskrav, `_records/` `claims`) are listed beside the payments,
not netted against them: a claim is money the payee owes back under a commitment, open until
`repaid` is recorded; what was paid out stays what was paid out (`ClaimLine`, `claims_of`).
A claim is in a date range by the day it was made.

The budget view (`budget_settled`, `--by payer`): a party's payment whose cost its units share
(Kalmar's "delas lika mellan kommunledningskontoret och socialförvaltningen") is settled once,
against the party, as it is paid and recorded; the budget view then gives each unit its part
of what was paid by the same split as the cost (the units' planned parts), so a unit's planned,
paid and outstanding add up as the party's do. Paid in full, each unit has exactly its planned
part; otherwise each recorded payment is divided by the units' parts of the planned sum
(rounded half up to the öre, the last unit the remainder: the parts add up to the payment).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.money import ZERO, round_ore

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.records import Records

__all__ = [
    "STATUSES",
    "STATUS_WORDS",
    "ClaimLine",
    "Settled",
    "SettledTotal",
    "budget_settled",
    "claims_of",
    "paid_by_key",
    "payment_key",
    "settle",
    "settled_totals",
]

STATUSES = ("paid", "paid-late", "underpaid", "overpaid", "unpaid", "overdue", "not-stated")
"""A settled payment's status: paid in full, paid in full but the last of it after the legal
last day, part paid, more than planned, nothing paid yet, outstanding after its legal last
day, or the planned amount is not stated."""

STATUS_WORDS = {
    "paid": "betald",
    "paid-late": "betald för sent",
    "underpaid": "delvis betald",
    "overpaid": "överbetald",
    "unpaid": "ej betald",
    "overdue": "försenad",
    "not-stated": "belopp ej fastställt",
}
"""Each status in Swedish, for tables, spreadsheets and the follow-up pack (JSON keeps the ids)."""


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
    amounts: tuple[Decimal, ...]
    """What was paid on each of those days."""
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
    def settled_on(self) -> date | None:
        """The day the payment was paid in full (the payment that made the sum reach the
        planned amount); None while something is outstanding or the amount is not stated."""
        planned = self.payment.amount
        if planned is None or self.paid < planned:
            return None
        running, day = ZERO, None
        for day, amount in zip(self.paid_on, self.amounts, strict=True):  # noqa: B007 - the last day is kept
            running += amount
            if running >= planned:
                break
        return day

    @property
    def late(self) -> bool:
        """Paid in full, but after the legal last day (skuldebrevslagen 5 §)."""
        on = self.settled_on
        return on is not None and self.last_day is not None and on > self.last_day

    @property
    def status(self) -> str:
        """One of `STATUSES`."""
        planned = self.payment.amount
        if planned is None:
            return "not-stated"
        if self.paid > planned:
            return "overpaid"
        if self.paid == planned:
            return "paid-late" if self.late else "paid"
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
            "settled_on": self.settled_on.isoformat() if self.settled_on else None,
            "late": self.late,
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
                amounts=tuple(m[1] for m in paid_list),
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


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """A repayment claim (återbetalningskrav) of one agreement: open until repaid."""

    agreement: str
    commitment: str
    payee: str
    """Who owes the money back: the commitment's payee (several joined by ', ')."""
    payee_name: str
    made: date
    amount: Decimal
    reason: str | None
    repaid: date | None

    @property
    def status(self) -> str:
        """'repaid' or 'open'."""
        return "repaid" if self.repaid is not None else "open"

    def as_json(self) -> dict[str, Any]:
        """Stable keys; the amount as a string to the öre."""
        return {
            "agreement": self.agreement,
            "commitment": self.commitment,
            "payee": self.payee,
            "date": self.made.isoformat(),
            "amount": format(self.amount, "f"),
            "reason": self.reason,
            "repaid": self.repaid.isoformat() if self.repaid else None,
            "status": self.status,
        }


def claims_of(agreement: Agreement, records: Records | None, start: date | None, end: date | None) -> list[ClaimLine]:
    """The agreement's repayment claims made in [start, end] (either end open), by date."""
    if records is None:
        return []
    commitments = {c.id: c for c in agreement.funding.commitments}
    out = []
    for claim in sorted(records.claims, key=lambda c: c.date):
        if (start is not None and claim.date < start) or (end is not None and claim.date > end):
            continue
        c = commitments.get(claim.commitment)
        payees = c.payee_ids() if c is not None else []
        out.append(
            ClaimLine(
                agreement=agreement.id,
                commitment=claim.commitment,
                payee=", ".join(payees),
                payee_name=", ".join(agreement.display_name(x) for x in payees),
                made=claim.date,
                amount=round_ore(claim.amount),  # at most two decimals (the model): exact
                reason=claim.reason,
                repaid=claim.repaid,
            )
        )
    return out


def budget_settled(settled: Sequence[Settled], *, today: date) -> list[Settled]:
    """The settled payments as the budget sees them: a party's payment split between its units
    becomes each unit's part of what was planned and paid (see the module's note)."""
    from dataclasses import replace

    out: list[Settled] = []
    for s in settled:
        p = s.payment
        if not p.split:
            out.append(s)
            continue
        weights = _unit_weights(p)
        full = p.amount is not None and s.paid == p.amount and all(u.amount is not None for u in p.split)
        n = len(p.split)
        by_made = [_divide(m, weights, n) for m in s.amounts]
        for k, u in enumerate(p.split):
            paid = u.amount if full and u.amount is not None else _divide(s.paid, weights, n)[k]
            made = [parts[k] for parts in by_made]
            if made:
                made[-1] += paid - sum(made, start=ZERO)  # the öre the rounding moved
            owing = u.amount is not None and paid < u.amount
            unit = replace(p, payer=u.unit, payer_name=u.unit_name, amount=u.amount, split=())
            out.append(
                replace(
                    s,
                    payment=unit,
                    paid=paid,
                    amounts=tuple(made),
                    overdue=owing and s.last_day is not None and s.last_day < today,
                )
            )
    return out


def _unit_weights(p: Payment) -> list[Decimal] | None:
    """Each unit's part of the payment: its planned part over the whole, else its share;
    None for an equal split."""
    amounts = [u.amount for u in p.split]
    if p.amount and all(a is not None for a in amounts):
        return [a / p.amount for a in amounts if a is not None]
    shares = [u.share for u in p.split]
    if all(x is not None for x in shares):
        return [x for x in shares if x is not None]
    return None


def _divide(amount: Decimal, weights: list[Decimal] | None, n: int) -> list[Decimal]:
    """`amount` in parts by `weights`, or in `n` equal parts (the parts add up to it)."""
    from iopctl.money import split, split_equal

    return split(amount, weights) if weights is not None else split_equal(amount, n)
