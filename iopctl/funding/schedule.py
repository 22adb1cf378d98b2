"""The funding schedule: one agreement in, its dated (or 'needs a date') payments out.

The deadlines calendar, the rendered economy section and `iopctl funding` read payments from
here only (one source of truth). Pure: the agreement, the series store and `until` in, plain
dataclasses out; no files, no clock.

How each amount is reached
--------------------------
- Years: a line's `from_year`..`to_year`. An open-ended line (no `to_year`, or an agreement
  without an end) runs to `until` (the caller decides; without one, to the end of the first
  term, else `from_year`). Lines of an open-ended agreement never run past `until`.
- Part years are paid as stated: the year's amount is the amount the agreement gives for that
  year, never pro-rated. The period label is the year clipped to the agreement period
  (`2021-Q4`, `2019-H1`).
- Indexation: factor(Y) = Π over y = base_year+1 .. Y of (1 + p(y − lag) / 100), exact, no
  intermediate rounding. A missing value gives the unindexed base amount flagged
  `index-pending`; a forecast value is used and flagged `index-forecast`; an unverified one is
  flagged `index-unverified`.
- Per capita: rate × factor × the population at the stated 31 December. A figure that is not
  in the series gives a provisional amount from the latest earlier figure, flagged
  `population-pending` (0.00 with `amount-unknown` when there is none); an unverified figure
  is flagged `population-unverified`.
- A lump sum is paid in its `paid_in` year; a cap ('upp till') is flagged `cap`.

Rounding (the one rule, see `iopctl.money`): each year's amount is computed exactly and
rounded half up to the öre once. Split between payers, each payer's part is its share
rounded half up to the öre, except the last payer, who gets the remainder; each payer's part
is split into instalments the same way (equal parts unless shares are given; the last
instalment takes the remainder). Parts always add up exactly to the year's amount.

Budget year vs payment date: each payment's `year` is the budget year it is for, whatever its
due date (a 31 December instalment a date rule moves into January stays in its year in
`--by year` and `--by payer`); a due date after the agreement's end is flagged `outside-period`.

Due dates: the plan's MM-DD in each year; else the filled-in `payments.dates` of that year in
order; else None, flagged `needs-date`, with the year clipped to the agreement as its window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iopctl.dates.arithmetic import period_label
from iopctl.money import ZERO, product, round_ore, split, split_equal, total
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import Commitment, FixedAmount, Indexation, LumpSum, PerCapitaAmount
    from iopctl.model.series import SeriesStore

FLAGS = (
    "needs-date",
    "index-pending",
    "index-forecast",
    "index-unverified",
    "population-pending",
    "population-unverified",
    "amount-unknown",
    "cap",
    "conditional",
    "outside-period",
    "due-before-start",
)
"""Every flag a payment can carry, in the order they are listed."""


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


@dataclass(frozen=True, slots=True)
class Payment:
    """One instalment from one payer to one payee."""

    agreement: str
    commitment: str
    payer: str
    """Party or unit id."""
    payer_name: str
    payee: str
    payee_name: str
    year: int
    period: str
    """Label of the part of the year the money is for: '2025', '2021-Q4', '2019-H1'."""
    instalment: int
    """1-based number of the instalment within the year."""
    instalments: int
    """Instalments in that year."""
    due: date | None
    """Nominal due date, or None when the agreement gives none ('needs a date')."""
    window: tuple[date, date]
    """The span the payment is for (the year clipped to the agreement): an undated one is here."""
    amount: Decimal | None
    """None when the agreement does not state it (belopp ej fastställt, flagged `amount-unknown`)."""
    basis: Basis
    flags: tuple[str, ...] = ()
    """From FLAGS, e.g. 'needs-date', 'index-pending', 'population-pending', 'cap'."""
    invoice: bool = False
    attachments: tuple[str, ...] = ()
    year_amount: Decimal | None = ZERO
    """The whole year's amount of the line (all payers, all instalments), rounded once; None: unknown."""

    def as_json(self) -> dict[str, Any]:
        """The JSON row of `iopctl funding`: the documented keys first, extras after."""
        return {
            "agreement": self.agreement,
            "payer": self.payer,
            "payee": self.payee,
            "year": self.year,
            "period": self.period,
            "due": self.due.isoformat() if self.due else None,
            "amount": format(self.amount, "f") if self.amount is not None else None,
            "basis": self.basis.as_json(),
            "flags": list(self.flags),
            "commitment": self.commitment,
            "payer_name": self.payer_name,
            "payee_name": self.payee_name,
            "instalment": self.instalment,
            "instalments": self.instalments,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "invoice": self.invoice,
            "attachments": list(self.attachments),
        }


@dataclass(frozen=True, slots=True)
class InKindLine:
    """A contribution other than money, listed beside the payments (no invented value)."""

    agreement: str
    id: str
    giver: str
    giver_name: str
    receiver: str | None
    receiver_name: str | None
    description: str
    from_date: date | None
    to_date: date | None
    value_per_year: Decimal | None
    """Only when the agreement gives one."""
    arrangement: str | None
    basis: Basis
    window: tuple[date, date | None] = (date.min, None)
    """When it applies: its own dates, else the agreement period (None: open-ended)."""

    def as_json(self) -> dict[str, Any]:
        """Stable key order for JSON."""
        return {
            "agreement": self.agreement,
            "id": self.id,
            "giver": self.giver,
            "giver_name": self.giver_name,
            "receiver": self.receiver,
            "receiver_name": self.receiver_name,
            "description": self.description,
            "from": self.from_date.isoformat() if self.from_date else None,
            "to": self.to_date.isoformat() if self.to_date else None,
            "value_per_year": format(self.value_per_year, "f") if self.value_per_year is not None else None,
            "arrangement": self.arrangement,
            "basis": self.basis.as_json(),
            "window": [
                self.window[0].isoformat(),
                self.window[1].isoformat() if self.window[1] else None,
            ],
        }


# --- the schedule ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _YearAmount:
    """One line's amount for one year, before splitting."""

    year: int
    period: str
    window: tuple[date, date]
    amount: Decimal | None
    kind: str
    text: str
    details: dict[str, Any]
    flags: tuple[str, ...]


def payment_schedule(
    agreement: Agreement,
    series: SeriesStore,
    *,
    until: date | None = None,
    since: date | None = None,
) -> list[Payment]:
    """Every payment of the agreement, by year, commitment, amount line, payer and instalment.

    `since`: skip the years that end before it (a year's payments all fall within the year,
    and no year's amount depends on another's); a lump sum is always listed.
    """
    out: list[Payment] = []
    names = lru_cache(maxsize=None)(agreement.display_name)  # asked once per payer and year
    for commitment in agreement.funding.commitments:
        for line in commitment.amounts:
            for ya in _year_amounts(agreement, line, series, until, since):
                out.extend(_payments(agreement, commitment, ya, names))
    return out


def in_kind_lines(agreement: Agreement) -> list[InKindLine]:
    """The agreement's contributions in kind, with a money value only when it states one."""
    lines: list[InKindLine] = []
    for c in agreement.funding.in_kind:
        receiver_name = agreement.display_name(c.receiver) if c.receiver else None
        span = ""
        if c.from_date and c.to_date:
            span = f" ({_span(c.from_date, c.to_date)})"
        elif c.from_date:
            span = f" (från {sv.date_long(c.from_date)})"
        elif c.to_date:
            span = f" (till och med {sv.date_long(c.to_date)})"
        value = (
            f"; värderad till {_kr(c.value_per_year)} per år"
            if c.value_per_year is not None
            else "; inget värde angivet"
        )
        text = f"insats i annan form: {c.description}{span}{value}"
        details: dict[str, Any] = {"value_per_year": c.value_per_year}
        if c.arrangement:
            details["arrangement"] = c.arrangement
        lines.append(
            InKindLine(
                agreement=agreement.id,
                id=c.id,
                giver=c.giver,
                giver_name=agreement.display_name(c.giver),
                receiver=c.receiver,
                receiver_name=receiver_name,
                description=c.description,
                from_date=c.from_date,
                to_date=c.to_date,
                value_per_year=c.value_per_year,
                arrangement=c.arrangement,
                basis=Basis("in_kind", text, details),
                window=(c.from_date or agreement.period.start, c.to_date or agreement.period.end),
            )
        )
    return lines


def _year_amounts(
    agreement: Agreement, line: Any, series: SeriesStore, until: date | None, since: date | None = None
) -> list[_YearAmount]:
    from iopctl.model.funding import FixedAmount, LumpSum, PerCapitaAmount

    if isinstance(line, LumpSum):
        return [_lump(agreement, line)]
    out: list[_YearAmount] = []
    for year in _years(agreement, line, until):
        if since is not None and year < since.year:
            continue
        window, flags = _year_window(agreement, year)
        if isinstance(line, FixedAmount):
            ya = _fixed(line, year, series)
        else:
            assert isinstance(line, PerCapitaAmount)
            ya = _per_capita(line, year, series)
        amount, kind, text, details, more = ya
        if line.cap:
            more = (*more, "cap")
            text = f"{CAP_WORDS} {text}"
        out.append(_YearAmount(year, period_label(*window), window, amount, kind, text, details, (*flags, *more)))
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
    line: FixedAmount, year: int, series: SeriesStore
) -> tuple[Decimal | None, str, str, dict[str, Any], tuple[str, ...]]:
    if line.amount is None:
        note = line.amount_note or ""
        unknown = {"base_amount": None, "amount_note": note, "year_amount": None}
        return None, "fixed", f"{UNKNOWN_WORDS} för {year} ({note})", unknown, ("amount-unknown",)
    details: dict[str, Any] = {"base_amount": round_ore(line.amount)}
    text = f"{_kr(line.amount)} för {year}"
    flags: tuple[str, ...] = ()
    factor = Decimal(1)
    if line.indexation is not None:
        factor, index_text, index_details, flags = _index(line.indexation, year, series)
        details["index"] = index_details
        text += f"; {index_text}"
    amount = round_ore(product(line.amount, factor))
    details["year_amount"] = amount
    return amount, "fixed", text, details, flags


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
    store = series.population_series(line.population.series)
    value = store.value(as_of) if store is not None else None
    used = value
    if value is None:
        flags.append("population-pending")
        earlier = [v for v in (store.values if store is not None else []) if v.as_of < as_of]
        used = max(earlier, key=lambda v: v.as_of) if earlier else None
    rate_text = _kr(line.rate)
    if factor != 1:
        rate_text = f"{rate_text} × {_decimal(factor)}"
    if used is None:
        where = "ingen seriefil" if store is None else "uppgiften saknas i serien"
        text = (
            f"{rate_text} × folkmängden den {sv.date_long(as_of)} ({line.population.series}: {where}); {UNKNOWN_WORDS}"
        )
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
        check = "verifierad" if used.verified else "ej verifierad"
        people = sv.amount(used.population)
        at = sv.date_long(used.as_of)
        text = f"{rate_text} × {people} invånare den {at} ({used.source}; {check})"
        if value is None:
            missing = f"folkmängden den {sv.date_long(as_of)} saknas i {line.population.series}"
            text += f"; preliminärt: {missing}"
        amount = round_ore(product(line.rate, factor, used.population))
    if index_text:
        text += f"; {index_text}"
    details["year_amount"] = amount
    return amount, "per_capita", text, details, tuple(flags)


def _lump(agreement: Agreement, line: LumpSum) -> _YearAmount:
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
    covers = sv.year_range(line.from_year, line.to_year) if whole_years else _span(start, end)
    window, window_flags = _year_window(agreement, line.paid_in)
    amount = round_ore(line.amount) if line.amount is not None else None
    money = _kr(amount) if amount is not None else f"({UNKNOWN_WORDS}: {line.amount_note})"
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
    return _YearAmount(line.paid_in, period, window, amount, "lump", text, details, (*flags, *window_flags))


def _index(ix: Indexation, year: int, series: SeriesStore) -> tuple[Decimal, str, dict[str, Any], tuple[str, ...]]:
    """The exact factor for `year` (1 when pending), its Swedish line, details and flags."""
    from iopctl.model.series import percent_factor

    store = series.index_series(ix.series)
    details: dict[str, Any] = {"series": ix.series, "base_year": ix.base_year, "lag": ix.lag}
    if ix.publication:
        details["publication"] = ix.publication
    if year <= ix.base_year:
        details.update(factor=Decimal(1), factors=[], missing=[])
        return Decimal(1), f"basår {ix.base_year} ({ix.series}): ingen indexering", details, ()
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
        years = sv.join_list([str(y) for y in missing])
        if store is None:
            why = f"ingen seriefil för {ix.series} ({years})"
        else:
            why = f"{ix.series} {years} finns inte i serien"
        return (
            Decimal(1),
            f"index saknas: {why}, beloppet visas utan indexering",
            details,
            ("index-pending",),
        )
    factor = product(*(f["factor"] for f in factors))
    details["factor"] = factor
    parts = " × ".join(
        f"{_decimal(f['factor'])} ({f['value_year']} "
        f"{STATUS_WORDS.get(f['status'], f['status'])}, {_publication(f['publication'])})"
        for f in factors
    )
    return (
        factor,
        f"indexerat från {ix.base_year} med {ix.series}: {parts} = {_decimal(factor)}",
        details,
        tuple(flags),
    )


def _payments(
    agreement: Agreement, commitment: Commitment, ya: _YearAmount, names: Callable[[str], str]
) -> list[Payment]:
    plan = commitment.payments
    payers = commitment.payers
    shares: list[Decimal] = []
    payer_parts: list[Decimal | None]
    if all(p.share is not None for p in payers):
        shares = [p.share for p in payers if p.share is not None]
    if ya.amount is None:
        payer_parts = [None] * len(payers)
    elif shares:
        payer_parts = list(split(ya.amount, shares))
    else:
        payer_parts = list(split_equal(ya.amount, len(payers)))
    n = max(1, plan.per_year)
    dues = _due_dates(commitment, ya.year, n)
    invoicing = commitment.invoicing
    base_flags = list(ya.flags)
    if commitment.condition:
        base_flags.append("conditional")
    kind = "split" if ya.kind == "fixed" and len(payers) > 1 else ya.kind
    payee_name = names(commitment.payee)
    attachments = tuple(invoicing.attachments) if invoicing else ()
    invoiced = bool(invoicing and invoicing.required)
    out: list[Payment] = []
    for pi, (payer, part) in enumerate(zip(payers, payer_parts, strict=True)):
        payer_name = names(payer.payer)
        inst_parts: list[Decimal | None]
        if part is None:
            inst_parts = [None] * n
        elif plan.shares and len(plan.shares) == n:
            inst_parts = list(split(part, plan.shares))
        else:
            inst_parts = list(split_equal(part, n))
        share_text = ""
        details = dict(ya.details)
        if len(payers) > 1:
            share = shares[pi] if shares else None
            share_label = _share(share) if share is not None else f"1/{len(payers)} (delas lika)"
            whole = _kr(ya.amount) if ya.amount is not None else UNKNOWN_WORDS
            share_text = f"; andel {share_label} av {whole}"
            if ya.amount is None:
                nominal = None
            else:
                nominal = round_ore(product(ya.amount, share)) if share is not None else payer_parts[0]
            if pi == len(payers) - 1 and part != nominal:
                share_text += " (sista betalaren: resterande belopp)"
            details["share"] = share if share is not None else f"1/{len(payers)}"
        details["payer_amount"] = part
        for ii, (due, inst) in enumerate(zip(dues, inst_parts, strict=True)):
            text = ya.text + share_text
            if n > 1:
                text += f"; utbetalning {ii + 1} av {n}"
                if ii == n - 1 and inst != inst_parts[0] and not plan.shares:
                    text += " (resterande belopp)"
            flags = list(base_flags)
            if due is None:
                flags.append("needs-date")
            elif due < agreement.period.start:
                flags.append("due-before-start")
            elif agreement.period.end is not None and due > agreement.period.end:
                flags.append("outside-period")  # due after the agreement ends: said, not hidden
            out.append(
                Payment(
                    agreement=agreement.id,
                    commitment=commitment.id,
                    payer=payer.payer,
                    payer_name=payer_name,
                    payee=commitment.payee,
                    payee_name=payee_name,
                    year=ya.year,
                    period=ya.period,
                    instalment=ii + 1,
                    instalments=n,
                    due=due,
                    window=ya.window,
                    amount=inst,
                    basis=Basis(kind, text, details),
                    flags=_ordered(tuple(flags)),
                    invoice=invoiced,
                    attachments=attachments,
                    year_amount=ya.amount,
                )
            )
    return out


def _due_dates(commitment: Commitment, year: int, n: int) -> list[date | None]:
    """Due date of each instalment in `year`: MM-DD of the plan, else filled-in dates, else None."""
    plan = commitment.payments
    dues: list[date | None] = []
    if plan.due:
        for i in range(n):
            if i < len(plan.due):
                month, day = plan.due[i]
                dues.append(date(year, month, day))
            else:
                dues.append(None)
        return dues
    filled = sorted(d for d in plan.dates if d.year == year)
    return [filled[i] if i < len(filled) else None for i in range(n)]


@lru_cache(maxsize=256)
def _ordered(flags: tuple[str, ...]) -> tuple[str, ...]:
    """Flags without repeats, in the documented order (a handful of combinations occur)."""
    present = set(flags)
    return tuple(f for f in FLAGS if f in present) + tuple(sorted(present - set(FLAGS)))


# --- views over payments ----------------------------------------------------------------------


def in_range(payment: Payment, start: date | None, end: date | None) -> bool:
    """A payment is in [start, end] when its due date is, or (undated) when its window meets it."""
    first, last = (payment.due, payment.due) if payment.due is not None else payment.window
    return (start is None or last >= start) and (end is None or first <= end)


def in_kind_in_range(line: InKindLine, start: date | None, end: date | None) -> bool:
    """A contribution in kind is in [start, end] when the span it applies in meets it."""
    first, last = line.window
    return (start is None or last is None or last >= start) and (end is None or first <= end)


@dataclass(frozen=True, slots=True)
class Total:
    """A sum of payments for one key of a view (an agreement, a payer, a year)."""

    key: tuple[str, ...]
    year: int | None
    amount: Decimal
    payments: int
    flags: tuple[str, ...]
    names: tuple[str, ...] = ()
    complete: bool = True
    """False when some payment's amount is not stated: `amount` is then the sum of the known ones."""


VIEWS = ("agreement", "payer", "year")


def totals(payments: Sequence[Payment], by: str) -> list[Total]:
    """Sums per agreement and year, per payer and year (the budget view), or per year.

    Each total is the exact sum of its payments (which are already whole öre), and carries
    the union of their flags, so a total built on a pending or unverified figure says so.
    """
    if by not in VIEWS:
        raise ValueError(f"unknown view {by!r}; expected one of {', '.join(VIEWS)}")
    groups: dict[tuple[tuple[str, ...], int], list[Payment]] = {}
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    for p in payments:
        if by == "agreement":
            key: tuple[str, ...] = (p.agreement,)
            names[key] = (p.agreement,)
        elif by == "payer":
            key = (p.payer,)
            names[key] = (p.payer_name,)
        else:
            key = ()
        groups.setdefault((key, p.year), []).append(p)
    out = [
        Total(
            key=key,
            year=year,
            amount=total(p.amount for p in group if p.amount is not None),
            payments=len(group),
            flags=_ordered(tuple(sorted({f for p in group for f in p.flags}))),
            names=names.get(key, ()),
            complete=all(p.amount is not None for p in group),
        )
        for (key, year), group in groups.items()
    ]
    out.sort(key=lambda t: (t.key, t.year or 0) if by != "year" else (t.year or 0,))
    return out


def sort_payments(payments: Iterable[Payment], by: str) -> list[Payment]:
    """Payments in the order of a view: by agreement, by payer, or by year first."""

    def due_key(p: Payment) -> tuple[date, int]:
        return (p.due or p.window[0], p.instalment)

    if by == "payer":
        return sorted(payments, key=lambda p: (p.payer, p.year, *due_key(p), p.agreement))
    if by == "year":
        return sorted(payments, key=lambda p: (p.year, *due_key(p), p.agreement, p.payer))
    return sorted(payments, key=lambda p: (p.agreement, p.year, *due_key(p), p.payer))


# --- Swedish text for the basis line ------------------------------------------------------------

UNKNOWN_WORDS = "belopp ej fastställt"
"""In place of an amount the agreement does not state (never 0 kr)."""

CAP_WORDS = "högst (upp till)"
"""Before a capped amount: the Swedish word and the agreements' own 'upp till'."""

STATUS_WORDS = {"outcome": "utfall", "forecast": "prognos"}
"""An index value's status in the basis line (details keep the English codes)."""


def _publication(text: str) -> str:
    """Where an index value is published; the series files' placeholder 'unverified' in Swedish."""
    return "publikation okänd" if text == "unverified" else text


@lru_cache(maxsize=4096)
def _kr(value: Decimal) -> str:
    """An amount or rate with its unit, "1 000 000 kr", "2,25 kr" (a rate may have 6 decimals).

    Cached, like `_decimal` and `_share`: an agreement names the same amounts year after year,
    and equal Decimals (1.0, 1.00) print alike."""
    if value == round_ore(value):
        return sv.kronor(value, "kr")
    return f"{_decimal(value)}{sv.UNIT_SEP}kr"


@lru_cache(maxsize=4096)
def _decimal(value: Decimal) -> str:
    """An exact number without trailing zeros, grouped, with a decimal comma: '1,05884'."""
    return sv.number(value)


def _span(start: date, end: date) -> str:
    """ "1 oktober–31 december 2021", or with both years when they differ (as the documents)."""
    if start.year == end.year:
        first = f"{start.day} {sv.month_name(start.month)}"
    else:
        first = sv.date_long(start)
    return f"{first}{sv.RANGE_DASH}{sv.date_long(end)}"


@lru_cache(maxsize=4096)
def _share(value: Decimal) -> str:
    """A share as a fraction when it is a simple one: 0.5 → '1/2'."""
    from fractions import Fraction

    f = Fraction(value).limit_denominator(1000)
    if abs(Decimal(f.numerator) / Decimal(f.denominator) - value) < Decimal("1e-20"):
        return f"{f.numerator}/{f.denominator}"
    return _decimal(value)


__all__ = [
    "FLAGS",
    "VIEWS",
    "Basis",
    "InKindLine",
    "Payment",
    "Total",
    "in_kind_in_range",
    "in_kind_lines",
    "in_range",
    "payment_schedule",
    "sort_payments",
    "totals",
]
