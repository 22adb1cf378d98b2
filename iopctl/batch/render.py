"""Render many agreements: plan the outputs, render (in processes for PDF), write or compare.

Outputs are named from the file names, which an agreement's id must equal (rule
id-matches-file), so the plan needs no reading: two names that are one file on
macOS/Windows, or an unsafe name, are refused up front, located at the file's id. Each file
is then read once, by `render_one`: a file with errors (of the model or of an error rule) is
reported with its locations and nothing is rendered for it. Rendering yields outcomes in
input order; the caller writes each one atomically as it arrives (an interrupted batch
leaves complete files and no temporary ones) or, with --check, compares it with the file
already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iopctl.errors import Problem

__all__ = ["Job", "Outcome", "check_dependency", "plan", "render_all", "render_one"]


@dataclass(frozen=True, slots=True)
class Job:
    """One agreement to render to one output file."""

    path: str
    display: str
    agreement_id: str
    fmt: str
    out: str
    templates: str | None


@dataclass(slots=True)
class Outcome:
    """What rendering one job gave: the bytes, or the located problems that stopped it."""

    job: Job
    data: bytes | None
    problems: list[Problem] = field(default_factory=list)
    extra: list[tuple[str, bytes]] = field(default_factory=list)
    """Further outputs of the job: each amendment's document (`<id>-tillagg-<n>`), path and bytes."""


def check_dependency(fmt: str) -> None:
    """Fail early, once, with the install hint when the format's library is missing."""
    if fmt == "pdf":
        from iopctl.render.pdf import _weasyprint

        _weasyprint()
    elif fmt == "docx":
        from iopctl.render.docx import pandoc_path

        pandoc_path()


def plan(files: list[Path], fmt: str, out_dir: Path, templates: Path | None) -> tuple[list[Job], list[Problem]]:
    """The jobs for the files, and the problems of those whose output cannot be named."""
    from iopctl.files.atomic import UnsafePathError, check_case_collisions, safe_output_path
    from iopctl.load.read import locate_in_file
    from iopctl.render.document import FORMATS

    clashes = {stem for pair in check_case_collisions(f.stem for f in files) for stem in pair}
    problems: list[Problem] = []
    jobs = []
    for path in files:
        display, stem = str(path), path.stem
        message = None
        if stem in clashes:
            message = (
                f"id '{stem}' names the same output file as another agreement in this batch "
                "(ids, which are the file names, that differ only in case collide on macOS "
                "and Windows)"
            )
        else:
            try:
                out = safe_output_path(out_dir, stem, FORMATS[fmt])
            except UnsafePathError as exc:
                message = str(exc)
        if message is not None:
            line, col = locate_in_file(path, ("id",))
            problems.append(Problem(display, line, col, "id", message, rule="render"))
            continue
        jobs.append(Job(display, display, stem, fmt, str(out), str(templates) if templates else None))
    return jobs, problems


def render_one(job: Job) -> Outcome:
    """Render one job; bad data or a broken template become located problems, bugs propagate."""
    from iopctl.errors import format_path
    from iopctl.load.read import read_agreement
    from iopctl.load.workspace import workspace_for
    from iopctl.render.document import render
    from iopctl.render.markup import RenderError
    from iopctl.render.pdf import RefusedURL
    from iopctl.render.templates import TemplateProblem
    from iopctl.rules.check import file_errors

    path = Path(job.path)
    result = read_agreement(path, job.display, positions=False)
    if result.agreement is None:
        return Outcome(job, None, list(result.problems))
    chosen = Path(job.templates) if job.templates else None
    errors = file_errors(result, path, chosen)
    if errors:
        return Outcome(job, None, errors)
    ws = workspace_for(path, chosen)
    templates, series = ws.templates, ws.series
    try:
        data = render(result.agreement, job.fmt, templates, series)
        extra = []
        if result.agreement.amendments:
            from iopctl.render.amendment import amendment_outputs

            extra = amendment_outputs(result.base, job.fmt, Path(job.out), templates, series)
    except RenderError as exc:
        line, col = result.positions().locate(exc.path)
        return Outcome(
            job,
            None,
            [Problem(job.display, line, col, format_path(exc.path), exc.message, rule="render")],
        )
    except (TemplateProblem, RefusedURL) as exc:
        line, col = result.positions().locate(("template",))
        return Outcome(job, None, [Problem(job.display, line, col, "template", str(exc), rule="template")])
    return Outcome(job, data, extra=extra)


def render_all(
    jobs: list[Job], processes: int = 1, render: Callable[[Job], Outcome] | None = None
) -> Iterator[Outcome]:
    """Outcomes in job order; with processes > 1 the jobs run in a pool (PDF is CPU-bound)."""
    from iopctl.load.workspace import clear_workspaces

    clear_workspaces()
    from iopctl.batch.pool import pool_map

    return pool_map(render or render_one, jobs, processes)
