"""What `iopctl renew` says about the file it wrote: text for people, JSON for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.versions.renewing import Renewed


def write(renewed: Renewed, format: str) -> None:
    """The new file, what it replaces, whether dates moved and the values to supply."""
    from iopctl.report.console import report_problems, write_json

    renewal = renewed.renewal
    if format == "json":
        write_json(
            {
                "file": str(renewed.target),
                "replaces": renewed.replaces,
                "moved_years": renewal.moved_years,
                "problems": [p.as_json() for p in renewed.problems],
            }
        )
        return
    report_problems(renewed.problems)
    moved = (
        f"dates moved {renewal.moved_years} years"
        if renewal.moved_years is not None
        else "dates not moved (the term is not the old one moved by whole years)"
    )
    print(
        f"wrote {renewed.target} (replaces {renewed.replaces}; {moved}; {len(renewal.needs)} values to supply or check)"
    )
