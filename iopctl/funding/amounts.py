"""One amount line's exact amount for each year it covers, before it is split between payers.

- Years: a line's `from_year`..`to_year`. An open-ended line (no `to_year`, or an agreement
  without an end) runs to `until` (the caller decides; without one, to the end of the first
  term, else `from_year`). Lines of an open-ended agreement never run past `until`.
- Part years are paid as stated: the year's amount is the amount the agreement gives for that
  year, never pro-rated unless the line says how (`pro_rata`); an amount per month or
  quarter counts the months or quarters (`iopctl.funding.periods`). The period label is the
  year clipped to the agreement period (`2021-Q4`, `2019-H1`).
- A ceiling ('upp till 4 MSEK' for a year, a season or the term) is one undated maximum per
  span, for the span it covers; its budget year is the year the span starts, flagged
  `several-years` when the span runs into later years.
- Indexation: factor(Y) = Π over y = base_year+1 .. Y of (1 + p(y − lag) / 100), exact, no
  intermediate rounding. A missing value gives the unindexed base amount flagged
  `index-pending`; a forecast value is used and flagged `index-forecast`; an unverified one is
  flagged `index-unverified`.
- Per capita: rate × factor × the population at the stated 31 December. A figure that is not
  in the series gives a provisional amount from the latest earlier figure, flagged
  `population-pending` (0.00 with `amount-unknown` when there is none); an unverified figure
  is flagged `population-unverified`.
- A lump sum is paid in its `paid_in` year; a cap ('upp till') is flagged `cap`.

Each year's amount is rounded half up to the öre once (`iopctl.money`); the split into
payers and instalments is `iopctl.funding.schedule`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.dates.arithmetic import period_label
from iopctl.funding.basis import (
    CAP_WORDS,
    UNKNOWN_WORDS,
    index_words,
    kr_text,
    per_capita_words,
    span_text,
)
from iopctl.funding.periods import PER_WORDS, season_window, year_share
from iopctl.funding.series import index_lookup, population_lookup
from iopctl.money import product, round_ore
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import Ceiling, FixedAmount, Indexation, LumpSum, PaymentPlan, PerCapitaAmount
    from iopctl.model.series_store import SeriesStore


@dataclass(frozen=True, slots=True)
class YearAmount:
    """One line's amount for one year, before splitting."""

    year: int
    period: str
    window: tuple[date, date]
    amount: Decimal | None
    kind: str
    text: str
    details: dict[str, Any]
    flags: tuple[str, ...]


def year_amounts(
    agreement: Agreement,
    line: Any,
    series: SeriesStore,
    until: date | None,
    since: date | None = None,
    plan: PaymentPlan | None = None,
) -> list[YearAmount]:
    """The line's amount for each year it covers (`plan`: the instalments, for `pro_rata: instalments`)."""
    from iopctl.model.funding import Ceiling, FixedAmount, LumpSum, PaymentPlan, PerCapitaAmount

    if isinstance(line, LumpSum):
        return [_lump(agreement, line)]
    if isinstance(line, Ceiling):
        return _ceilings(agreement, line, until, since)
    plan = plan or PaymentPlan()
    out: list[YearAmount] = []
    for year in _years(agreement, line, until):
        if since is not None and year < since.year:
            continue
        window, flags = _year_window(agreement, year)
        if isinstance(line, FixedAmount):
            ya = _fixed(line, year, series, window, (plan.for_year(year)[0], max(1, plan.per_year)))
        else:
            assert isinstance(line, PerCapitaAmount)
            ya = _per_capita(line, year, series)
        amount, kind, text, details, more = ya
        if line.cap:
            more = (*more, "cap")
            text = f"{CAP_WORDS} {text}"
        out.append(YearAmount(year, period_label(*window), window, amount, kind, text, details, (*flags, *more)))
    return out


def _years(agreement: Agreement, line: FixedAmount | PerCapitaAmount, until: date | None) -> range:
    """The years a yearly line covers (see the module docstring)."""
    from iopctl.model.funding import FixedAmount

    period = agreement.period
    if line.to_year is not None:
        last = line.to_year
    elif period.end is not None:
        last = line.from_year if isinstance(line, FixedAmount) else period.end.year
    elif until is not None:
        last = until.year
    elif period.renewal is not None:
        last = max(line.from_year, period.renewal.first_term_end.year)
    else:
        last = line.from_year
    if period.end is None and until is not None:
        last = min(last, until.year)
    return range(line.from_year, last + 1)


def _year_window(agreement: Agreement, year: int) -> tuple[tuple[date, date], tuple[str, ...]]:
    """The year clipped to the agreement period (the whole year, flagged, if they do not meet)."""
    start = max(date(year, 1, 1), agreement.period.start)
    end = min(date(year, 12, 31), agreement.period.end or date(year, 12, 31))
    if end < start:
        return (date(year, 1, 1), date(year, 12, 31)), ("outside-period",)
    return (start, end), ()


def _fixed(
    line: FixedAmount, year: int, series: SeriesStore, window: tuple[date, date], counts: tuple[int, int]
) -> tuple[Decimal | None, str, str, dict[str, Any], tuple[str, ...]]:
    """The year's sum: the stated amount × periods (per month, quarter, part year) × index factor."""
    share = year_share(line, year, window, *counts)
    if line.amount is None or share.factor is None:
        note = line.amount_note or share.text
        unknown: dict[str, Any] = {"base_amount": None, "amount_note": note, "year_amount": None}
        if line.amount is not None:
            unknown["base_amount"] = round_ore(line.amount)
        return None, "fixed", f"{UNKNOWN_WORDS} för {year} ({note})", unknown, ("amount-unknown",)
    details: dict[str, Any] = {"base_amount": round_ore(line.amount)}
    per = "" if line.per == "year" else f" {PER_WORDS[line.per]}"
    times = f" {share.text}" if share.text else ""
    text = f"{kr_text(line.amount)}{per}{times} för {year}"
    if line.per != "year" or line.pro_rata is not None:
        details.update(per=line.per, factor=share.factor, pro_rata=line.pro_rata)
    flags: tuple[str, ...] = ()
    factor = Decimal(1)
    if line.indexation is not None:
        factor, index_text, index_details, flags = _index(line.indexation, year, series)
        details["index"] = index_details
        text += f"; {index_text}"
    amount = round_ore(product(line.amount, share.factor, factor))
    details["year_amount"] = amount
    return amount, "fixed", text, details, flags


def _ceilings(agreement: Agreement, line: Ceiling, until: date | None, since: date | None) -> list[YearAmount]:
    """One undated maximum per year, season or the term, for the span it covers, clipped to the agreement."""
    period = agreement.period
    if line.over == "term":
        end = period.end or until or date(period.start.year, 12, 31)
        spans = [(period.start, end)]
    else:
        first = line.from_year or period.start.year
        last = line.to_year if line.to_year is not None else first
        if line.over == "year":
            spans = [(date(y, 1, 1), date(y, 12, 31)) for y in range(first, last + 1)]
        else:
            assert line.season is not None
            spans = [season_window(y, line.season.start, line.season.end) for y in range(first, last + 1)]
    out: list[YearAmount] = []
    for lo, hi in spans:
        if since is not None and hi < since:
            continue
        start, end = max(lo, period.start), min(hi, period.end or hi)
        flags: tuple[str, ...] = ("cap",)
        if end < start:
            start, end, flags = lo, hi, ("cap", "outside-period")
        if end.year > start.year:
            flags = (*flags, "several-years")
        amount = round_ore(line.amount) if line.amount is not None else None
        money = kr_text(amount) if amount is not None else f"({UNKNOWN_WORDS}: {line.amount_note})"
        if amount is None:
            flags = (*flags, "amount-unknown")
        whole = (start, end) == (date(start.year, 1, 1), date(start.year, 12, 31))
        span = str(start.year) if whole else span_text(start, end)
        text = f"{CAP_WORDS} {money} för {span}; utbetalas mot kostnader, ingen förfallodag"
        details: dict[str, Any] = {
            "ceiling": line.over,
            "covers": [start.isoformat(), end.isoformat()],
            "base_amount": amount,
            "year_amount": amount,
        }
        if amount is None:
            details["amount_note"] = line.amount_note
        out.append(
            YearAmount(start.year, period_label(start, end), (start, end), amount, "ceiling", text, details, flags)
        )
    return out


def _per_capita(
    line: PerCapitaAmount, year: int, series: SeriesStore
) -> tuple[Decimal | None, str, str, dict[str, Any], tuple[str, ...]]:
    as_of = date(year - (1 if line.population.as_of == "previous_year_end" else 2), 12, 31)
    details: dict[str, Any] = {"rate": line.rate, "as_of": as_of, "series": line.population.series}
    flags: list[str] = []
    factor = Decimal(1)
    index_text = ""
    if line.indexation is not None:
        factor, index_text, index_details, index_flags = _index(line.indexation, year, series)
        details["index"] = index_details
        flags.extend(index_flags)
    found = population_lookup(series, line.population.series, as_of)
    if found.value is None:
        flags.append("population-pending")
    used = found.used
    if used is None:
        flags.append("amount-unknown")
        details.update(population=None, source=None, verified=False)
        amount: Decimal | None = None
    else:
        if not used.verified:
            flags.append("population-unverified")
        details.update(
            population=used.population,
            population_as_of=used.as_of,
            source=used.source,
            published=used.published,
            verified=used.verified,
        )
        amount = round_ore(product(line.rate, factor, used.population))
    text = per_capita_words(line, as_of, factor, found)
    if index_text:
        text += f"; {index_text}"
    details["year_amount"] = amount
    return amount, "per_capita", text, details, tuple(flags)


def _lump(agreement: Agreement, line: LumpSum) -> YearAmount:
    start = max(date(line.from_year, 1, 1), agreement.period.start)
    end = min(date(line.to_year, 12, 31), agreement.period.end or date(line.to_year, 12, 31))
    flags: tuple[str, ...] = ()
    if end < start:
        start, end = date(line.from_year, 1, 1), date(line.to_year, 12, 31)
        flags = ("outside-period",)
    whole_years = (start, end) == (date(line.from_year, 1, 1), date(line.to_year, 12, 31))
    if line.from_year != line.to_year and whole_years:
        period = f"{line.from_year}\u2013{line.to_year}"
    else:
        period = period_label(start, end)
    covers = sv.year_range(line.from_year, line.to_year) if whole_years else span_text(start, end)
    window, window_flags = _year_window(agreement, line.paid_in)
    amount = round_ore(line.amount) if line.amount is not None else None
    money = kr_text(amount) if amount is not None else f"({UNKNOWN_WORDS}: {line.amount_note})"
    if amount is None:
        flags = (*flags, "amount-unknown")
    if line.cap:
        flags = (*flags, "cap")
        money = f"på {CAP_WORDS} {money}"
    text = f"engångsbelopp {money} för {covers}, betalas {line.paid_in}"
    details: dict[str, Any] = {
        "base_amount": amount,
        "covers": [line.from_year, line.to_year],
        "paid_in": line.paid_in,
        "year_amount": amount,
    }
    if amount is None:
        details["amount_note"] = line.amount_note
    return YearAmount(line.paid_in, period, window, amount, "lump", text, details, (*flags, *window_flags))


def _index(ix: Indexation, year: int, series: SeriesStore) -> tuple[Decimal, str, dict[str, Any], tuple[str, ...]]:
    """The exact factor for `year` (1 when pending), its Swedish line, details and flags."""
    found = index_lookup(ix, year, series)
    return found.factor, index_words(ix, year, found), found.details, found.flags
