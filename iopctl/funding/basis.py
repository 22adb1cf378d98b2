"""The Swedish basis line: how an amount was reached, in words a treasurer can check; the flag words.

`iopctl.funding.amounts` computes, `iopctl.funding.series` looks the figures up, and this
module words them, numbers as `iopctl.swedish.format` writes them. Programs read a basis's
`kind` and `details`, never its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iopctl.money import round_ore
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.funding.series import IndexLookup, PopulationLookup
    from iopctl.model.funding import Indexation, PerCapitaAmount


FLAG_LABELS = {
    "needs-date": "datum saknas",
    "index-pending": "index saknas",
    "index-forecast": "indexprognos",
    "index-unverified": "index ej verifierat",
    "population-pending": "folkmängd saknas",
    "population-unverified": "folkmängd ej verifierad",
    "amount-unknown": "belopp okänt",
    "cap": "högst (upp till)",
    "conditional": "villkorad",
    "outside-period": "utanför avtalstiden",
    "due-before-start": "förfaller före avtalsstart",
    "several-years": "över flera budgetår",
    "split-unknown": "fördelningen anges inte",
}
"""Swedish words for the flags in tables, CSV and calendar descriptions (JSON keeps the ids)."""


def flag_words(flags: tuple[str, ...]) -> str:
    """The flags in Swedish, "datum saknas, index saknas"."""
    return ", ".join(FLAG_LABELS.get(f, f) for f in flags)


@dataclass(frozen=True, slots=True)
class Basis:
    """How an amount was reached, for people and for JSON."""

    kind: str
    """fixed | split | lump | per_capita | in_kind"""
    text: str
    """One Swedish line a treasurer can check, numbers as `iopctl.swedish.format` writes them.

    E.g. '2,25 kr × 46 936 invånare den 31 december 2023 (SCB, …; ej verifierad)'. It is shown
    as is in the "Underlag" column of `iopctl funding` and after "Underlag:" in the deadline
    and calendar descriptions. Programs read `kind` and `details`, never this text.
    """
    details: dict[str, Any] = field(default_factory=dict)
    """Machine-readable parts: base amount, share, rate, population, as_of, source, index."""

    def as_json(self) -> dict[str, Any]:
        """Stable key order for JSON."""
        return {"kind": self.kind, "text": self.text, "details": self.details}


UNKNOWN_WORDS = "belopp ej fastställt"
"""In place of an amount the agreement does not state (never 0 kr)."""


CAP_WORDS = "högst (upp till)"
"""Before a capped amount: the Swedish word and the agreements' own 'upp till'."""


STATUS_WORDS = {"outcome": "utfall", "forecast": "prognos"}
"""An index value's status in the basis line (details keep the English codes)."""


def publication_text(text: str) -> str:
    """Where an index value is published; the series files' placeholder 'unverified' in Swedish."""
    return "publikation okänd" if text == "unverified" else text


@lru_cache(maxsize=4096)
def kr_text(value: Decimal) -> str:
    """An amount or rate with its unit, "1 000 000 kr", "2,25 kr" (a rate may have 6 decimals).

    Cached, like `number_text` and `fraction_text`: an agreement names the same amounts year after year,
    and equal Decimals (1.0, 1.00) print alike."""
    if value == round_ore(value):
        return sv.kronor(value, "kr")
    return f"{number_text(value)}{sv.UNIT_SEP}kr"


@lru_cache(maxsize=4096)
def number_text(value: Decimal) -> str:
    """An exact number without trailing zeros, grouped, with a decimal comma: '1,05884'."""
    return sv.number(value)


def span_text(start: date, end: date) -> str:
    """ "1 oktober–31 december 2021", or with both years when they differ (as the documents)."""
    if start.year == end.year:
        first = f"{start.day} {sv.month_name(start.month)}"
    else:
        first = sv.date_long(start)
    return f"{first}{sv.RANGE_DASH}{sv.date_long(end)}"


@lru_cache(maxsize=4096)
def fraction_text(value: Decimal) -> str:
    """A share as a fraction when it is a simple one: 0.5 → '1/2'."""
    from fractions import Fraction

    f = Fraction(value).limit_denominator(1000)
    if abs(Decimal(f.numerator) / Decimal(f.denominator) - value) < Decimal("1e-20"):
        return f"{f.numerator}/{f.denominator}"
    return number_text(value)


def index_words(ix: Indexation, year: int, found: IndexLookup) -> str:
    """The index part of a basis line: the factors with their provenance, or why there is none."""
    if year <= ix.base_year:
        return f"basår {ix.base_year} ({ix.series}): ingen indexering"
    missing: list[int] = found.details["missing"]
    if missing:
        years = sv.join_list([str(y) for y in missing])
        if not found.has_series:
            why = f"ingen seriefil för {ix.series} ({years})"
        else:
            why = f"{ix.series} {years} finns inte i serien"
        return f"index saknas: {why}, beloppet visas utan indexering"
    parts = " × ".join(
        f"{number_text(f['factor'])} ({f['value_year']} "
        f"{STATUS_WORDS.get(f['status'], f['status'])}, {publication_text(f['publication'])})"
        for f in found.details["factors"]
    )
    return f"indexerat från {ix.base_year} med {ix.series}: {parts} = {number_text(found.factor)}"


def per_capita_words(line: PerCapitaAmount, as_of: date, factor: Decimal, found: PopulationLookup) -> str:
    """Rate × (factor ×) population: the figure's date, source and check, or why there is none."""
    rate_text = kr_text(line.rate)
    if factor != 1:
        rate_text = f"{rate_text} × {number_text(factor)}"
    used = found.used
    if used is None:
        where = "ingen seriefil" if not found.has_series else "uppgiften saknas i serien"
        return (
            f"{rate_text} × folkmängden den {sv.date_long(as_of)} ({line.population.series}: {where}); {UNKNOWN_WORDS}"
        )
    check = "verifierad" if used.verified else "ej verifierad"
    people = sv.amount(used.population)
    at = sv.date_long(used.as_of)
    text = f"{rate_text} × {people} invånare den {at} ({used.source}; {check})"
    if found.value is None:
        missing = f"folkmängden den {sv.date_long(as_of)} saknas i {line.population.series}"
        text += f"; preliminärt: {missing}"
    return text
