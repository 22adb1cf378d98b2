"""The funding schedule: one agreement in, its dated (or 'needs a date') payments out.

The deadlines calendar, the rendered economy section and `iopctl funding` read payments from
here only (one source of truth). Pure: the agreement, the series store and `until` in, plain
dataclasses out; no files, no clock.

How each year's amount is reached (years, part years, indexation, per capita, lump sums):
see `iopctl.funding.amounts`.

Rounding (the one rule, see `iopctl.money`): each year's amount is computed exactly and
rounded half up to the öre once. Split between payers, each payer's part is its share
rounded half up to the öre, except the last payer, who gets the remainder; each payer's part
is split into instalments the same way (equal parts unless shares are given; the last
instalment takes the remainder). Parts always add up exactly to the year's amount.

Budget year vs payment date: each payment's `year` is the budget year it is for, whatever its
due date (a 31 December instalment a date rule moves into January stays in its year in
`--by year` and `--by payer`); a due date after the agreement's end is flagged `outside-period`.

Due dates: the plan's MM-DD in each year; else the filled-in `payments.dates` of that year in
order; else None, flagged `needs-date`, with the year clipped to the agreement as its window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iopctl.funding.amounts import YearAmount, year_amounts
from iopctl.funding.basis import (
    UNKNOWN_WORDS,
    Basis,
    fraction_text,
    kr_text,
)
from iopctl.money import ZERO, product, round_ore, split, split_equal

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import Commitment, PayerShare, PaymentPlan
    from iopctl.model.series import SeriesStore


FLAGS = (
    "needs-date",
    "index-pending",
    "index-forecast",
    "index-unverified",
    "population-pending",
    "population-unverified",
    "amount-unknown",
    "cap",
    "conditional",
    "outside-period",
    "due-before-start",
)
"""Every flag a payment can carry, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class Payment:
    """One instalment from one payer to one payee."""

    agreement: str
    commitment: str
    payer: str
    """Party or unit id."""
    payer_name: str
    payee: str
    payee_name: str
    year: int
    period: str
    """Label of the part of the year the money is for: '2025', '2021-Q4', '2019-H1'."""
    instalment: int
    """1-based number of the instalment within the year."""
    instalments: int
    """Instalments in that year."""
    due: date | None
    """Nominal due date, or None when the agreement gives none ('needs a date')."""
    window: tuple[date, date]
    """The span the payment is for (the year clipped to the agreement): an undated one is here."""
    amount: Decimal | None
    """None when the agreement does not state it (belopp ej fastställt, flagged `amount-unknown`)."""
    basis: Basis
    flags: tuple[str, ...] = ()
    """From FLAGS, e.g. 'needs-date', 'index-pending', 'population-pending', 'cap'."""
    invoice: bool = False
    attachments: tuple[str, ...] = ()
    year_amount: Decimal | None = ZERO
    """The whole year's amount of the line (all payers, all instalments), rounded once; None: unknown."""

    def as_json(self) -> dict[str, Any]:
        """The JSON row of `iopctl funding`: the documented keys first, extras after."""
        return {
            "agreement": self.agreement,
            "payer": self.payer,
            "payee": self.payee,
            "year": self.year,
            "period": self.period,
            "due": self.due.isoformat() if self.due else None,
            "amount": format(self.amount, "f") if self.amount is not None else None,
            "basis": self.basis.as_json(),
            "flags": list(self.flags),
            "commitment": self.commitment,
            "payer_name": self.payer_name,
            "payee_name": self.payee_name,
            "instalment": self.instalment,
            "instalments": self.instalments,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "invoice": self.invoice,
            "attachments": list(self.attachments),
        }


# --- the schedule ---------------------------------------------------------------------------


def payment_schedule(
    agreement: Agreement,
    series: SeriesStore,
    *,
    until: date | None = None,
    since: date | None = None,
) -> list[Payment]:
    """Every payment of the agreement, by year, commitment, amount line, payer and instalment.

    `since`: skip the years that end before it (a year's payments all fall within the year,
    and no year's amount depends on another's); a lump sum is always listed.
    """
    out: list[Payment] = []
    names = lru_cache(maxsize=None)(agreement.display_name)  # asked once per payer and year
    for commitment in agreement.funding.commitments:
        for line in commitment.amounts:
            for ya in year_amounts(agreement, line, series, until, since):
                out.extend(_payments(agreement, commitment, ya, names))
    return out


def _payments(
    agreement: Agreement, commitment: Commitment, ya: YearAmount, names: Callable[[str], str]
) -> list[Payment]:
    """The year's amount split between the payers, and each payer's part into its instalments."""
    plan = commitment.payments
    payers = commitment.payers
    shares, payer_parts = _payer_parts(ya.amount, payers)
    n = max(1, plan.per_year)
    dues = _due_dates(commitment, ya.year, n)
    invoicing = commitment.invoicing
    base_flags = list(ya.flags)
    if commitment.condition:
        base_flags.append("conditional")
    kind = "split" if ya.kind == "fixed" and len(payers) > 1 else ya.kind
    payee_name = names(commitment.payee)
    attachments = tuple(invoicing.attachments) if invoicing else ()
    invoiced = bool(invoicing and invoicing.required)
    out: list[Payment] = []
    for pi, (payer, part) in enumerate(zip(payers, payer_parts, strict=True)):
        payer_name = names(payer.payer)
        inst_parts = _instalment_parts(part, plan, n)
        share_text = ""
        details = dict(ya.details)
        if len(payers) > 1:
            share_text, details["share"] = _share_words(ya.amount, shares, payer_parts, pi)
        details["payer_amount"] = part
        for ii, (due, inst) in enumerate(zip(dues, inst_parts, strict=True)):
            text = ya.text + share_text
            if n > 1:
                text += f"; utbetalning {ii + 1} av {n}"
                if ii == n - 1 and inst != inst_parts[0] and not plan.shares:
                    text += " (resterande belopp)"
            out.append(
                Payment(
                    agreement=agreement.id,
                    commitment=commitment.id,
                    payer=payer.payer,
                    payer_name=payer_name,
                    payee=commitment.payee,
                    payee_name=payee_name,
                    year=ya.year,
                    period=ya.period,
                    instalment=ii + 1,
                    instalments=n,
                    due=due,
                    window=ya.window,
                    amount=inst,
                    basis=Basis(kind, text, details),
                    flags=ordered_flags((*base_flags, *_due_flags(agreement, due))),
                    invoice=invoiced,
                    attachments=attachments,
                    year_amount=ya.amount,
                )
            )
    return out


def _payer_parts(amount: Decimal | None, payers: Sequence[PayerShare]) -> tuple[list[Decimal], list[Decimal | None]]:
    """The payers' shares (empty unless every payer has one) and each payer's part of `amount`."""
    shares: list[Decimal] = []
    if all(p.share is not None for p in payers):
        shares = [p.share for p in payers if p.share is not None]
    if amount is None:
        return shares, [None] * len(payers)
    if shares:
        return shares, list(split(amount, shares))
    return shares, list(split_equal(amount, len(payers)))


def _instalment_parts(part: Decimal | None, plan: PaymentPlan, n: int) -> list[Decimal | None]:
    """One payer's part in `n` instalments: by the plan's shares when it gives `n`, else equal."""
    if part is None:
        return [None] * n
    if plan.shares and len(plan.shares) == n:
        return list(split(part, plan.shares))
    return list(split_equal(part, n))


def _share_words(
    amount: Decimal | None, shares: list[Decimal], payer_parts: list[Decimal | None], pi: int
) -> tuple[str, Decimal | str]:
    """One of several payers: '; andel 1/2 av 100 000 kr' for the basis line, and the share for its details."""
    count = len(payer_parts)
    part = payer_parts[pi]
    share = shares[pi] if shares else None
    share_label = fraction_text(share) if share is not None else f"1/{count} (delas lika)"
    whole = kr_text(amount) if amount is not None else UNKNOWN_WORDS
    share_text = f"; andel {share_label} av {whole}"
    if amount is None:
        nominal = None
    else:
        nominal = round_ore(product(amount, share)) if share is not None else payer_parts[0]
    if pi == count - 1 and part != nominal:
        share_text += " (sista betalaren: resterande belopp)"
    return share_text, share if share is not None else f"1/{count}"


def _due_flags(agreement: Agreement, due: date | None) -> tuple[str, ...]:
    """needs-date, due-before-start, or outside-period (due after the agreement ends: said, not hidden)."""
    if due is None:
        return ("needs-date",)
    if due < agreement.period.start:
        return ("due-before-start",)
    if agreement.period.end is not None and due > agreement.period.end:
        return ("outside-period",)
    return ()


def _due_dates(commitment: Commitment, year: int, n: int) -> list[date | None]:
    """Due date of each instalment in `year`: MM-DD of the plan, else filled-in dates, else None."""
    plan = commitment.payments
    dues: list[date | None] = []
    if plan.due:
        for i in range(n):
            if i < len(plan.due):
                month, day = plan.due[i]
                dues.append(date(year, month, day))
            else:
                dues.append(None)
        return dues
    filled = sorted(d for d in plan.dates if d.year == year)
    return [filled[i] if i < len(filled) else None for i in range(n)]


@lru_cache(maxsize=256)
def ordered_flags(flags: tuple[str, ...]) -> tuple[str, ...]:
    """Flags without repeats, in the documented order (a handful of combinations occur)."""
    present = set(flags)
    return tuple(f for f in FLAGS if f in present) + tuple(sorted(present - set(FLAGS)))


# --- views over payments ----------------------------------------------------------------------


# --- Swedish text for the basis line ------------------------------------------------------------


__all__ = [
    "FLAGS",
    "Payment",
    "ordered_flags",
    "payment_schedule",
]
