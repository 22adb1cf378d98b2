"""The data files beside the agreements, read and validated: `_policy.yaml` and `_series/*.yaml`.

Each is read with the same strict reader as agreements, so every problem is located; each
folder's files are read once and cached (policy per path, series per folder and file state).
Which files govern an agreement is the workspace's to find (`iopctl.load.workspace`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from iopctl.errors import Problem, under_rule
from iopctl.model.policy import Policy, default_policy
from iopctl.model.series_store import SERIES_SUFFIX, SeriesStore

if TYPE_CHECKING:
    from iopctl.model.series import SeriesModel


@lru_cache(maxsize=64)
def load_policy_file(path: Path | None) -> tuple[Policy, list[object]]:
    """The policy at `path` (defaults when None) and any problems reading it."""
    if path is None:
        return default_policy(), []
    from iopctl.load.read import read_text_file, validate_text

    display = str(path)
    text, problems = read_text_file(path, display)
    if text is None:
        return default_policy(), list(problems)
    result = validate_text(text, display, Policy)
    if result.agreement is None:
        return default_policy(), list(result.problems)
    policy: Policy = result.agreement
    return policy, []


def read_series_text(text: str, name: str, expected_id: str | None = None) -> tuple[SeriesModel | None, list[Problem]]:
    """Validate one series file's text; the model or the located problems."""
    from iopctl.load.read import validate_text
    from iopctl.model.series import IndexSeries, PopulationSeries, _SeriesHead  # only with a series file

    head = validate_text(text, name, _SeriesHead)
    if head.agreement is None:
        return None, under_rule(head.problems, "series")
    model: type[IndexSeries] | type[PopulationSeries] = (
        IndexSeries if head.agreement.kind == "index" else PopulationSeries
    )
    result = validate_text(text, name, model, expected_id=expected_id)
    if result.problems:
        return None, under_rule(result.problems, "series")
    series = result.agreement
    assert isinstance(series, IndexSeries | PopulationSeries)
    return series, []


def read_series_file(path: Path, display: str | None = None) -> tuple[SeriesModel | None, list[Problem]]:
    """Read and validate one series file; never raises for bad input."""
    from iopctl.load.read import read_text_file

    name = display or str(path)
    text, problems = read_text_file(path, name)
    if text is None:
        return None, problems
    return read_series_text(text, name, expected_id=path.stem)


def load_series(folder: Path | None) -> SeriesStore:
    """All series in a `_series/` folder (empty for None); cached per folder and file state."""
    if folder is None or not folder.is_dir():
        return SeriesStore(folder)
    files = sorted(p for p in folder.glob(f"*{SERIES_SUFFIX}") if p.is_file() and not p.name.startswith("."))
    state = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _load(folder.resolve(), state)


@lru_cache(maxsize=32)
def _load(folder: Path, state: tuple[tuple[str, int, int], ...]) -> SeriesStore:
    store = SeriesStore(folder)
    for name, _mtime, _size in state:
        path = folder / name
        series, problems = read_series_file(path)
        store.problems.extend(problems)
        if series is not None:
            store.add(series)
    return store
