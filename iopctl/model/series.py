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

from datetime import date
from decimal import Decimal
from typing import Literal, TypeVar

from pydantic import Field, field_validator

from iopctl.model.base import Strict, new_list
from iopctl.model.scalars import Count, Flag, Ident, IsoDate, Markdown, Percent, Text, Year


class IndexValue(Strict):
    """One year's index change in percent, with where it was published."""

    year: Year = Field(description="The year the change applies to, e.g. 2020.")
    percent: Percent = Field(description='Change in percent, written as text: "2.7" for 2.7 %.')
    publication: Text = Field(
        description="Where the value is published, e.g. 'SKR, cirkulär 23:41 (PKV oktober 2023)'; "
        "'unverified' when unknown."
    )
    status: Literal["outcome", "forecast"] = Field(description="outcome (utfall) or forecast (prognos).")
    verified: Flag = Field(False, description="Someone has checked the value against the publication.")
    note: Text | None = Field(None, description="Anything a reader should know about this value.")


class PopulationValue(Strict):
    """A population figure at a date (folkmängd), with its source."""

    as_of: IsoDate = Field(description="The date the figure counts, normally 31 December.")
    population: Count = Field(description="Inhabitants (folkmängd).")
    source: Text = Field(description="e.g. 'SCB, Folkmängd i riket, län och kommuner 31 december 2023'.")
    published: IsoDate | None = Field(None, description="When the source published the figure, when known.")
    verified: Flag = Field(False, description="Someone has checked the figure against the source.")
    note: Text | None = Field(None, description="Anything a reader should know, e.g. 'probably 2023-12-31'.")


class _SeriesBase(Strict):
    id: Ident = Field(description="Series id; must equal the file name without .yaml.")
    name: Text = Field(description="What the series is, in Swedish.")
    note: Markdown | None = Field(None, description="How the values were found and what is missing.")


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
    values: list[IndexValue] = Field(default_factory=new_list, description="Known values; unknown years are left out.")

    @field_validator("values")
    @classmethod
    def _one_value_per_year(cls, values: list[IndexValue]) -> list[IndexValue]:
        dupes = _repeated([v.year for v in values])
        if dupes:
            raise ValueError(
                f"more than one value for {', '.join(map(str, dupes))}; keep one per year (the publication used)"
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
            raise ValueError(f"more than one figure at {', '.join(d.isoformat() for d in dupes)}; keep one per date")
        return values

    def value(self, as_of: date) -> PopulationValue | None:
        """The figure at exactly this date, or None when it is not known."""
        return next((v for v in self.values if v.as_of == as_of), None)


class _SeriesHead(Strict):
    """Only the kind, to choose the model; everything else is checked by the full model."""

    model_config = Strict.model_config | {"extra": "ignore"}

    kind: Literal["index", "population"] = Field(description="index or population.")


SeriesModel = IndexSeries | PopulationSeries


def percent_factor(value: IndexValue) -> Decimal:
    """1 + p/100, exact."""
    return Decimal(1) + value.percent / Decimal(100)


__all__ = [
    "IndexSeries",
    "IndexValue",
    "PopulationSeries",
    "PopulationValue",
    "SeriesModel",
    "percent_factor",
]
