"""`iopctl render`: signable drafts of agreements in Markdown, HTML, PDF or DOCX."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from iopctl.cli.options import Paths


class RenderFormat(StrEnum):
    """Output formats of render."""

    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


def render(
    paths: Paths = None,
    format: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="md (canonical), html, pdf or docx.")
    ] = RenderFormat.md,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Folder for the outputs, one file per agreement named from its id."),
    ] = Path("out"),
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; fail (exit 1) listing outputs in --out that are missing or stale.",
        ),
    ] = False,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Templates folder (default: nearest templates/, else the shipped one).",
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="Processes (default: all CPUs for pdf, 1 otherwise).", min=0),
    ] = 0,
) -> None:
    """Render agreements through their templates into signable drafts.

    Example: iopctl render agreements/ --format pdf --out out/
    """
    from iopctl.batch.outputs import processes, write_or_check
    from iopctl.batch.render import check_dependency, plan
    from iopctl.cli.options import agreement_files, check_folder_out
    from iopctl.errors import UserError
    from iopctl.files.atomic import make_out_dir
    from iopctl.report.console import error
    from iopctl.report.render import progress, report, wrote

    check_folder_out(out)
    files = agreement_files(paths)
    if not files:
        error("no agreement files found")
        raise typer.Exit(1)
    try:
        check_dependency(format.value)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    if templates is not None and not templates.is_dir():
        raise typer.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    try:
        if not check:
            make_out_dir(out)
    except UserError as exc:
        error(f"error: {exc}")
        raise typer.Exit(1) from None
    planned, problems = plan(files, format.value, out, templates)
    with progress(len(planned), format.value) as advance:
        run = write_or_check(planned, processes(format.value, jobs), check=check, advance=advance, wrote=wrote)
    raise typer.Exit(report(run, problems, len(planned), format.value, out, check))
