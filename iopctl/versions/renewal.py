"""The next term of an agreement (`iopctl renew`): what carries over, what moves, what to supply.

Pure: an agreement and the new term in, the new file's data and its notes out. Carried over:
parties, obligations, goals, steering group, clauses, signatories (names and places; the
signing dates are blanked), the document's prose. Amendments are folded in (the renewal
carries the agreement as amended) and not repeated; records (`_records/`) belong to the old
term and are not carried; `replaces:` names the old id.

What moves, and only when it can be derived: when the new term is the old one moved by whole
years (same first and last day of the year, e.g. 2021-01-01–2023-12-31 → 2024-01-01–2026-12-31),
every date and year of the text moves by those years (a review by 2023-03-01 becomes
2026-03-01: the text's own distance to the end). Otherwise the dates cannot be derived, and
each is dropped and listed in `needs:` (validate warns *needs a value*); nothing is invented.
Amount lines keep their sums and basis; an index base year is kept (the sum's price level)
and listed for the user, since no text of the old term says the price level of the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from iopctl.model.agreement import Agreement


@dataclass
class Renewal:
    """The new file's data and what the user must still check or supply."""

    data: dict[str, Any]
    needs: list[dict[str, str]] = field(default_factory=list)
    moved_years: int | None = None


def whole_years(old_start: date, old_end: date | None, start: date, end: date | None) -> int | None:
    """Years the term moved by, when it moved by whole years; None otherwise."""
    from iopctl.dates.arithmetic import add_years

    k = start.year - old_start.year
    if add_years(old_start, k) != start:
        return None
    if (old_end is None) != (end is None):
        return None
    if old_end is not None and end is not None and add_years(old_end, k) != end:
        return None
    return k


def default_id(old_id: str, start: date) -> str | None:
    """`lund-kvinnojouren-2021` → `lund-kvinnojouren-2024`; None when the id has no year."""
    m = re.fullmatch(r"(.*-)(19|20)[0-9]{2}", old_id)
    return f"{m.group(1)}{start.year}" if m else None


def renew(agreement: Agreement, start: date, end: date | None, new_id: str) -> Renewal:
    """The next term's data; `agreement` as consolidated with its amendments."""
    from iopctl.dates.arithmetic import add_years
    from iopctl.model.plain import to_data

    old = agreement
    data = to_data(old)
    k = whole_years(old.period.start, old.period.end, start, end)
    out = Renewal({}, moved_years=k)

    def need(path: str, what: str) -> None:
        out.needs.append({"path": path, "what": what})

    def move(d: str) -> str:
        assert k is not None
        return add_years(date.fromisoformat(d), k).isoformat()

    data.pop("amendments", None)
    old_needs = data.pop("needs", [])
    data["id"] = new_id
    data["replaces"] = old.id
    source = data.get("source") or {}
    data["source"] = {
        "document": "TODO: the renewed agreement's document or registration number (diarienummer)",
        "note": f"Renewal of {old.id} (source: {source.get('document', 'not given')}), written by iopctl renew.",
    }
    # keep `replaces` right after `template`, where the model puts it
    order = ["schema_version", "id", "template", "replaces", "source"]
    data = {
        **{key: data[key] for key in order if key in data},
        **{key: v for key, v in data.items() if key not in order},
    }

    period = data["period"]
    period["start"] = start.isoformat()
    if end is None:
        period.pop("end", None)
    else:
        period["end"] = end.isoformat()
    reviews = period.pop("reviews", [])
    if reviews:
        if k is not None:
            period["reviews"] = [{**r, "by": move(r["by"])} for r in reviews]
        else:
            dates = ", ".join(r["by"] for r in reviews)
            need(
                "period.reviews",
                f"the review date (översyn): the old term's review by {dates} cannot be moved "
                "into a term of another shape; agree on one",
            )
    if "renewal" in period:
        if k is not None:
            period["renewal"]["first_term_end"] = move(period["renewal"]["first_term_end"])
        else:
            need("period.renewal.first_term_end", "the end of the first term before automatic renewal")
            period.pop("renewal")

    for ci, c in enumerate(data.get("funding", {}).get("commitments", [])):
        c.get("payments", {}).pop("dates", None)  # dates agreed for the old term's instalments
        lines = []
        for li, line in enumerate(c["amounts"]):
            where = f"funding.commitments[{c['id']}].amounts[{li}]"
            if k is None:
                need(
                    where,
                    f"the years of the {line['amount']} kr line: the old term's years do not map onto the new term",
                )
                line = {**line, "from_year": start.year}
                if "to_year" in line:
                    line["to_year"] = (end or start).year
                if "paid_in" in line:
                    line["paid_in"] = start.year
            else:
                line = dict(line)
                for key in ("from_year", "to_year", "paid_in"):
                    if key in line:
                        line[key] = line[key] + k
            ix = line.get("indexation")
            if ix is not None:
                need(
                    f"{where}.indexation.base_year",
                    f"kept at {ix['base_year']}, the old sum's price level; the new text must say "
                    f"whether {line.get('amount', line.get('rate'))} kr is at {ix['base_year']} or {start.year} level",
                )
            lines.append(line)
        c["amounts"] = lines
        del ci
    for item in data.get("funding", {}).get("in_kind", []):
        for key in ("from_date", "to_date"):
            if key in item:
                if k is not None:
                    item[key] = move(item[key])
                else:
                    need(f"funding.in_kind[{item['id']}].{key}", "the contribution's dates in the new term")
                    item.pop(key)
    for ob in data.get("obligations", []):
        covers = ob.get("covers")
        due = ob.get("due", {})
        if k is not None:
            if covers:
                ob["covers"] = {"start": move(covers["start"]), "end": move(covers["end"])}
            if due.get("rule") == "date":
                due["date"] = move(due["date"])
        else:
            if covers:
                ob.pop("covers")
                need(f"obligations[{ob['id']}].covers", "the period this one-off duty covers in the new term")
            if due.get("rule") == "date":
                ob["due"] = {"rule": "undated", "date_text": f"tidigare {due['date']}"}
                need(f"obligations[{ob['id']}].due", f"the due date (was {due['date']} in the old term)")
    for s in data.get("signatories", []):
        s.pop("date", None)
    document = data.get("document", {})
    document.pop("date_line", None)
    years = {str(y) for y in range(old.period.start.year, (old.period.end or old.period.start).year + 1)}
    for section in document.get("sections", []):
        text = " ".join(str(section.get(key) or "") for key in ("body", "intro", "outro"))
        found = sorted(set(re.findall(r"\b(?:19|20)[0-9]{2}\b", text)) & years)
        if found:
            name = section.get("heading") or section.get("generated")
            need(
                f"document.sections[{name}]",
                f"the prose names the old term's years ({', '.join(found)}); check it for the new term",
            )
    data["needs"] = [*old_needs, *out.needs] if (old_needs or out.needs) else []
    if not data["needs"]:
        data.pop("needs")
    out.data = data
    return out
