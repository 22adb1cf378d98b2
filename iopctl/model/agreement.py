"""The agreement model: every fact an IOP agreement states, as strict, frozen pydantic models.

Shape lives here; policy (dates in order, shares adding up, local term limits, lint from IOP
guidance) lives in `rules.py`. Facts with a date or an amount are structured fields; the
document's prose is Swedish Markdown in `sections`. A vague text stays vague: an instalment
with no due day, a report "efter årets slut", a meeting "minst fyra gånger per år" are
stated as undated, never given an invented date.
"""

# No `from __future__ import annotations` here: with it every field annotation is a string that
# pydantic must evaluate when the classes are built, ~7 ms (a fifth of building them) on every
# start of `validate`. Annotations therefore name only classes defined above them.

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator

from iopctl.model.scalars import (
    Copies,
    Count,
    Days,
    Flag,
    Ident,
    IsoDate,
    Markdown,
    MonthDay,
    Months,
    Percent,
    PerYear,
    PositiveMoney,
    Rate,
    Scalar,
    Share,
    Text,
    Year,
    Years,
)
from iopctl.model.vocabulary import Cadence, ObligationKind, ShiftPolicy

SCHEMA_VERSION = 1


# Empty-collection defaults through Python functions, not the `list`/`dict` builtins: pydantic
# inspects a default factory's signature, and for a builtin that means parsing its text
# signature (~0.25 ms each, ~3.5 ms of building the models at every start of `validate`;
# the first one also compiles tokenize's patterns, ~4 ms). Every model uses these.
def new_list() -> list[Any]:
    return []


def new_dict() -> dict[Any, Any]:
    return {}


def _orgnr(value: Any) -> str:
    """An organisation number written NNNNNN-NNNN with a valid Luhn check digit."""
    from iopctl.model.identifiers import parse_org_number

    return parse_org_number(value)


OrgNumber = Annotated[
    str,
    Scalar(
        _orgnr,
        {
            "type": "string",
            "pattern": r"^[0-9]{6}-[0-9]{4}$",
            "description": "Organisation number (organisationsnummer), NNNNNN-NNNN.",
        },
    ),
]


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


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are frozen once read.

    Parts are built lazily (`defer_build`): the Agreement builds one validator for the whole
    tree when it is defined, instead of one more for each of its ~40 parts (~10 ms of every
    start). A part validated on its own builds on first use.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, hide_input_in_errors=True, defer_build=True)


def _d(text: str) -> Any:
    return Field(description=text)


# --- parties -----------------------------------------------------------------------------


class Address(Strict):
    """A postal address (postadress)."""

    street: Text = _d("Street and number (gatuadress), e.g. 'Algatan 13'.")
    postal_code: Text | None = Field(
        None, description="Postal code (postnummer), e.g. '231 83'; null when the text gives none."
    )
    city: Text = _d("Postal town (postort), e.g. 'Trelleborg'.")


ContactRole = Literal["contract", "day_to_day", "general"]


class Contact(Strict):
    """A contact person (kontaktperson) for one or more roles."""

    name: Text = _d("Full name (namn).")
    title: Text | None = Field(None, description="Title or function (titel), e.g. 'Verksamhetschef'.")
    email: Text | None = Field(None, description="E-mail address (e-post).", pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: Text | None = Field(None, description="Telephone number as written (telefon).")
    website: Text | None = Field(None, description="Web site (webbplats), when the text gives one instead of e-mail.")
    roles: list[ContactRole] = Field(
        default_factory=lambda: list[ContactRole](["general"]),
        description="Roles: contract (kontaktperson avtalsfrågor), day_to_day (löpande ärenden), general.",
    )
    unit: Ident | None = Field(None, description="Unit id within the party, when the contact belongs to one.")


class Unit(Strict):
    """A committee, administration or office that acts or pays for a party (nämnd, förvaltning)."""

    id: Ident = _d("Identifier used to refer to this unit (payer, owner, signatory).")
    name: Text = _d("Name as in the agreement, e.g. 'Socialförvaltningen'.")


class Party(Strict):
    """A party to the agreement (part): public (offentlig part) or non-profit (idéburen part)."""

    id: Ident = _d("Identifier used to refer to this party elsewhere in the file.")
    kind: Literal["public", "non_profit"] = _d("public (offentlig part) or non_profit (idéburen organisation).")
    name: Text = _d("Name as it should be written in the agreement (partens namn).")
    short_name: Text | None = Field(None, description="Short form used in running text, e.g. 'Kvinnojouren'.")
    legal_entity: Text | None = Field(
        None, description="The legal person the party acts for (juridisk person), e.g. 'Lunds kommun'."
    )
    org_number: OrgNumber | None = Field(None, description="Organisation number (organisationsnummer) NNNNNN-NNNN.")
    address: Address | None = Field(None, description="Postal address (adress).")
    units: list[Unit] = Field(
        default_factory=new_list, description="Units that act or pay for the party (nämnder, förvaltningar)."
    )
    contacts: list[Contact] = Field(default_factory=new_list, description="Contact persons (kontaktpersoner).")
    description: Markdown | None = Field(
        None, description="Presentation of the party (Markdown), when the text has one."
    )


class Signatory(Strict):
    """A person who signs (undertecknare), with the place and date lines (possibly blank)."""

    party: Ident = _d("Party id the person signs for.")
    unit: Ident | None = Field(
        None, description="Unit id, when the person signs for a unit (e.g. Socialförvaltningen)."
    )
    name: Text = _d("Full name (namn).")
    title: Text | None = Field(None, description="Title (titel), e.g. 'Socialdirektör'.")
    place: Text | None = Field(None, description="Place of signing (ort); blank when the text leaves it blank.")
    date: IsoDate | None = Field(None, description="Date of signing (datum); blank until signed.")


# --- period --------------------------------------------------------------------------------


class Review(Strict):
    """A review (översyn) the parties intend to hold by a date."""

    by: IsoDate = _d("Last day of the review (senast).")
    purpose: Markdown | None = Field(None, description="What the review decides (e.g. whether to continue).")


class Renewal(Strict):
    """Automatic renewal (automatisk förlängning) of an open-ended agreement, with its notice rule."""

    first_term_end: IsoDate = _d("End of the first term, e.g. 2024-12-31 for 'varje nytt årsskifte'.")
    term_months: Months = Field(12, description="Length of each renewal (förlängning) in months.")
    notice_months: Months = _d("Notice (uppsägning) in months before each term end, e.g. 3.")
    mutual: Flag = Field(True, description="Either party may give notice (ömsesidig uppsägning).")


class Period(Strict):
    """When the agreement applies (avtalstid), how it ends or renews, and its reviews."""

    start: IsoDate = _d("First day (gäller från och med).")
    end: IsoDate | None = Field(None, description="Last day (till och med); null when open-ended (tills vidare).")
    ends_without_notice: Flag = Field(
        False, description="Ends at `end` without notice (upphör utan uppsägning vid avtalstidens utgång)."
    )
    renewal: Renewal | None = Field(None, description="Automatic renewal and notice rule, for open-ended agreements.")
    reviews: list[Review] = Field(default_factory=new_list, description="Reviews (översyn) with their last day.")
    conditional_on_approval: Flag = Field(
        False, description="Valid only once approved by each party's competent body (behörigt beslutsorgan)."
    )


# --- funding -------------------------------------------------------------------------------


class Indexation(Strict):
    """Yearly adjustment by an index series (indexering, ersättningsjustering)."""

    series: Ident = _d("Index series id: a file in agreements/_series/, e.g. 'pkv' or 'lund-priskompensation'.")
    base_year: Year = _d("Price level of the stated amount (basår): years after it are adjusted.")
    lag: Years = Field(
        0, description="Years between the index value used and the year paid (1 = the previous year's value)."
    )
    publication: Text | None = Field(None, description="Which publication the agreement names, e.g. 'PKV oktober'.")


class Population(Strict):
    """The population figure a per-capita amount is based on (befolkning, SCB)."""

    series: Ident = _d("Population series id: a file in agreements/_series/, e.g. 'trelleborg-befolkning'.")
    as_of: Literal["previous_year_end", "year_end_two_before"] = Field(
        "previous_year_end",
        description="Which 31 December: previous_year_end ('per föregående årsskifte') or two years before.",
    )


def _check_unknown(amount: Decimal | None, note: str | None) -> None:
    """An amount the text does not give is null with its reason, never 0 and never silent."""
    if amount is None and not note:
        raise ValueError("amount is null: give the reason in amount_note, e.g. 'fastställs senare'")
    if amount is not None and note:
        raise ValueError("amount_note is only for an amount that is null (belopp ej fastställt)")


class FixedAmount(Strict):
    """A sum per year (belopp per år) for one year or a run of years."""

    basis: Literal["fixed"] = _d("A fixed sum per year.")
    from_year: Year = _d("First year the sum applies to.")
    to_year: Year | None = Field(
        None, description="Last year; null = same as from_year, or until the agreement ends if open-ended."
    )
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = _d(
        "Kronor per year (kronor per år); null = not stated ('fastställs senare'), with amount_note."
    )
    cap: Flag = Field(False, description="The sum is a maximum, 'upp till' (högst).")
    indexation: Indexation | None = Field(None, description="Yearly index adjustment of the sum.")

    @field_validator("amount", mode="after")
    @classmethod
    def _unknown_needs_note(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        _check_unknown(amount, info.data.get("amount_note"))  # amount_note is declared first
        return amount


class LumpSum(Strict):
    """One sum covering several years (engångsbelopp för flera år)."""

    basis: Literal["lump"] = _d("One sum for several years.")
    from_year: Year = _d("First year covered.")
    to_year: Year = _d("Last year covered.")
    paid_in: Year = _d("Year in which the sum is paid.")
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = _d(
        "Kronor in total (totalt); null = not stated ('fastställs senare'), with amount_note."
    )
    cap: Flag = Field(False, description="The sum is a maximum, 'upp till'.")

    @field_validator("amount", mode="after")
    @classmethod
    def _unknown_needs_note(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        _check_unknown(amount, info.data.get("amount_note"))  # amount_note is declared first
        return amount


class PerCapitaAmount(Strict):
    """A rate per inhabitant times a population figure (kronor per invånare)."""

    basis: Literal["per_capita"] = _d("Rate per inhabitant per year.")
    from_year: Year = _d("First year.")
    to_year: Year | None = Field(None, description="Last year; null = until the agreement ends.")
    rate: Rate = _d("Kronor per inhabitant and year, e.g. 2.25.")
    population: Population = _d("Where the population figure comes from.")
    indexation: Indexation | None = Field(None, description="Yearly index adjustment of the rate.")
    cap: Flag = Field(False, description="The sum is a maximum, 'upp till'.")


AmountLine = Annotated[
    Annotated[FixedAmount, Tag("fixed")]
    | Annotated[LumpSum, Tag("lump")]
    | Annotated[PerCapitaAmount, Tag("per_capita")],
    Discriminator("basis"),
]


class PayerShare(Strict):
    """One payer's part of a commitment (one of several betalare)."""

    payer: Ident = _d("Party or unit id that pays.")
    share: Share | None = Field(None, description="Share of the sum, '1/2' or 0.5; null = equal split ('delas lika').")


class PaymentPlan(Strict):
    """How each year's sum is paid out (utbetalning): instalments, due days, or explicitly undated."""

    per_year: PerYear = Field(1, description="Instalments per year (utbetalningstillfällen per år).")
    due: list[MonthDay] = Field(
        default_factory=new_list,
        description="Due day of each instalment, MM-DD (e.g. 03-31 for 'första kvartalet'); empty = undated.",
    )
    shares: list[Share] = Field(default_factory=new_list, description="Share of each instalment; empty = equal parts.")
    dates: list[IsoDate] = Field(
        default_factory=new_list,
        description="Dates filled in later for undated instalments, in order within each year.",
    )
    wording: Text | None = Field(None, description="How the text words the timing, e.g. 'första kvartalet'.")


class Invoicing(Strict):
    """Invoicing rules (fakturering) and required attachments (bilagor)."""

    required: Flag = Field(True, description="Paid against an invoice from the payee (faktura).")
    routine: Text | None = Field(None, description="How invoicing works, e.g. 'enligt särskild rutin'.")
    when: Text | None = Field(None, description="When to invoice, e.g. 'så snart SCB:s statistik finns tillgänglig'.")
    attachments: list[Text] = Field(
        default_factory=new_list, description="Documents to attach (bilagor), e.g. 'verksamhetsberättelse'."
    )


class Commitment(Strict):
    """Money one or more payers commit to one payee (finansiering)."""

    id: Ident = _d("Identifier of the commitment.")
    payee: Ident = _d("Party id that receives the money (mottagare).")
    payers: list[PayerShare] = Field(min_length=1, description="Who pays, and each payer's share.")
    amounts: list[AmountLine] = Field(min_length=1, description="The sums, per year, lump or per capita.")
    payments: PaymentPlan = Field(default_factory=PaymentPlan, description="Instalments and due days.")
    invoicing: Invoicing | None = Field(None, description="Invoicing rules and attachments.")
    partial_financing: Flag = Field(False, description="The sum finances only part of the activity (delfinansiering).")
    partial_financing_text: Markdown | None = Field(
        None, description="The agreement's own sentence on partial financing, rendered instead of the generic one."
    )
    condition: Markdown | None = Field(
        None, description="A condition on the funding, e.g. that the committee's budget is raised."
    )


class InKind(Strict):
    """A contribution other than money (insats i annan form): premises, volunteer work."""

    id: Ident = _d("Identifier of the contribution.")
    giver: Ident = _d("Party or unit id that contributes.")
    receiver: Ident | None = Field(None, description="Party id that receives it, if any.")
    description: Text = _d("What is contributed, in Swedish, e.g. 'fritt nyttjande av lokal på Bredgatan 19 och 21'.")
    from_date: IsoDate | None = Field(None, description="First day, when stated.")
    to_date: IsoDate | None = Field(None, description="Last day, when stated.")
    value_per_year: PositiveMoney | None = Field(
        None, description="Value in kronor per year, only when the agreement gives one."
    )
    arrangement: Text | None = Field(None, description="Contract it rests on, e.g. 'särskilt andrahandskontrakt'.")


class Funding(Strict):
    """The economy section (ekonomi): money commitments and in-kind contributions."""

    commitments: list[Commitment] = Field(default_factory=new_list, description="Money commitments.")
    in_kind: list[InKind] = Field(default_factory=new_list, description="Contributions in kind, from either side.")


# --- obligations -------------------------------------------------------------------------------


class DueUndated(Strict):
    """The text gives no date: the event is shown as 'needs a date' within its window."""

    rule: Literal["undated"] = _d("No date in the text.")
    window: Literal["during", "after", "before"] = Field(
        "during", description="When it falls: during the covered period, after its end, or before its start (inför)."
    )
    date_text: Text | None = Field(None, description="What the text says about timing, e.g. 'efter årets slut'.")


class DueDayOfYear(Strict):
    """A fixed day in the year after (or of) the covered period, e.g. 'senast den 30 mars' for last year."""

    rule: Literal["day_of_year"] = _d("A fixed day of the year.")
    day: MonthDay = _d("MM-DD, e.g. 03-30.")
    year_offset: Years = Field(1, description="Years after the covered period's end year (1 = the following year).")


class DueAfterEnd(Strict):
    """A number of months and days after the covered period ends."""

    rule: Literal["after_period_end"] = _d("Relative to the covered period's end.")
    months: Months = Field(0, description="Months after the end (lag 1930:173 month arithmetic).")
    days: Days = Field(0, description="Days after the end.")


class DueByPeriodEnd(Strict):
    """Due within the covered period, i.e. by its last day ('under år 2021')."""

    rule: Literal["by_period_end"] = _d("By the covered period's last day.")


class DueOnDate(Strict):
    """An explicit date."""

    rule: Literal["date"] = _d("A stated date.")
    date: IsoDate = _d("The date.")


class DueBeforeEnd(Strict):
    """N months, weeks and days before the agreement's end or the covered period's (a term's,
    a year's) end: 'sex månader före avtalets slut', 'senast fyra veckor före'. Months by lag
    (1930:173) 1 § (six months before 31 May is 30 November)."""

    rule: Literal["before_end"] = _d("Relative to an end, counted backwards.")
    of: Literal["agreement", "period"] = Field(
        "agreement", description="agreement: the agreement's end (avtalets slut); period: the covered period's end."
    )
    months: Count = Field(0, description="Months before the end (lag 1930:173 month arithmetic).")
    weeks: Count = Field(0, description="Weeks before the end.")
    days: Count = Field(0, description="Days before the end.")


class DueInMonth(Strict):
    """Within a named month ('i december'): a window from its first to its last day."""

    rule: Literal["in_month"] = _d("Within a month of the year.")
    month: int = Field(ge=1, le=12, description="The month, 1–12 (12 for 'i december').")
    year_offset: int = Field(
        0, ge=0, le=10, description="Years after the covered period's end year (0 = the same year)."
    )


DueRule = Annotated[
    Annotated[DueUndated, Tag("undated")]
    | Annotated[DueDayOfYear, Tag("day_of_year")]
    | Annotated[DueAfterEnd, Tag("after_period_end")]
    | Annotated[DueByPeriodEnd, Tag("by_period_end")]
    | Annotated[DueOnDate, Tag("date")]
    | Annotated[DueBeforeEnd, Tag("before_end")]
    | Annotated[DueInMonth, Tag("in_month")],
    Discriminator("rule"),
]


class Covers(Strict):
    """The period a one-off obligation belongs to."""

    start: IsoDate = _d("First day.")
    end: IsoDate = _d("Last day.")


class Obligation(Strict):
    """A duty someone owes (åtagande): a report, plan, meeting, training, information meeting."""

    id: Ident = _d("Identifier of the obligation.")
    kind: ObligationKind = _d(
        "report (rapport), plan, meeting (möte), follow_up_meeting (uppföljningsmöte), training (utbildning), "
        "information_meeting (informationsträff), other."
    )
    title: Text = _d("Swedish title used in documents and calendars, e.g. 'Halvårsrapport'.")
    owners: list[Ident] = Field(min_length=1, description="Party or unit ids that owe it.")
    recipient: Ident | None = Field(None, description="Party or unit id that receives it.")
    cadence: Cadence = _d("once, yearly (årligen), half_yearly (halvårsvis), quarterly, times_per_year.")
    times_per_year: PerYear | None = Field(
        None, description="For times_per_year: how many (e.g. 2 for 'två gånger per år')."
    )
    minimum: Flag = Field(False, description="The count is a minimum ('minst').")
    covers: Covers | None = Field(
        None, description="For once: the period it belongs to (default: the whole agreement)."
    )
    due: DueRule = _d("When it is due.")
    description: Markdown | None = Field(None, description="What it contains, in Swedish (Markdown).")


# --- goals, steering, clauses ----------------------------------------------------------------


class Target(Strict):
    """A numeric target (mätbart mål)."""

    value: Percent = _d("The number, e.g. 10 or 90.")
    unit: Text = _d("Unit, e.g. '%' or 'vänskapsrelationer'.")
    per: Literal["year", "period", "half_year"] | None = Field(
        None, description="Per year, half-year or the whole period."
    )
    minimum: Flag = Field(False, description="At least (minst).")


class Goal(Strict):
    """A goal (mål, delmål), optionally with a numeric target."""

    text: Text = _d("The goal in Swedish.")
    target: Target | None = Field(None, description="Numeric target, when the text gives one.")


class SteeringMember(Strict):
    """A function in the steering group (styrgrupp)."""

    role: Text = _d("Function, e.g. 'Utvecklingschef/utvecklingssekreterare'.")
    party: Ident = _d("Party or unit id the member represents.")
    convener: Flag = Field(False, description="Convenes the group (sammankallande).")


class SteeringGroup(Strict):
    """The steering group (styrgrupp): members, convener, meetings and tasks."""

    members: list[SteeringMember] = Field(default_factory=new_list, description="Functions that sit in the group.")
    adjunct: Text | None = Field(None, description="Who may be co-opted (adjungeras), as worded.")
    convener: Ident = _d("Party or unit id that calls meetings and keeps minutes (kallelse och dokumentation).")
    meetings_cadence: Cadence = _d("half_yearly ('en gång per halvår') or times_per_year.")
    meetings_per_year: PerYear | None = Field(None, description="With times_per_year: how many, e.g. 4.")
    minimum: Flag = Field(True, description="The count is a minimum ('minst').")
    tasks: list[Text] = Field(default_factory=new_list, description="The group's tasks (styrgruppens uppdrag).")


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

    non_economic: Flag = _d("The parties agree the activity is non-economic (icke-ekonomisk verksamhet).")


class Clauses(Strict):
    """The standard clauses (klausuler)."""

    renegotiation: Markdown | None = Field(None, description="Changes and renegotiation (omförhandling).")
    termination: Termination | None = Field(None, description="Termination and repayment.")
    disputes: Markdown | None = Field(None, description="Disputes (tvist).")
    gdpr: Markdown | None = Field(None, description="Data protection (dataskyddsförordningen, GDPR).")
    assignment: Markdown | None = Field(None, description="Assignment (partsuccession, överlåtelse).")
    state_aid: StateAid | None = Field(None, description="State-aid statement (statsstöd).")
    employer: Markdown | None = Field(None, description="Employer responsibility (arbetsgivaransvar).")


# --- document --------------------------------------------------------------------------------

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

    heading: Text = _d("Section heading in Swedish.")
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

    generated: GeneratedKind = _d("Which section the template writes from the data.")
    heading: Text | None = Field(None, description="Heading to use instead of the template's.")
    intro: Markdown | None = Field(None, description="Text before the generated part.")
    outro: Markdown | None = Field(None, description="Text after the generated part.")
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

    title: Text = _d("Title, e.g. 'Överenskommelse om idéburet offentligt partnerskap'.")
    subtitle: Text | None = Field(
        None, description="Subtitle, e.g. 'mellan socialförvaltningen i Lund och Kvinnojouren Lund'."
    )
    date_line: IsoDate | None = Field(None, description="Date printed under the title (datum för upprättande), if any.")
    sections: list[Section] = Field(default_factory=new_list, description="The sections in order.")


class Source(Strict):
    """Where the agreement's facts come from."""

    document: Text = _d("The source document, e.g. a file name or registration number (diarienummer).")
    note: Markdown | None = Field(None, description="Anomalies in the source and how this file resolves them.")


class Decision(Strict):
    """A decision (beslut) behind the agreement: which body, when, and its paragraph (§)."""

    body: Text = _d("The deciding body (beslutsorgan), e.g. 'Socialnämnden' or 'Kommunfullmäktige'.")
    date: IsoDate | None = Field(None, description="Day of the decision (beslutsdatum).")
    paragraph: Text | None = Field(None, description="Paragraph in the minutes (paragraf), e.g. '§ 167'.")
    diarienummer: Text | None = Field(None, description="The decision's own registration number, when it has one.")
    note: Markdown | None = Field(None, description="What was decided, in Swedish.")


class Registration(Strict):
    """The non-profit's registration as idéburen organisation (lag 2022:900, Kammarkollegiet).

    Information only: an agreement is valid without it, and iopctl never treats its absence
    as a fault.
    """

    party: Ident = _d("The non-profit party's id.")
    date: IsoDate = _d("Day of registration (registreringsdatum) by Kammarkollegiet.")
    authority: Text = Field("Kammarkollegiet", description="The registering authority.")
    reference: Text | None = Field(None, description="Kammarkollegiet's registration or case number.")


# --- over time: what is still to supply, and amendments (tilläggsavtal) ----------------------


class NeedsValue(Strict):
    """A fact the user still has to supply (written by `new` and `renew`; `validate` warns)."""

    path: Text = _d("Where the value belongs, e.g. 'period.reviews' or 'funding.commitments[ersattning]'.")
    what: Text = _d("What is missing and why, e.g. 'the review date: the text gives no rule to derive it'.")


class Change(Strict):
    """One change of an amendment: a structured patch of the agreement's fields.

    `path` names a field with dots and list items in brackets, by id (commitments,
    obligations, parties), by heading (prose sections), by `generated` kind or by position:
    `funding.commitments[ersattning].amounts`, `period.end`,
    `document.sections[Bakgrund].body`, `obligations[0].due`.
    """

    op: Literal["set", "add", "remove"] = _d(
        "set (ändra) a field or list item; add (lägg till) an item to a list; remove (stryk) a field or list item."
    )
    path: Text = _d("The field or list changed, e.g. 'funding.commitments[ersattning].amounts'.")
    value: Any = Field(None, description="The new value or list item, written as in an agreement file.")


class Amendment(Strict):
    """An amendment (tilläggsavtal, ändring): numbered, dated, decided, with its changes and text."""

    number: Count = _d("Amendment number (tilläggsavtal nr), 1, 2, … in order.")
    effective: IsoDate = _d("Effective date (gäller från och med).")
    title: Text | None = Field(None, description="Short title, e.g. 'Utökad finansiering 2020'.")
    decision: Decision | None = Field(None, description="The decision behind it (beslut).")
    changes: list[Change] = Field(min_length=1, description="What changes, applied in order.")
    text: Markdown | None = Field(None, description="The amendment's own text (Swedish Markdown).")


class Agreement(Strict):
    """One IOP agreement (överenskommelse om idéburet offentligt partnerskap)."""

    model_config = ConfigDict(defer_build=False)

    schema_version: SchemaVersion = _d("Version of this file format (1).")
    id: Ident = _d("Agreement id; must equal the file name without .yaml.")
    template: Ident = _d("Template in templates/ used to render the draft, e.g. 'lund' or 'numbered'.")
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
    period: Period = _d("When the agreement applies (avtalstid).")
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
    document: Document = _d("How the signable draft reads.")
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
