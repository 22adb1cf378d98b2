"""The parties, their contacts and the signatures, as the template prints them; the state-aid sentence's party names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iopctl.render.markup import Names, md
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.parties import Party


PARTY_ROLE = {"public": "Offentlig part", "non_profit": "Idéburen part"}


CONTACT_ROLE = {"contract": "avtalsfrågor", "day_to_day": "löpande ärenden"}


def running(title: str | None) -> str | None:
    """A title as it reads after a name in running text: lower-case ("Socialdirektör" →
    "socialdirektör", Svenska skrivregler); an abbreviation ("HBTQ+ …") or a name in the
    genitive ("Lunds kommuns …") is left as written."""
    if not title or len(title) < 2 or not title[1].islower():
        return title
    first, _, rest = title.partition(" ")
    if rest and first.endswith("s"):
        return title  # a genitive name leads ("Lunds kommuns samordnare …")
    return title[0].lower() + title[1:]


def party_context(p: Party, names: Names) -> dict[str, Any]:
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
        "title_running": running(c.title),
        "email": c.email,
        "phone": c.phone,
        "website": c.website,
        "unit": unit,
        "role": label,
        "roles": roles,
        # Title, e-mail, web site and phone in the order the Lund lists write them.
        "details": [d for d in (running(c.title), unit, c.email, c.website, c.phone) if d],
    }


def state_aid_context(a: Agreement, names: Names) -> dict[str, Any] | None:
    s = a.clauses.state_aid
    if s is None or not s.non_economic:
        return None
    return {
        "non_profits": sv.join_list([p.name for p in a.parties if p.kind == "non_profit"]),
        "public": sv.join_list([p.name for p in a.parties if p.kind == "public"]),
    }


def signatures_context(a: Agreement, names: Names) -> dict[str, Any]:
    # No number unless the text gives one ("upprättat i likalydande exemplar" in the Lund texts).
    copies = a.copies
    words = None
    if copies is not None:
        words = sv.count_words(copies) if 1 <= copies <= len(sv.COUNT_WORDS) else str(copies)
    return {
        "copies": copies,
        "copies_words": words,
        "signatories": [
            {
                "name": s.name,
                "title": s.title,
                "title_running": running(s.title),
                "party": names.party_of(s.party).name,
                "signs_for": names.full(s.unit) if s.unit else names.party_of(s.party).name,
                "place": s.place,
                "date": sv.date_long(s.date) if s.date else None,
            }
            for s in a.signatories
        ],
    }
