"""Due rules relative to the agreement: N months/weeks/days before its end (or a period's end,
lag 1930:173 1 § month arithmetic) and within a named month ('i december')."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from iopctl.dates.workdays import is_working_day
from iopctl.deadlines.event import Event
from iopctl.deadlines.obligations import before_end
from iopctl.model.obligations import Obligation
from tests.test_deadlines import KALMAR, TRELLEBORG, by_key, events_of, load

D = date.fromisoformat


def obligation(due: dict[str, Any], cadence: str = "once", **extra: Any) -> Obligation:
    return Obligation.model_validate(
        {
            "id": "rel",
            "kind": "report",
            "title": "Beslut om förlängning",
            "owners": ["kalmar-kommun"],
            "cadence": cadence,
            "due": due,
            **extra,
        }
    )


def events_with(
    o: Obligation, end: str | None = None, start: str = "2023-01-01", to: str = "2030-12-31"
) -> list[Event]:
    _, a = load(KALMAR)
    update: dict[str, Any] = {"obligations": [*a.obligations, o]}
    if end is not None:
        update["period"] = a.period.model_copy(update={"end": D(end)})
    a = a.model_copy(update=update)
    return [e for e in events_of(KALMAR, D(start), D(to), agreement=a) if e.key.startswith("report:rel")]


@pytest.mark.parametrize(
    ("end", "months", "nominal"),
    [
        ("2024-05-31", 6, "2023-11-30"),  # the month-end cases
        ("2025-06-30", 6, "2024-12-30"),
        ("2025-12-31", 6, "2025-06-30"),
        ("2024-08-31", 6, "2024-02-29"),  # a leap year's last February day
        ("2025-08-31", 6, "2025-02-28"),
    ],
)
def test_months_before_the_end_by_lag_1930_173(end: str, months: int, nominal: str) -> None:
    assert before_end(D(end), months, 0, 0, "agreement")[0] == D(nominal)


def test_six_months_before_the_agreements_end_is_an_event() -> None:
    [e] = events_with(obligation({"rule": "before_end", "months": 6}), end="2024-05-31")
    assert e.nominal == D("2023-11-30")
    assert e.last_day == D("2023-11-30")  # a Thursday
    assert e.description.startswith(
        "6 månader före avtalets slut (2024-05-31): 2023-11-30 (månaderna enligt lag 1930:173 1 §)."
    )


def test_six_months_before_30_june_2025_is_30_december() -> None:
    [e] = events_with(obligation({"rule": "before_end", "months": 6}), end="2025-06-30")
    assert e.nominal == D("2024-12-30")
    assert e.last_day == D("2024-12-30")  # a Monday


def test_four_weeks_before_lands_on_a_sunday_and_the_law_gives_monday() -> None:
    # 2025-12-31 minus 4 weeks is Wednesday 3 December; minus 4 weeks and 3 days Sunday 30 November.
    [e] = events_with(obligation({"rule": "before_end", "weeks": 4, "days": 3}), end="2025-12-31")
    assert e.nominal == D("2025-11-30")
    assert e.last_day == D("2025-12-01")
    assert e.reason is not None and e.reason.startswith("30 november 2025 är en söndag")


def test_agreement_relative_is_one_event_even_for_a_yearly_cadence() -> None:
    events = events_with(obligation({"rule": "before_end", "months": 6}, cadence="yearly"), end="2027-12-31")
    assert [e.nominal for e in events] == [D("2027-06-30")]


def test_open_ended_agreement_has_no_end_to_count_from() -> None:
    """No end, no date: the event needs one rather than getting an invented day."""
    _, a = load(TRELLEBORG)
    assert a.period.end is None
    o = obligation({"rule": "before_end", "months": 6}, owners=["trelleborgs-kommun"])
    a = a.model_copy(update={"obligations": [o]})
    events = events_of(TRELLEBORG, D("2024-01-01"), D("2026-12-31"), agreement=a)
    [rel] = [e for e in events if e.key.startswith("report:rel")]
    assert rel.nominal is None and rel.status == "needs-date"


def test_before_each_periods_end() -> None:
    events = events_with(
        obligation({"rule": "before_end", "of": "period", "weeks": 4}, cadence="yearly"),
        start="2025-01-01",
        to="2027-12-31",
    )
    assert [e.nominal for e in events] == [D("2025-12-03"), D("2026-12-03"), D("2027-12-03")]


def test_in_december_is_a_window_ending_on_the_legal_last_day() -> None:
    events = events_with(
        obligation({"rule": "in_month", "month": 12}, cadence="yearly"), start="2025-01-01", to="2026-12-31"
    )
    [e2025, e2026] = events
    # 31 December is nyårsafton: the legal last day is the next working day.
    assert e2025.nominal == D("2025-12-31") and e2025.last_day == D("2026-01-02")
    assert e2026.nominal == D("2026-12-31") and e2026.last_day == D("2027-01-04")
    assert is_working_day(e2026.last_day)
    assert e2025.description.startswith("I december 2025: från 2025-12-01 till och med 2025-12-31.")


def test_in_month_of_the_following_year() -> None:
    [e] = events_with(
        obligation(
            {"rule": "in_month", "month": 2, "year_offset": 1}, covers={"start": "2023-01-01", "end": "2023-12-31"}
        ),
    )
    assert e.nominal == D("2024-02-29")
    assert e.last_day == D("2024-02-29")


@pytest.mark.parametrize(
    "due",
    [
        {"rule": "in_month", "month": 13},
        {"rule": "in_month", "month": 0},
        {"rule": "before_end", "of": "term"},
        {"rule": "before_end", "months": -1},
    ],
)
def test_bad_relative_rules_are_refused(due: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        obligation(due)


def test_old_shapes_stay_valid() -> None:
    for due in ({"rule": "undated"}, {"rule": "day_of_year", "day": "03-30"}, {"rule": "by_period_end"}):
        assert obligation(due).due.rule == due["rule"]


def test_kalmar_reports_to_the_arbetsutskott_yearly_without_a_day() -> None:
    """'Verksamhetsplan och verksamhetsberättelse rapporteras årligen till kommunstyrelsens
    arbetsutskott': yearly, no day in the text, so it needs one within its year."""
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2027-12-31")))
    for year in (2025, 2026, 2027):
        e = events[f"report:rapportering-arbetsutskottet:{year}"]
        assert e.nominal is None and e.status == "needs-date"
        assert e.window == (D(f"{year}-01-01"), D(f"{year}-12-31"))
        assert "kommunstyrelsens arbetsutskott" in e.title


def test_kalmar_documents_go_with_the_first_quarter_invoice() -> None:
    """'fakturerar ersättningsbeloppet ... tillsammans med verksamhetsberättelse,
    verksamhetsplan och årsredovisning': due with the invoice, by 31 March each year."""
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2027-12-31")))
    for year, last in ((2025, "2025-03-31"), (2026, "2026-03-31"), (2027, "2027-03-31")):
        e = events[f"report:bilagor-till-fakturan:{year}"]
        invoice = events[f"invoice:ersattning:kalmar-kommun:{year}:1"]
        assert e.nominal == invoice.nominal == D(f"{year}-03-31")
        assert e.last_day == D(last)
        assert "årsredovisning" in e.description
