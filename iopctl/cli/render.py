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
    import os
    import sys

    from iopctl.batch.render import check_dependency, plan, render_all
    from iopctl.cli.options import agreement_files
    from iopctl.errors import UserError
    from iopctl.files.atomic import OutputBatch, WriteError
    from iopctl.report.console import console, error

    files = agreement_files(paths)
    if not files:
        error("no agreement files found")
        raise typer.Exit(1)
    fmt = format.value
    try:
        check_dependency(fmt)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    if templates is not None and not templates.is_dir():
        raise typer.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    if not check:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = "it is a file, not a folder" if out.exists() else (exc.strerror or str(exc))
            error(f"error: cannot write to {out}: {reason}")
            raise typer.Exit(1) from None
    planned, problems = plan(files, fmt, out, templates)
    processes = jobs or ((os.cpu_count() or 1) if fmt == "pdf" else 1)

    progress = None
    if len(planned) > 1 and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(console=console(stderr=True), transient=True)
        task = progress.add_task(f"rendering {fmt}", total=len(planned))
        progress.start()
    written: list[Path] = []
    stale: list[Path] = []
    failed: WriteError | None = None
    try:
        with OutputBatch() as batch:
            for outcome in render_all(planned, processes):
                if progress is not None:
                    progress.advance(task)
                if outcome.data is None:
                    problems.extend(outcome.problems)
                    continue
                for name, data in [(outcome.job.out, outcome.data), *outcome.extra]:
                    target = Path(name)
                    if check:
                        if not target.is_file() or target.read_bytes() != data:
                            stale.append(target)
                    else:
                        try:
                            written.append(batch.write(target, data))
                        except WriteError as exc:
                            failed = exc  # the files written so far stay complete
                            break
                        # said as it goes: an interrupted batch has told what it wrote
                        print(f"wrote {target}", flush=True)
                if failed is not None:
                    break
    finally:
        if progress is not None:
            progress.stop()

    for p in sorted(problems, key=lambda p: (p.file, p.line, p.col)):
        error(p.text())
    for path in stale:
        state = "stale" if path.is_file() else "missing"
        error(f"{path} is {state}; run: iopctl render --format {fmt} --out {out}")
    if failed is not None:
        error(f"error: {failed}; {len(written)} of {len(planned)} written, the rest not")
        raise typer.Exit(1)
    if check and not stale and not problems:
        print(f"{len(planned)} {fmt} rendering{'s' if len(planned) != 1 else ''} in {out} up to date")
    raise typer.Exit(1 if problems or stale else 0)
