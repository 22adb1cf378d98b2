"""The economy section's context: the agreement's own terms beside the schedule's sums.

One source of truth for money: what the agreement *states* (380 000 per year, 2,25 per
inhabitant, an equal split, indexation by a named series) comes from the model; what is
*paid* (each year's sum per payer, the number of instalments, due days) comes from
`schedule.payment_schedule`, the same payments `iopctl funding` and the deadlines calendar
show. Amounts stay `Decimal` for the templates' money filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from iopctl.funding.periods import PER_WORDS
from iopctl.render.markup import Names, RenderError, count_phrase, date_span, day_month, first_lower, md
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.funding import Ceiling, Commitment, DueAfterEvent, Indexation
    from iopctl.model.series_store import SeriesStore

#: Flags that make a row's amount provisional: the figure it rests on is a forecast, not yet
#: checked, or not yet published.
PRELIMINARY = frozenset({"index-forecast", "index-unverified", "population-pending", "population-unverified"})


def economy_context(
    agreement: Agreement, payments: Sequence[Payment], series: SeriesStore, names: Names
) -> dict[str, Any]:
    """Commitments (statement, split, yearly table, instalments, invoicing) and in-kind gifts."""

    a = agreement
    commitments = []
    several_years = a.period.end is None or a.period.end.year > a.period.start.year
    for ci, c in enumerate(a.funding.commitments):
        own = [p for p in payments if p.commitment == c.id]
        commitments.append(
            {
                "id": c.id,
                "subject": _subject(c, names),
                "payee": names.joined(c.payee_ids()),
                "lines": [_line(a, c, (ci, i), series) for i in range(len(c.amounts))],
                "split": _payee_split(c, names) or _split(c, names),
                "rows": _rows(own, names),
                "open_ended": a.period.end is None,
                "instalments": _instalments(a, c, own, several_years),
                "invoicing": _invoicing(c, names),
                "contribution": c.contribution,
                "partial_financing": c.partial_financing,
                "partial_financing_text": md(c.partial_financing_text),
                "condition": md(c.condition),
            }
        )
    return {
        "commitments": commitments,
        "in_kind": [
            {
                "giver": names.name(k.giver),
                "receiver": names.name(k.receiver) if k.receiver else None,
                "description": k.description,
                "arrangement": k.arrangement,
                "from": sv.date_long(k.from_date) if k.from_date else None,
                "to": sv.date_long(k.to_date) if k.to_date else None,
                "value_per_year": k.value_per_year,
            }
            for k in a.funding.in_kind
        ],
    }


def _subject(c: Commitment, names: Names) -> str:
    """Who gives the money: the one party all payers belong to, else the payers by name."""
    parties = {names.party_of(p.payer).name for p in c.payers}
    if len(parties) == 1:
        return parties.pop()
    return names.joined(p.payer for p in c.payers)


def _split(c: Commitment, names: Names) -> dict[str, Any] | None:
    """How several payers share each year's sum."""
    if len(c.payers) < 2:
        return None
    shares = [p.share for p in c.payers]
    equal = all(s is None for s in shares) or len({s for s in shares}) == 1
    return {
        "equal": equal,
        "names": sv.join_list([names.name(p.payer) for p in c.payers]),
        # "60 % på Kommunledningskontoret och 40 % på Socialförvaltningen"
        "shares": None
        if equal
        else sv.join_list(
            [
                f"{sv.percent(round(p.share * 100, 2).normalize())} på {names.name(p.payer)}"
                for p in c.payers
                if p.share is not None
            ]
        ),
    }


def _payee_split(c: Commitment, names: Names) -> dict[str, Any] | None:
    """How several payees share the sum, when the text says (an unknown split says nothing)."""
    if c.payee_split not in ("shares", "equal"):
        return None
    equal = c.payee_split == "equal"
    return {
        "equal": equal,
        "names": names.joined(c.payee_ids()),
        # "60 % till Föreningen A och 40 % till Föreningen B"
        "shares": None
        if equal
        else sv.join_list(
            [
                f"{sv.percent(round(p.share * 100, 2).normalize())} till {names.name(p.payee)}"
                for p in c.payees
                if p.share is not None
            ]
        ),
    }


PRO_RATA_WORDS = {
    "days": "för del av år beräknas beloppet efter antalet dagar",
    "months": "för del av år beräknas beloppet efter antalet hela månader",
    "instalments": "för del av år beräknas beloppet efter antalet utbetalningar det året",
}
"""The part-year rule as the draft states it (the rule, never the computed sum)."""


def _ceiling(a: Agreement, line: Ceiling) -> dict[str, Any]:
    """A cap in the text's terms: 'högst 4 000 000 kronor för tiden 1 november–31 mars …'."""
    out: dict[str, Any] = {"kind": "ceiling", "cap": True, "index": None, "population": None, "amount": line.amount}
    first = line.from_year or a.period.start.year
    last = line.to_year if line.to_year is not None else first
    if line.over == "term":
        when = "under avtalstiden"
    elif line.over == "year":
        when = "per år " + _years(a, first, last)[0] if last != first else _years(a, first, last)[0]
    else:
        assert line.season is not None
        (sm, sd), (em, ed) = line.season.start, line.season.end
        crosses = (em, ed) < (sm, sd)
        seasons = [f"{y}/{y + 1}" if crosses else str(y) for y in range(first, last + 1)]
        word = "säsongen" if len(seasons) == 1 else "säsongerna"
        span = f"{day_month(sm, sd)}{sv.RANGE_DASH}{day_month(em, ed)}"
        when = f"per säsong ({span}) för {word} {sv.join_list(seasons)}"
    out.update(per_year=False, when=when, label=when)
    return out


def _years(a: Agreement, first: int, last: int | None) -> tuple[str, str]:
    """The years a yearly amount is for, after "per år" and as a label of its own.

    ("under åren 2022–2023", "för åren 2022–2023"); a part year is named by its dates:
    ("för tiden 1 oktober–31 december 2021", the same).
    """
    start, end = a.period.start, a.period.end
    if last == first:
        lo, hi = max(date(first, 1, 1), start), min(date(first, 12, 31), end or date(first, 12, 31))
        if (lo, hi) != (date(first, 1, 1), date(first, 12, 31)) and lo <= hi:
            return f"för tiden {date_span(lo, hi)}", f"för tiden {date_span(lo, hi)}"
        return f"för år {first}", f"för år {first}"
    if last is None:
        return f"från och med år {first}", f"från och med år {first}"
    return f"under åren {sv.year_range(first, last)}", f"för åren {sv.year_range(first, last)}"


def _line(a: Agreement, c: Commitment, at: tuple[int, int], series: SeriesStore) -> dict[str, Any]:
    """One stated amount: the sum or rate, the years it is for, and its indexation."""
    ci, i = at
    line = c.amounts[i]
    if line.basis == "ceiling":
        return _ceiling(a, line)
    out: dict[str, Any] = {"kind": line.basis, "cap": line.cap, "index": None, "population": None}
    if line.basis == "lump":
        years = sv.year_range(line.from_year, line.to_year)
        word = "åren" if line.from_year != line.to_year else "år"
        out.update(
            amount=line.amount,
            per_year=False,
            when=f"för {word} {years}, som betalas ut år {line.paid_in}",
            label=f"för {word} {years}",
        )
        return out
    last = line.to_year if line.to_year is not None else (a.period.end.year if a.period.end else None)
    when, label = _years(a, line.from_year, last)
    if line.basis == "fixed":
        per_year = last != line.from_year or line.pro_rata is not None
        if line.per != "year":  # the text's own unit: '25 000 kronor per månad', never the year's sum
            when, per_year = f"{PER_WORDS[line.per]} {when}", False
        if line.pro_rata is not None:
            when = f"{when}; {PRO_RATA_WORDS[line.pro_rata]}"
        out.update(amount=line.amount, per_year=per_year, when=when, label=label)
    else:
        pop = series.population_series(line.population.series)
        area = f" för {pop.area}" if pop is not None and pop.area else ""
        as_of = (
            "per föregående årsskifte"
            if line.population.as_of == "previous_year_end"
            else "per årsskiftet två år före betalningsåret"
        )
        whole = line.from_year == a.period.start.year and line.to_year is None
        out.update(
            amount=line.rate,
            per_year=True,
            when="" if whole else when,
            label="" if whole else label,
            population=f"SCB:s befolkningsstatistik{area} {as_of}",
        )
    if line.indexation is not None:
        out["index"] = _index(
            line.indexation,
            series,
            path=("funding", "commitments", ci, "amounts", i, "indexation", "series"),
        )
    return out


def _index(ix: Indexation, series: SeriesStore, path: tuple[Any, ...]) -> dict[str, Any]:
    """The index named as the agreement names it, from the series file."""
    store = series.index_series(ix.series)
    if store is None:
        raise RenderError(path, f"index series '{ix.series}' is not in _series/; the draft cannot name it")
    lag = None
    if ix.lag == 1:
        lag = "föregående års värde"
    elif ix.lag > 1:
        lag = f"värdet från {count_phrase(ix.lag, 'år', 'år', neuter=True)} tidigare"
    return {
        "name": first_lower(store.name),
        "publication": ix.publication,
        "base_year": ix.base_year,
        "lag": lag,
    }


def _rows(payments: Sequence[Payment], names: Names) -> list[dict[str, Any]]:
    """One row per year and payer (the budget view: a unit's part of its party's payment), the
    schedule's sum, its instalments and what it rests on. A sum the schedule computes from a
    monthly or quarterly amount, a part-year rule or a cap is not agreed text: no rows."""
    from iopctl.funding.views import budget_parts, totals

    if any(p.basis.kind == "ceiling" or "factor" in p.basis.details for p in payments):
        return []
    budget = budget_parts(payments)
    sums = {(t.key[0], t.year): t for t in totals(payments, by="payer")}
    groups: dict[tuple[int, str], list[Payment]] = {}
    for p in budget:
        groups.setdefault((p.year, p.payer), []).append(p)
    rows = []
    for (year, payer), group in groups.items():
        total = sums[(payer, year)]
        first = group[0]
        window = first.window
        whole = window == (date(year, 1, 1), date(year, 12, 31))
        dated = sorted({p.due for p in group if p.due is not None})
        undated = len({(p.instalment, p.payee) for p in group if p.due is None})
        payout_parts = []
        if dated:
            payout_parts.append("senast den " + sv.join_list([sv.date_long(d) for d in dated]))
        if undated:
            words = count_phrase(undated, "utbetalning", "utbetalningar")
            payout_parts.append(f"{words} utan fastställt datum" if dated else words)
        details = first.basis.details
        population = details.get("population")
        index = details.get("index") or {}
        factor = index.get("factor")
        flags = set(total.flags)
        rows.append(
            {
                "year": str(year) if whole else date_span(*window),
                "payer": names.name(payer),
                "amount": total.amount if total.complete else None,
                "payout": " och ".join(payout_parts),
                "index_pending": "index-pending" in flags,
                "unknown": "amount-unknown" in flags,
                "preliminary": bool(flags & PRELIMINARY),
                "cap": "cap" in flags,
                "rate": details.get("rate") if first.basis.kind == "per_capita" else None,
                "population": sv.amount(population)
                if population is not None and first.basis.kind == "per_capita"
                else None,
                "population_as_of": sv.date_long(details["population_as_of"])
                if population is not None and "population_as_of" in details
                else None,
                "index_factor": sv.number(factor, places=6) if isinstance(factor, Decimal) and factor != 1 else None,
            }
        )
    return rows


_TIMING_FIELDS = frozenset({"per_year", "due", "dates", "years", "wording", "after"})
"""The `payments` keys that say something about when the money is paid. A commitment whose
file gives none of them (no `payments:` at all) has a schedule of one undated payment a year,
*needs a date*, but its draft says nothing about when: 'vid ett tillfälle per år' would be a
count the text does not give (validate's `payment-dates` says so)."""


def _instalments(a: Agreement, c: Commitment, payments: Sequence[Payment], several_years: bool) -> dict[str, Any]:
    """How many payments a year and on which days, as the schedule gives them; years with a plan
    of their own (`payments.years`) are named beside the regular days, in the plan's words."""
    per_year = max((p.instalments for p in payments), default=c.payments.per_year)
    days: list[str] = []
    if c.payments.years:
        days = [day_month(m, d) for m, d in c.payments.due]
    else:
        for p in payments:
            if p.due is not None:
                text = day_month(p.due.month, p.due.day)
                if text not in days:
                    days.append(text)
    wording = c.payments.wording
    own = [
        f"år {y.year} senast " + sv.join_list([f"den {day_month(m, d)}" for m, d in y.due])
        for y in c.payments.years
        if y.due
    ]
    if own:
        wording = "; ".join([w for w in (wording, *own) if w]) if days else " och ".join(own)
    stated = bool(c.payments.model_fields_set & _TIMING_FIELDS)
    if c.payments.after is not None and not wording:
        wording = _after_words(a, c.payments.after)
    return {
        "count": per_year,
        "occasions": count_phrase(per_year, "tillfälle", "tillfällen", neuter=True) if stated else None,
        "due_days": [f"den {d}" for d in days],
        "due_text": sv.join_list([f"den {d}" for d in days]) if days else None,
        "wording": wording,
        "several_years": several_years,
    }


def _after_words(a: Agreement, rule: DueAfterEvent) -> str | None:
    """'senast 30 dagar efter godkänd verksamhetsberättelse', as the texts say it (the schedule's
    words, `iopctl.funding.relative`); None when the obligation is unknown (validate says so)."""
    o = next((o for o in a.obligations if o.id == rule.obligation), None)
    if o is None:
        return None
    adjective = "godkänd" if rule.event == "approved" else "inkommen"
    parts = [
        count_phrase(n, one, many)
        for n, one, many in ((rule.months, "månad", "månader"), (rule.days, "dag", "dagar"))
        if n
    ]
    offset = " och ".join(parts) + " efter" if parts else "i samband med"
    return (
        f"senast {offset} {adjective} {first_lower(o.title)}"
        if parts
        else f"{offset} {adjective} {first_lower(o.title)}"
    )


def _invoicing(c: Commitment, names: Names) -> dict[str, Any] | None:
    inv = c.invoicing
    if inv is None:
        return None
    payers = {names.party_of(p.payer).name for p in c.payers}
    return {
        "required": inv.required,
        "payee": names.joined(c.payee_ids()),
        "payer": sv.join_list(sorted(payers)),
        "routine": inv.routine,
        "when": inv.when,
        "attachments": sv.join_list(inv.attachments) if inv.attachments else None,
    }
