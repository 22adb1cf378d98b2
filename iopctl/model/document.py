"""How the signable draft reads, and the record around it: the standard clauses, the ordered
prose and generated sections, the source, decisions and the non-profit's registration."""

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from iopctl.model.base import Strict, described, new_list
from iopctl.model.scalars import (
    Days,
    Flag,
    Ident,
    IsoDate,
    Markdown,
    Months,
    Text,
)


class Termination(Strict):
    """Termination (uppsägning, hävning) and repayment (återbetalning)."""

    notice_months: Months | None = Field(
        None, description="Notice in months after a dialogue on breach or changed circumstances."
    )
    immediate_on_breach: Flag = Field(False, description="May end at once on a material breach (hävning).")
    cure_days: Days | None = Field(None, description="Days to cure (rättelse) after a written remark, e.g. 30.")
    cure_without_delay: Flag = Field(False, description="Cure must happen without delay ('utan dröjsmål').")
    repayment: Markdown | None = Field(None, description="Repayment (återbetalning) terms, in Swedish.")
    text: Markdown | None = Field(
        None,
        description="The clause's own wording, rendered as is; the flags above feed deadlines only.",
    )


class StateAid(Strict):
    """The statement that the activity is non-economic and so not state aid (statsstöd)."""

    non_economic: Flag = described("The parties agree the activity is non-economic (icke-ekonomisk verksamhet).")


class Clauses(Strict):
    """The standard clauses (klausuler)."""

    renegotiation: Markdown | None = Field(None, description="Changes and renegotiation (omförhandling).")
    termination: Termination | None = Field(None, description="Termination and repayment.")
    disputes: Markdown | None = Field(None, description="Disputes (tvist).")
    gdpr: Markdown | None = Field(None, description="Data protection (dataskyddsförordningen, GDPR).")
    assignment: Markdown | None = Field(None, description="Assignment (partsuccession, överlåtelse).")
    state_aid: StateAid | None = Field(None, description="State-aid statement (statsstöd).")
    employer: Markdown | None = Field(None, description="Employer responsibility (arbetsgivaransvar).")


GeneratedKind = Literal[
    "parties",
    "contacts",
    "period",
    "economy",
    "follow_up",
    "steering_group",
    "goals",
    "termination",
    "renegotiation",
    "disputes",
    "gdpr",
    "assignment",
    "state_aid",
    "approval",
    "signatures",
]


class ProseSection(Strict):
    """A section of the agreement's own text (Markdown)."""

    heading: Text = described("Section heading in Swedish.")
    body: Markdown | None = Field(
        None,
        description="Section text in Swedish Markdown; null for a heading whose text is all in the "
        "subsections after it.",
    )
    level: Literal["section", "subsection"] = Field(
        "section",
        description="Heading level (rubriknivå): section ('7.' in numbered templates) or "
        "subsection of the section before ('7.1').",
    )


class GeneratedSection(Strict):
    """A section written from the data (parties, economy, period, …), placed where the text has it."""

    generated: GeneratedKind = described("Which section the template writes from the data.")
    heading: Text | None = Field(None, description="Heading to use instead of the template's.")
    intro: Markdown | None = Field(None, description="Text before the generated part.")
    outro: Markdown | None = Field(None, description="Text after the generated part.")
    obligations: list[Ident] | None = Field(
        None,
        description="For follow_up: the obligations this section writes, by id (default all); the "
        "others are duties the agreement's own text states elsewhere.",
    )
    level: Literal["section", "subsection", "continued"] = Field(
        "section",
        description=(
            "Heading level (rubriknivå): section ('7.'), subsection of the section before "
            "('7.1'), or continued: no heading of its own, the text runs on under the section "
            "before (e.g. the dispute clause under 'Omförhandling, hävningsrätt samt tvist')."
        ),
    )


def _section_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "generated" if "generated" in value else "prose"
    return "generated" if isinstance(value, GeneratedSection) else "prose"


Section = Annotated[
    Annotated[ProseSection, Tag("prose")] | Annotated[GeneratedSection, Tag("generated")],
    Discriminator(_section_tag),
]


class Document(Strict):
    """How the signable draft reads: title, letterhead and the ordered sections."""

    title: Text = described("Title, e.g. 'Överenskommelse om idéburet offentligt partnerskap'.")
    subtitle: Text | None = Field(
        None, description="Subtitle, e.g. 'mellan socialförvaltningen i Lund och Kvinnojouren Lund'."
    )
    date_line: IsoDate | None = Field(None, description="Date printed under the title (datum för upprättande), if any.")
    sections: list[Section] = Field(default_factory=new_list, description="The sections in order.")


class Source(Strict):
    """Where the agreement's facts come from."""

    document: Text = described("The source document, e.g. a file name or registration number (diarienummer).")
    note: Markdown | None = Field(None, description="Anomalies in the source and how this file resolves them.")


class Decision(Strict):
    """A decision (beslut) behind the agreement: which body, when, and its paragraph (§)."""

    body: Text = described("The deciding body (beslutsorgan), e.g. 'Socialnämnden' or 'Kommunfullmäktige'.")
    date: IsoDate | None = Field(None, description="Day of the decision (beslutsdatum).")
    paragraph: Text | None = Field(None, description="Paragraph in the minutes (paragraf), e.g. '§ 167'.")
    diarienummer: Text | None = Field(None, description="The decision's own registration number, when it has one.")
    note: Markdown | None = Field(None, description="What was decided, in Swedish.")


class Registration(Strict):
    """The non-profit's registration as idéburen organisation (lag 2022:900, Kammarkollegiet).

    Information only: an agreement is valid without it, and iopctl never treats its absence
    as a fault.
    """

    party: Ident = described("The non-profit party's id.")
    date: IsoDate = described("Day of registration (registreringsdatum) by Kammarkollegiet.")
    authority: Text = Field("Kammarkollegiet", description="The registering authority.")
    reference: Text | None = Field(None, description="Kammarkollegiet's registration or case number.")
