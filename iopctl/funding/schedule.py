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

Due dates: the plan's MM-DD in each year (a year in `payments.years` has its own count and
days); else the filled-in `payments.dates` of that year in order; else None, flagged
`needs-date`, with the year clipped to the agreement as its window. A ceiling is one undated
maximum for its span, never split into instalments.

Who pays whom, as the text says:
- Payers that are units of one party (Kalmar's "delas lika mellan kommunledningskontoret och
  socialförvaltningen") make ONE payment from the party, invoiced to the party; the cost split
  between the units rides on it (`Payment.split`) and only the budget view
  (`iopctl.funding.views.totals(by="payer")`) shows it. Payers that are separate parties each
  pay their own part.
- Several payees: each gets its share (given or equal) of each year's sum, keyed
  `COMMITMENT~PAYEE`; an unknown split is one undivided payment to them together, flagged
  `split-unknown`.
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
from iopctl.money import ZERO, product, round_ore, split, split_equal, total

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import Commitment, PaymentPlan
    from iopctl.model.series_store import SeriesStore


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
    "several-years",
    "split-unknown",
)
"""Every flag a payment can carry, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class UnitPart:
    """One unit's part of a party's payment: the cost split of the budget view, not a payment."""

    unit: str
    unit_name: str
    share: Decimal | None
    """The unit's share; None for an equal split (delas lika)."""
    amount: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {
            "payer": self.unit,
            "payer_name": self.unit_name,
            "share": format(self.share, "f") if self.share is not None else None,
            "amount": format(self.amount, "f") if self.amount is not None else None,
        }


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
    split: tuple[UnitPart, ...] = ()
    """The payer party's units' parts of this payment (budget view only); empty: no split."""
    payees: tuple[str, ...] = ()
    """Several payees sharing this one undivided payment (`split-unknown`); empty otherwise."""
    ref: str = ""
    """The event key without its kind: 'COMMITMENT[~PAYEE]:PAYER:YEAR:N'."""

    @property
    def event_key(self) -> str:
        """The key deadlines and `_records/` give this payment: 'payment:COMMITMENT[~PAYEE]:PAYER:YEAR:N'."""
        return f"payment:{self.ref or f'{self.commitment}:{self.payer}:{self.year}:{self.instalment}'}"

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
            "key": self.event_key,
            **({"split": [u.as_json() for u in self.split]} if self.split else {}),
            **({"payees": list(self.payees)} if self.payees else {}),
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
        payers = _payers(agreement, commitment, names)
        for line in commitment.amounts:
            for ya in year_amounts(agreement, line, series, until, since, commitment.payments):
                for payee in _payees(commitment, ya, names):
                    out.extend(_payments(agreement, commitment, ya, payee, payers))
    return out


@dataclass(frozen=True, slots=True)
class _Payer:
    """Who pays: a party (or unit) and, for units of one party paying together, their split."""

    id: str
    name: str
    share: Decimal | None
    units: tuple[tuple[str, str, Decimal | None], ...] = ()


@dataclass(frozen=True, slots=True)
class _Payee:
    """Who receives a part of the year's sum, and the part."""

    id: str
    name: str
    amount: Decimal | None
    key: str
    """The commitment part of the key: 'bidrag' or 'bidrag~forening-a'."""
    text: str
    flags: tuple[str, ...] = ()
    together: tuple[str, ...] = ()


def _payers(agreement: Agreement, c: Commitment, names: Callable[[str], str]) -> list[_Payer]:
    """The payers as the text has them: units of one party pay as that party, with their split."""
    party = paying_party(agreement, c)
    if party is not None:
        split_units = tuple((p.payer, names(p.payer), p.share) for p in c.payers)
        return [_Payer(party, names(party), None, split_units)]
    return [_Payer(p.payer, names(p.payer), p.share) for p in c.payers]


def paying_party(agreement: Agreement, c: Commitment) -> str | None:
    """The party whose units are all the payers (several of them), paying together; else None."""
    if len(c.payers) < 2 or any(agreement.unit(p.payer) is None for p in c.payers):
        return None
    parties = {party.id for p in c.payers if (party := agreement.party(p.payer)) is not None}
    return parties.pop() if len(parties) == 1 else None


def _payees(c: Commitment, ya: YearAmount, names: Callable[[str], str]) -> list[_Payee]:
    """The payee, each of several payees with its part, or several payees undivided."""
    from iopctl.swedish.format import join_list

    if c.payee is not None:
        return [_Payee(c.payee, names(c.payee), ya.amount, c.id, "")]
    ids = c.payee_ids()
    if c.payee_split == "unknown":
        name = join_list([names(i) for i in ids])
        text = f"; till {name} tillsammans, fördelningen anges inte"
        return [_Payee("+".join(ids), name, ya.amount, c.id, text, ("split-unknown",), tuple(ids))]
    shares = [p.share for p in c.payees if p.share is not None]
    equal = c.payee_split == "equal"
    if ya.amount is None:
        parts: list[Decimal | None] = [None] * len(ids)
    else:
        parts = list(split_equal(ya.amount, len(ids)) if equal else split(ya.amount, shares))
    whole = kr_text(ya.amount) if ya.amount is not None else UNKNOWN_WORDS
    out = []
    for i, (pid, part) in enumerate(zip(ids, parts, strict=True)):
        label = f"1/{len(ids)} (delas lika)" if equal else fraction_text(shares[i])
        out.append(_Payee(pid, names(pid), part, f"{c.id}~{pid}", f"; mottagarens andel {label} av {whole}"))
    return out


def _payments(
    agreement: Agreement, commitment: Commitment, ya: YearAmount, payee: _Payee, payers: list[_Payer]
) -> list[Payment]:
    """The payee's part split between the payers, and each payer's part into its instalments."""
    plan = commitment.payments
    shares, payer_parts = _payer_parts(payee.amount, payers)
    n, days = plan.for_year(ya.year)
    if ya.kind == "ceiling":
        n, days = 1, []
    dues = _due_dates(plan, ya.year, n, days)
    invoicing = commitment.invoicing
    base_flags = [*ya.flags, *payee.flags]
    if commitment.condition:
        base_flags.append("conditional")
    kind = "split" if ya.kind == "fixed" and (len(payers) > 1 or payers[0].units) else ya.kind
    attachments = tuple(invoicing.attachments) if invoicing else ()
    invoiced = bool(invoicing and invoicing.required) and ya.kind != "ceiling"
    out: list[Payment] = []
    for pi, (payer, part) in enumerate(zip(payers, payer_parts, strict=True)):
        units = _unit_parts(payer, part, plan, n)
        if payer.units:  # the party's instalment is its units' instalments together
            inst_parts = [
                None if any(u.amount is None for u in us) else total(u.amount or ZERO for u in us) for us in units
            ]
        else:
            inst_parts = _instalment_parts(part, plan, n)
        share_text = payee.text
        details = dict(ya.details)
        if len(payers) > 1:
            words, details["share"] = _share_words(payee.amount, shares, payer_parts, pi)
            share_text += words
        if payer.units:
            share_text += _unit_words(payer)
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
                    payer=payer.id,
                    payer_name=payer.name,
                    payee=payee.id,
                    payee_name=payee.name,
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
                    split=units[ii],
                    payees=payee.together,
                    ref=f"{payee.key}:{payer.id}:{ya.year}:{ii + 1}",
                )
            )
    return out


def _unit_parts(payer: _Payer, part: Decimal | None, plan: PaymentPlan, n: int) -> list[tuple[UnitPart, ...]]:
    """A party's part split between its paying units, per instalment (empty tuples: no units).

    Each unit's part of the year is its share of the party's part (by the shares, else
    equally; the last unit takes the remainder), then in instalments as the plan says, so a
    unit's budget for the year is exactly its share and the instalments add up to it."""
    if not payer.units:
        return [()] * n
    shares = [s for _, _, s in payer.units]
    if part is None:
        years: list[Decimal | None] = [None] * len(shares)
    elif all(s is not None for s in shares):
        years = list(split(part, [s for s in shares if s is not None]))
    else:
        years = list(split_equal(part, len(shares)))
    by_unit = [_instalment_parts(y, plan, n) for y in years]
    return [tuple(UnitPart(u, name, s, by_unit[k][i]) for k, (u, name, s) in enumerate(payer.units)) for i in range(n)]


def _unit_words(payer: _Payer) -> str:
    """'; kostnaden delas lika mellan Kommunledningskontoret och Socialförvaltningen' for the basis line."""
    from iopctl.swedish.format import join_list

    shares = [s for _, _, s in payer.units]
    names = [name.split(", ")[-1] for _, name, _ in payer.units]
    if all(s is None for s in shares) or len(set(shares)) == 1:
        return f"; kostnaden delas lika mellan {join_list(names)}"
    parts = [f"{fraction_text(s)} på {n}" for s, n in zip(shares, names, strict=True) if s is not None]
    return f"; kostnaden fördelas {join_list(parts)}"


def _payer_parts(amount: Decimal | None, payers: Sequence[_Payer]) -> tuple[list[Decimal], list[Decimal | None]]:
    """The payers' shares (empty unless every payer has one) and each payer's part of `amount`."""
    shares: list[Decimal] = []
    if all(p.share is not None for p in payers):
        shares = [p.share for p in payers if p.share is not None]
    if len(payers) == 1:
        return shares, [amount]
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


def _due_dates(plan: PaymentPlan, year: int, n: int, days: list[tuple[int, int]]) -> list[date | None]:
    """Due date of each instalment in `year`: MM-DD of the plan, else filled-in dates, else None."""
    dues: list[date | None] = []
    if days:
        for i in range(n):
            if i < len(days):
                month, day = days[i]
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
    "UnitPart",
    "paying_party",
    "ordered_flags",
    "payment_schedule",
]
