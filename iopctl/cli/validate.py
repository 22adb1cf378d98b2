"""`iopctl validate`: schema and rule findings for agreement files, for people, scripts and CI."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import Paths


class ValidateFormat(StrEnum):
    """Output formats of validate."""

    text = "text"
    json = "json"
    github = "github"


class Show(StrEnum):
    """Lowest severity printed in text output."""

    error = "error"
    warning = "warning"
    info = "info"


def validate(
    paths: Paths = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit code 1).")] = False,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="text, json, or github (workflow annotations).")
    ] = ValidateFormat.text,
    show: Annotated[Show, typer.Option("--show", help="Lowest severity printed in text output.")] = Show.warning,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Processes for large batches (default: number of CPUs).", min=0)
    ] = 0,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="Templates folder (default: nearest templates/).")
    ] = None,
) -> None:
    """Check agreement files: schema, dates, money, references and IOP lint.

    Example: iopctl validate agreements/ --strict --format github
    """
    from iopctl.batch.companions import companion_reports
    from iopctl.batch.validate import check_files
    from iopctl.cli.options import agreement_files, default_jobs
    from iopctl.report.console import error
    from iopctl.report.validation import failed, write

    files = agreement_files(paths)
    reports = list(check_files(files, jobs or default_jobs(len(files)), templates))
    reports.extend(companion_reports(files))
    fails = failed(reports, strict)
    write(reports, format.value, show=show.value, ok=not fails)
    if not files:
        error("no agreement files found")
    raise typer.Exit(1 if fails else 0)
