"""`iopctl funding`: who pays what to whom and when, per agreement and summed for the budget.

CSV is written for Excel with Swedish settings, because that is where coordinators open it:
semicolon as the delimiter and a decimal comma (Swedish Excel uses the comma for decimals and
so expects `;` between fields), UTF-8 with a byte-order mark (without it Excel reads å, ä, ö
as Latin-1), CRLF line ends, no digit grouping, ISO dates (Excel reads them as dates).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from iopctl.schedule import InKindLine, Payment, Total


class FundingFormat(StrEnum):
    """Output formats of funding."""

    table = "table"
    json = "json"
    csv = "csv"


class View(StrEnum):
    """How totals are grouped."""

    agreement = "agreement"
    payer = "payer"
    year = "year"


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

FLAG_LABELS = {
    "needs-date": "datum saknas",
    "index-pending": "index saknas",
    "index-forecast": "indexprognos",
    "index-unverified": "index ej verifierat",
    "population-pending": "folkmängd saknas",
    "population-unverified": "folkmängd ej verifierad",
    "amount-unknown": "belopp okänt",
    "cap": "högst (upp till)",
    "conditional": "villkorad",
    "outside-period": "utanför avtalstiden",
    "due-before-start": "förfaller före avtalsstart",
}
"""Swedish words for the flags in the table (JSON and CSV keep the flag ids)."""


def funding(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Agreement files or folders (default: agreements/).", show_default=False
        ),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day (YYYY-MM-DD) or year (YYYY) to include.", show_default=False
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Last day (YYYY-MM-DD) or year (YYYY) to include; "
            "open-ended agreements run to it.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        View,
        typer.Option("--by", help="Totals per agreement, per payer (the budget view) or per year."),
    ] = View.agreement,
    format: Annotated[
        FundingFormat,
        typer.Option(
            "--format",
            "-f",
            help="table; json; csv (for Excel with Swedish settings: ';', "
            "decimal comma, UTF-8 with BOM, CRLF).",
        ),
    ] = FundingFormat.table,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Today's date (default: today in Europe/Stockholm); "
            "open-ended agreements run to the end of next year.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Payment schedule and budget totals: amounts to the öre, due dates, basis and flags.

    A payment is in --from/--to when its due date is, or, undated, when its year (clipped to
    the agreement) meets the range. Files with validation errors are reported on stderr
    (file:line:col) and skipped; the rest are still computed (exit code 1).

    Example: iopctl funding agreements/ --from 2025 --to 2025 --by payer --format csv > budget.csv
    """
    from datetime import date

    from iopctl.commands.common import agreement_files, parse_day, today_in_stockholm
    from iopctl.output import error, to_json, write_stdout
    from iopctl.schedule import (
        in_kind_in_range,
        in_kind_lines,
        in_range,
        payment_schedule,
        sort_payments,
        totals,
    )

    files = agreement_files(paths)
    now = parse_day(today, option="--today") if today else today_in_stockholm()
    start = parse_day(from_, option="--from") if from_ else None
    end = parse_day(to, end=True, option="--to") if to else None
    if start and end and end < start:
        raise typer.BadParameter("--to is before --from", param_hint="--to")
    until = end or date(now.year + 1, 12, 31)

    payments: list[Payment] = []
    in_kind: list[InKindLine] = []
    failed = False
    for agreement, store, problems in _read(files):
        for p in problems:
            error(p.text())
        failed = failed or bool(problems)
        if agreement is None:
            continue
        payments.extend(
            p for p in payment_schedule(agreement, store, until=until) if in_range(p, start, end)
        )
        in_kind.extend(k for k in in_kind_lines(agreement) if in_kind_in_range(k, start, end))
    if not files:
        error("no agreement files found")

    payments = sort_payments(payments, by.value)
    sums = totals(payments, by.value)
    if format is FundingFormat.json:
        write_stdout(
            to_json(
                {
                    "from": start,
                    "to": end,
                    "until": until,
                    "by": by.value,
                    "payments": payments,
                    "totals": [_total_json(t, by.value) for t in sums],
                    "total": _plain(sum((p.amount for p in payments), start=_zero())),
                    "in_kind": in_kind,
                }
            )
        )
    elif format is FundingFormat.csv:
        write_stdout(_csv(payments, sums, by.value))
    else:
        _tables(payments, sums, in_kind, by.value)
    raise typer.Exit(1 if failed else 0)


def _read(files: list[Path]) -> Any:
    """(agreement or None, series store, problems) per file; errors skip the file."""
    from iopctl.problems import Severity
    from iopctl.reading import read_agreement
    from iopctl.series import series_for
    from iopctl.validation import rule_problems

    reported: set[Path | None] = set()
    for path in files:
        store = series_for(path)
        series_problems = [] if store.folder in reported else list(store.problems)
        reported.add(store.folder)
        result = read_agreement(path, str(path))
        errors = [p for p in result.problems if p.severity == Severity.ERROR]
        if result.agreement is not None and not errors:
            errors = [p for p in rule_problems(result, path) if p.severity == Severity.ERROR]
        yield (None if errors else result.agreement), store, [*series_problems, *errors]


def _zero() -> Any:
    from iopctl.money import ZERO

    return ZERO


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
                    _comma(p.amount),
                    _cell(p.basis.text),
                    ", ".join(p.flags),
                ]
            )
    else:
        head = ["Betalare", "År"] if by == "payer" else ["År"]
        writer.writerow([*head, "Belopp", "Antal betalningar", "Anmärkningar"])
        for t in sums:
            key = (
                [_cell(t.names[0] if t.names else t.key[0]), t.year] if by == "payer" else [t.year]
            )
            writer.writerow([*key, _comma(t.amount), t.payments, ", ".join(t.flags)])
    return "\ufeff" + buffer.getvalue()


def _cell(text: str) -> str:
    """Text from the agreements, kept from being read as a formula by Excel ('=…', '+…', '@…')."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _comma(value: Any) -> str:
    """'105606,00': two decimals, a decimal comma, no grouping (Excel, Swedish settings)."""
    return _plain(value).replace(".", ",")


def _tables(payments: list[Payment], sums: list[Total], in_kind: list[InKindLine], by: str) -> None:
    from iopctl import sv
    from iopctl.output import table

    def flags(items: tuple[str, ...]) -> str:
        return ", ".join(FLAG_LABELS.get(f, f) for f in items)

    rows = [
        [
            p.agreement,
            p.payer_name,
            p.payee_name,
            p.year,
            p.period,
            sv.date_iso(p.due) if p.due else "saknas",
            sv.amount(p.amount),
            p.basis.text,
            flags(p.flags),
        ]
        for p in payments
    ]
    grand = sum((p.amount for p in payments), start=_zero())
    table("Utbetalningar", HEADINGS, rows, right=(6,), caption=f"Totalt {sv.kronor(grand, 'kr')}")
    if by == "agreement":
        title, head = "Summa per avtal och år", ["Avtal", "År"]
    elif by == "payer":
        title, head = "Budget per betalare och år", ["Betalare", "År"]
    else:
        title, head = "Summa per år", ["År"]
    sum_rows = []
    for t in sums:
        key: list[Any] = [t.names[0] if t.names else t.key[0], t.year] if by != "year" else [t.year]
        sum_rows.append([*key, sv.amount(t.amount), t.payments, flags(t.flags)])
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
