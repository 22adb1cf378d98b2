"""Where an agreement's companions live: policy, series, records and templates beside it.

Agreement folders carry their own data (`_policy.yaml`, `_series/`, `_records/`); templates are
found in the nearest `templates/` folder above the agreement, else the ones shipped with iopctl.
Lookups are cached per folder, so 10 000 files in one folder cost one lookup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from iopctl.policy import SERIES_DIR, find_beside

TEMPLATE_SUFFIX = ".md.j2"
def _shipped_templates() -> Path:
    """The templates that come with iopctl: the repository's (a checkout or editable install),
    else the copy a regular install puts in `<prefix>/share/iopctl/templates` (pyproject data-files)."""
    import sys

    repo = Path(__file__).resolve().parent.parent / "templates"
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
