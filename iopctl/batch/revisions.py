"""The versions `iopctl diff` compares: two files, or a git revision against the working tree.

A revision's files are read with `git show`; a file in only one of the two versions pairs
with None (added or removed). Each version is consolidated (its amendments applied) before
it is compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from iopctl.errors import UserError

if TYPE_CHECKING:
    from iopctl.errors import Problem
    from iopctl.load.read import ReadResult
    from iopctl.versions.diff import Change

__all__ = ["Pair", "changed", "file_pair", "revision_pairs", "unreadable"]


class Pair(NamedTuple):
    """One agreement in two versions (None: not in that version), named as diff shows it."""

    name: str
    old: ReadResult | None
    new: ReadResult | None
    path: Path
    """The file in the working tree: its policy and series price both versions."""


def file_pair(old: Path, new: Path) -> Pair:
    """Two agreement files, the second taken as the new version."""
    from iopctl.load.read import read_agreement

    return Pair(f"{old} → {new}", read_agreement(old), read_agreement(new), new)


def revision_pairs(rev: str, paths: list[Path] | None) -> list[Pair]:
    """The agreements under `paths` (default agreements/) in revision `rev` and in the working tree."""
    from iopctl.load.read import iter_agreement_files, read_agreement

    try:
        _git(["rev-parse", "--is-inside-work-tree"])
    except UserError:
        raise UserError(
            f"{Path.cwd()} is not in a git repository; diff --rev compares a git revision with it"
        ) from None
    targets = paths or [Path("agreements")]
    listed = _git(["ls-tree", "-r", "--name-only", "--full-name", rev, "--", *map(str, targets)]).splitlines()
    top = Path(_git(["rev-parse", "--show-toplevel"]).strip())
    here = Path.cwd().resolve()
    names: dict[str, str | None] = {}  # path as shown → path in the revision (None: not in it)
    for full in listed:
        shown = Path(top / full).resolve()
        rel = str(shown.relative_to(here)) if shown.is_relative_to(here) else str(shown)
        parts = Path(full).parts
        if full.endswith((".yaml", ".yml")) and not any(x.startswith(("_", ".")) for x in parts):
            names[rel] = full
    for p in iter_agreement_files([t for t in targets if t.exists()]):
        names.setdefault(str(p), None)
    pairs = []
    for display, in_rev in sorted(names.items()):
        path = Path(display)
        old = _read_text(_git(["show", f"{rev}:{in_rev}"]), f"{rev}:{in_rev}", path.stem) if in_rev else None
        new = read_agreement(path) if path.exists() else None
        pairs.append(Pair(display, old, new, path))
    return pairs


def unreadable(pairs: list[Pair]) -> list[Problem]:
    """The problems of the versions that could not be read (nothing is compared then)."""
    return [
        p for pair in pairs for r in (pair.old, pair.new) if r is not None and r.agreement is None for p in r.problems
    ]


def changed(pairs: list[Pair]) -> list[tuple[str, list[Change]]]:
    """Each pair that differs, by name, with its changes."""
    from iopctl.load.workspace import workspace_for
    from iopctl.versions.diff import semantic_diff

    results = []
    for name, a, b, path in pairs:
        ws = workspace_for(path)
        changes = semantic_diff(a.agreement if a else None, b.agreement if b else None, ws.series, ws.policy)
        if changes:
            results.append((name, changes))
    return results


def _read_text(text: str, name: str, stem: str) -> ReadResult:
    """An agreement (consolidated) from text, or the located problems (UserError-free)."""
    from iopctl.load.read import _consolidate, validate_text
    from iopctl.model.agreement import Agreement

    result = validate_text(text, name, Agreement, expected_id=stem, positions=False)
    if result.agreement is not None and result.agreement.amendments:
        _consolidate(result)
    return result


def _git(args: list[str]) -> str:
    import subprocess

    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed; diff --rev needs it") from None
    if done.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout
