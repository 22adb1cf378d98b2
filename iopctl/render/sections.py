"""The document's sections: listed ones in order, numbered, and facts the agreement holds but does not place.

A generated section lists the facts it writes (`kinds`); a fact without a section of its own
is written inside its host (`HOSTS`) or in a section added before the signatures, so nothing
in the data silently drops out of the draft.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from iopctl.render.markup import Md, RenderError, md
from iopctl.rules.section_data import has_facts

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.document import GeneratedSection, ProseSection


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

#: Absorbed facts written before their host's own: a change clause comes before the termination
#: clause (Kalmar 13 "Ändringar och uppsägning", Lund "Omförhandling, hävningsrätt samt tvist").
BEFORE_HOST = frozenset({"renegotiation"})


def numbered_sections(a: Agreement) -> list[dict[str, Any]]:
    """The document's sections in order, numbered, each saying which facts it writes."""
    from iopctl.model.document import GeneratedSection

    placed = {s.generated for s in a.document.sections if isinstance(s, GeneratedSection)}
    out: list[dict[str, Any]] = []
    number, sub = 0, 0
    for i, s in enumerate(a.document.sections):
        level = s.level
        entry = _entry(a, i, s)
        if level == "continued" and not out:
            level = "section"
        number, sub = _number(entry, level, number, sub, out)
        entry["absorbs"] = []
        entry["index"] = i
        out.append(entry)
    _place_the_rest(a, out, placed, number)
    for e in out:
        own = [e["type"]] if e["generated"] else []
        first = [k for k in e["absorbs"] if k in BEFORE_HOST]
        e["kinds"] = first + own + [k for k in e["absorbs"] if k not in BEFORE_HOST]
    return out


def _entry(a: Agreement, i: int, s: ProseSection | GeneratedSection) -> dict[str, Any]:
    """A listed section's heading and text (a generated one must have facts to write)."""
    from iopctl.model.document import GeneratedSection

    if isinstance(s, GeneratedSection):
        kind: str = s.generated
        if not has_facts(kind, a):
            raise RenderError(
                ("document", "sections", i, "generated"),
                f"section '{kind}' is listed, but the agreement has no data for it",
            )
        known = {o.id for o in a.obligations}
        for j, ident in enumerate(s.obligations or []):
            if kind != "follow_up" or ident not in known:
                raise RenderError(
                    ("document", "sections", i, "obligations", j),
                    f"'{ident}' is not an obligation of this agreement, or the section is not follow_up",
                )
        return {
            "type": kind,
            "generated": True,
            "title": s.heading or DEFAULT_HEADINGS[kind],
            "body": None,
            "intro": md(s.intro),
            "outro": md(s.outro),
            "obligations": s.obligations,
        }
    return {
        "type": "prose",
        "generated": False,
        "title": s.heading,
        "body": md(s.body),
        "intro": None,
        "outro": None,
        "obligations": None,
    }


def _number(entry: dict[str, Any], level: str, number: int, sub: int, out: list[dict[str, Any]]) -> tuple[int, int]:
    """Number a section at its level (a first subsection counts as a section); the new counters."""
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
    return number, sub


def _place_the_rest(a: Agreement, out: list[dict[str, Any]], placed: Set[str], number: int) -> None:
    """Facts the agreement holds but does not place: inside their host section, else appended
    (before the signatures, which stay last)."""
    for kind in DEFAULT_HEADINGS:
        if kind in placed or not has_facts(kind, a):
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
            "obligations": None,
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
