"""A folder of agreements and what governs it, found and read once: policy, series, records, templates.

An agreement's meaning depends on its folder: the nearest `_policy.yaml`, `_series/` and
`_records/` beside or above it, and the templates it is drafted with. Batch code asks
`workspace_for(file)` once per folder and hands the policy, series store and records folder to
the domain (rules, funding, deadlines, render), which never looks for files itself. So a file's
path through `funding` or `deadlines` meets the reader, the policy and the series once each,
however many files share the folder.

Workspaces are cached per folder (and templates override) for one batch: each batch entry point
(validate, funding, deadlines, render, status, follow-up) starts with `clear_workspaces()`, so a
`_records/` folder or series file made between two commands of one process is seen by the
second. Within a batch they assume the companions do not change.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from iopctl.files.discover import (
    POLICY_FILE,
    find_beside,
    records_dir,
    series_dir,
    series_names,
    template_names,
    templates_dir,
)
from iopctl.load import data_files
from iopctl.model.policy import Policy
from iopctl.model.series_store import SeriesStore

__all__ = ["Workspace", "clear_workspaces", "workspace_for"]


@dataclass(frozen=True, slots=True)
class Workspace:
    """One folder's companions, as found from an agreement file in it."""

    folder: Path
    """The agreements' folder (absolute)."""
    policy: Policy
    """The governing `_policy.yaml` (the defaults when there is none or it is broken)."""
    policy_problems: tuple[object, ...]
    """Problems reading the policy: reported once, for the policy file itself."""
    policy_file: Path | None
    series: SeriesStore
    """The valid series of the nearest `_series/` folder (and the problems reading it)."""
    series_folder: Path | None
    series_names: frozenset[str]
    """Ids of every series file there, valid or not (a rule checks that a named series exists)."""
    records: Path | None
    """The nearest `_records/` folder, when there is one."""
    templates: Path
    """--templates, the nearest `templates/` folder, or the shipped templates."""
    template_names: frozenset[str]


_WORKSPACES: dict[tuple[Path, Path | None], Workspace] = {}
_BY_NAME: dict[tuple[str, str, Path | None], Workspace] = {}
"""The same workspaces by the working folder and the folder as written in the file's path: a
batch asks twice per file (its rules, then its domain work), and `Path.parent.absolute()`
costs more than the rest of the lookup."""


def workspace_for(agreement_file: Path, templates: Path | None = None) -> Workspace:
    """The workspace of an agreement file's folder (with `templates` overriding the templates found)."""
    written = (os.getcwd(), os.path.dirname(agreement_file), templates)
    found = _BY_NAME.get(written)
    if found is not None:
        return found
    key = (agreement_file.parent.absolute(), templates.absolute() if templates is not None else None)
    found = _WORKSPACES.get(key)
    if found is None:
        if len(_WORKSPACES) >= 256:
            clear_workspaces()
        found = _WORKSPACES[key] = _load(agreement_file, key[0], templates)
    if len(_BY_NAME) >= 256:
        _BY_NAME.clear()
    _BY_NAME[written] = found
    return found


def clear_workspaces() -> None:
    """Forget every workspace: a batch starts, and finds its folders' companions afresh."""
    _WORKSPACES.clear()
    _BY_NAME.clear()


def _load(agreement_file: Path, folder: Path, templates: Path | None) -> Workspace:
    policy_file = find_beside(agreement_file, POLICY_FILE)
    policy, problems = data_files.load_policy_file(policy_file)
    series_folder = series_dir(agreement_file)
    chosen = templates_dir(agreement_file, templates)
    return Workspace(
        folder=folder,
        policy=policy,
        policy_problems=tuple(problems),
        policy_file=policy_file,
        series=data_files.load_series(series_folder),
        series_folder=series_folder,
        series_names=series_names(series_folder),
        records=records_dir(agreement_file),
        templates=chosen,
        template_names=template_names(chosen),
    )
