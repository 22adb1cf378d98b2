"""How `iopctl funding` shows a funding view: rich tables, JSON, or CSV for Swedish Excel.

CSV is written for Excel with Swedish settings, because that is where coordinators open it:
semicolon as the delimiter and a decimal comma (Swedish Excel uses the comma for decimals and
so expects `;` between fields), UTF-8 with a byte-order mark (without it Excel reads å, ä, ö
as Latin-1), CRLF line ends, no digit grouping, ISO dates (Excel reads them as dates).
"Underlag" and "Anmärkningar" are the same Swedish text as in the table; JSON keeps flag ids.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from iopctl.batch.funding import FundingView
    from iopctl.funding.in_kind import InKindLine
    from iopctl.funding.schedule import Payment
    from iopctl.funding.views import Total
    from iopctl.report.xlsx import Sheet

__all__ = ["HEADINGS", "sheets", "write"]

HEADINGS = (
    "Avtal",
    "Betalare",
    "Mottagare",
    "År",
    "Period",
    "Förfallodag",
    "Belopp",
    "Underlag",
    "Anmärkningar",
)


def write(
    view: FundingView,
    fmt: str,
    *,
    dialect: str = "excel-sv",
    out: Path | None = None,
    wide: bool = False,
) -> None:
    """The view as `fmt`: table (on the terminal), json or csv (to stdout), xlsx (to `out`).

    `dialect` is the CSV's: ``excel-sv`` (';', decimal comma, BOM) or ``neutral`` (',', '.',
    no BOM: what every other locale and most scripts read).
    """
    from iopctl.report.console import write_json, write_stdout

    if fmt == "json":
        write_json(_json(view))
    elif fmt == "csv" and view.paid:
        write_stdout(_settled_csv(view, dialect))
    elif fmt == "csv":
        write_stdout(_csv(view.payments, view.totals, view.by, dialect=dialect))
    elif fmt == "xlsx":
        from iopctl.files.atomic import is_stdout
        from iopctl.report.console import error
        from iopctl.report.xlsx import write_workbook

        assert out is not None
        write_workbook(out, sheets(view))
        if not is_stdout(out):
            error(f"wrote {out}")
    elif view.paid:
        from iopctl.report.settlement import tables

        tables(view, wide=wide)
        if view.in_kind:
            _in_kind_table(view.in_kind, wide=wide)
    else:
        _tables(view, wide=wide)


def sheets(view: FundingView) -> list[Sheet]:
    """The workbook of a funding view: the budget (per payer, agreement and year, with the
    agreement column the payer view's table lacks), the view's own totals unless that is the
    budget, and every payment; with --paid, planned against paid first. Amounts are exact
    Decimal, dates are dates."""
    from iopctl.report.xlsx import Sheet

    out: list[Sheet] = []
    if view.paid:
        from iopctl.report.settlement import sheets as settled_sheets

        out.extend(settled_sheets(view))

    from iopctl.funding.views import budget_parts

    budget: dict[tuple[str, str, int], list[Any]] = {}
    for p in budget_parts(view.payments):  # a party's payment split between its units: each unit's part
        k = (p.payer_name, p.agreement, p.year)
        row = budget.setdefault(k, [p.payer_name, p.agreement, p.year, Decimal(0), 0, set()])
        if p.amount is None:  # belopp ej fastställt: the sum is incomplete, and says so
            row[5].add("amount-unknown")
        else:
            row[3] += p.amount
        row[4] += 1
        row[5].update(p.flags)
    budget_rows = [
        [*r[:5], _flag_words(tuple(sorted(r[5])))]
        for _, r in sorted(budget.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
    ]
    out.append(
        Sheet(
            "Budget",
            ["Betalare", "Avtal", "År", "Belopp", "Antal betalningar", "Anmärkningar"],
            budget_rows,
        )
    )
    if view.by != "payer":
        head = ["Avtal", "År"] if view.by == "agreement" else ["År"]
        title = "Summa per avtal och år" if view.by == "agreement" else "Summa per år"
        rows = [
            [*([t.key[0], t.year] if view.by == "agreement" else [t.year]), t.amount, t.payments,
             _flag_words(t.flags)]
            for t in view.totals
        ]  # fmt: skip
        out.append(Sheet(title, [*head, "Belopp", "Antal betalningar", "Anmärkningar"], rows))
    payment_rows = [
        [
            p.agreement,
            p.payer_name,
            p.payee_name,
            p.year,
            p.period,
            p.due,
            p.amount,
            p.basis.text,
            _flag_words(p.flags),
        ]
        for p in view.payments
    ]
    out.append(Sheet("Utbetalningar", list(HEADINGS), payment_rows))
    return out


def _json(view: FundingView) -> dict[str, Any]:
    """The documented JSON object: range, view, payments, totals, the sum, in kind (and with
    --paid, the settlement of planned against paid)."""
    obj: dict[str, Any] = {
        "from": view.start,
        "to": view.end,
        "until": view.until,
        "by": view.by,
        "payments": view.payments,
        "totals": [_total_json(t, view.by) for t in view.totals],
        "total": _plain(view.total),
        "total_complete": view.total_complete,
        "in_kind": view.in_kind,
    }
    if view.paid:
        from iopctl.report.settlement import json_part

        obj["settlement"] = json_part(view)
    return obj


def _settled_csv(view: FundingView, dialect: str) -> str:
    """Planned against paid as CSV, in the dialect of `_csv`."""
    import csv
    import io

    from iopctl.report.settlement import csv_rows

    neutral = dialect == "neutral"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if neutral else ";", lineterminator="\r\n")
    for row in csv_rows(view, _plain if neutral else _decimal_comma):
        writer.writerow([_cell(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue() if neutral else "\ufeff" + buffer.getvalue()


def _plain(value: Any) -> str:
    from iopctl.money import plain

    return plain(value)


def _total_json(t: Total, by: str) -> dict[str, Any]:
    row: dict[str, Any] = {}
    if by == "agreement":
        row["agreement"] = t.key[0]
    elif by == "payer":
        row["payer"] = t.key[0]
        row["payer_name"] = t.names[0] if t.names else t.key[0]
    row.update(year=t.year, amount=_plain(t.amount), payments=t.payments, flags=list(t.flags))
    row["complete"] = t.complete
    if not t.complete and not t.amount:
        row["amount"] = None  # no amount of the group is stated: never "0.00"
    return row


def _csv(payments: list[Payment], sums: list[Total], by: str, *, dialect: str = "excel-sv") -> str:
    """Payments (--by agreement) or totals (--by payer|year) as CSV: Swedish Excel's
    (``excel-sv``) or locale-neutral (``neutral``: ',' and '.', no BOM)."""
    import csv
    import io

    neutral = dialect == "neutral"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if neutral else ";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    _comma = _plain if neutral else _decimal_comma
    if by == "agreement":
        writer.writerow(HEADINGS)
        for p in payments:
            writer.writerow(
                [
                    p.agreement,
                    _cell(p.payer_name),
                    _cell(p.payee_name),
                    p.year,
                    p.period,
                    p.due.isoformat() if p.due else "",
                    _comma(p.amount) if p.amount is not None else UNKNOWN,
                    _cell(p.basis.text),
                    _flag_words(p.flags),
                ]
            )
    else:
        head = ["Betalare", "År"] if by == "payer" else ["År"]
        writer.writerow([*head, "Belopp", "Antal betalningar", "Anmärkningar"])
        for t in sums:
            key = [_cell(t.names[0] if t.names else t.key[0]), t.year] if by == "payer" else [t.year]
            writer.writerow([*key, _sum_cell(t.amount, t.complete, _comma), t.payments, _flag_words(t.flags)])
    return buffer.getvalue() if neutral else "\ufeff" + buffer.getvalue()


UNKNOWN = "belopp ej fastställt"
"""In the amount cell of a payment whose amount the agreement does not state (never 0)."""

INCOMPLETE = "ofullständigt"
"""After a total that leaves out an amount not stated: the sum of the known ones only."""


def _sum_cell(amount: Any, complete: bool, fmt: Any) -> str:
    """A total's cell: '300 000', or '300 000 (ofullständigt)' when an amount is not stated."""
    if not complete and not amount:  # amounts are positive: nothing known at all
        return UNKNOWN
    text = str(fmt(amount))
    return text if complete else f"{text} ({INCOMPLETE})"


def _flag_words(flags: tuple[str, ...]) -> str:
    """The flags in Swedish, "datum saknas, index saknas", for the table and the CSV."""
    from iopctl.funding.basis import flag_words

    return flag_words(flags)


def _cell(text: str) -> str:
    """Text from the agreements, kept from being read as a formula by Excel ('=…', '+…', '@…')."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _decimal_comma(value: Any) -> str:
    """'105606,00': two decimals, a decimal comma, no grouping (Excel, Swedish settings)."""
    return _plain(value).replace(".", ",")


_DROP = ("Underlag", "Mottagare", "Period", "Anmärkningar", "År", "Betalare")
"""Payment columns dropped to fit a terminal, least important first."""
_FOLD = ("Betalare", "Mottagare", "Underlag", "Anmärkningar", "Insats", "Givare", "Värde per år")


def _tables(view: FundingView, *, wide: bool = False) -> None:
    """Payments, the totals of the view, and contributions in kind, with Swedish words;
    the budget view (--by payer) shows the budget first."""
    from iopctl.report.console import table
    from iopctl.swedish import format as sv

    payments, sums, in_kind, by = view.payments, view.totals, view.in_kind, view.by

    rows = _payment_rows(payments)
    caption = f"Totalt {sv.kronor(view.total, 'kr')}"
    if not view.total_complete:
        caption += f" ({INCOMPLETE}: {UNKNOWN} ingår inte)"
    if by == "agreement":
        title, head = "Summa per avtal och år", ["Avtal", "År"]
    elif by == "payer":
        title, head = "Budget per betalare och år", ["Betalare", "År"]
    else:
        title, head = "Summa per år", ["År"]
    sum_rows = []
    for t in sums:
        key: list[Any] = [t.names[0] if t.names else t.key[0], t.year] if by != "year" else [t.year]
        sum_rows.append([*key, _sum_cell(t.amount, t.complete, sv.amount), t.payments, _flag_words(t.flags)])

    def totals() -> None:
        table(
            title,
            [*head, "Belopp", "Betalningar", "Anmärkningar"],
            sum_rows,
            right=(len(head), len(head) + 1),
            drop_order=("Anmärkningar",),
            foldable=_FOLD,
            wide=wide,
        )

    if by == "payer":
        totals()
    table(
        "Utbetalningar", HEADINGS, rows, right=(6,), caption=caption,
        drop_order=_DROP, foldable=_FOLD, wide=wide,
    )  # fmt: skip
    if by != "payer":
        totals()
    if in_kind:
        _in_kind_table(in_kind, wide=wide)


def _payment_rows(payments: list[Payment]) -> list[list[Any]]:
    """The cells of the payments table, one row a payment."""
    from iopctl.swedish import format as sv

    return [
        [
            p.agreement,
            p.payer_name,
            p.payee_name,
            p.year,
            p.period,
            sv.date_iso(p.due) if p.due else "saknas",
            sv.amount(p.amount) if p.amount is not None else UNKNOWN,
            p.basis.text,
            _flag_words(p.flags),
        ]
        for p in payments
    ]


def _in_kind_table(in_kind: list[InKindLine], *, wide: bool) -> None:
    """Contributions in kind (insatser i annan form), with their value per year when given."""
    from iopctl.report.console import table
    from iopctl.swedish import format as sv

    kind_rows = [
        [
            k.agreement,
            k.giver_name,
            k.receiver_name or "",
            k.description,
            sv.amount(k.value_per_year) if k.value_per_year is not None else "inget värde angivet",
        ]
        for k in in_kind
    ]
    table(
        "Insatser i annan form",
        ["Avtal", "Givare", "Mottagare", "Insats", "Värde per år"],
        kind_rows,
        drop_order=("Mottagare", "Givare"),
        foldable=_FOLD,
        wide=wide,
    )
