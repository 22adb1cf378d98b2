"""The agreement model: every fact an IOP agreement states, as strict, frozen pydantic models.

Shape lives here; policy (dates in order, shares adding up, local term limits, lint from IOP
guidance) lives in `iopctl.rules`. Facts with a date or an amount are structured fields; the
document's prose is Swedish Markdown in `sections`. A vague text stays vague: an instalment
with no due day, a report "efter årets slut", a meeting "minst fyra gånger per år" are
stated as undated, never given an invented date.

The parts live by section beside this module (`parties`, `funding`, `obligations`,
`document`, over `base`); this one holds the period, amendments and `Agreement` itself, which
builds one validator for the whole tree when it is defined (see `iopctl.model.base`).
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from iopctl.model.base import Strict, described, new_dict, new_list
from iopctl.model.document import Clauses, Decision, Document, Registration, Source
from iopctl.model.funding import Funding
from iopctl.model.obligations import Goal, Obligation, SteeringGroup
from iopctl.model.parties import Party, Signatory, Unit
from iopctl.model.scalars import (
    Copies,
    Count,
    Flag,
    Ident,
    IsoDate,
    Markdown,
    Months,
    Scalar,
    Text,
)
from iopctl.model.vocabulary import ShiftPolicy

SCHEMA_VERSION = 1


def _schema_version(value: Any) -> int:
    """Only the versions this iopctl reads."""
    from iopctl.model.scalars import parse_count

    version = parse_count(value)
    if version != SCHEMA_VERSION:
        from pydantic_core import PydanticCustomError

        raise PydanticCustomError(
            "schema_version", f"schema_version {version} is not supported; this iopctl reads {SCHEMA_VERSION}"
        )
    return version


SchemaVersion = Annotated[int, Scalar(_schema_version, {"enum": [SCHEMA_VERSION, str(SCHEMA_VERSION)]})]


# --- period --------------------------------------------------------------------------------


class Review(Strict):
    """A review (översyn) the parties intend to hold by a date."""

    by: IsoDate = described("Last day of the review (senast).")
    purpose: Markdown | None = Field(None, description="What the review decides (e.g. whether to continue).")


class Renewal(Strict):
    """Automatic renewal (automatisk förlängning) of an open-ended agreement, with its notice rule."""

    first_term_end: IsoDate = described("End of the first term, e.g. 2024-12-31 for 'varje nytt årsskifte'.")
    term_months: Months = Field(12, description="Length of each renewal (förlängning) in months.")
    notice_months: Months = described("Notice (uppsägning) in months before each term end, e.g. 3.")
    mutual: Flag = Field(True, description="Either party may give notice (ömsesidig uppsägning).")


class Period(Strict):
    """When the agreement applies (avtalstid), how it ends or renews, and its reviews."""

    start: IsoDate = described("First day (gäller från och med).")
    end: IsoDate | None = Field(None, description="Last day (till och med); null when open-ended (tills vidare).")
    ends_without_notice: Flag = Field(
        False, description="Ends at `end` without notice (upphör utan uppsägning vid avtalstidens utgång)."
    )
    renewal: Renewal | None = Field(None, description="Automatic renewal and notice rule, for open-ended agreements.")
    reviews: list[Review] = Field(default_factory=new_list, description="Reviews (översyn) with their last day.")
    conditional_on_approval: Flag = Field(
        False, description="Valid only once approved by each party's competent body (behörigt beslutsorgan)."
    )


# --- over time: what is still to supply, and amendments (tilläggsavtal) ----------------------


class NeedsValue(Strict):
    """A fact the user still has to supply (written by `new` and `renew`; `validate` warns)."""

    path: Text = described("Where the value belongs, e.g. 'period.reviews' or 'funding.commitments[ersattning]'.")
    what: Text = described("What is missing and why, e.g. 'the review date: the text gives no rule to derive it'.")


class Change(Strict):
    """One change of an amendment: a structured patch of the agreement's fields.

    `path` names a field with dots and list items in brackets, by id (commitments,
    obligations, parties), by heading (prose sections), by `generated` kind or by position:
    `funding.commitments[ersattning].amounts`, `period.end`,
    `document.sections[Bakgrund].body`, `obligations[0].due`.
    """

    op: Literal["set", "add", "remove"] = described(
        "set (ändra) a field or list item; add (lägg till) an item to a list; remove (stryk) a field or list item."
    )
    path: Text = described("The field or list changed, e.g. 'funding.commitments[ersattning].amounts'.")
    value: Any = Field(None, description="The new value or list item, written as in an agreement file.")


class Amendment(Strict):
    """An amendment (tilläggsavtal, ändring): numbered, dated, decided, with its changes and text."""

    number: Count = described("Amendment number (tilläggsavtal nr), 1, 2, … in order.")
    effective: IsoDate = described("Effective date (gäller från och med).")
    title: Text | None = Field(None, description="Short title, e.g. 'Utökad finansiering 2020'.")
    decision: Decision | None = Field(None, description="The decision behind it (beslut).")
    changes: list[Change] = Field(min_length=1, description="What changes, applied in order.")
    text: Markdown | None = Field(None, description="The amendment's own text (Swedish Markdown).")


class Agreement(Strict):
    """One IOP agreement (överenskommelse om idéburet offentligt partnerskap)."""

    model_config = ConfigDict(defer_build=False)

    schema_version: SchemaVersion = described("Version of this file format (1).")
    id: Ident = described("Agreement id; must equal the file name without .yaml.")
    template: Ident = described("Template in templates/ used to render the draft, e.g. 'lund' or 'numbered'.")
    replaces: Ident | None = Field(
        None, description="Id of the agreement this one renews or replaces (ersätter), for the lineage."
    )
    source: Source | None = Field(None, description="Where the facts come from.")
    diarienummer: Text | None = Field(
        None, description="The agreement's registration number (diarienummer) in the public party's records."
    )
    decisions: list[Decision] = Field(
        default_factory=new_list, description="Decisions (beslut) behind the agreement: body, date, §."
    )
    registration: Registration | None = Field(
        None, description="The non-profit's registration as idéburen organisation (lag 2022:900); information."
    )
    parties: list[Party] = Field(min_length=2, description="The parties (parter).")
    period: Period = described("When the agreement applies (avtalstid).")
    funding: Funding = Field(default_factory=Funding, description="The economy (ekonomi).")
    obligations: list[Obligation] = Field(
        default_factory=new_list, description="Reports, plans, meetings, trainings (åtaganden)."
    )
    goals: list[Goal] = Field(default_factory=new_list, description="Goals (mål).")
    steering_group: SteeringGroup | None = Field(None, description="The steering group (styrgrupp).")
    clauses: Clauses = Field(default_factory=Clauses, description="Standard clauses.")
    signatories: list[Signatory] = Field(default_factory=new_list, description="Who signs (underskrifter).")
    copies: Copies | None = Field(None, description="Copies signed (likalydande exemplar); null = one per party.")
    date_policy: dict[str, ShiftPolicy] = Field(
        default_factory=new_dict,
        description=(
            "Per event kind: the reminder (påminnelse) for a date on a non-working day: previous"
            " (the working day before), next or none (no reminder); the legal last day is always"
            " the next working day (lag 1930:173 2 §, skuldebrevslagen 5 §); overrides _policy.yaml."
        ),
    )
    document: Document = described("How the signable draft reads.")
    amendments: list[Amendment] = Field(
        default_factory=new_list, description="Amendments (tilläggsavtal), numbered, each from its effective date."
    )
    needs: list[NeedsValue] = Field(
        default_factory=new_list, description="Facts still to supply (needs a value); validate warns for each."
    )

    # -- lookups used by rules, schedules and templates -------------------------------------

    @property
    def signed_on(self) -> date | None:
        """The day the last signatory signed, when all have (None while anyone has not, or none listed)."""
        dates = [s.date for s in self.signatories]
        if not dates or any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)

    def party(self, ref: str) -> Party | None:
        """The party a party or unit id belongs to."""
        for p in self.parties:
            if p.id == ref or any(u.id == ref for u in p.units):
                return p
        return None

    def unit(self, ref: str) -> Unit | None:
        """The unit with this id, if the id names a unit."""
        for p in self.parties:
            for u in p.units:
                if u.id == ref:
                    return u
        return None

    def display_name(self, ref: str) -> str:
        """Swedish name for a party or unit id, e.g. 'Kalmar kommun, Socialförvaltningen'."""
        unit = self.unit(ref)
        party = self.party(ref)
        if party is None:
            return ref
        if unit is not None:
            return f"{party.name}, {unit.name}"
        return party.name
