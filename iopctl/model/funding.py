"""The economy section's shapes: money commitments (fixed, lump or per-capita sums, caps over a
year, a season or the term, index adjustment, payers' and payees' shares, instalments,
invoicing) and contributions in kind.

An amount the text does not state is null with its reason (`amount_note`), never 0. A part
year is computed only the way the text says (`pro_rata`); otherwise its sum is the stated one."""

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


Per = Literal["year", "quarter", "month"]
"""What a fixed amount is per: 'per år', 'per kvartal', 'per månad'."""

ProRata = Literal["days", "months", "instalments"]
"""How the text says a part year's sum is reached: by days, by whole months, by instalments paid."""


class FixedAmount(Strict):
    """A sum per year, per quarter or per month (belopp per år/kvartal/månad) for one year or a run of years."""

    basis: Literal["fixed"] = described("A fixed sum per year.")
    from_year: Year = described("First year the sum applies to.")
    to_year: Year | None = Field(
        None, description="Last year; null = same as from_year, or until the agreement ends if open-ended."
    )
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = described(
        "Kronor per year, quarter or month (see per); null = not stated ('fastställs senare'), with amount_note."
    )
    per: Per = Field(
        "year",
        description="What the amount is per: year (per år), quarter (per kvartal) or month (per månad); "
        "the schedule computes the year's sum.",
    )
    pro_rata: ProRata | None = Field(
        None,
        description="Only when the text says how a part year is paid: days (efter antal dagar), months "
        "(hela månader) or instalments (the year's instalments out of payments.per_year); "
        "null = the stated sum, never pro-rated.",
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


class Season(Strict):
    """A season within each year or across a year end, e.g. 1 November–31 March (vintersäsong)."""

    start: MonthDay = described("First day, MM-DD, e.g. 11-01.")
    end: MonthDay = described("Last day, MM-DD, e.g. 03-31 (before start: the season crosses the year end).")


class Ceiling(Strict):
    """A maximum (upp till) for a year, a season or the whole term, with no payment year of its own.

    The money is paid as costs arise or against invoices: the schedule lists one undated
    ceiling per year, season or term, for the span it covers, never a payment year it invents."""

    basis: Literal["ceiling"] = described("A maximum over a span: 'upp till 4 MSEK' for a winter or the term.")
    over: Literal["year", "season", "term"] = described(
        "The span the cap is for: each year, each season (see season) or the whole term (avtalstiden)."
    )
    from_year: Year | None = Field(
        None, description="First year (year) or the year the first season starts (season); null for term."
    )
    to_year: Year | None = Field(
        None, description="Last year (year) or the year the last season starts (season); null = same as from_year."
    )
    season: Season | None = Field(None, description="The season's first and last day (over: season).")
    amount_note: Text | None = Field(
        None, description="Why the amount is not stated, e.g. 'fastställs senare' (required when amount is null)."
    )
    amount: PositiveMoney | None = described("The most that may be paid for the span, in kronor; null = not stated.")
    wording: Text | None = Field(None, description="The text's own words, e.g. 'upp till 4 MSEK för vintersäsongen'.")

    @field_validator("amount", mode="after")
    @classmethod
    def _unknown_needs_note(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        _check_unknown(amount, info.data.get("amount_note"))  # amount_note is declared first
        return amount

    @model_validator(mode="after")
    def _span(self) -> "Ceiling":
        if self.over == "term" and (self.from_year is not None or self.season is not None):
            raise ValueError("a cap over the term covers the agreement period: give no from_year or season")
        if self.over != "term" and self.from_year is None:
            raise ValueError(f"a cap per {self.over} needs from_year")
        if (self.over == "season") != (self.season is not None):
            raise ValueError("give season (start, end) exactly when over is 'season'")
        if self.to_year is not None and self.from_year is not None and self.to_year < self.from_year:
            raise ValueError("to_year cannot be before from_year")
        return self


AmountLine = Annotated[
    Annotated[FixedAmount, Tag("fixed")]
    | Annotated[LumpSum, Tag("lump")]
    | Annotated[PerCapitaAmount, Tag("per_capita")]
    | Annotated[Ceiling, Tag("ceiling")],
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


class PayeeShare(Strict):
    """One of several payees (mottagare) of a commitment, and its part."""

    payee: Ident = described("Party id that receives part of the money.")
    share: Share | None = Field(None, description="Its share, '1/4' or 0.25; null with payee_split equal or unknown.")


class YearPlan(Strict):
    """A year paid in a different number of instalments, e.g. the first year ('första året en utbetalning')."""

    year: Year = described("The budget year this plan is for.")
    per_year: PerYear = described("Instalments in that year.")
    due: list[MonthDay] = Field(
        default_factory=new_list, description="Due day of each instalment, MM-DD; empty = undated."
    )


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

    years: list[YearPlan] = Field(
        default_factory=new_list,
        description="Years paid in another number of instalments than per_year, e.g. a first part year.",
    )

    @model_validator(mode="after")
    def _one_due_rule(self) -> "PaymentPlan":
        if self.after is not None and (self.due or self.dates):
            raise ValueError("give due days (or dates) or after, not both")
        return self

    def for_year(self, year: int) -> tuple[int, list[tuple[int, int]]]:
        """Instalments and due days (MM-DD) in `year`: its own plan when it has one."""
        for plan in self.years:
            if plan.year == year:
                return max(1, plan.per_year), list(plan.due)
        return max(1, self.per_year), list(self.due)


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
    payee: Ident | None = Field(None, description="Party id that receives the money (mottagare); or give payees.")
    payees: list[PayeeShare] = Field(
        default_factory=new_list, description="Several payees instead of payee, with payee_split."
    )
    payee_split: Literal["shares", "equal", "unknown"] | None = Field(
        None,
        description="How several payees share: shares (each payee's share), equal (delas lika) or unknown "
        "(the text does not say: one undivided commitment, flagged).",
    )
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

    @model_validator(mode="after")
    def _one_way_to_name_payees(self) -> "Commitment":
        if (self.payee is None) == (not self.payees):
            raise ValueError("give payee (one party) or payees (several), not both and not neither")
        if self.payees and len(self.payees) < 2:
            raise ValueError("payees lists several payees; for one, write payee")
        if self.payees and self.payee_split is None:
            raise ValueError("payees need payee_split: shares, equal or unknown (the text does not say)")
        if self.payee_split is not None and not self.payees:
            raise ValueError("payee_split is only for payees")
        shares = [p.share for p in self.payees]
        if self.payee_split == "shares" and any(s is None for s in shares):
            raise ValueError("payee_split shares: give a share for every payee")
        if self.payee_split in ("equal", "unknown") and any(s is not None for s in shares):
            raise ValueError(f"payee_split {self.payee_split}: give no shares")
        return self

    def payee_ids(self) -> list[str]:
        """The payee, or each of several payees, in order."""
        return [self.payee] if self.payee is not None else [p.payee for p in self.payees]


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
