"""One agreement file checked: its reading's problems plus the rules' findings, located.

`check_file` is what `validate` reports for a file; `file_errors` is what stops funding,
deadlines, render and follow-up from using one (the error rules only). The policy, series ids and
template names a file's rules need are found once per folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopctl.errors import Problem, Severity


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
    from iopctl.load.read import read_agreement

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
    from iopctl.errors import format_path
    from iopctl.load.read import ReadResult
    from iopctl.rules import facts, guidance  # noqa: F401 (importing them registers their rules, in this order)
    from iopctl.rules.registry import Context, run_rules

    assert isinstance(result, ReadResult)
    policy, series, template_set = _companions(path, templates)
    problems: list[Problem] = []
    assert result.loaded is not None
    ctx = Context(data=result.loaded.data, policy=policy, series=series, templates=template_set, text=result.text)
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
    from iopctl.load.read import ReadResult

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
    the policy file itself (`iopctl.batch.companions`), not with every agreement it governs.
    They depend only on the file's folder, so they are looked up once per folder and process
    (each lookup stats and resolves the folders above and lists the templates: ~0.2 ms a file).
    Like the policy, series and template caches they are built from, they assume the
    companions do not change while iopctl runs.
    """
    key = (path.parent.absolute(), templates.absolute() if templates is not None else None)
    found = _COMPANIONS.get(key)
    if found is not None:
        return found
    from iopctl.files.discover import series_dir, series_names, template_names, templates_dir
    from iopctl.load.data_files import policy_for

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
