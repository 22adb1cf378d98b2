"""Index and population series kept as data beside the agreements (`_series/<id>.yaml`).

An index value (PKV, a municipality's price compensation) is only as good as its publication:
PKV for a year changes between SKR's forecasts, so every value carries the publication it
comes from, whether it is an outcome or a forecast, and whether anyone has checked it.
Population figures (SCB, 31 December) carry their date and source the same way. Years that
are not known are left out, never guessed: the schedule then flags the payment as pending.

Series files are read with the same strict reader as agreements, so a bad file gets located
`file:line:col` problems. A folder is read once and cached (keyed on the files' stat, so an
edited file is read again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, field_validator

from iopctl.model import Strict, new_list
from iopctl.problems import Problem, under_rule
from iopctl.types import Count, Flag, Ident, IsoDate, Markdown, Percent, Text, Year

SERIES_SUFFIX = ".yaml"


class IndexValue(Strict):
    """One year's index change in percent, with where it was published."""

    year: Year = Field(description="The year the change applies to, e.g. 2020.")
    percent: Percent = Field(description='Change in percent, written as text: "2.7" for 2.7 %.')
    publication: Text = Field(
        description="Where the value is published, e.g. 'SKR, cirkulär 23:41 (PKV oktober 2023)'; "
        "'unverified' when unknown."
    )
    status: Literal["outcome", "forecast"] = Field(
        description="outcome (utfall) or forecast (prognos)."
    )
    verified: Flag = Field(
        False, description="Someone has checked the value against the publication."
    )
    note: Text | None = Field(None, description="Anything a reader should know about this value.")


class PopulationValue(Strict):
    """A population figure at a date (folkmängd), with its source."""

    as_of: IsoDate = Field(description="The date the figure counts, normally 31 December.")
    population: Count = Field(description="Inhabitants (folkmängd).")
    source: Text = Field(
        description="e.g. 'SCB, Folkmängd i riket, län och kommuner 31 december 2023'."
    )
    published: IsoDate | None = Field(
        None, description="When the source published the figure, when known."
    )
    verified: Flag = Field(False, description="Someone has checked the figure against the source.")
    note: Text | None = Field(
        None, description="Anything a reader should know, e.g. 'probably 2023-12-31'."
    )


class _SeriesBase(Strict):
    id: Ident = Field(description="Series id; must equal the file name without .yaml.")
    name: Text = Field(description="What the series is, in Swedish.")
    note: Markdown | None = Field(
        None, description="How the values were found and what is missing."
    )


_Key = TypeVar("_Key", int, date)


def _repeated(keys: list[_Key]) -> list[_Key]:
    """The keys (years, dates) that appear more than once, sorted: one value per key."""
    return sorted({k for k in keys if keys.count(k) > 1})


class IndexSeries(_SeriesBase):
    """A yearly percentage index (PKV, a local price compensation)."""

    kind: Literal["index"] = Field(description="index: yearly percentage changes.")
    publisher: Text | None = Field(
        None, description="Who publishes the series, e.g. 'Sveriges Kommuner och Regioner (SKR)'."
    )
    values: list[IndexValue] = Field(
        default_factory=new_list, description="Known values; unknown years are left out."
    )

    @field_validator("values")
    @classmethod
    def _one_value_per_year(cls, values: list[IndexValue]) -> list[IndexValue]:
        dupes = _repeated([v.year for v in values])
        if dupes:
            raise ValueError(
                f"more than one value for {', '.join(map(str, dupes))}; "
                "keep one per year (the publication used)"
            )
        return values

    def value(self, year: int) -> IndexValue | None:
        """The value for a year, or None when it is not known."""
        return next((v for v in self.values if v.year == year), None)


class PopulationSeries(_SeriesBase):
    """Population figures of an area at given dates (SCB)."""

    kind: Literal["population"] = Field(description="population: inhabitants at dates.")
    area: Text | None = Field(None, description="The area counted, e.g. 'Trelleborgs kommun'.")
    values: list[PopulationValue] = Field(
        default_factory=new_list, description="Known figures; unknown dates are left out."
    )

    @field_validator("values")
    @classmethod
    def _one_value_per_date(cls, values: list[PopulationValue]) -> list[PopulationValue]:
        dupes = _repeated([v.as_of for v in values])
        if dupes:
            raise ValueError(
                f"more than one figure at {', '.join(d.isoformat() for d in dupes)}; "
                "keep one per date"
            )
        return values

    def value(self, as_of: date) -> PopulationValue | None:
        """The figure at exactly this date, or None when it is not known."""
        return next((v for v in self.values if v.as_of == as_of), None)


class _SeriesHead(Strict):
    """Only the kind, to choose the model; everything else is checked by the full model."""

    model_config = Strict.model_config | {"extra": "ignore"}

    kind: Literal["index", "population"] = Field(description="index or population.")


SeriesModel = IndexSeries | PopulationSeries


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
        if isinstance(series, IndexSeries):
            self.index[series.id] = series
        else:
            self.population[series.id] = series


def read_series_text(
    text: str, name: str, expected_id: str | None = None
) -> tuple[SeriesModel | None, list[Problem]]:
    """Validate one series file's text; the model or the located problems."""
    from iopctl.reading import validate_text

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


def read_series_file(
    path: Path, display: str | None = None
) -> tuple[SeriesModel | None, list[Problem]]:
    """Read and validate one series file; never raises for bad input."""
    from iopctl.reading import read_text_file

    name = display or str(path)
    text, problems = read_text_file(path, name)
    if text is None:
        return None, problems
    return read_series_text(text, name, expected_id=path.stem)


def load_series(folder: Path | None) -> SeriesStore:
    """All series in a `_series/` folder (empty for None); cached per folder and file state."""
    if folder is None or not folder.is_dir():
        return SeriesStore(folder)
    files = sorted(
        p for p in folder.glob(f"*{SERIES_SUFFIX}") if p.is_file() and not p.name.startswith(".")
    )
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


def series_for(agreement_file: Path) -> SeriesStore:
    """The series store for an agreement file: the nearest `_series/` folder beside or above it."""
    from iopctl.workspace import series_dir

    return load_series(series_dir(agreement_file))


def percent_factor(value: IndexValue) -> Decimal:
    """1 + p/100, exact."""
    return Decimal(1) + value.percent / Decimal(100)


__all__ = [
    "IndexSeries",
    "IndexValue",
    "PopulationSeries",
    "PopulationValue",
    "SeriesModel",
    "SeriesStore",
    "load_series",
    "percent_factor",
    "read_series_file",
    "read_series_text",
    "series_for",
]
