"""Validation findings for people, scripts and CI: text lines, JSON, GitHub annotations.

Plain lines only, no rich: `validate` runs on every commit hook and pays for what it imports
(tests/test_startup.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopctl.errors import Severity, github_data, github_property, visible

if TYPE_CHECKING:
    from iopctl.rules.check import FileReport

_ANNOTATION = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
"""The GitHub workflow command of each severity."""

_ORDER = [Severity.ERROR, Severity.WARNING, Severity.INFO]


def failed(reports: list[FileReport], strict: bool) -> bool:
    """Whether the findings fail the run: errors, and with `strict` warnings too."""
    failing = {Severity.ERROR} | ({Severity.WARNING} if strict else set())
    return any(p.severity in failing for r in reports for p in r.problems)


def write(reports: list[FileReport], format: str, *, show: str, ok: bool) -> None:
    """The reports to stdout as `format` (text, json or github); text shows `show` and worse."""
    from iopctl.batch.validate import count
    from iopctl.report.console import to_json, write_stdout

    totals = count(reports)
    if format == "json":
        write_stdout(to_json(as_json(reports, totals, ok)))
    elif format == "github":
        write_stdout("\n".join([*github_lines(reports), summary(totals)]) + "\n")
    else:
        write_stdout("\n".join([*text_lines(reports, show), summary(totals)]) + "\n")


def as_json(reports: list[FileReport], totals: dict[str, int], ok: bool) -> dict[str, object]:
    """The JSON document of `validate --format json`."""
    return {
        "ok": ok,
        "files": [{"file": r.file, "id": r.agreement_id, "ok": r.ok, "problems": r.problems} for r in reports],
        "totals": totals,
    }


def github_lines(reports: list[FileReport]) -> list[str]:
    """One GitHub workflow annotation a finding (`::error file=…,line=…::message`)."""
    lines = []
    for r in reports:
        for p in r.problems:
            message = f"{p.path}: {p.message}" if p.path else p.message
            lines.append(
                f"::{_ANNOTATION[p.severity]} file={github_property(p.file)},line={p.line},col={p.col},"
                f"title={github_property(p.rule)}::{github_data(message)}"
            )
    return lines


def text_lines(reports: list[FileReport], show: str) -> list[str]:
    """The findings of severity `show` or worse, then one ok/FAIL line a file."""
    shown = set(_ORDER[: _ORDER.index(Severity(show)) + 1])
    lines = [p.text() for r in reports for p in r.problems if p.severity in shown]
    for r in reports:
        mark = "ok" if r.ok else "FAIL"
        what = r.agreement_id or ("policy" if r.kind == "policy" else "not valid")
        lines.append(f"{mark:4} {visible(r.file)} ({visible(what)})")
    return lines


def summary(totals: dict[str, int]) -> str:
    """The last line: files checked and findings by severity."""
    n, d = totals["files"], totals.get("data_files", 0)
    data = f" and {d} data file{'s' if d != 1 else ''}" if d else ""
    return (
        f"{n} agreement{'s' if n != 1 else ''}{data} checked: {totals['error']} errors, "
        f"{totals['warning']} warnings, {totals['info']} infos"
    )
