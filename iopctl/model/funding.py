"""The economy section's shapes: money commitments (fixed, lump or per-capita sums, index
adjustment, payers' shares, instalments, invoicing) and contributions in kind.

An amount the text does not state is null with its reason (`amount_note`), never 0."""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator

from iopctl.model.base import Strict, described, new_list
from iopctl.model.scalars import (
    Days,
    Flag,
    Ident,
    IsoDate,
    Markdown,
    MonthDay,
    Months,
    PerYear,
    PositiveMoney,
    Rate,
    Share,
    Text,
    Year,
    Years,
)


class Indexation(Strict):
    """Yearly adjustment by an index series (indexering, ersättningsjustering)."""

    series: Ident = described("Index series id: a file in agreements/_series/, e.g. 'pkv' or 'lund-priskompensation'.")
    base_year: Year = described("Price level of the stated amount (basår): years after it are adjusted.")
    lag: Years = Field(
        0, description="Years between the index value used and the year paid (1 = the previous year's value)."
    )
    publication: Text | None = Field(None, description="Which publication the agreement names, e.g. 'PKV oktober'.")


class Population(Strict):
    """The population figure a per-capita amount is based on (befolkning, SCB)."""

    series: Ident = described("Population series id: a file in agreements/_series/, e.g. 'trelleborg-befolkning'.")
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

    basis: Literal["fixed"] = described("A fixed sum per year.")
    from_year: Year = described("First year the sum applies to.")
    to_year: Year | None = Field(
        None, description="Last year; null = same as from_year, or until the agreement ends if open-ended."
    )
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = described(
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

    basis: Literal["lump"] = described("One sum for several years.")
    from_year: Year = described("First year covered.")
    to_year: Year = described("Last year covered.")
    paid_in: Year = described("Year in which the sum is paid.")
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = described(
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

    basis: Literal["per_capita"] = described("Rate per inhabitant per year.")
    from_year: Year = described("First year.")
    to_year: Year | None = Field(None, description="Last year; null = until the agreement ends.")
    rate: Rate = described("Kronor per inhabitant and year, e.g. 2.25.")
    population: Population = described("Where the population figure comes from.")
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

    payer: Ident = described("Party or unit id that pays.")
    share: Share | None = Field(None, description="Share of the sum, '1/2' or 0.5; null = equal split ('delas lika').")


class DueAfterEvent(Strict):
    """Due a time after an obligation's event, 'senast 30 dagar efter godkänd redovisning': dated
    from `_records/` once the event is recorded, until then 'needs a date'."""

    obligation: Ident = described("The obligation whose report (or plan) starts the count, e.g. 'redovisning'.")
    event: Literal["done", "approved"] = Field(
        "approved", description="approved: from its approval (godkänd); done: from its receipt (inkommen)."
    )
    months: Months = Field(0, description="Months after the event (lag 1930:173 month arithmetic).")
    days: Days = Field(0, description="Days after the event (after the months).")


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
    after: DueAfterEvent | None = Field(
        None, description="Due a time after an obligation's event instead of on a day (leave due empty)."
    )

    @model_validator(mode="after")
    def _one_due_rule(self) -> "PaymentPlan":
        if self.after is not None and (self.due or self.dates):
            raise ValueError("give due days (or dates) or after, not both")
        return self


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

    id: Ident = described("Identifier of the commitment.")
    payee: Ident = described("Party id that receives the money (mottagare).")
    payers: list[PayerShare] = Field(min_length=1, description="Who pays, and each payer's share.")
    amounts: list[AmountLine] = Field(min_length=1, description="The sums, per year, lump or per capita.")
    payments: PaymentPlan = Field(default_factory=PaymentPlan, description="Instalments and due days.")
    invoicing: Invoicing | None = Field(None, description="Invoicing rules and attachments.")
    contribution: Literal["bidrag", "ersättning", "ekonomiskt stöd", "finansiering"] = Field(
        "bidrag",
        description="The text's word for the money: bidrag (lämnar ett bidrag), ersättning (ersätter … med), "
        "ekonomiskt stöd, finansiering (verksamheten finansieras av … med).",
    )
    partial_financing: Flag = Field(False, description="The sum finances only part of the activity (delfinansiering).")
    partial_financing_text: Markdown | None = Field(
        None, description="The agreement's own sentence on partial financing, rendered instead of the generic one."
    )
    condition: Markdown | None = Field(
        None, description="A condition on the funding, e.g. that the committee's budget is raised."
    )


class InKind(Strict):
    """A contribution other than money (insats i annan form): premises, volunteer work."""

    id: Ident = described("Identifier of the contribution.")
    giver: Ident = described("Party or unit id that contributes.")
    receiver: Ident | None = Field(None, description="Party id that receives it, if any.")
    description: Text = described(
        "What is contributed, in Swedish, e.g. 'fritt nyttjande av lokal på Bredgatan 19 och 21'."
    )
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
