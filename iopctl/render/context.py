"""The template context: an agreement turned into plain dicts of Swedish words, names and dates.

Templates are edited by municipalities, so they get finished pieces and never compute: dates
are already written out ("1 januari 2025"), counts are words ("tre månader"), names are looked
up, sections are numbered and every generated section knows what it holds. Amounts stay
`Decimal` so that a template formats them only through the money filters, in its own money
style (`kr` or `kronor`). Agreement text (Markdown) is passed as `Md`, which the Markdown
environment prints as written; every other string is escaped, so data can never add Markdown
structure, HTML or template syntax to a document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from iopctl.render.markup import Md, Names, RenderError, count_phrase, day_month, md, months_phrase, normalised
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.obligations import Obligation
    from iopctl.model.parties import Party
    from iopctl.model.series import SeriesStore


#: Headings for generated sections whose agreement gives none.
DEFAULT_HEADINGS = {
    "parties": "Parter",
    "contacts": "Kontaktpersoner",
    "period": "Avtalstid",
    "economy": "Ekonomi",
    "follow_up": "Uppföljning",
    "steering_group": "Styrgrupp",
    "goals": "Mål",
    "termination": "Uppsägning och hävning",
    "renegotiation": "Ändringar och omförhandling",
    "disputes": "Tvist",
    "gdpr": "Dataskydd",
    "assignment": "Överlåtelse",
    "state_aid": "Statsstöd",
    "approval": "Godkännande",
    "signatures": "Underskrifter",
}

#: A fact that the agreement has but does not place gets written inside this section instead,
#: so nothing in the data silently drops out of the draft (Kalmar's change clause sits under
#: its termination heading, its contacts under the parties).
HOSTS = {
    "contacts": "parties",
    "renegotiation": "termination",
    "disputes": "termination",
    "state_aid": "economy",
    "approval": "signatures",
}

PARTY_ROLE = {"public": "Offentlig part", "non_profit": "Idéburen part"}
CONTACT_ROLE = {"contract": "avtalsfrågor", "day_to_day": "löpande ärenden"}
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


# --- small Swedish helpers ------------------------------------------------------------------


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
    sections = _sections(a)
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
        "parties": [_party(p, names) for p in a.parties],
        "period": _period(a),
        "economy": economy_context(a, payments, series, names) if _has("economy", a) else None,
        "follow_up": [_obligation(o, names) for o in a.obligations],
        "steering_group": _steering(a, names) if a.steering_group else None,
        "goals": [_goal(g) for g in a.goals],
        "termination": _termination(a),
        "renegotiation": md(a.clauses.renegotiation),
        "disputes": md(a.clauses.disputes),
        "gdpr": md(a.clauses.gdpr),
        "assignment": md(a.clauses.assignment),
        "state_aid": _state_aid(a, names),
        "approval": a.period.conditional_on_approval,
        "signatures": _signatures(a, names),
    }
    return ctx


def _has(kind: str, a: Agreement) -> bool:
    """Whether the agreement holds the facts a generated section writes."""
    c = a.clauses
    return {
        "parties": True,
        "contacts": any(p.contacts for p in a.parties),
        "period": True,
        "economy": bool(a.funding.commitments or a.funding.in_kind),
        "follow_up": bool(a.obligations),
        "steering_group": a.steering_group is not None,
        "goals": bool(a.goals),
        "termination": c.termination is not None,
        "renegotiation": c.renegotiation is not None,
        "disputes": c.disputes is not None,
        "gdpr": c.gdpr is not None,
        "assignment": c.assignment is not None,
        "state_aid": c.state_aid is not None and c.state_aid.non_economic,
        "approval": a.period.conditional_on_approval,
        "signatures": bool(a.signatories),
    }[kind]


def _sections(a: Agreement) -> list[dict[str, Any]]:
    """The document's sections in order, numbered, each saying which facts it writes."""
    from iopctl.model.document import GeneratedSection

    placed = {s.generated for s in a.document.sections if isinstance(s, GeneratedSection)}
    out: list[dict[str, Any]] = []
    number, sub = 0, 0
    for i, s in enumerate(a.document.sections):
        level = s.level
        if isinstance(s, GeneratedSection):
            kind: str = s.generated
            if not _has(kind, a):
                raise RenderError(
                    ("document", "sections", i, "generated"),
                    f"section '{kind}' is listed, but the agreement has no data for it",
                )
            entry: dict[str, Any] = {
                "type": kind,
                "generated": True,
                "title": s.heading or DEFAULT_HEADINGS[kind],
                "body": None,
                "intro": md(s.intro),
                "outro": md(s.outro),
            }
        else:
            entry = {
                "type": "prose",
                "generated": False,
                "title": s.heading,
                "body": md(s.body),
                "intro": None,
                "outro": None,
            }
        if level == "continued" and not out:
            level = "section"
        if level == "section" or (level == "subsection" and number == 0):
            number, sub = number + 1, 0
            entry.update(level="section", number=str(number), marker=Md("##"), sub_marker=Md("###"))
        elif level == "subsection":
            sub += 1
            entry.update(
                level="subsection",
                number=f"{number}.{sub}",
                marker=Md("###"),
                sub_marker=Md("####"),
            )
        else:
            entry.update(level="continued", number=None, marker=None, sub_marker=out[-1]["sub_marker"])
        entry["absorbs"] = []
        entry["index"] = i
        out.append(entry)
    # Facts the agreement holds but does not place: inside their host section, else appended.
    for kind in DEFAULT_HEADINGS:
        if kind in placed or not _has(kind, a):
            continue
        host = HOSTS.get(kind)
        hosts = [e for e in out if e["type"] == host] if host else []
        if hosts:
            hosts[0]["absorbs"].append(kind)
            continue
        number += 1
        extra: dict[str, Any] = {
            "type": kind,
            "generated": True,
            "title": DEFAULT_HEADINGS[kind],
            "body": None,
            "intro": None,
            "outro": None,
            "level": "section",
            "number": str(number),
            "marker": Md("##"),
            "sub_marker": Md("###"),
            "absorbs": [],
            "index": None,
        }
        signatures = [j for j, e in enumerate(out) if e["type"] == "signatures"]
        if signatures and kind != "signatures":
            out.insert(signatures[0], extra)
            _renumber(out)
        else:
            out.append(extra)
    for e in out:
        e["kinds"] = ([e["type"]] if e["generated"] else []) + e["absorbs"]
    return out


def _renumber(sections: list[dict[str, Any]]) -> None:
    """Number sections again after one was inserted before the signatures."""
    number, sub = 0, 0
    for e in sections:
        if e["level"] == "section":
            number, sub = number + 1, 0
            e["number"] = str(number)
        elif e["level"] == "subsection":
            sub += 1
            e["number"] = f"{number}.{sub}"


def _party(p: Party, names: Names) -> dict[str, Any]:
    address_lines: list[str] = []
    if p.address is not None:
        address_lines.append(p.address.street)
        address_lines.append(f"{p.address.postal_code} {p.address.city}" if p.address.postal_code else p.address.city)
    return {
        "id": p.id,
        "kind": p.kind,
        "role": PARTY_ROLE[p.kind],
        "name": p.name,
        "short_name": p.short_name or p.name,
        "legal_entity": p.legal_entity,
        "org_number": sv.org_number(p.org_number) if p.org_number else None,
        "address_lines": address_lines,
        "address": ", ".join(address_lines) if address_lines else None,
        "description": md(p.description),
        "contacts": [_contact(c, p, names) for c in p.contacts],
    }


def _contact(c: Any, party: Party, names: Names) -> dict[str, Any]:
    roles = [CONTACT_ROLE[r] for r in c.roles if r in CONTACT_ROLE]
    label = f"Kontaktperson {sv.join_list(roles)}" if roles else "Kontaktperson"
    unit = names.name(c.unit) if c.unit else None
    return {
        "name": c.name,
        "title": c.title,
        "email": c.email,
        "phone": c.phone,
        "website": c.website,
        "unit": unit,
        "role": label,
        "roles": roles,
        # Title, e-mail, web site and phone in the order the Lund lists write them.
        "details": [d for d in (c.title, unit, c.email, c.website, c.phone) if d],
    }


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


def _timing(o: Obligation) -> str:
    """When an obligation falls, in the agreement's own words where it has them."""
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


def _obligation(o: Obligation, names: Names) -> dict[str, Any]:
    owners = names.joined(o.owners)
    timing = _timing(o)
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
    }


def _steering(a: Agreement, names: Names) -> dict[str, Any]:
    g = a.steering_group
    assert g is not None
    if g.meetings_cadence == "times_per_year":
        meetings = count_phrase(g.meetings_per_year or 1, "gång", "gånger") + " per år"
    else:
        meetings = MEETING_CADENCE[g.meetings_cadence]
    return {
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


def _state_aid(a: Agreement, names: Names) -> dict[str, Any] | None:
    s = a.clauses.state_aid
    if s is None or not s.non_economic:
        return None
    return {
        "non_profits": sv.join_list([p.name for p in a.parties if p.kind == "non_profit"]),
        "public": sv.join_list([p.name for p in a.parties if p.kind == "public"]),
    }


def _signatures(a: Agreement, names: Names) -> dict[str, Any]:
    copies = a.copies or len(a.parties)
    return {
        "copies": copies,
        "copies_words": sv.count_words(copies) if 1 <= copies <= len(sv.COUNT_WORDS) else str(copies),
        "signatories": [
            {
                "name": s.name,
                "title": s.title,
                "party": names.party_of(s.party).name,
                "signs_for": names.full(s.unit) if s.unit else names.party_of(s.party).name,
                "place": s.place,
                "date": sv.date_long(s.date) if s.date else None,
            }
            for s in a.signatories
        ],
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
