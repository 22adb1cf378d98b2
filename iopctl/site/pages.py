"""What each page of the register shows, as plain strings ready for the templates.

Templates get text, never amounts or dates (STYLE 13: they do no arithmetic or date maths),
so every figure is formatted here with `iopctl.swedish.format`. Contact persons appear only
with `internal`; signatories appear with their title and party, their names only with
`internal`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from iopctl.site.data import Entry
from iopctl.site.svg import Bar, Lane, Mark, money_chart, timeline
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement

__all__ = [
    "KEY_KINDS",
    "Docs",
    "LaneInfo",
    "add_sums",
    "agreement_page",
    "index_row",
    "lane_info",
    "mark_label",
    "overview_page",
    "payer_sums",
    "payer_years",
    "planned_through",
    "years_of",
]

KEY_KINDS = {
    "review": "Översyn",
    "notice": "Sista dag för uppsägning",
    "end": "Avtalstiden löper ut",
    "amendment": "Ändring",
}
"""Event kinds the timeline marks, with their Swedish labels (`mark_label`)."""


def mark_label(kind: str, title: str) -> str:
    """A key date's text on the timeline: the event's title where it begins with what its kind
    is called (the titles iopctl writes: "Sista dag för uppsägning inför 2025-01-01",
    "Översyn av överenskommelsen", "Avtalstiden löper ut"), else the kind and the title
    ("Ändring (Tilläggsavtal nr 1 gäller – …)", a review the agreement names otherwise)."""
    label = KEY_KINDS[kind]
    if title.casefold().startswith(label.casefold()):
        return title
    return f"{label} ({title})"


KIND_WORDS = {"public": "offentlig part", "non_profit": "idéburen organisation"}


@dataclass(frozen=True, slots=True)
class Docs:
    """Rendered documents found beside the output, as links relative to an agreement page."""

    links: tuple[tuple[str, str], ...] = ()


def _kr(value: Decimal | None) -> str:
    return "belopp ej fastställt" if value is None else sv.kr(value)


def _day(d: date | None, missing: str = "–") -> str:
    return d.isoformat() if d is not None else missing


def years_of(e: Entry) -> tuple[int, int]:
    """The first and last year the agreement's money and events are worked out for: its
    period's, to the last year worked out for one until further notice."""
    a = e.agreement
    return a.period.start.year, (a.period.end or e.until).year


def planned_through(e: Entry) -> str:
    """What the planned total of an agreement that runs until further notice counts: its
    payments to the last year worked out ("t.o.m. 2027": two years after `--today`'s, as
    `iopctl.deadlines.calendar.generation_end` has it), which moves with the day of the
    build; '' for an agreement with an end, whose total is its whole period's."""
    return "" if e.agreement.period.end is not None else f"t.o.m. {years_of(e)[1]}"


def index_row(e: Entry) -> dict[str, str]:
    """One row of the index table: shown texts and the data attributes the filter reads."""
    first, last = years_of(e)
    a = e.agreement
    units = [u.name for p in a.parties if p.kind == "public" for u in p.units]
    return {
        "id": a.id,
        "organisation": e.non_profit,
        "public": e.public,
        "units": ", ".join(units),
        "phase": e.phase,
        "start": a.period.start.isoformat(),
        "end": _day(a.period.end, "tills vidare"),
        "first": str(first),
        "last": str(last) if a.period.end else "9999",
        "amount": format(e.planned_total, "f"),
        "amount_text": sv.kr(e.planned_total),
        "amount_through": planned_through(e),
    }


def payer_years(e: Entry) -> list[dict[str, str]]:
    """The money per year and payer: planned, and paid where `_records/` records it."""
    from iopctl.followup.status import payment_key

    planned: dict[tuple[int, str], Decimal | None] = {}
    paid: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for p in e.payments:
        key = (p.year, p.payer_name)
        before = planned.get(key, Decimal("0.00"))
        planned[key] = None if before is None or p.amount is None else before + p.amount
        paid[key] += e.paid.get(payment_key(p), Decimal("0.00"))
    return [
        {
            "year": str(year),
            "payer": payer,
            "planned": _kr(amount),
            "paid": sv.kr(paid[(year, payer)]) if e.has_records else "ej registrerat",
        }
        for (year, payer), amount in sorted(planned.items())
    ]


def payer_sums(e: Entry, by_party: bool) -> dict[tuple[int, str], Decimal]:
    """Known planned amounts per (year, payer): the payer's own name, or its party's (`by_party`).
    Sums of several agreements add up key by key (`add_sums`) to the same figures."""
    sums: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for p in e.payments:
        if p.amount is not None:
            name = _payer_party(e.agreement, p.payer) if by_party else p.payer_name
            sums[(p.year, name)] += p.amount
    return dict(sums)


def add_sums(total: dict[tuple[int, str], Decimal], part: dict[tuple[int, str], Decimal]) -> None:
    """`part`'s amounts added into `total`."""
    for key, amount in part.items():
        total[key] = total[key] + amount if key in total else amount


def _bars(sums: dict[tuple[int, str], Decimal]) -> tuple[list[Bar], list[str]]:
    order: dict[str, Decimal] = defaultdict(Decimal)
    for (_, name), amount in sums.items():
        order[name] += amount
    payers = sorted(order, key=lambda n: (-order[n], n))
    if len(payers) > 7:  # the seven largest and the rest together
        keep = set(payers[:7])
        folded: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for (year, name), amount in sums.items():
            folded[(year, name if name in keep else "Övriga")] += amount
        sums, payers = folded, [*payers[:7], "Övriga"]
    return [Bar(y, n, v) for (y, n), v in sorted(sums.items())], payers


def _payer_party(a: Agreement, ref: str) -> str:
    party = a.party(ref)
    return party.name if party is not None else ref


def _lane(e: Entry) -> Lane:
    a = e.agreement
    marks = [
        Mark(ev.last_day, mark_label(ev.kind, ev.title))
        for ev in e.events
        if ev.kind in KEY_KINDS and ev.last_day is not None
    ]
    return Lane(e.non_profit, a.period.start, a.period.end, tuple(marks))


def _parties(a: Agreement, internal: bool) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "kind": KIND_WORDS[p.kind],
            "org_number": sv.org_number(p.org_number) if p.org_number else "uppgift saknas",
            "units": [u.name for u in p.units],
            "contacts": [
                {"name": c.name, "email": c.email or "", "phone": c.phone or "", "title": c.title or ""}
                for c in p.contacts
            ]
            if internal
            else [],
        }
        for p in a.parties
    ]


def _decisions(a: Agreement) -> list[dict[str, str]]:
    return [
        {
            "body": d.body,
            "date": _day(d.date, "datum saknas"),
            "paragraph": d.paragraph or "",
            "diarienummer": d.diarienummer or "",
        }
        for d in a.decisions
    ]


UNRECORDED = ("unrecorded", "passerad, inget registrerat")
"""The status an agreement's page shows for an event past its last day when the agreement has
no `_records/` file: nothing says whether it was done, so the register, which is published,
does not call it late ("försenad": past its last day and not recorded as done in the records
that are kept)."""


def _events(e: Entry) -> list[dict[str, str]]:
    from iopctl.deadlines.titles import STATUS_LABELS

    out = []
    for ev in e.events:
        code, label = ev.status, STATUS_LABELS.get(ev.status, ev.status)
        if code == "overdue" and not e.has_records:
            code, label = UNRECORDED
        out.append(
            {
                "date": _day(ev.last_day, "datum saknas"),
                "title": ev.title,
                "owner": ev.owner,
                "status": label,
                "status_code": code,
                "note": ev.note or "",
            }
        )
    return out


def _lineage(e: Entry, known: set[str]) -> dict[str, Any]:
    a = e.agreement
    old = a.replaces
    return {
        "replaces": {"id": old, "linked": old in known} if old else None,
        "replaced_by": list(e.replaced_by),
        "amendments": [
            {
                "number": str(m.number),
                "effective": m.effective.isoformat(),
                "title": m.title or "",
                "decision": f"{m.decision.body} {_day(m.decision.date, '')}".strip() if m.decision else "",
            }
            for m in a.amendments
        ],
    }


def _period(e: Entry) -> str:
    return f"{e.agreement.period.start.isoformat()}–{_day(e.agreement.period.end, 'tills vidare')}"


def agreement_page(e: Entry, *, internal: bool, known: set[str], docs: Docs) -> dict[str, Any]:
    """The context of one agreement's page."""
    a = e.agreement
    bars, payers = _bars(payer_sums(e, by_party=False))
    period = _period(e)
    remarks = []
    if internal and e.records is not None:
        remarks = [{"date": r.date.isoformat(), "by": r.by, "note": r.note or ""} for r in e.records.remarks]
    signatories = [
        {"party": a.display_name(s.unit or s.party), "title": s.title or "", "name": s.name if internal else ""}
        for s in a.signatories
    ]
    return {
        "id": a.id,
        "title": a.document.title,
        "subtitle": a.document.subtitle or "",
        "organisation": e.non_profit,
        "public": e.public,
        "diarienummer": a.diarienummer or "",
        "phase": e.phase,
        "period": period,
        "reviews": [r.by.isoformat() for r in a.period.reviews],
        "parties": _parties(a, internal),
        "signatories": signatories,
        "decisions": _decisions(a),
        "money": payer_years(e),
        "planned_total": sv.kr(e.planned_total),
        "planned_through": planned_through(e),
        "in_kind": [
            {"giver": k.giver_name, "receiver": k.receiver_name or "", "what": k.description} for k in e.in_kind
        ],
        "chart": money_chart(bars, payers, f"Pengar per år och betalare, {e.non_profit}"),
        "timeline": timeline([_lane(e)], e.until, f"Tidslinje för överenskommelsen med {e.non_profit}"),
        "key_dates": [{"day": m.day.isoformat(), "label": m.label} for m in _lane(e).marks],
        "events": _events(e),
        "lineage": _lineage(e, known),
        "docs": [{"href": href, "label": label} for href, label in docs.links],
        "remarks": remarks,
        "internal": internal,
    }


OVERVIEW_LANES = 60
"""The overview's timeline draws at most this many agreements (the latest started)."""


class LaneInfo(NamedTuple):
    """What the overview's timeline needs of one agreement."""

    start: date
    id: str
    name: str
    period: str
    lane: Lane


def lane_info(e: Entry) -> LaneInfo:
    """The agreement's lane of the overview's timeline."""
    return LaneInfo(e.agreement.period.start, e.id, e.non_profit, _period(e), _lane(e))


def overview_page(sums: dict[tuple[int, str], Decimal], lanes: list[LaneInfo], today: date) -> dict[str, Any]:
    """The context of the overview: money per year per public party (`payer_sums` by party of
    every agreement, added up), and a timeline of the periods (`lanes`: one per agreement)."""
    bars, payers = _bars(sums)
    latest = sorted(lanes, key=lambda x: (x.start, x.id), reverse=True)[:OVERVIEW_LANES]
    latest.sort(key=lambda x: (x.start, x.id))
    horizon = date(today.year + 2, 12, 31)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for b in bars:
        totals[b.year] += b.amount
    return {
        "chart": money_chart(bars, payers, "Pengar per år och offentlig part"),
        "timeline": timeline([x.lane for x in latest], horizon, "Överenskommelsernas avtalstider"),
        "lanes_shown": str(len(latest)),
        "lanes_all": str(len(lanes)),
        "lanes": [{"id": x.id, "name": x.name, "period": x.period} for x in latest],
        "truncated": len(latest) < len(lanes),
        "years": [{"year": str(y), "total": sv.kr(v)} for y, v in sorted(totals.items())],
    }
