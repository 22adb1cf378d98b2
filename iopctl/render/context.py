"""The template context: an agreement turned into plain dicts of Swedish words, names and dates.

Templates are edited by municipalities, so they get finished pieces and never compute: dates
are already written out ("1 januari 2025"), counts are words ("tre månader"), names are looked
up, sections are numbered and every generated section knows what it holds. Amounts stay
`Decimal` so that a template formats them only through the money filters, in its own money
style (`kr` or `kronor`). Agreement text (Markdown) is passed as `Md`, which the Markdown
environment prints as written; every other string is escaped, so data can never add Markdown
structure, HTML or template syntax to a document.

The sections and their numbering are in `iopctl.render.sections`, the parties, contacts and
signatures in `iopctl.render.parties`, the economy section in `iopctl.render.economy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iopctl.render.markup import Names, count_phrase, day_month, md, months_phrase, normalised
from iopctl.render.parties import party_context, signatures_context, state_aid_context
from iopctl.render.sections import numbered_sections
from iopctl.rules.section_data import has_facts
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.obligations import DueRelative, Obligation
    from iopctl.model.series_store import SeriesStore


CADENCE = {
    "yearly": "varje år",
    "half_yearly": "varje halvår",
    "quarterly": "varje kvartal",
}
MEETING_CADENCE = {
    "yearly": "en gång per år",
    "half_yearly": "en gång per halvår",
    "quarterly": "en gång per kvartal",
    "once": "en gång",
}
OBLIGATION_VERB = {
    "report": "lämnas av",
    "plan": "tas fram av",
    "training": "genomförs av",
    "other": "fullgörs av",
}
MEETING_KINDS = frozenset({"meeting", "follow_up_meeting", "information_meeting"})
BEFORE = {
    "yearly": "inför varje år",
    "half_yearly": "inför varje halvår",
    "quarterly": "inför varje kvartal",
}
PERIOD_END = {
    "yearly": "årets",
    "half_yearly": "halvårets",
    "quarterly": "kvartalets",
    "once": "avtalstidens",
}


# --- the context ------------------------------------------------------------------------------


def build_context(
    agreement: Agreement,
    payments: Sequence[Payment],
    series: SeriesStore,
    *,
    fingerprint: str,
) -> dict[str, Any]:
    """Everything a template may print, computed once; raises RenderError for unusable data."""
    from iopctl.render.economy import economy_context

    a = agreement
    names = Names(a)
    sections = numbered_sections(a)
    ctx: dict[str, Any] = {
        "agreement_id": a.id,
        "template": a.template,
        "fingerprint": fingerprint,
        "title": a.document.title,
        "subtitle": a.document.subtitle,
        "date_line": sv.date_long(a.document.date_line) if a.document.date_line else None,
        "lifecycle": _lifecycle(a),
        "sections": sections,
        "toc": [s for s in sections if s["number"]],
        "parties": [party_context(p, names) for p in a.parties],
        "period": _period(a),
        "economy": economy_context(a, payments, series, names) if has_facts("economy", a) else None,
        "follow_up": [_obligation(o, names, {x.id: x.title for x in a.obligations}) for o in a.obligations],
        "steering_group": _steering(a, names) if a.steering_group else None,
        "goals": [_goal(g) for g in a.goals],
        "termination": _termination(a),
        "renegotiation": md(a.clauses.renegotiation),
        "disputes": md(a.clauses.disputes),
        "gdpr": md(a.clauses.gdpr),
        "assignment": md(a.clauses.assignment),
        "state_aid": state_aid_context(a, names),
        "approval": a.period.conditional_on_approval,
        "signatures": signatures_context(a, names),
    }
    return ctx


def _period(a: Agreement) -> dict[str, Any]:
    p = a.period
    renewal = None
    if p.renewal is not None:
        r = p.renewal
        at_year_end = (r.first_term_end.month, r.first_term_end.day) == (
            12,
            31,
        ) and r.term_months == 12
        renewal = {
            "notice": months_phrase(r.notice_months),
            "term": months_phrase(r.term_months),
            "mutual": r.mutual,
            "at_year_end": at_year_end,
            "first_term_end": sv.date_long(r.first_term_end),
            # Said only when the first term is not simply the rest of the first year.
            "first_term_note": not (at_year_end and r.first_term_end.year == p.start.year),
        }
    return {
        "start": sv.date_long(p.start),
        "end": sv.date_long(p.end) if p.end else None,
        "ends_without_notice": p.ends_without_notice,
        "renewal": renewal,
        "reviews": [{"by": sv.date_long(r.by), "purpose": md(r.purpose)} for r in p.reviews],
        "conditional_on_approval": p.conditional_on_approval,
    }


def _timing(o: Obligation, titles: dict[str, str] | None = None) -> str:
    """When an obligation falls, in the agreement's own words where it has them (`titles`:
    the agreement's obligations' titles by id, for a rule relative to one of them)."""
    due = o.due
    if due.rule == "undated" and due.date_text:
        return due.date_text
    if o.cadence == "times_per_year":
        n = o.times_per_year or 1
        cadence = f"{'minst ' if o.minimum else ''}{count_phrase(n, 'gång', 'gånger')} per år"
    elif o.cadence == "once":
        cadence = ""
    else:
        cadence = CADENCE[o.cadence]
    when = ""
    if due.rule == "day_of_year":
        when = f"senast den {day_month(*due.day)}"
        if due.year_offset == 1:
            when += " avseende föregående kalenderår" if o.cadence == "yearly" else " året därpå"
        elif due.year_offset > 1:
            when += f" {count_phrase(due.year_offset, 'år', 'år', neuter=True)} senare"
    elif due.rule == "after_period_end":
        parts = []
        if due.months:
            parts.append(months_phrase(due.months))
        if due.days:
            parts.append(count_phrase(due.days, "dag", "dagar"))
        end = PERIOD_END.get(o.cadence, "periodens")
        when = f"senast {' och '.join(parts)} efter {end} slut" if parts else f"vid {end} slut"
    elif due.rule == "by_period_end":
        when = (
            f"senast den {sv.date_long(o.covers.end)}"
            if o.covers
            else f"före {PERIOD_END.get(o.cadence, 'periodens')} slut"
        )
    elif due.rule == "date":
        when = f"senast den {sv.date_long(due.date)}"
    elif due.rule == "before_end":
        parts = []
        if due.months:
            parts.append(months_phrase(due.months))
        if due.weeks:
            parts.append(count_phrase(due.weeks, "vecka", "veckor"))
        if due.days:
            parts.append(count_phrase(due.days, "dag", "dagar"))
        end = "avtalets" if due.of == "agreement" else PERIOD_END.get(o.cadence, "periodens")
        when = f"senast {' och '.join(parts)} före {end} slut" if parts else f"vid {end} slut"
    elif due.rule == "relative":
        when = _relative_timing(due, titles or {})
    elif due.rule == "in_month":
        when = f"i {sv.month_name(due.month)}"
        if due.year_offset == 1:
            when += " året därpå"
        elif due.year_offset > 1:
            when += f" {count_phrase(due.year_offset, 'år', 'år', neuter=True)} senare"
    elif due.window == "after" and o.cadence != "once":
        when = f"efter {PERIOD_END.get(o.cadence, 'periodens')} slut"
    elif due.window == "before":
        return BEFORE.get(o.cadence, "före avtalstidens början")
    return ", ".join(x for x in (cadence, when) if x)


def _relative_timing(due: DueRelative, titles: dict[str, str]) -> str:
    """'senast 30 dagar efter att ”Årsrapport” har godkänts', 'senast två veckor före styrgruppens möte'."""
    parts = []
    if due.months:
        parts.append(months_phrase(due.months))
    if due.weeks:
        parts.append(count_phrase(due.weeks, "vecka", "veckor"))
    if due.days:
        parts.append(count_phrase(due.days, "dag", "dagar"))
    other = "styrgruppens möte" if due.to not in titles else f"”{titles[due.to]}”"
    if not parts:
        verb = {"approved": " godkänns", "done": " fullgörs"}.get(due.counted_from, "")
        return f"senast samma dag som {other}{verb}"
    offset = f"{' och '.join(parts)} {'före' if due.direction == 'before' else 'efter'}"
    if due.counted_from == "approved":
        return f"senast {offset} att {other} har godkänts"
    if due.counted_from == "done":
        return f"senast {offset} att {other} har fullgjorts"
    return f"senast {offset} {other}"


def _obligation(o: Obligation, names: Names, titles: dict[str, str] | None = None) -> dict[str, Any]:
    owners = names.joined(o.owners)
    timing = _timing(o, titles)
    if o.kind in MEETING_KINDS:
        sentence = f"hålls {timing} under ansvar av {owners}" if timing else f"hålls under ansvar av {owners}"
    else:
        sentence = f"{OBLIGATION_VERB.get(o.kind, 'fullgörs av')} {owners}"
        if o.recipient:
            sentence += f" {'och lämnas ' if o.kind == 'plan' else ''}till {names.name(o.recipient)}"
        if timing:
            sentence += f" {timing}"
    return {
        "id": o.id,
        "kind": o.kind,
        "title": o.title,
        "owners": owners,
        "recipient": names.name(o.recipient) if o.recipient else None,
        "timing": timing,
        "sentence": sentence,
        "description": md(o.description),
        "wording": md(o.wording),
    }


def _steering(a: Agreement, names: Names) -> dict[str, Any]:
    g = a.steering_group
    assert g is not None
    if g.meetings_cadence == "times_per_year":
        meetings = count_phrase(g.meetings_per_year or 1, "gång", "gånger") + " per år"
    else:
        meetings = MEETING_CADENCE[g.meetings_cadence]
    return {
        "text": g.text,
        "members": [{"role": m.role, "party": names.short(m.party), "convener": m.convener} for m in g.members],
        "adjunct": g.adjunct,
        "convener": names.name(g.convener),
        "meetings": f"minst {meetings}" if g.minimum else meetings,
        "tasks": list(g.tasks),
    }


def _goal(g: Any) -> dict[str, Any]:
    target = None
    if g.target is not None:
        t = g.target
        value = sv.percent(t.value) if t.unit == "%" else f"{sv.amount(t.value)}{sv.UNIT_SEP}{t.unit}"
        # A target the goal's own words already state is not said twice.
        if normalised(value) not in normalised(g.text):
            per = {
                "year": " per år",
                "half_year": " per halvår",
                "period": " under avtalstiden",
                None: "",
            }[t.per]
            target = f"{'minst ' if t.minimum else ''}{value}{per}"
    return {"text": g.text, "target": target}


def _termination(a: Agreement) -> dict[str, Any] | None:
    t = a.clauses.termination
    if t is None:
        return None
    return {
        "notice": months_phrase(t.notice_months) if t.notice_months else None,
        "immediate_on_breach": t.immediate_on_breach,
        "cure": count_phrase(t.cure_days, "dag", "dagar") if t.cure_days else None,
        "cure_without_delay": t.cure_without_delay,
        "repayment": md(t.repayment),
        "text": md(t.text),
    }


def _lifecycle(a: Agreement) -> dict[str, Any] | None:
    """Diarienummer, decisions and registration for the title page (None when the data has none)."""
    if a.diarienummer is None and not a.decisions and a.registration is None:
        return None
    registration = None
    if a.registration is not None:
        r = a.registration
        registration = {
            "name": a.display_name(r.party),
            "authority": r.authority,
            "date": sv.date_long(r.date),
            "reference": r.reference,
        }
    return {
        "diarienummer": a.diarienummer,
        "decisions": [
            {
                "body": d.body,
                "date": sv.date_long(d.date) if d.date else None,
                "paragraph": d.paragraph,
                "diarienummer": d.diarienummer,
            }
            for d in a.decisions
        ],
        "registration": registration,
    }
