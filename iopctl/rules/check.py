"""One agreement file checked: its reading's problems plus the rules' findings, located.

`check_file` is what `validate` reports for a file; `file_errors` is what stops funding,
deadlines, render and follow-up from using one (the error rules only). The policy, series ids and
template names a file's rules need come from its folder's workspace, found once per folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from iopctl.errors import Problem, Severity

if TYPE_CHECKING:
    from iopctl.model.policy import Policy


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


def _companions(path: Path, templates: Path | None) -> tuple[Policy, frozenset[str], frozenset[str]]:
    """The policy, series ids and template names that govern an agreement file: its workspace's.

    A broken `_policy.yaml` counts as the defaults here; its problems are reported once, for
    the policy file itself (`iopctl.batch.companions`), not with every agreement it governs.
    The workspace is found and read once per folder and process (`iopctl.load.workspace`).
    """
    from iopctl.load.workspace import workspace_for

    ws = workspace_for(path, templates)
    return ws.policy, ws.series_names, ws.template_names
