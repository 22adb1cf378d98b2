"""What the parties owe and aim for: obligations with the rules that date them, goals, and the
steering group.

A vague text stays vague: a report "efter årets slut" or a meeting "minst fyra gånger per år"
is `undated`, never given an invented date."""

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from iopctl.model.base import Strict, described, new_list
from iopctl.model.scalars import (
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
    Text,
    Weeks,
    Years,
)
from iopctl.model.vocabulary import Cadence, ObligationKind


class DueUndated(Strict):
    """The text gives no date: the event is shown as 'needs a date' within its window."""

    rule: Literal["undated"] = described("No date in the text.")
    window: Literal["during", "after", "before"] = Field(
        "during", description="When it falls: during the covered period, after its end, or before its start (inför)."
    )
    date_text: Text | None = Field(None, description="What the text says about timing, e.g. 'efter årets slut'.")


class DueDayOfYear(Strict):
    """A fixed day in the year after (or of) the covered period, e.g. 'senast den 30 mars' for last year."""

    rule: Literal["day_of_year"] = described("A fixed day of the year.")
    day: MonthDay = described("MM-DD, e.g. 03-30.")
    year_offset: Years = Field(1, description="Years after the covered period's end year (1 = the following year).")


class DueAfterEnd(Strict):
    """A number of months and days after the covered period ends."""

    rule: Literal["after_period_end"] = described("Relative to the covered period's end.")
    months: Months = Field(0, description="Months after the end (lag 1930:173 month arithmetic).")
    days: Days = Field(0, description="Days after the end.")


class DueByPeriodEnd(Strict):
    """Due within the covered period, i.e. by its last day ('under år 2021')."""

    rule: Literal["by_period_end"] = described("By the covered period's last day.")


class DueOnDate(Strict):
    """An explicit date."""

    rule: Literal["date"] = described("A stated date.")
    date: IsoDate = described("The date.")


class DueBeforeEnd(Strict):
    """N months, weeks and days before the agreement's end or the covered period's (a term's,
    a year's) end: 'sex månader före avtalets slut', 'senast fyra veckor före'. Months by lag
    (1930:173) 1 § (six months before 31 May is 30 November)."""

    rule: Literal["before_end"] = described("Relative to an end, counted backwards.")
    of: Literal["agreement", "period"] = Field(
        "agreement", description="agreement: the agreement's end (avtalets slut); period: the covered period's end."
    )
    months: Count = Field(0, description="Months before the end (lag 1930:173 month arithmetic).")
    weeks: Count = Field(0, description="Weeks before the end.")
    days: Count = Field(0, description="Days before the end.")


class DueInMonth(Strict):
    """Within a named month ('i december'): a window from its first to its last day."""

    rule: Literal["in_month"] = described("Within a month of the year.")
    month: int = Field(ge=1, le=12, description="The month, 1–12 (12 for 'i december').")
    year_offset: int = Field(
        0, ge=0, le=10, description="Years after the covered period's end year (0 = the same year)."
    )


class DueRelative(Strict):
    """N months, weeks and days before or after another obligation's event of the same period,
    or the steering group's meeting: 'senast 30 dagar efter att årsrapporten godkänts', 'två
    veckor före styrgruppsmötet'. Counted from the other event's date (the agreement's, or one
    set in `_records/`), or from the day `_records/` says it was done or approved; while that
    day is unknown the event needs a date. Months by lag (1930:173) 1 §."""

    rule: Literal["relative"] = described("Relative to another event.")
    to: Ident = described(
        "The other obligation's id, or 'styrgrupp' for the steering group's meetings; it must have this cadence."
    )
    counted_from: Literal["date", "done", "approved"] = Field(
        "date",
        description=(
            "date: the other event's date (the agreement's, or 'scheduled' in _records/); done: the day"
            " _records/ says it was done (received, held); approved: the day _records/ says it was approved (godkänd)."
        ),
    )
    direction: Literal["before", "after"] = described("before (före) or after (efter) that day.")
    months: Months = Field(0, description="Months (lag 1930:173 month arithmetic, counted first).")
    weeks: Weeks = Field(0, description="Weeks.")
    days: Days = Field(0, description="Days.")


DueRule = Annotated[
    Annotated[DueUndated, Tag("undated")]
    | Annotated[DueDayOfYear, Tag("day_of_year")]
    | Annotated[DueAfterEnd, Tag("after_period_end")]
    | Annotated[DueByPeriodEnd, Tag("by_period_end")]
    | Annotated[DueOnDate, Tag("date")]
    | Annotated[DueBeforeEnd, Tag("before_end")]
    | Annotated[DueInMonth, Tag("in_month")]
    | Annotated[DueRelative, Tag("relative")],
    Discriminator("rule"),
]


class Covers(Strict):
    """The period a one-off obligation belongs to."""

    start: IsoDate = described("First day.")
    end: IsoDate = described("Last day.")


class Obligation(Strict):
    """A duty someone owes (åtagande): a report, plan, meeting, training, information meeting."""

    id: Ident = described("Identifier of the obligation.")
    kind: ObligationKind = described(
        "report (rapport), plan, meeting (möte), follow_up_meeting (uppföljningsmöte), training (utbildning), "
        "information_meeting (informationsträff), other."
    )
    title: Text = described("Swedish title used in documents and calendars, e.g. 'Halvårsrapport'.")
    owners: list[Ident] = Field(min_length=1, description="Party or unit ids that owe it.")
    recipient: Ident | None = Field(None, description="Party or unit id that receives it.")
    cadence: Cadence = described("once, yearly (årligen), half_yearly (halvårsvis), quarterly, times_per_year.")
    times_per_year: PerYear | None = Field(
        None, description="For times_per_year: how many (e.g. 2 for 'två gånger per år')."
    )
    minimum: Flag = Field(False, description="The count is a minimum ('minst').")
    covers: Covers | None = Field(
        None, description="For once: the period it belongs to (default: the whole agreement)."
    )
    due: DueRule = described("When it is due.")
    description: Markdown | None = Field(None, description="What it contains, in Swedish (Markdown).")
    wording: Markdown | None = Field(
        None,
        description="The text's own sentence on who owes it and when, printed after the title instead of "
        "the generated one (which names owners the text may not name).",
    )


class Target(Strict):
    """A numeric target (mätbart mål)."""

    value: Percent = described("The number, e.g. 10 or 90.")
    unit: Text = described("Unit, e.g. '%' or 'vänskapsrelationer'.")
    per: Literal["year", "period", "half_year"] | None = Field(
        None, description="Per year, half-year or the whole period."
    )
    minimum: Flag = Field(False, description="At least (minst).")


class Goal(Strict):
    """A goal (mål, delmål), optionally with a numeric target."""

    text: Text = described("The goal in Swedish.")
    target: Target | None = Field(None, description="Numeric target, when the text gives one.")


class SteeringMember(Strict):
    """A function in the steering group (styrgrupp)."""

    role: Text = described("Function, e.g. 'Utvecklingschef/utvecklingssekreterare'.")
    party: Ident = described("Party or unit id the member represents.")
    convener: Flag = Field(False, description="Convenes the group (sammankallande).")


class SteeringGroup(Strict):
    """The steering group (styrgrupp): members, convener, meetings and tasks."""

    text: Text | None = Field(
        None,
        description="The text's own sentence on who sits in the group, e.g. 'Styrgrupp utgörs av de "
        "ansvariga företrädarna för parterna.'; printed as written.",
    )
    members: list[SteeringMember] = Field(default_factory=new_list, description="Functions that sit in the group.")
    adjunct: Text | None = Field(None, description="Who may be co-opted (adjungeras), as worded.")
    convener: Ident = described("Party or unit id that calls meetings and keeps minutes (kallelse och dokumentation).")
    meetings_cadence: Cadence = described("half_yearly ('en gång per halvår') or times_per_year.")
    meetings_per_year: PerYear | None = Field(None, description="With times_per_year: how many, e.g. 4.")
    minimum: Flag = Field(True, description="The count is a minimum ('minst').")
    tasks: list[Text] = Field(default_factory=new_list, description="The group's tasks (styrgruppens uppdrag).")
