"""A year's figures from the series store: the exact index factor and the population at a date.

The numbers half of a basis line, with the flags they raise; `iopctl.funding.basis` words
them and `iopctl.funding.amounts` multiplies. Pure: the series store in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.money import product

if TYPE_CHECKING:
    from iopctl.model.funding import Indexation
    from iopctl.model.series import PopulationValue
    from iopctl.model.series_store import SeriesStore


@dataclass(frozen=True, slots=True)
class IndexLookup:
    """A line's index factor for one year, as the series gives it."""

    factor: Decimal
    """Exact, no intermediate rounding; 1 up to the base year and when a value is missing."""
    details: dict[str, Any]
    """The `index` part of a basis's details: series, base_year, lag, factor, factors, missing."""
    flags: tuple[str, ...]
    """index-forecast / index-unverified, or only index-pending when a value is missing."""
    has_series: bool
    """False when the store has no file for the series."""


@dataclass(frozen=True, slots=True)
class PopulationLookup:
    """The population a per-capita line counts at `as_of`."""

    value: PopulationValue | None
    """The figure at `as_of`, None when the series lacks it."""
    used: PopulationValue | None
    """The figure used: `value`, else the latest earlier one (provisional), else None."""
    has_series: bool
    """False when the store has no file for the series."""


def index_lookup(ix: Indexation, year: int, series: SeriesStore) -> IndexLookup:
    """factor(Y) = Π over y = base_year+1 .. Y of (1 + p(y − lag) / 100), with each value's provenance."""
    from iopctl.model.series import percent_factor

    store = series.index_series(ix.series)
    details: dict[str, Any] = {"series": ix.series, "base_year": ix.base_year, "lag": ix.lag}
    if ix.publication:
        details["publication"] = ix.publication
    if year <= ix.base_year:
        details.update(factor=Decimal(1), factors=[], missing=[])
        return IndexLookup(Decimal(1), details, (), store is not None)
    factors: list[dict[str, Any]] = []
    missing: list[int] = []
    flags: list[str] = []
    for y in range(ix.base_year + 1, year + 1):
        value_year = y - ix.lag
        value = store.value(value_year) if store is not None else None
        if value is None:
            missing.append(value_year)
            continue
        factors.append(
            {
                "year": y,
                "value_year": value_year,
                "percent": value.percent,
                "factor": percent_factor(value),
                "publication": value.publication,
                "status": value.status,
                "verified": value.verified,
            }
        )
        if value.status == "forecast" and "index-forecast" not in flags:
            flags.append("index-forecast")
        if not value.verified and "index-unverified" not in flags:
            flags.append("index-unverified")
    details["factors"] = factors
    details["missing"] = missing
    if missing:
        details["factor"] = None
        return IndexLookup(Decimal(1), details, ("index-pending",), store is not None)
    factor = product(*(f["factor"] for f in factors))
    details["factor"] = factor
    return IndexLookup(factor, details, tuple(flags), store is not None)


def population_lookup(series: SeriesStore, series_id: str, as_of: date) -> PopulationLookup:
    """The figure at `as_of`, or the latest earlier one to give a provisional amount."""
    store = series.population_series(series_id)
    value = store.value(as_of) if store is not None else None
    used = value
    if value is None:
        earlier = [v for v in (store.values if store is not None else []) if v.as_of < as_of]
        used = max(earlier, key=lambda v: v.as_of) if earlier else None
    return PopulationLookup(value, used, store is not None)
