"""Writing a renewal (`iopctl renew`): the new term checked against local policy, then written.

Term limits in `_policy.yaml` refuse the new file unless ignored; everything else
`validate` would find is checked by `check_and_write`, which never overwrites a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopctl.errors import UserError

if TYPE_CHECKING:
    from iopctl.errors import Problem
    from iopctl.model.agreement import Agreement
    from iopctl.versions.renewal import Renewal

__all__ = ["Renewed", "check_policy", "write_renewal"]


@dataclass(frozen=True, slots=True)
class Renewed:
    """A renewal written: where, what it replaces, and the findings of the new file."""

    target: Path
    replaces: str
    renewal: Renewal
    problems: list[Problem]
    """Warnings and infos of the new file, in line order."""


def write_renewal(
    source: Path, old: Agreement, term: tuple[date, date | None], ident: str, out: Path | None, ignore_policy: bool
) -> Renewed:
    """Write the renewal of `old` (read from `source`) for the term as `ident`, into `out` or beside it."""
    from iopctl.versions.newfile import check_and_write
    from iopctl.versions.renewal import renew

    renewal = renew(old, term[0], term[1], ident)
    target = (out or source.parent) / f"{ident}.yaml"
    header = f"Renewal of {old.id} ({source.name}), written by iopctl renew; see `needs:` for what to supply."
    check_policy(target, renewal.data, ignore_policy)
    _, problems = check_and_write(target, renewal.data, header)
    problems.sort(key=lambda p: (p.line, p.col))
    return Renewed(target, old.id, renewal, problems)


def check_policy(target: Path, data: dict[str, Any], ignore_policy: bool) -> None:
    """The local-policy check before writing (term-limit findings refuse, unless ignored)."""
    from iopctl.load.workspace import workspace_for
    from iopctl.model.agreement import Agreement
    from iopctl.rules.guidance import term_limit
    from iopctl.rules.registry import Context

    policy = workspace_for(target).policy
    breaches = list(term_limit(Agreement.model_validate(data), Context(data=data, policy=policy)))
    if breaches and not ignore_policy:
        raise UserError(
            f"not written: {target}: " + "; ".join(f.message for f in breaches) + " (--ignore-policy writes it anyway)"
        )
