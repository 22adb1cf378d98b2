"""How `iopctl funding` shows a funding view: rich tables, JSON, or CSV for Swedish Excel.

CSV is written for Excel with Swedish settings, because that is where coordinators open it:
semicolon as the delimiter and a decimal comma (Swedish Excel uses the comma for decimals and
so expects `;` between fields), UTF-8 with a byte-order mark (without it Excel reads å, ä, ö
as Latin-1), CRLF line ends, no digit grouping, ISO dates (Excel reads them as dates).
"Underlag" and "Anmärkningar" are the same Swedish text as in the table; JSON keeps flag ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopctl.funding import FundingView
    from iopctl.schedule import Payment, Total

__all__ = ["HEADINGS", "write"]

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



def write(view: FundingView, fmt: str) -> None:
    """The view as `fmt`: table (on the terminal), json or csv (to stdout)."""
    from iopctl.output import write_json, write_stdout

    if fmt == "json":
        write_json(_json(view))
    elif fmt == "csv":
        write_stdout(_csv(view.payments, view.totals, view.by))
    else:
        _tables(view)


def _json(view: FundingView) -> dict[str, Any]:
    """The documented JSON object: range, view, payments, totals, the sum, in kind."""
    return {
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


def _csv(payments: list[Payment], sums: list[Total], by: str) -> str:
    """Payments (--by agreement) or totals (--by payer|year) as Swedish-Excel CSV."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
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
            key = (
                [_cell(t.names[0] if t.names else t.key[0]), t.year] if by == "payer" else [t.year]
            )
            writer.writerow([*key, _sum_cell(t.amount, t.complete, _comma), t.payments, _flag_words(t.flags)])
    return "\ufeff" + buffer.getvalue()


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
    from iopctl.schedule import flag_words

    return flag_words(flags)


def _cell(text: str) -> str:
    """Text from the agreements, kept from being read as a formula by Excel ('=…', '+…', '@…')."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _comma(value: Any) -> str:
    """'105606,00': two decimals, a decimal comma, no grouping (Excel, Swedish settings)."""
    return _plain(value).replace(".", ",")


def _tables(view: FundingView) -> None:
    """Payments, the totals of the view, and contributions in kind, with Swedish words."""
    from iopctl import sv
    from iopctl.output import table

    payments, sums, in_kind, by = view.payments, view.totals, view.in_kind, view.by

    rows = [
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
    caption = f"Totalt {sv.kronor(view.total, 'kr')}"
    if not view.total_complete:
        caption += f" ({INCOMPLETE}: {UNKNOWN} ingår inte)"
    table("Utbetalningar", HEADINGS, rows, right=(6,), caption=caption)
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
    table(
        title,
        [*head, "Belopp", "Betalningar", "Anmärkningar"],
        sum_rows,
        right=(len(head), len(head) + 1),
    )
    if in_kind:
        kind_rows = [
            [
                k.agreement,
                k.giver_name,
                k.receiver_name or "",
                k.description,
                sv.amount(k.value_per_year)
                if k.value_per_year is not None
                else "inget värde angivet",
            ]
            for k in in_kind
        ]
        table(
            "Insatser i annan form",
            ["Avtal", "Givare", "Mottagare", "Insats", "Värde per år"],
            kind_rows,
        )
