"""Render many agreements: plan the outputs, render (in processes for PDF), write or compare.

Planning reads and validates every file first, so a file with errors, an unsafe id or two
ids that name one file on macOS/Windows is reported with its location and nothing is
rendered for it. Rendering yields outcomes in input order; the caller writes each one
atomically as it arrives (an interrupted batch leaves complete files and no temporary ones)
or, with --check, compares it with the file already there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from iopctl.problems import Problem, Severity

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


def check_dependency(fmt: str) -> None:
    """Fail early, once, with the install hint when the format's library is missing."""
    if fmt == "pdf":
        from iopctl.render_pdf import _weasyprint

        _weasyprint()
    elif fmt == "docx":
        from iopctl.render_docx import pandoc_path

        pandoc_path()


def plan(
    files: list[Path], fmt: str, out_dir: Path, templates: Path | None
) -> tuple[list[Job], list[Problem]]:
    """The jobs for the files that can be rendered, and the problems of those that cannot."""
    from iopctl.atomic import UnsafePathError, check_case_collisions, safe_output_path
    from iopctl.reading import read_agreement
    from iopctl.render import FORMATS
    from iopctl.validation import rule_problems

    problems: list[Problem] = []
    readable = []
    for path in files:
        display = str(path)
        result = read_agreement(path, display)
        if result.agreement is None:
            problems.extend(result.problems)
            continue
        found = list(result.problems) + rule_problems(result, path, templates)
        errors = [p for p in found if p.severity == Severity.ERROR]
        if errors:
            problems.extend(errors)
            continue
        readable.append((path, display, result))
    clashes = {
        stem
        for pair in check_case_collisions([r.agreement.id for _, _, r in readable])
        for stem in pair
    }
    jobs = []
    for path, display, result in readable:
        agreement_id = result.agreement.id
        line, col = result.positions().locate(("id",))
        if agreement_id in clashes:
            problems.append(
                Problem(
                    display,
                    line,
                    col,
                    "id",
                    f"id '{agreement_id}' names the same output file as another agreement "
                    "in this batch "
                    "(ids that differ only in case collide on macOS and Windows)",
                    rule="render",
                )
            )
            continue
        try:
            out = safe_output_path(out_dir, agreement_id, FORMATS[fmt])
        except UnsafePathError as exc:
            problems.append(Problem(display, line, col, "id", str(exc), rule="render"))
            continue
        jobs.append(
            Job(
                str(path),
                display,
                agreement_id,
                fmt,
                str(out),
                str(templates) if templates else None,
            )
        )
    return jobs, problems


def render_one(job: Job) -> Outcome:
    """Render one job; bad data or a broken template become located problems, bugs propagate."""
    from iopctl.problems import format_path
    from iopctl.reading import read_agreement
    from iopctl.render import RenderError, TemplateProblem, render
    from iopctl.render_pdf import RefusedURL
    from iopctl.series import series_for
    from iopctl.workspace import templates_dir

    path = Path(job.path)
    result = read_agreement(path, job.display)
    if result.agreement is None:
        return Outcome(job, None, list(result.problems))
    templates = templates_dir(path, Path(job.templates) if job.templates else None)
    try:
        data = render(result.agreement, job.fmt, templates, series_for(path))
    except RenderError as exc:
        line, col = result.positions().locate(exc.path)
        return Outcome(
            job,
            None,
            [Problem(job.display, line, col, format_path(exc.path), exc.message, rule="render")],
        )
    except (TemplateProblem, RefusedURL) as exc:
        line, col = result.positions().locate(("template",))
        return Outcome(
            job, None, [Problem(job.display, line, col, "template", str(exc), rule="template")]
        )
    return Outcome(job, data)


def render_all(
    jobs: list[Job], processes: int = 1, render: Callable[[Job], Outcome] | None = None
) -> Iterator[Outcome]:
    """Outcomes in job order; with processes > 1 the jobs run in a pool (PDF is CPU-bound)."""
    render = render or render_one
    if processes <= 1 or len(jobs) < 2:
        for job in jobs:
            yield render(job)
        return
    import multiprocessing as mp

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(min(processes, len(jobs))) as pool:
        yield from pool.imap(render, jobs, chunksize=1)
