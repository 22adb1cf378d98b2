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
    from iopctl.batch.validate import check_files, count
    from iopctl.cli.options import agreement_files, default_jobs
    from iopctl.errors import Severity, github_data, github_property, visible
    from iopctl.report.console import error, to_json, write_stdout

    files = agreement_files(paths)
    reports = list(check_files(files, jobs or default_jobs(len(files)), templates))
    reports.extend(companion_reports(files))
    totals = count(reports)
    failing = {Severity.ERROR} | ({Severity.WARNING} if strict else set())
    failed = any(p.severity in failing for r in reports for p in r.problems)
    if format is ValidateFormat.json:
        write_stdout(
            to_json(
                {
                    "ok": not failed,
                    "files": [
                        {"file": r.file, "id": r.agreement_id, "ok": r.ok, "problems": r.problems} for r in reports
                    ],
                    "totals": totals,
                }
            )
        )
    elif format is ValidateFormat.github:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
        lines = []
        for r in reports:
            for p in r.problems:
                message = f"{p.path}: {p.message}" if p.path else p.message
                lines.append(
                    f"::{level[p.severity]} file={github_property(p.file)},line={p.line},col={p.col},"
                    f"title={github_property(p.rule)}::{github_data(message)}"
                )
        lines.append(_summary(totals))
        write_stdout("\n".join(lines) + "\n")
    else:
        order = [Severity.ERROR, Severity.WARNING, Severity.INFO]
        shown = set(order[: order.index(Severity(show.value)) + 1])
        lines = [p.text() for r in reports for p in r.problems if p.severity in shown]
        for r in reports:
            mark = "ok" if r.ok else "FAIL"
            what = r.agreement_id or ("policy" if r.kind == "policy" else "not valid")
            lines.append(f"{mark:4} {visible(r.file)} ({visible(what)})")
        lines.append(_summary(totals))
        write_stdout("\n".join(lines) + "\n")
    if not files:
        error("no agreement files found")
    raise typer.Exit(1 if failed else 0)


def _summary(totals: dict[str, int]) -> str:
    n, d = totals["files"], totals.get("data_files", 0)
    data = f" and {d} data file{'s' if d != 1 else ''}" if d else ""
    return (
        f"{n} agreement{'s' if n != 1 else ''}{data} checked: {totals['error']} errors, "
        f"{totals['warning']} warnings, {totals['info']} infos"
    )
