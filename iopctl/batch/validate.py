"""Validate agreement files: schema problems plus rule findings, for one file or a whole tree.

Each file is read, validated and checked on its own and reduced to a small report, so a batch
of 10 000 files streams through (no parsed tree is kept) and spreads over processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from iopctl.batch.pool import pool_map
from iopctl.errors import Problem, Severity
from iopctl.load.workspace import clear_workspaces
from iopctl.rules.check import FileReport, check_file


def _check_one(args: tuple[str, str, str | None]) -> FileReport:
    path, display, templates = args
    return check_file(Path(path), display, Path(templates) if templates else None)


def check_files(files: Iterable[Path], jobs: int = 1, templates: Path | None = None) -> Iterator[FileReport]:
    """Reports for many files, in input order; `jobs` > 1 spreads the work over processes."""
    clear_workspaces()
    tasks = [(str(f), str(f), str(templates) if templates else None) for f in files]
    yield from _id_collisions(pool_map(_check_one, tasks, jobs, chunksize=_chunk(len(tasks), jobs), at_least=64))


def _id_collisions(reports: Iterable[FileReport]) -> Iterator[FileReport]:
    """Flag a file whose id an earlier file of the batch has (also in another case or folder).

    Outputs are named by id, so two such agreements would overwrite each other's documents
    (and on macOS and Windows, names differing only in case are one file).
    """
    seen: dict[str, str] = {}
    for report in reports:
        ident = report.agreement_id
        if ident is not None:
            first = seen.setdefault(ident.casefold(), report.file)
            if first != report.file:
                from iopctl.load.read import locate_in_file

                line, col = locate_in_file(Path(report.file), ("id",))
                report.problems.append(
                    Problem(
                        report.file,
                        line,
                        col,
                        "id",
                        f"id '{ident}' is also the id of {first}; their documents would overwrite each other",
                        rule="unique-agreement-ids",
                    )
                )
        yield report


def _chunk(tasks: int, jobs: int) -> int:
    """Chunks of at most 128 files (~0.1 s of work) keep the processes evenly busy to the end;
    the hand-over of a chunk costs well under a millisecond."""
    return max(16, min(128, tasks // (max(jobs, 1) * 8)))


def count(reports: list[FileReport]) -> dict[str, int]:
    """Totals by severity over reports."""
    agreements = sum(1 for r in reports if r.kind == "agreement")
    totals = {"files": agreements, "data_files": len(reports) - agreements, "error": 0, "warning": 0, "info": 0}
    for r in reports:
        for p in r.problems:
            totals[str(p.severity)] += 1
    return totals


__all__ = ["FileReport", "Severity", "check_file", "check_files", "count"]
