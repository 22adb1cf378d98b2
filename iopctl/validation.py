"""Validate agreement files: schema problems plus rule findings, for one file or a whole tree.

Each file is read, validated and checked on its own and reduced to a small report, so a batch
of 10 000 files streams through (no parsed tree is kept) and spreads over processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopctl.problems import Problem, Severity


@dataclass(slots=True)
class FileReport:
    """What validation found in one file."""

    file: str
    agreement_id: str | None
    problems: list[Problem] = field(default_factory=list)
    kind: str = "agreement"
    """agreement, policy, series or records."""

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not any(p.severity == Severity.ERROR for p in self.problems)


def check_file(path: Path, display: str | None = None, templates: Path | None = None) -> FileReport:
    """Validate one agreement file; never raises for bad input."""
    from iopctl.reading import read_agreement

    result = read_agreement(path, display)
    report = FileReport(result.file, None, list(result.problems))
    if result.agreement is None:
        return report
    report.agreement_id = result.agreement.id
    report.problems.extend(rule_problems(result, path, templates))
    report.problems.sort(key=lambda p: (p.line, p.col, p.rule))
    return report


def rule_problems(
    result: object, path: Path, templates: Path | None = None, *, errors_only: bool = False
) -> list[Problem]:
    """Run the rules (the error rules only, when told) on a read agreement; locate the findings."""
    from iopctl.problems import format_path
    from iopctl.reading import ReadResult
    from iopctl.rules import Context, run_rules

    assert isinstance(result, ReadResult)
    policy, series, template_set = _companions(path, templates)
    problems: list[Problem] = []
    assert result.loaded is not None
    ctx = Context(
        data=result.loaded.data, policy=policy, series=series, templates=template_set, text=result.text
    )
    findings = run_rules(result.agreement, ctx, frozenset({Severity.ERROR}) if errors_only else None)
    if findings:
        located = result.positions()
        for f in findings:
            line, col = located.locate(f.path)
            problems.append(Problem(result.file, line, col, format_path(f.path), f.message, f.rule, f.severity))
    return problems


def file_errors(result: object, path: Path, templates: Path | None = None) -> list[Problem]:
    """The errors that stop a read file from being used (funding, render): its reading's, else
    those of the error rules (warnings and infos are `validate`'s to show)."""
    from iopctl.reading import ReadResult

    assert isinstance(result, ReadResult)
    errors = [p for p in result.problems if p.severity == Severity.ERROR]
    if result.agreement is not None and not errors:
        found = rule_problems(result, path, templates, errors_only=True)
        errors = [p for p in found if p.severity == Severity.ERROR]
    return errors


_Companions = tuple[Any, frozenset[str] | None, frozenset[str] | None]
_COMPANIONS: dict[tuple[Path, Path | None], _Companions] = {}


def _companions(path: Path, templates: Path | None) -> _Companions:
    """The policy, series ids and template names that govern an agreement file.

    A broken `_policy.yaml` counts as the defaults here; its problems are reported once, for
    the policy file itself (`iopctl.companions`), not with every agreement it governs.
    They depend only on the file's folder, so they are looked up once per folder and process
    (each lookup stats and resolves the folders above and lists the templates: ~0.2 ms a file).
    Like the policy, series and template caches they are built from, they assume the
    companions do not change while iopctl runs.
    """
    key = (path.parent.absolute(), templates.absolute() if templates is not None else None)
    found = _COMPANIONS.get(key)
    if found is not None:
        return found
    from iopctl.policy import policy_for
    from iopctl.workspace import series_dir, series_names, template_names, templates_dir

    policy, _problems = policy_for(path)
    found = (
        policy,
        series_names(series_dir(path)),
        template_names(templates_dir(path, templates)),
    )
    if len(_COMPANIONS) >= 256:
        _COMPANIONS.clear()
    _COMPANIONS[key] = found
    return found


def _check_one(args: tuple[str, str, str | None]) -> FileReport:
    path, display, templates = args
    return check_file(Path(path), display, Path(templates) if templates else None)


def check_files(files: Iterable[Path], jobs: int = 1, templates: Path | None = None) -> Iterator[FileReport]:
    """Reports for many files, in input order; `jobs` > 1 spreads the work over processes."""
    tasks = [(str(f), str(f), str(templates) if templates else None) for f in files]
    if jobs <= 1 or len(tasks) < 64:
        yield from _id_collisions(_check_one(task) for task in tasks)
        return
    yield from _id_collisions(parallel_map(_check_one, tasks, jobs))  # type: ignore[arg-type]


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
                from iopctl.reading import locate_in_file

                line, col = locate_in_file(Path(report.file), ("id",))
                report.problems.append(Problem(
                    report.file, line, col, "id",
                    f"id '{ident}' is also the id of {first}; their documents would overwrite each other",
                    rule="unique-agreement-ids",
                ))
        yield report


def parallel_map(fn: object, tasks: list[object], jobs: int) -> Iterator[object]:
    """Map over processes in order, in chunks big enough to amortise the hand-over.

    Chunks of at most 128 files (~0.1 s of work) keep the processes evenly busy to the end;
    the hand-over of a chunk costs well under a millisecond.
    """
    import multiprocessing as mp

    from iopctl.signals import worker_init

    chunk = max(16, min(128, len(tasks) // (jobs * 8)))
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(jobs, initializer=worker_init) as pool:
        yield from pool.imap(fn, tasks, chunksize=chunk)  # type: ignore[arg-type]


def count(reports: list[FileReport]) -> dict[str, int]:
    """Totals by severity over reports."""
    agreements = sum(1 for r in reports if r.kind == "agreement")
    totals = {"files": agreements, "data_files": len(reports) - agreements, "error": 0, "warning": 0, "info": 0}
    for r in reports:
        for p in r.problems:
            totals[str(p.severity)] += 1
    return totals


__all__ = ["FileReport", "Severity", "check_file", "check_files", "count", "file_errors"]
