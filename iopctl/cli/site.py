"""`iopctl site`: the register as a static site a municipality can publish (or keep internal)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import Paths


class SiteFormat(StrEnum):
    """Output formats of the build summary."""

    table = "table"
    json = "json"


def site(
    paths: Paths = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder to build the site in (created; only changed files are rewritten).",
            metavar="DIR",
        ),
    ] = Path("site"),
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help="Include contact persons, signatories' names and _records/ remarks and notes (never publish it).",
        ),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Take this day as today (default: today in Sweden): phases, statuses, calendar stamps.",
            show_default=False,
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Processes for large batches (default: number of CPUs).", min=0)
    ] = 0,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Work every agreement out again: neither read nor write the cache of the last build "
            "(kept in ~/.cache/iopctl/site, or $XDG_CACHE_HOME).",
        ),
    ] = False,
    format: Annotated[
        SiteFormat, typer.Option("--format", "-f", help="The build summary: table (text) or json.")
    ] = SiteFormat.table,
) -> None:
    """Static HTML register of the agreements: an index to filter and sort, a page per agreement
    (parties, period, decisions, money per year and payer, deadlines, amendments), a timeline,
    charts, and downloads (CSV, XLSX, JSON, 360Giving JSON, ICS). Public by default: no contact
    persons, e-mail, phone, signatories' names or _records/ remarks. Files with validation
    errors are reported on stderr (file:line:col) and nothing is built (exit code 1). A rebuild
    works out again only the agreements whose file, records, folder companions (_policy.yaml,
    _series/) or output files changed since the last build of the same day (--no-cache: all).

    Example: iopctl site agreements/ --out site/ --today 2025-06-01
    """
    from iopctl.cli.options import agreement_files, check_folder_out, default_jobs, parse_day, today_in_stockholm
    from iopctl.report.console import error, report_problems, write_json
    from iopctl.site.build import build_site

    check_folder_out(out)
    day = parse_day(today, option="--today") if today is not None else today_in_stockholm()
    files = agreement_files(paths)
    if not files:
        error("no agreement files found")
        raise typer.Exit(1)
    result = build_site(
        files, out, today=day, internal=internal, jobs=jobs or default_jobs(len(files)), cache=not no_cache
    )
    if result.problems:
        report_problems(result.problems)
        error(f"no site built: {len(result.problems)} error(s) in the agreement files")
        raise typer.Exit(1)
    for name in result.kept:
        error(f"warning: kept {out / name}: written by an earlier build, no longer built, but changed since")
    if format is SiteFormat.json:
        write_json(result.as_json())
    else:
        kind = "internal" if internal else "public"
        print(
            f"{kind} site of {result.agreements} agreements in {out}: "
            f"{len(result.written)} files written, {result.unchanged} unchanged, {len(result.removed)} removed; "
            f"{result.reused} agreements unchanged since the last build"
        )
