"""What `iopctl new` and `iopctl renew` say about the file they wrote: the findings, then one line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.errors import Problem
    from iopctl.versions.renewing import Renewed


def new_file(target: Path, found: list[Problem]) -> None:
    """The new file's findings in line order (to stderr), then the file and the values to supply."""
    from iopctl.report.console import report_problems

    found.sort(key=lambda p: (p.line, p.col))
    report_problems(found)
    print(f"wrote {target} ({sum(p.rule == 'needs-value' for p in found)} values to supply)")


def renewal(renewed: Renewed, format: str) -> None:
    """The renewal written (text or json): what it replaces, whether dates moved, values to supply."""
    from iopctl.report.console import report_problems, write_json

    done = renewed.renewal
    if format == "json":
        write_json(
            {
                "file": str(renewed.target),
                "replaces": renewed.replaces,
                "moved_years": done.moved_years,
                "problems": [p.as_json() for p in renewed.problems],
            }
        )
        return
    report_problems(renewed.problems)
    moved = (
        f"dates moved {done.moved_years} years"
        if done.moved_years is not None
        else "dates not moved (the term is not the old one moved by whole years)"
    )
    print(f"wrote {renewed.target} (replaces {renewed.replaces}; {moved}; {len(done.needs)} values to supply or check)")
