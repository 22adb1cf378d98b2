"""`iopctl status`: every agreement at a glance (phase, this year's money, next deadline)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import PartyOpt, Paths


class StatusFormat(StrEnum):
    """Output formats of status."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def status(
    paths: Paths = None,
    format: Annotated[
        StatusFormat,
        typer.Option(
            "--format",
            "-f",
            help="table; json; csv (Excel with Swedish settings); xlsx (a workbook; needs --out).",
        ),
    ] = StatusFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the xlsx workbook to this file (atomically); '-' for standard output.",
            show_default=False,
        ),
    ] = None,
    party: PartyOpt = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Take this day as today (default: today in Sweden).",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Table: every column, as wide as it takes.")] = False,
) -> None:
    """One row per agreement: phase (fas), period, this year's planned and paid money, the next
    deadline, overdue items, items that need a date, and validation findings.

    Phases: utkast, beslutad, undertecknad, pågående, upphör snart (last day within 90 days),
    avslutad; worked out from the period, decisions and signing dates (README, Decisions).
    Files with errors are reported on stderr and left out (exit code 1).

    Example: iopctl status agreements/ --today 2025-06-01
    """
    from iopctl.cli.options import agreement_files, check_party, check_xlsx_out, parse_today
    from iopctl.followup.status import status_view
    from iopctl.report.console import error, report_problems
    from iopctl.report.status import write

    check_xlsx_out(format is StatusFormat.xlsx, out)
    day = parse_today(today)
    files = agreement_files(paths)
    if not files:
        error("no agreement files found")
    view = status_view(files, today=day, party=party)
    report_problems(view.problems)
    check_party(party, view.party_found or not files, view.known_ids)
    write(view, format.value, out=out, wide=wide)
    raise typer.Exit(1 if view.problems else 0)
