"""The series of one `_series/` folder, as every command holds them: a plain store, no models.

Apart from the series models (`iopctl.model.series`) so that a folder without `_series/`
(one agreement validated on its own, say) never imports them: building the seven pydantic
classes is some 5 ms of a start-up that is held to 1.5× a bare `import typer, pydantic, yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.errors import Problem
    from iopctl.model.series import IndexSeries, PopulationSeries, SeriesModel

__all__ = ["SERIES_SUFFIX", "SeriesStore"]

SERIES_SUFFIX = ".yaml"


@dataclass(slots=True)
class SeriesStore:
    """The series of one `_series/` folder, by id, with the problems found reading them."""

    folder: Path | None = None
    index: dict[str, IndexSeries] = field(default_factory=dict)
    population: dict[str, PopulationSeries] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def index_series(self, series_id: str) -> IndexSeries | None:
        """The index series with this id, if present and valid."""
        return self.index.get(series_id)

    def population_series(self, series_id: str) -> PopulationSeries | None:
        """The population series with this id, if present and valid."""
        return self.population.get(series_id)

    def add(self, series: SeriesModel) -> None:
        """Add a series (used by tests and by the loader)."""
        from iopctl.model.series import IndexSeries

        if isinstance(series, IndexSeries):
            self.index[series.id] = series
        else:
            self.population[series.id] = series
