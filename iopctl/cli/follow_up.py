"""`iopctl follow-up`: the yearly follow-up pack for the nämnd and the auditors."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import PartyOpt, Paths


class FollowUpFormat(StrEnum):
    """Output formats of follow-up."""

    md = "md"
    pdf = "pdf"
    xlsx = "xlsx"


def follow_up(
    paths: Paths = None,
    year: Annotated[int, typer.Option("--year", help="The calendar year followed up.", min=1900, max=2200)] = 0,
    party: PartyOpt = None,
    format: Annotated[
        FollowUpFormat,
        typer.Option("--format", "-f", help="md; pdf; xlsx (money per payment, duties, remarks, claims; typed cells)."),
    ] = FollowUpFormat.md,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder for uppfoljning-YEAR.md/.pdf/.xlsx; for xlsx also a FILE.xlsx; '-': standard output.",
            metavar="DIR|FILE",
        ),
    ] = Path("."),
    today: Annotated[
        str | None,
        typer.Option("--today", help="Take this day as today (default: today in Sweden).", show_default=False),
    ] = None,
) -> None:
    """The year's follow-up in Swedish: money agreed, paid and outstanding per agreement and
    payer; each report and meeting with its due, received and approved dates; what is overdue
    or undated; remarks with cure periods; repayment claims.

    Example: iopctl follow-up agreements/ --year 2025 --format xlsx --out uppfoljning.xlsx
    """
    from iopctl.cli.options import agreement_files, check_party, parse_today
    from iopctl.files.atomic import is_stdout
    from iopctl.followup.pack import follow_up as build
    from iopctl.report.console import error, report_problems
    from iopctl.report.follow_up import write

    if year == 0:
        raise typer.BadParameter("give the year to follow up, e.g. --year 2025", param_hint="--year")
    day = parse_today(today)
    files = agreement_files(paths)
    if not files:
        error("no agreement files found")
    pack = build(files, year, today=day, party=party)
    report_problems(pack.problems)
    check_party(party, pack.party_found or not files, pack.known_ids)
    target = write(pack, format.value, out, files[0] if files else None)
    if not is_stdout(target):
        error(f"wrote {target}")
    raise typer.Exit(1 if pack.problems else 0)
