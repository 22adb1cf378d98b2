"""Events from the payment schedule: each payment's due day, and its invoice's when invoiced.

The amounts come from `iopctl.funding.schedule`, the one source of truth for money.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from iopctl.deadlines.titles import NEEDS
from iopctl.swedish.format import kr as _kr  # one agreement's instalments repeat a few amounts

if TYPE_CHECKING:
    from iopctl.deadlines.builder import EventBuilder
    from iopctl.funding.schedule import Payment
    from iopctl.model.funding import Invoicing

__all__ = ["payment_events"]


def payment_events(b: EventBuilder, payments: Sequence[Payment]) -> None:
    """A payment event per instalment of this agreement, and an invoice event when invoiced."""
    invoicing = {c.id: c.invoicing for c in b.a.funding.commitments}
    since = b.since(0)
    for p in payments:
        if p.agreement != b.a.id:
            continue
        if since is not None and (p.due or p.window[1]) < since:
            continue  # well before the window: the builder would drop it
        texts = _Texts(p, invoicing.get(p.commitment))
        tail = p.event_key.removeprefix("payment:")
        b.add(
            "payment",
            f"payment:{tail}",
            texts.payment_title,
            p.due,
            p.window,
            covers=p.period,
            owners=(p.payer,),
            description=texts.payment_about,
            amount=p.amount,
            flags=p.flags,
        )
        if p.invoice:  # on the payment's day: the agreements give invoices no day of their own
            b.add(
                "invoice",
                f"invoice:{tail}",
                texts.invoice_title,
                p.due,
                p.window,
                covers=p.period,
                owners=(p.payee,),
                description=texts.invoice_about,
                amount=p.amount,
                implied=f"payment:{tail}",
            )


class _Texts:
    """A payment's Swedish titles and descriptions, written only for the events kept."""

    __slots__ = ("p", "inv", "money")

    def __init__(self, p: Payment, inv: Invoicing | None) -> None:
        self.p = p
        self.inv = inv
        self.money = ""

    def _money(self) -> str:
        if not self.money:
            amount = self.p.amount
            self.money = _kr(amount) if amount is not None else "belopp ej fastställt"
        return self.money

    def _which(self) -> str:
        p = self.p
        return f"{p.instalment} av {p.instalments}, {p.year}" if p.instalments > 1 else f"{p.year}"

    def payment_title(self) -> str:
        return f"Utbetalning {self._which()} – {self._money()}"

    def invoice_title(self) -> str:
        # The payer in the title: payers of separate parties are each invoiced, on the same day.
        return f"Faktura till {self.p.payer_name} för utbetalning {self._which()} – {self._money()}"

    def payment_about(self) -> str:
        from iopctl.funding.basis import flag_words

        p = self.p
        flags = tuple(f for f in p.flags if f != "needs-date")
        flag_text = f" Anmärkningar: {flag_words(flags)}." if flags else ""
        about = (
            f"{p.payer_name} betalar {self._money()} till {p.payee_name} (åtagande {p.commitment}, "
            f"avser {p.period}). Underlag: {p.basis.text}.{flag_text}"
        )
        if p.split:
            about += f" Kostnaden fördelas i budgeten: {_split_text(p)}."
        if p.invoice:
            about += " Betalas mot faktura."
        if p.due is None:
            about = f"Överenskommelsen anger ingen förfallodag. {NEEDS} {about}"
        return about

    def invoice_about(self) -> str:
        return _invoice_text(self.p, self._which(), self._money(), self.inv)


def _split_text(p: Payment) -> str:
    """ "Kommunledningskontoret 500 000 kr och Socialförvaltningen 500 000 kr" (the budget view's split)."""
    from iopctl.swedish.format import join_list

    return join_list(
        [
            f"{u.unit_name.split(', ')[-1]} {_kr(u.amount) if u.amount is not None else 'belopp ej fastställt'}"
            for u in p.split
        ]
    )


def _invoice_text(p: Payment, which: str, money: str, inv: Invoicing | None) -> str:
    """Who invoices whom for what, by when (the payment's due day: a reading), and how."""
    from iopctl.swedish.format import join_list

    parts = [f"Faktura från {p.payee_name} till {p.payer_name} för utbetalningen {which} ({money})."]
    if p.due is not None:
        parts.append(
            f"Fakturan bör ha kommit fram senast förfallodagen {p.due.isoformat()} "
            "(läsning: överenskommelsen anger ingen egen fakturadag)."
        )
    else:
        parts.append("Ingen förfallodag: fakturans datum behöver bestämmas.")
    if inv is not None and inv.when:
        parts.append(f"När: {inv.when}.")
    if inv is not None and inv.routine:
        parts.append(f"Rutin: {inv.routine}.")
    if p.attachments:
        parts.append(f"Bilagor: {join_list(list(p.attachments))}.")
    return " ".join(parts)
