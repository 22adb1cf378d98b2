"""`iopctl funding`: who pays what to whom and when, per agreement and summed for the budget."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import PartyOpt, Paths


class FundingFormat(StrEnum):
    """Output formats of funding."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CsvDialect(StrEnum):
    """CSV dialects: Swedish Excel's or locale-neutral."""

    excel_sv = "excel-sv"
    neutral = "neutral"


class View(StrEnum):
    """How totals are grouped."""

    agreement = "agreement"
    payer = "payer"
    year = "year"


FromOpt = Annotated[
    str | None,
    typer.Option("--from", help="First day (YYYY-MM-DD) or year (YYYY) to include.", show_default=False),
]

ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        help="Last day (YYYY-MM-DD) or year (YYYY) to include; open-ended agreements run to it.",
        show_default=False,
    ),
]

ByOpt = Annotated[
    View,
    typer.Option("--by", help="Totals per agreement, per payer (the budget view) or per year."),
]

FormatOpt = Annotated[
    FundingFormat,
    typer.Option(
        "--format",
        "-f",
        help="table; json; csv (see --csv-dialect); xlsx (a workbook: budget with an "
        "agreement column, payments; needs --out).",
    ),
]

DialectOpt = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help="excel-sv: Excel with Swedish settings (';', decimal comma, UTF-8 with BOM, "
        "CRLF); neutral: ',' and '.', no BOM.",
    ),
]

OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write the xlsx workbook to this file (atomically); '-' for standard output.",
        show_default=False,
        metavar="FILE",
    ),
]

TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Today's date (default: today in Europe/Stockholm); open-ended agreements run to the end of next year.",
        show_default=False,
    ),
]

WideOpt = Annotated[bool, typer.Option("--wide", help="Tables: every column, as wide as it takes.")]

PaidOpt = Annotated[
    bool,
    typer.Option(
        "--paid",
        "--settlement",
        help="Planned against paid (avstämning): each payment with what _records/ says was paid, "
        "what is outstanding (kvar), overdue after its legal last day or overpaid; totals per view and year.",
    ),
]


def funding(
    paths: Paths = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    by: ByOpt = View.agreement,
    format: FormatOpt = FundingFormat.table,
    csv_dialect: DialectOpt = CsvDialect.excel_sv,
    out: OutOpt = None,
    today: TodayOpt = None,
    party: PartyOpt = None,
    wide: WideOpt = False,
    paid: PaidOpt = False,
) -> None:
    """Payment schedule and budget totals: amounts to the öre, due dates, basis and flags.

    A payment is in --from/--to when its due date is, or, undated, when its year (clipped to
    the agreement) meets the range. Files with validation errors are reported on stderr
    (file:line:col) and skipped; the rest are still computed (exit code 1).

    With --paid, each payment is settled against the payments recorded in _records/ (overdue
    counts against --today).

    Example: iopctl funding agreements/ --from 2025 --to 2025 --by payer --format csv > budget.csv
    """
    from iopctl.batch.funding import funding_view
    from iopctl.cli.options import (
        agreement_files,
        check_order,
        check_party,
        check_window,
        check_xlsx_out,
        parse_dates,
    )
    from iopctl.report.console import error, report_problems
    from iopctl.report.funding import write

    check_xlsx_out(format is FundingFormat.xlsx, out)
    files = agreement_files(paths)
    day, start, end = parse_dates(today or None, from_ or None, to or None)
    check_order(start, end, "--to is before --from")
    check_window(start or day, end)
    view = funding_view(files, start, end, today=day, by=by.value, party=party, paid=paid)
    report_problems(view.problems)
    if not files:
        error("no agreement files found")
    check_party(party, view.party_found or not files, view.known_ids)
    write(view, format.value, dialect=csv_dialect.value, out=out, wide=wide)
    raise typer.Exit(1 if view.problems else 0)
