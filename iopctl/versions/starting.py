"""A new agreement (`iopctl new`) from the folder's local defaults (`_defaults.yaml`).

`_defaults.yaml` beside the agreements holds what a municipality writes into every IOP: its
own party (with units and contacts), its signatories, the template, standard clauses and
the document's standard sections. It is validated like an agreement (located errors).
What the user has not supplied is written as a `TODO: …` text or a `needs:` entry, which
`validate` lists as *needs a value* (rule `needs-value`): the file validates, nothing is blank
in silence and nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field

from iopctl.model.base import Strict, new_list
from iopctl.model.document import Clauses, Section
from iopctl.model.parties import Party, Signatory
from iopctl.model.scalars import Ident, Text

DEFAULTS_FILE = "_defaults.yaml"
TITLE = "Överenskommelse om idéburet offentligt partnerskap"


class Defaults(Strict):
    """Local defaults for new agreements (`_defaults.yaml`)."""

    template: Ident = Field("numbered", description="Template for new agreements, e.g. 'lund'.")
    parties: list[Party] = Field(
        default_factory=new_list, description="The municipality's own parties (offentlig part), with units."
    )
    signatories: list[Signatory] = Field(default_factory=new_list, description="Who signs for them.")
    clauses: Clauses = Field(default_factory=Clauses, description="Standard clauses (standardklausuler).")
    title: Text = Field(TITLE, description="Document title.")
    sections: list[Section] = Field(default_factory=new_list, description="Standard sections, in order.")


def load_defaults(folder: Path) -> tuple[Defaults, list[Any]]:
    """The defaults beside the agreements (built-in ones when there is no file), and problems."""
    from iopctl.load.read import read_text_file, validate_text

    path = folder / DEFAULTS_FILE
    if not path.exists():
        return Defaults(), []
    text, problems = read_text_file(path, str(path))
    if text is None:
        return Defaults(), problems
    result = validate_text(text, str(path), Defaults)
    if result.agreement is None:
        return Defaults(), result.problems
    defaults: Defaults = result.agreement
    return defaults, []


@dataclass
class Answers:
    """What the user gave (flags or prompts); None = still to supply."""

    id: str
    start: date
    end: date | None
    partner_name: str | None = None
    partner_id: str = "ideell-part"
    partner_org_number: str | None = None
    amount: Decimal | None = None


def _todo(value: str | None, what: str) -> str:
    return value if value else f"TODO: {what}"


def _given(data: dict[str, Any], kind: str) -> bool:
    """Whether the new file has the data a generated section of `kind` writes."""
    if kind == "economy":
        return "funding" in data
    return bool(data.get("clauses", {}).get(kind))


def new_agreement(defaults: Defaults, answers: Answers) -> dict[str, Any]:
    """The new file's data; pure."""
    from iopctl.model.plain import to_data

    public = [to_data(p) for p in defaults.parties] or [
        {"id": "kommun", "kind": "public", "name": "TODO: the municipality or its committee (offentlig part)"}
    ]
    partner: dict[str, Any] = {
        "id": answers.partner_id,
        "kind": "non_profit",
        "name": _todo(answers.partner_name, "the non-profit's name (idéburen part)"),
    }
    if answers.partner_org_number:
        partner["org_number"] = answers.partner_org_number
    payer = public[0]["units"][0]["id"] if public[0].get("units") else public[0]["id"]
    needs: list[dict[str, str]] = []
    data: dict[str, Any] = {
        "schema_version": 1,
        "id": answers.id,
        "template": defaults.template,
        "source": {"document": "TODO: the agreement's document or registration number (diarienummer)"},
        "parties": [*public, partner],
        "period": {"start": answers.start.isoformat()},
    }
    if answers.end is not None:
        data["period"]["end"] = answers.end.isoformat()
    else:
        needs.append({"path": "period.end", "what": "the last day, or a renewal and notice rule if open-ended"})
    if answers.amount is not None:
        line: dict[str, Any] = {"basis": "fixed", "from_year": answers.start.year, "amount": str(answers.amount)}
        if answers.end is not None and answers.end.year != answers.start.year:
            line["to_year"] = answers.end.year
        data["funding"] = {
            "commitments": [
                {
                    "id": "ersattning",
                    "payee": answers.partner_id,
                    "payers": [{"payer": payer}],
                    "amounts": [line],
                    "payments": {"per_year": 1},
                }
            ]
        }
        needs.append({"path": "funding.commitments[ersattning].payments", "what": "when the money is paid (due days)"})
    else:
        needs.append({"path": "funding", "what": "the money (belopp), its payer and payment days"})
    needs.append({"path": "obligations", "what": "the reports and follow-up the text requires (uppföljning)"})
    needs.append(
        {
            "path": "funding.in_kind",
            "what": "the non-profit's own contribution (egen insats): in kind, or partial public financing",
        }
    )
    clauses = to_data(defaults.clauses)
    if clauses:
        data["clauses"] = clauses
    data["signatories"] = [
        *(to_data(s) for s in defaults.signatories),
        {"party": answers.partner_id, "name": "TODO: who signs for the non-profit", "title": "TODO: title"},
    ]
    sections = [to_data(s) for s in defaults.sections] or [
        {"heading": "Bakgrund", "body": "TODO: background and purpose of the partnership"},
        {"generated": "parties"},
        {"generated": "period"},
        *({"generated": kind} for kind in ("economy", "termination", "disputes") if _given(data, kind)),
        {"generated": "signatures"},
    ]  # a generated section only where there is data for it (validate refuses an empty one)
    data["document"] = {"title": defaults.title, "sections": sections}
    data["needs"] = needs
    return data
