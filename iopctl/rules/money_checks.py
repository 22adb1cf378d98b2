"""The checks `amounts-in-period` (in `iopctl.rules.facts`) runs on each amount line and payment plan.

Helpers only: no rule is registered here, so the rules' order stays that of `facts`.
"""

from __future__ import annotations

from collections.abc import Iterator

from iopctl.model.agreement import Period
from iopctl.model.funding import AmountLine, Ceiling, FixedAmount, LumpSum, PaymentPlan, PerCapitaAmount
from iopctl.rules.registry import E, Finding, Path, model_field


def _amounts(path: Path, message: str) -> Finding:
    return Finding("amounts-in-period", E, path, message)


def amount_line_in_period(
    line: AmountLine, path: Path, period: Period, years_seen: dict[int, int]
) -> Iterator[Finding]:
    """One amount line (`path` ends with its index) against the period and the lines before it."""
    first = period.start.year
    last = period.end.year if period.end is not None else None
    if isinstance(line, Ceiling):  # a maximum beside the year's sums, not one of them
        for field in ("from_year", "to_year"):
            year = getattr(line, field)
            if year is not None and (year < first or (last is not None and year > last)):
                yield _amounts((*path, field), f"{year} is outside the agreement's years {first}–{last or '…'}")
        return
    to_year = (
        line.to_year
        if line.to_year is not None
        else (line.from_year if last is not None or isinstance(line, LumpSum) else None)
    )
    if to_year is not None and to_year < line.from_year:
        yield _amounts((*path, "to_year"), f"to_year {to_year} is before from_year {line.from_year}")
        return
    if line.from_year < first or (last is not None and line.from_year > last):
        yield _amounts(
            (*path, "from_year"),
            f"{line.from_year} is outside the agreement's years {first}–{last or '…'}",
        )
    if to_year is not None and last is not None and to_year > last:
        yield _amounts((*path, "to_year"), f"{to_year} is after the agreement ends ({period.end})")
    if isinstance(line, LumpSum) and not line.from_year <= line.paid_in <= line.to_year:
        yield _amounts(
            (*path, "paid_in"),
            f"paid_in {line.paid_in} is outside {line.from_year}–{line.to_year}",
        )
    yield from _years_once(line, path, to_year, last, years_seen)
    ix = model_field(line, "indexation")
    if ix is not None and ix.base_year > line.from_year:
        yield _amounts(
            (*path, "indexation", "base_year"),
            f"base year {ix.base_year} is after the first year {line.from_year}",
        )


def _years_once(
    line: FixedAmount | LumpSum | PerCapitaAmount,
    path: Path,
    to_year: int | None,
    last: int | None,
    years_seen: dict[int, int],
) -> Iterator[Finding]:
    """Each year has one sum: a year an earlier line covers (`years_seen`: year → line index) is reported."""
    if line.to_year is None and last is None and not isinstance(line, LumpSum):
        span = [line.from_year]
    else:
        span = list(range(line.from_year, (to_year or line.from_year) + 1))
    for y in span:
        if y in years_seen:
            yield _amounts(path, f"year {y} already has a sum (amounts[{years_seen[y]}])")
        years_seen[y] = int(path[-1])


def payment_dates_in_period(plan: PaymentPlan, path: Path, period: Period) -> Iterator[Finding]:
    first = period.start.year
    last = period.end.year if period.end is not None else None
    for j, d in enumerate(plan.dates):
        if d.year < first or (last is not None and d.year > last + 1):
            yield _amounts((*path, "dates", j), f"payment date {d} is outside the agreement's years")
