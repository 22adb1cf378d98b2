"""How `iopctl funding --paid` shows planned against paid: tables, JSON, CSV and XLSX sheets.

The figures come from `iopctl.funding.settlement`; this module only words and lays them out
(Swedish headings and status words; JSON keeps the status ids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iopctl.funding.settlement import STATUS_WORDS

if TYPE_CHECKING:
    from iopctl.batch.funding import FundingView
    from iopctl.funding.settlement import ClaimLine, Settled, SettledTotal
    from iopctl.report.xlsx import Sheet

__all__ = ["STATUS_WORDS", "csv_rows", "json_part", "sheets", "tables"]


PAYMENT_HEADINGS = (
    "Avtal",
    "Betalare",
    "År",
    "Period",
    "Förfallodag",
    "Sista dag",
    "Planerat",
    "Utbetalt",
    "Kvar",
    "Status",
    "Utbetalt den",
)
TOTAL_AMOUNTS = ("Planerat", "Utbetalt", "Kvar", "Överbetalt", "Betalningar", "Försenade")
CLAIM_HEADINGS = ("Avtal", "Åtagande", "Återbetalas av", "Krav den", "Belopp", "Återbetalt den", "Skäl")
CLAIM_STATUS_WORDS = {"repaid": "återbetalt", "open": "ej återbetalt"}


def _head(by: str) -> list[str]:
    return ["Avtal", "År"] if by == "agreement" else ["Betalare", "År"] if by == "payer" else ["År"]


def _key(t: SettledTotal, by: str) -> list[Any]:
    return [t.year] if by == "year" else [t.names[0] if t.names else t.key[0], t.year]


def json_part(view: FundingView) -> dict[str, Any]:
    """The `settlement` object of the funding JSON: per payment, per key and year, in all."""
    from iopctl.money import ZERO

    s = view.settled
    return {
        "payments": [x.as_json() for x in s],
        "totals": [t.as_json(view.by) for t in view.settled_totals],
        "planned": format(sum((x.planned for x in s if x.planned is not None), start=ZERO), "f"),
        "paid": format(sum((x.paid for x in s), start=ZERO), "f"),
        "outstanding": format(sum((x.outstanding for x in s if x.outstanding is not None), start=ZERO), "f"),
        "overpaid": format(sum((x.overpaid for x in s), start=ZERO), "f"),
        "overdue": sum(x.overdue for x in s),
        "complete": all(x.planned is not None for x in s),
        "claims": [c.as_json() for c in view.claims],
        "claimed": format(sum((c.amount for c in view.claims), start=ZERO), "f"),
        "repaid": format(sum((c.amount for c in view.claims if c.repaid is not None), start=ZERO), "f"),
    }


def _payment_values(x: Settled) -> list[Any]:
    """A settled payment's typed values in `PAYMENT_HEADINGS` order (None for empty)."""
    p = x.payment
    return [
        p.agreement,
        p.payer_name,
        p.year,
        p.period,
        p.due,
        x.last_day,
        x.planned,
        x.paid,
        x.outstanding,
        STATUS_WORDS[x.status],
        ", ".join(d.isoformat() for d in x.paid_on),
    ]


def _claim_values(c: ClaimLine) -> list[Any]:
    """A repayment claim's typed values in `CLAIM_HEADINGS` order (None for empty)."""
    return [c.agreement, c.commitment, c.payee_name, c.made, c.amount, c.repaid, c.reason]


def _total_values(t: SettledTotal, by: str) -> list[Any]:
    return [*_key(t, by), t.planned, t.paid, t.outstanding, t.overpaid, t.payments, t.overdue]


def csv_rows(view: FundingView, money: Any) -> list[list[Any]]:
    """Header and rows for the CSV: settled payments (--by agreement) or totals (else).

    `money` writes a Decimal in the dialect's way; an amount not stated is 'belopp ej fastställt'."""
    from datetime import date
    from decimal import Decimal

    def cell(value: Any) -> Any:
        if isinstance(value, Decimal):
            return money(value)
        if isinstance(value, date):
            return value.isoformat()
        return "" if value is None else value

    if view.by == "agreement":
        rows = []
        for x in view.settled:
            values = [cell(v) for v in _payment_values(x)]
            if x.planned is None:
                values[6] = values[8] = STATUS_WORDS["not-stated"]
            rows.append(values)
        return [list(PAYMENT_HEADINGS), *rows]
    head = [*_head(view.by), *TOTAL_AMOUNTS]
    return [head, *([cell(v) for v in _total_values(t, view.by)] for t in view.settled_totals)]


def sheets(view: FundingView) -> list[Sheet]:
    """Planned against paid per key of the view and year, per payment, and the repayment
    claims (a third sheet, when there are any)."""
    from iopctl.report.xlsx import Sheet

    title = {"agreement": "Avstämning per avtal", "payer": "Avstämning per betalare"}.get(view.by, "Avstämning per år")
    out = [
        Sheet(title, [*_head(view.by), *TOTAL_AMOUNTS], [_total_values(t, view.by) for t in view.settled_totals]),
        Sheet("Planerat och utbetalt", PAYMENT_HEADINGS, [_payment_values(x) for x in view.settled]),
    ]
    if view.claims:
        out.append(Sheet("Återbetalningskrav", CLAIM_HEADINGS, [_claim_values(c) for c in view.claims]))
    return out


def tables(view: FundingView, *, wide: bool) -> None:
    """The payments planned against paid and the totals of the view; the budget view
    (--by payer) shows its totals first."""
    from iopctl.money import ZERO
    from iopctl.report.console import table
    from iopctl.swedish import format as sv

    def money(value: Any) -> str:
        return sv.amount(value) if value is not None else STATUS_WORDS["not-stated"]

    def text(value: Any) -> str:
        return "saknas" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)

    rows = []
    for x in view.settled:
        v = _payment_values(x)
        rows.append([*v[:4], text(v[4]), text(v[5]), *map(money, v[6:9]), *v[9:]])
    s = view.settled
    paid = sum((x.paid for x in s), start=ZERO)
    outstanding = sum((x.outstanding for x in s if x.outstanding is not None), start=ZERO)
    overdue = sum(x.overdue for x in s)
    caption = f"Utbetalt {sv.kronor(paid, 'kr')}, kvar {sv.kronor(outstanding, 'kr')}"
    if overdue:
        caption += f"; {overdue} {'försenad' if overdue == 1 else 'försenade'}"
    late = sum(x.status == "paid-late" for x in s)
    if late:
        caption += f"; {late} betald{'a' if late > 1 else ''} för sent"
    head = _head(view.by)
    title = {
        "agreement": "Planerat och utbetalt per avtal och år",
        "payer": "Budget per betalare och år: planerat och utbetalt",
    }.get(view.by, "Planerat och utbetalt per år")
    sum_rows = []
    for t in view.settled_totals:
        planned = sv.amount(t.planned) + ("" if t.complete else " (ofullständigt)")
        amounts = [sv.amount(a) for a in (t.paid, t.outstanding, t.overpaid)]
        sum_rows.append([*(str(k) for k in _key(t, view.by)), planned, *amounts, str(t.payments), str(t.overdue)])
    n = len(head)

    def totals() -> None:
        table(title, [*head, *TOTAL_AMOUNTS], sum_rows, right=tuple(range(n, n + 6)), foldable=("Betalare",), wide=wide)

    if view.by == "payer":
        totals()
    table(
        "Planerat och utbetalt",
        PAYMENT_HEADINGS,
        rows,
        right=(6, 7, 8),
        caption=caption,
        drop_order=("Utbetalt den", "Period", "Sista dag", "Betalare", "År"),
        foldable=("Betalare", "Utbetalt den"),
        wide=wide,
    )
    if view.by != "payer":
        totals()
    if view.claims:
        claimed = sum((c.amount for c in view.claims), start=ZERO)
        repaid = sum((c.amount for c in view.claims if c.repaid is not None), start=ZERO)
        claim_rows = [
            [c.agreement, c.commitment, c.payee_name, c.made.isoformat(), sv.amount(c.amount),
             c.repaid.isoformat() if c.repaid else CLAIM_STATUS_WORDS["open"], c.reason or ""]
            for c in view.claims
        ]  # fmt: skip
        table(
            "Återbetalningskrav",
            CLAIM_HEADINGS,
            claim_rows,
            right=(4,),
            caption=f"Återkrävt {sv.kronor(claimed, 'kr')}, varav återbetalt {sv.kronor(repaid, 'kr')}",
            drop_order=("Skäl", "Åtagande", "Återbetalas av"),
            foldable=("Återbetalas av", "Skäl"),
            wide=wide,
        )
