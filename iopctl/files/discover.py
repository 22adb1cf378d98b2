"""Where an agreement's companions live: policy, series, records and templates beside it.

Agreement folders carry their own data (`_policy.yaml`, `_series/`, `_records/`); templates are
found in the nearest `templates/` folder above the agreement, else the ones shipped with iopctl.
Lookups are cached per folder, so 10 000 files in one folder cost one lookup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

TEMPLATE_SUFFIX = ".md.j2"


def _shipped_templates() -> Path:
    """The templates that come with iopctl: the repository's (a checkout or editable install),
    else the copy a regular install puts in `<prefix>/share/iopctl/templates` (pyproject data-files)."""
    import sys

    repo = Path(__file__).resolve().parents[2] / "templates"
    if repo.is_dir():
        return repo
    return Path(sys.prefix) / "share" / "iopctl" / "templates"


SHIPPED_TEMPLATES = _shipped_templates()


def templates_dir(agreement_file: Path, override: Path | None = None) -> Path:
    """The templates folder for an agreement: --templates, the nearest templates/, or the shipped one."""
    if override is not None:
        return override
    found = find_beside(agreement_file, "templates")
    if found is not None and found.is_dir() and any(found.glob(f"*{TEMPLATE_SUFFIX}")):
        return found
    return SHIPPED_TEMPLATES


@lru_cache(maxsize=64)
def template_names(folder: Path) -> frozenset[str]:
    """Template names (file stems without .md.j2) in a templates folder."""
    if not folder.is_dir():
        return frozenset()
    return frozenset(
        p.name[: -len(TEMPLATE_SUFFIX)] for p in folder.glob(f"*{TEMPLATE_SUFFIX}") if not p.name.startswith("_")
    )


def series_dir(agreement_file: Path) -> Path | None:
    """The `_series/` folder beside (or above) an agreement file."""
    return find_beside(agreement_file, SERIES_DIR)


@lru_cache(maxsize=64)
def series_names(folder: Path | None) -> frozenset[str]:
    """Ids of the series files in a `_series/` folder."""
    if folder is None or not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.glob("*.yaml"))


POLICY_FILE = "_policy.yaml"


SERIES_DIR = "_series"


RECORDS_DIR = "_records"


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it is inside it (as users
    type paths), else as given. Companion files are found from resolved folders, so their paths
    are absolute here; the file itself is not resolved, so a symlink shows as its own name."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_beside(start: Path, name: str) -> Path | None:
    """The nearest `name` in the folder of `start` or a folder above it."""
    folder = start if start.is_dir() else start.parent
    return _find_up(folder.resolve(), name)


@lru_cache(maxsize=256)
def _find_up(folder: Path, name: str) -> Path | None:
    for candidate in (folder, *folder.parents):
        path = candidate / name
        if path.exists():
            return path
    return None


def records_dir(agreement_file: Path) -> Path | None:
    """The nearest `_records/` folder in the agreement's folder or a folder above it.

    Not cached here (a folder may appear while a process runs); callers reading many files
    from one folder keep the answer per folder.
    """
    from iopctl.files.discover import RECORDS_DIR

    folder = agreement_file.parent.resolve()
    for candidate in (folder, *folder.parents):
        found = candidate / RECORDS_DIR
        if found.is_dir():
            return found
    return None


def records_path(agreement_file: Path, agreement_id: str, folder: Path | None | bool = True) -> Path | None:
    """`_records/<id>.yaml` for an agreement, when it exists; `folder` is a known `records_dir`."""
    if folder is True:
        folder = records_dir(agreement_file)
    if folder is None or folder is False:
        return None
    path = Path(folder) / f"{agreement_id}.yaml"
    return path if path.is_file() else None
