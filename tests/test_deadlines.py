"""The deadline calendar against the reference agreements, every date policy, and statuses."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.batch.deadlines import KEY_END, json_object
from iopctl.dates.workdays import LastDayRule, is_working_day
from iopctl.deadlines.builder import LAST_DAY_RULES
from iopctl.deadlines.calendar import deadlines, generation_end, query_window
from iopctl.deadlines.event import Event
from iopctl.deadlines.keys import key_problem
from iopctl.deadlines.titles import KIND_LABELS
from iopctl.funding.basis import Basis
from iopctl.funding.schedule import Payment, payment_schedule
from iopctl.load.read import read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.model.agreement import Agreement, Period
from iopctl.model.obligations import Obligation
from iopctl.model.policy import DEFAULT_DATE_POLICY, Policy
from iopctl.model.records import Records
from iopctl.model.vocabulary import EVENT_KINDS

D = date.fromisoformat
AGREEMENTS = Path(__file__).resolve().parent.parent / "agreements"
KALMAR = "kalmar-kvinnojouren-2025"
TRELLEBORG = "trelleborg-kvinnojouren-soderslatt-2024"
LUND_KJ = "lund-kvinnojouren-2021"
LUND_IM = "lund-individuell-manniskohjalp-2019"


def agreement_file(name: str) -> Path:
    if name == "vanskapens-hus":
        found = sorted(AGREEMENTS.glob("lund-vanskapens-hus*.yaml"))
        assert found, "the Vänskapens hus agreement is missing from agreements/"
        return found[0]
    return AGREEMENTS / f"{name}.yaml"


def load(name: str) -> tuple[Path, Agreement]:
    path = agreement_file(name)
    result = read_agreement(path)
    assert result.agreement is not None, [p.text() for p in result.problems]
    return path, result.agreement


def events_of(
    name: str,
    start: date | None,
    end: date | None,
    *,
    today: date | None = None,
    records: Records | None = None,
    policy: Policy | None = None,
    agreement: Agreement | None = None,
    overdue: bool = False,
) -> list[Event]:
    path, a = load(name)
    a = agreement or a
    pol = policy if policy is not None else workspace_for(path).policy
    payments = payment_schedule(a, workspace_for(path).series, until=generation_end(a, end, today))
    return deadlines(a, start, end, policy=pol, payments=payments, records=records, today=today, overdue=overdue)


def by_key(events: list[Event]) -> dict[str, Event]:
    return {e.key: e for e in events}


def records(data: dict[str, Any]) -> Records:
    return Records.model_validate(data)


# --- Done when: Trelleborg --------------------------------------------------------------------


def test_trelleborg_last_notice_days() -> None:
    events = events_of(TRELLEBORG, D("2024-01-01"), D("2026-12-31"))
    notice = [e for e in events if e.kind == "notice"]
    assert [e.effective for e in notice] == [D("2024-09-30"), D("2025-09-30"), D("2026-09-30")]
    assert [e.nominal for e in notice] == [D("2024-09-30"), D("2025-09-30"), D("2026-09-30")]
    assert [e.title for e in notice] == [
        "Sista dag för uppsägning inför 2025-01-01",
        "Sista dag för uppsägning inför 2026-01-01",
        "Sista dag för uppsägning inför 2027-01-01",
    ]
    assert [e.key for e in notice] == [
        "notice:2025-01-01",
        "notice:2026-01-01",
        "notice:2027-01-01",
    ]
    # The reading is said: three months before 1 January is 1 October; the safe date is shown.
    assert "2025-10-01" in notice[1].description
    assert "läsning" in notice[1].description
    assert "säkra datumet" in notice[1].description


def test_trelleborg_notice_runs_on_while_open_ended() -> None:
    events = events_of(TRELLEBORG, D("2030-01-01"), D("2031-12-31"))
    assert [e.effective for e in events if e.kind == "notice"] == [D("2030-09-30"), D("2031-09-30")]


def test_trelleborg_report_2024_last_day_monday_reminder_friday() -> None:
    e = by_key(events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31")))["report:redogorelse:2024"]
    assert (e.nominal, e.last_day, e.remind) == (D("2025-03-30"), D("2025-03-31"), D("2025-03-28"))
    assert e.effective == e.last_day
    assert e.rule == "lag (1930:173) 2 §"
    assert e.reason == (
        "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars; "
        "påminnelse enligt lokal policy fredag 28 mars"
    )
    assert e.covers == "2024"
    assert e.title == "Skriftlig redogörelse 2024"
    assert "30 mars 2025" in e.description


def test_trelleborg_report_2025_on_a_monday_does_not_move() -> None:
    e = by_key(events_of(TRELLEBORG, D("2026-01-01"), D("2026-12-31")))["report:redogorelse:2025"]
    assert (e.nominal, e.last_day, e.remind, e.reason) == (D("2026-03-30"), D("2026-03-30"), None, None)


def test_trelleborg_has_no_end() -> None:
    events = events_of(TRELLEBORG, D("2024-01-01"), D("2030-12-31"))
    assert not [e for e in events if e.kind == "end"]
    assert by_key(events)["start"].effective == D("2024-01-01")


# --- Done when: Kalmar ------------------------------------------------------------------------


def test_kalmar_payments_due_end_of_first_quarter() -> None:
    events = events_of(KALMAR, D("2025-01-01"), D("2028-12-31"))
    payments = [e for e in events if e.kind == "payment"]
    assert sorted({e.nominal for e in payments}) == [
        D("2025-03-31"),
        D("2026-03-31"),
        D("2027-03-31"),
    ]
    assert sorted({e.effective for e in payments}) == [
        D("2025-03-31"),
        D("2026-03-31"),
        D("2027-03-31"),
    ]
    # 001, 10: the non-profit "fakturerar ersättningsbeloppet till Kalmar kommun": one invoice
    # and one payment of 1 000 000 kr a year; the two units' halves are the budget's split.
    assert len(payments) == 3
    assert {e.amount for e in payments} == {Decimal("1000000.00")}
    assert payments[0].title == "Utbetalning 2025 – 1\u00a0000\u00a0000\u00a0kr"
    assert payments[0].key == "payment:ersattning:kalmar-kommun:2025:1"
    # The basis is a Swedish phrase inside the Swedish sentence.
    assert (
        "Underlag: 1\u00a0000\u00a0000\u00a0kr för 2025; kostnaden delas lika mellan Kommunledningskontoret och "
        "Socialförvaltningen. Kostnaden fördelas i budgeten: Kommunledningskontoret 500\u00a0000\u00a0kr och "
        "Socialförvaltningen 500\u00a0000\u00a0kr."
    ) in payments[0].description
    invoices = [e for e in events if e.kind == "invoice"]
    assert len(invoices) == 3
    assert invoices[0].title == "Faktura till Kalmar kommun för utbetalning 2025 – 1\u00a0000\u00a0000\u00a0kr"
    assert all(e.owner == "Kvinnojouren & Ungdomsjouren Kalmar" for e in invoices)
    assert "verksamhetsberättelse" in invoices[0].description


def test_kalmar_ends_without_notice() -> None:
    events = events_of(KALMAR, D("2025-01-01"), D("2028-12-31"))
    end = by_key(events)["end"]
    assert end.effective == D("2027-12-31")
    assert "utan föregående uppsägning" in end.description
    assert not [e for e in events if e.kind == "notice"]


def test_kalmar_2027_annual_report_after_the_end() -> None:
    events = events_of(KALMAR, D("2028-01-01"), D("2028-12-31"))
    report = by_key(events)["report:verksamhetsberattelse:2027"]
    assert report.needs_date and report.status == "needs-date"
    assert report.window == (D("2028-01-01"), D("2028-12-31"))
    assert report.covers == "2027"
    assert report.title == "Verksamhetsberättelse 2027"
    # Listed after the end in the full calendar.
    full = events_of(KALMAR, None, None)
    keys = [e.key for e in full]
    assert keys.index("report:verksamhetsberattelse:2027") > keys.index("end")


def test_kalmar_plan_before_each_year() -> None:
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2025-12-31")))
    plan = events["plan:lagesbild-och-handlingsplan:2026"]
    assert plan.window == (D("2025-01-01"), D("2025-12-31"))
    assert plan.title == "Gemensam lägesbild och handlingsplan för område 2, 2026"
    assert plan.owner == "Parterna"


def test_kalmar_follow_up_meetings_undated_twice_a_year() -> None:
    events = events_of(KALMAR, D("2026-01-01"), D("2026-12-31"))
    meetings = [e for e in events if e.kind == "follow_up_meeting"]
    assert [e.title for e in meetings] == [
        "Uppföljningsmöte 1 av 2, 2026",
        "Uppföljningsmöte 2 av 2, 2026",
    ]
    assert all(e.needs_date and e.window == (D("2026-01-01"), D("2026-12-31")) for e in meetings)


# --- Done when: Lund --------------------------------------------------------------------------


def test_lund_kvinnojouren_review() -> None:
    e = by_key(events_of(LUND_KJ, D("2023-01-01"), D("2023-12-31")))["review:2023-03-01"]
    assert e.effective == D("2023-03-01")
    assert e.title == "Översyn av överenskommelsen"


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_lund_kvinnojouren_steering_group_at_least_four_a_year(year: int) -> None:
    events = events_of(LUND_KJ, date(year, 1, 1), date(year, 12, 31))
    meetings = [e for e in events if e.kind == "meeting" and e.covers == str(year)]
    assert len(meetings) >= 4
    assert meetings[0].title == f"Styrgruppsmöte 1 av 4, {year}"
    assert all(e.needs_date for e in meetings)
    assert all(e.window == (date(year, 1, 1), date(year, 12, 31)) for e in meetings)


@pytest.mark.parametrize("year", [2021, 2022, 2023])
def test_lund_kvinnojouren_half_year_and_annual_reports(year: int) -> None:
    events = events_of(LUND_KJ, None, None)
    reports = [e for e in events if e.kind == "report" and e.covers and e.covers.startswith(str(year))]
    covers = sorted(e.covers for e in reports if e.covers)
    assert covers == [str(year), f"{year}-H1", f"{year}-H2"]
    assert all(e.needs_date and e.status == "needs-date" for e in reports)
    half = by_key(reports)[f"report:halvarsrapport:{year}-H1"]
    assert half.title == f"Halvårsvis uppföljningsrapport, H1 {year}"


def test_lund_im_review_end_and_closing_report() -> None:
    events = by_key(events_of(LUND_IM, None, None))
    assert events["review:2019-02-15"].effective == D("2019-02-15")
    assert events["end"].effective == D("2019-06-30")
    closing = [e for e in events.values() if e.kind == "report"]
    assert len(closing) == 1
    window = closing[0].window
    assert window is not None and window[0] is not None and window[0] > D("2019-06-30")


def test_lund_im_steering_group_once_for_the_half_year() -> None:
    meetings = [e for e in events_of(LUND_IM, None, None) if e.kind == "meeting"]
    assert [(e.title, e.covers) for e in meetings] == [("Styrgruppsmöte, H1 2019", "2019-H1")]


def test_vanskapens_hus_review_steering_group_and_training() -> None:
    events = events_of("vanskapens-hus", None, None)
    keyed = by_key(events)
    reviews = [e for e in events if e.kind == "review"]
    assert [e.nominal for e in reviews] == [D("2023-03-31")]
    halves = sorted(
        e.covers for e in events if e.kind == "meeting" and e.key.startswith("meeting:styrgrupp") and e.covers
    )
    assert halves == ["2021-Q4", "2022-H1", "2022-H2", "2023-H1", "2023-H2"]
    assert "meeting:styrgrupp:2021-H2" in keyed
    trainings = [e for e in events if e.kind == "training"]
    assert len(trainings) == 1
    training = trainings[0]
    assert training.covers is not None and "2021" in training.covers
    assert (training.nominal or (training.window or (None, None))[1] or date.max) <= D("2021-12-31")


# --- policies ---------------------------------------------------------------------------------


def test_default_policy_per_kind() -> None:
    assert DEFAULT_DATE_POLICY["notice"] == "previous"
    assert DEFAULT_DATE_POLICY["report"] == "previous"
    assert DEFAULT_DATE_POLICY["payment"] == "next"
    assert DEFAULT_DATE_POLICY["termination"] == "none"
    assert set(EVENT_KINDS) <= set(DEFAULT_DATE_POLICY) | {"start", "end"}
    assert set(KIND_LABELS) == set(EVENT_KINDS)


@pytest.mark.parametrize(
    ("rule", "remind"),
    [("previous", "2025-03-28"), ("next", None), ("none", None)],
)
def test_every_policy_from_policy_file(rule: str, remind: str | None) -> None:
    """The policy chooses the reminder only: the legal last day is the law's whatever it says."""
    policy = Policy.model_validate({"date_policy": {"report": rule}})
    e = by_key(events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31"), policy=policy))["report:redogorelse:2024"]
    assert (e.nominal, e.last_day) == (D("2025-03-30"), D("2025-03-31"))
    assert e.remind == (D(remind) if remind else None)
    assert e.rule == "lag (1930:173) 2 §"
    said = "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars"
    assert e.reason == said + ("; påminnelse enligt lokal policy fredag 28 mars" if remind else "")


def test_agreement_date_policy_overrides_policy_file() -> None:
    _, a = load(TRELLEBORG)
    a = a.model_copy(update={"date_policy": {"report": "next"}})
    policy = Policy.model_validate({"date_policy": {"report": "none"}})
    e = by_key(events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31"), policy=policy, agreement=a))[
        "report:redogorelse:2024"
    ]
    assert (e.last_day, e.remind) == (D("2025-03-31"), None)
    policy = Policy.model_validate({"date_policy": {"report": "previous"}})
    a = a.model_copy(update={"date_policy": {"report": "none"}})
    e = by_key(events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31"), policy=policy, agreement=a))[
        "report:redogorelse:2024"
    ]
    assert (e.last_day, e.remind) == (D("2025-03-31"), None)


def test_policy_file_beside_the_agreements_is_used(tmp_path: Path) -> None:
    source = agreement_file(TRELLEBORG)
    folder = tmp_path / "agreements"
    folder.mkdir()
    target = folder / source.name
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "_policy.yaml").write_text("date_policy:\n  report: none\n  payment: previous\n", encoding="utf-8")
    result = read_agreement(target)
    assert result.agreement is not None
    ws = workspace_for(target)
    policy = ws.policy
    assert ws.policy_problems == ()
    found = deadlines(result.agreement, D("2025-01-01"), D("2025-12-31"), policy=policy, payments=[])
    e = by_key(found)["report:redogorelse:2024"]
    assert (e.last_day, e.remind) == (D("2025-03-31"), None)
    # Kinds the file does not name keep the defaults (2028-09-30 is a Saturday).
    found = deadlines(result.agreement, D("2028-01-01"), D("2028-12-31"), policy=policy, payments=[])
    notice = by_key(found)["notice:2029-01-01"]
    assert (notice.nominal, notice.last_day, notice.remind) == (D("2028-09-30"), D("2028-10-02"), D("2028-09-29"))


def test_payment_moves_to_next_working_day() -> None:
    _, a = load(KALMAR)
    payment = _payment(a.id, D("2026-06-06"))  # Sveriges nationaldag, a Saturday in 2026
    found = deadlines(a, D("2026-06-01"), D("2026-06-30"), policy=Policy(), payments=[payment])
    pay = by_key(found)["payment:ersattning:kalmar-klk:2026:1"]
    assert pay.nominal == D("2026-06-06")
    assert (pay.last_day, pay.remind) == (D("2026-06-08"), None)
    assert pay.rule == "skuldebrevslagen (1936:81) 5 §"
    assert pay.reason == (
        "6 juni 2026 är nationaldagen; sista dag enligt skuldebrevslagen (1936:81) 5 § är måndag 8 juni"
    )


def test_start_end_and_meetings_do_not_move() -> None:
    _, a = load(KALMAR)
    a = a.model_copy(update={"period": a.period.model_copy(update={"end": D("2027-12-26")})})  # annandag jul
    end = by_key(deadlines(a, None, None, policy=Policy(), payments=[]))["end"]
    assert (end.nominal, end.last_day, end.remind, end.rule) == (D("2027-12-26"), D("2027-12-26"), None, None)
    assert end.reason == "26 december 2027 är annandag jul"


# --- statuses and records ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2025-03-01", "later"),
        ("2025-03-16", "later"),  # 15 days before the legal last day
        ("2025-03-17", "due-soon"),
        ("2025-03-28", "due-soon"),
        ("2025-03-29", "due-soon"),  # the reminder has passed, the legal last day has not
        ("2025-03-31", "due-soon"),
        ("2025-04-01", "overdue"),
    ],
)
def test_status_against_today(today: str, status: str) -> None:
    events = events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31"), today=D(today))
    assert by_key(events)["report:redogorelse:2024"].status == status


def test_facts_pass_rather_than_fall_overdue() -> None:
    events = by_key(events_of(TRELLEBORG, D("2024-01-01"), D("2025-12-31"), today=D("2025-10-15")))
    assert events["start"].status == "passed"
    assert events["notice:2026-01-01"].status == "passed"
    assert events["report:redogorelse:2024"].status == "overdue"


def test_without_today_nothing_is_overdue() -> None:
    events = events_of(TRELLEBORG, D("2024-01-01"), D("2025-12-31"))
    assert {e.status for e in events} <= {"later", "needs-date"}


def test_records_mark_done_and_leave_the_rest_overdue() -> None:
    recs = records(
        {
            "agreement": KALMAR,
            "events": [
                {
                    "key": "payment:ersattning:kalmar-kommun:2025:1",
                    "done": "2025-03-27",
                    "note": "Utbetald",
                },
                {
                    "kind": "report",
                    "obligation": "verksamhetsberattelse",
                    "covers": "2025",
                    "done": "2026-02-20",
                },
            ],
        }
    )
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2026-12-31"), today=D("2026-04-15"), records=recs))
    paid = events["payment:ersattning:kalmar-kommun:2025:1"]
    assert (paid.status, paid.done, paid.note) == ("done", D("2025-03-27"), "Utbetald")
    assert events["payment:ersattning:kalmar-kommun:2026:1"].status == "overdue"
    # A payment made means its invoice was sent.
    assert events["invoice:ersattning:kalmar-kommun:2025:1"].status == "done"
    assert events["invoice:ersattning:kalmar-kommun:2026:1"].status == "overdue"
    report = events["report:verksamhetsberattelse:2025"]
    assert (report.status, report.done) == ("done", D("2026-02-20"))
    assert events["plan:verksamhetsplan:2026"].status == "needs-date"


def test_records_give_an_undated_event_its_date() -> None:
    recs = records(
        {
            "agreement": LUND_KJ,
            "events": [{"key": "meeting:styrgrupp:2022:1", "scheduled": "2022-02-12"}],
        }
    )
    events = by_key(events_of(LUND_KJ, D("2022-01-01"), D("2022-12-31"), today=D("2022-03-01"), records=recs))
    meeting = events["meeting:styrgrupp:2022:1"]
    assert (meeting.nominal, meeting.last_day, meeting.remind, meeting.needs_date) == (
        D("2022-02-12"),
        D("2022-02-12"),
        None,
        False,
    )
    assert meeting.status == "overdue"  # held? not recorded as done
    assert meeting.reason == "12 februari 2022 är en lördag"  # an appointment: not moved
    assert events["meeting:styrgrupp:2022:2"].needs_date


def test_overdue_backlog_before_the_window() -> None:
    plain = events_of(TRELLEBORG, D("2025-06-01"), D("2025-08-31"), today=D("2025-06-01"))
    assert "report:redogorelse:2024" not in by_key(plain)
    backlog = events_of(TRELLEBORG, D("2025-06-01"), D("2025-08-31"), today=D("2025-06-01"), overdue=True)
    assert by_key(backlog)["report:redogorelse:2024"].status == "overdue"
    assert "start" not in by_key(backlog)  # passed facts are not backlog


# --- cure periods -----------------------------------------------------------------------------


def test_cure_deadline_from_a_recorded_remark() -> None:
    recs = records(
        {
            "agreement": KALMAR,
            "remarks": [{"date": "2025-05-07", "by": "kalmar-kommun", "note": "Statistiken saknas."}],
        }
    )
    events = by_key(events_of(KALMAR, D("2025-05-01"), D("2025-06-30"), today=D("2025-06-01"), records=recs))
    cure = events["cure:2025-05-07"]
    assert cure.kind == "cure"
    assert cure.title == "Sista dag för rättelse efter anmärkning 2025-05-07"
    assert cure.nominal == D("2025-06-06")  # 30 days later: Sveriges nationaldag
    assert (cure.last_day, cure.remind) == (D("2025-06-09"), D("2025-06-05"))
    assert cure.reason is not None and cure.reason.startswith("6 juni 2025 är nationaldagen;")
    assert cure.owner == "Kvinnojouren & Ungdomsjouren Kalmar"
    assert cure.status == "due-soon"
    assert "30 dagar" in cure.description and "Statistiken saknas." in cure.description
    termination = events["termination:2025-05-07"]
    assert (termination.kind, termination.nominal, termination.last_day) == (
        "termination",
        D("2025-06-10"),
        D("2025-06-10"),
    )
    assert termination.owner == "Kalmar kommun"
    assert "från och med 2025-06-10" in cure.description


def test_kalmar_cure_after_remark_of_31_january_2025() -> None:
    """The issue's case: 30 days end on Sunday 2 March; the right to terminate opens 4 March."""
    recs = records({"agreement": KALMAR, "remarks": [{"date": "2025-01-31", "by": "kalmar-kommun"}]})
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2025-12-31"), today=D("2025-03-03"), records=recs))
    cure = events["cure:2025-01-31"]
    assert (cure.nominal, cure.last_day, cure.remind) == (D("2025-03-02"), D("2025-03-03"), D("2025-02-28"))
    assert cure.status == "due-soon"  # not overdue on its legal last day
    termination = events["termination:2025-01-31"]
    assert termination.nominal == termination.last_day == D("2025-03-04")
    assert termination.title == "Hävningsrätt från 2025-03-04 om rättelse inte skett"
    assert "aldrig tidigare" in termination.description


def test_no_termination_event_without_immediate_termination() -> None:
    _, a = load(KALMAR)
    assert a.clauses.termination is not None
    t = a.clauses.termination.model_copy(update={"immediate_on_breach": False})
    a = a.model_copy(update={"clauses": a.clauses.model_copy(update={"termination": t})})
    recs = records({"agreement": KALMAR, "remarks": [{"date": "2025-01-31", "by": "kalmar-kommun"}]})
    found = by_key(deadlines(a, None, None, policy=Policy(), payments=[], records=recs))
    assert "cure:2025-01-31" in found and "termination:2025-01-31" not in found


def test_cure_without_delay_needs_a_date() -> None:
    recs = records({"agreement": LUND_KJ, "remarks": [{"date": "2022-05-02", "by": "lund-sof"}]})
    cure = by_key(events_of(LUND_KJ, D("2022-01-01"), D("2022-12-31"), records=recs))["cure:2022-05-02"]
    assert cure.needs_date and "utan dröjsmål" in cure.description
    assert cure.window == (D("2022-05-02"), None)


def test_no_remark_no_cure_event() -> None:
    assert not [e for e in events_of(KALMAR, None, None) if e.kind == "cure"]


# --- windows, keys and helpers ----------------------------------------------------------------


def test_window_filters_dated_and_undated_events() -> None:
    events = events_of(KALMAR, D("2026-03-01"), D("2026-03-31"))
    dated = [e for e in events if not e.needs_date]
    assert dated and all(D("2026-03-01") <= (e.effective or date.min) <= D("2026-03-31") for e in dated)
    undated = [e for e in events if e.needs_date]
    for e in undated:
        assert e.window is not None
        start, end = e.window
        assert start is None or start <= D("2026-03-31")
        assert end is None or end >= D("2026-03-01")


def test_keys_are_unique_and_accepted_by_key_problem() -> None:
    for name in (KALMAR, TRELLEBORG, LUND_KJ, LUND_IM):
        _, a = load(name)
        events = events_of(name, None, None)
        keys = [e.key for e in events]
        assert len(keys) == len(set(keys)), name
        for key in keys:
            if key.startswith("cure:"):
                continue
            assert key_problem(a, key) is None, key


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("rapport:x", "unknown event kind 'rapport'"),
        ("report:nope:2025", "the agreement has no report 'nope'"),
        ("report:verksamhetsberattelse:2025-13", "PERIOD like 2025"),
        ("payment:ersattning:someone:2025:1", "the key names 'kalmar-kommun'"),
        ("payment:ersattning:kalmar-klk:2025:1", "units of kalmar-kommun pay commitment 'ersattning' together"),
        ("payment:ersattning~x:kalmar-kommun:2025:1", "has no payees of its own"),
        ("payment:ersattning:2025", "should be 'payment:COMMITMENT:PAYER:YEAR:N'"),
        ("review:2026-01-01", "no review by 2026-01-01"),
        ("notice:2026-01-01", "does not renew itself"),
        ("start:1", "should be just 'start'"),
    ],
)
def test_key_problem(key: str, message: str) -> None:
    _, a = load(KALMAR)
    problem = key_problem(a, key)
    assert problem is not None and message in problem


@pytest.mark.parametrize(
    ("start", "end", "within", "default", "expected"),
    [
        (None, None, None, 90, ("2025-05-01", "2025-07-30")),
        (None, None, 30, 90, ("2025-05-01", "2025-05-31")),
        ("2025-01-01", None, None, 90, ("2025-01-01", "2025-04-01")),
        ("2025-01-01", "2025-01-31", 7, 90, ("2025-01-01", "2025-01-31")),
        (None, None, None, None, (None, None)),
    ],
)
def test_query_window(
    start: str | None,
    end: str | None,
    within: int | None,
    default: int | None,
    expected: tuple[str | None, str | None],
) -> None:
    got = query_window(
        D("2025-05-01"),
        D(start) if start else None,
        D(end) if end else None,
        within,
        default_days=default,
    )
    assert got == tuple(D(x) if x else None for x in expected)


def test_open_ended_generation_end() -> None:
    _, a = load(TRELLEBORG)
    assert generation_end(a, None, D("2025-05-01")) == D("2027-12-31")
    assert generation_end(a, D("2025-12-31"), None) == D("2025-12-31")
    _, k = load(KALMAR)
    assert generation_end(k, None, D("2025-05-01")) == D("2027-12-31")


def test_json_row_has_the_documented_keys_first() -> None:
    e = events_of(TRELLEBORG, D("2025-01-01"), D("2025-12-31"))[0]
    assert list(e.as_json())[:10] == [
        "agreement",
        "kind",
        "title",
        "nominal",
        "last_day",
        "remind",
        "reason",
        "covers",
        "owner",
        "status",
    ]


# --- properties -------------------------------------------------------------------------------

RULES = ("previous", "next", "none")


def _payment(agreement: str, due: date | None, year: int | None = None) -> Payment:
    y = year or (due.year if due else 2025)
    return Payment(
        agreement=agreement,
        commitment="ersattning",
        payer="kalmar-klk",
        payer_name="Kalmar kommun",
        payee="kvinnojouren-kalmar",
        payee_name="Kvinnojouren",
        year=y,
        period=str(y),
        instalment=1,
        instalments=1,
        due=due,
        window=(date(y, 1, 1), date(y, 12, 31)),
        amount=Decimal("100.00"),
        basis=Basis("fixed", "test"),
        invoice=True,
    )


@st.composite
def agreements(draw: st.DrawFn) -> tuple[Agreement, list[Payment], Policy]:
    start = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)))
    open_ended = draw(st.booleans())
    period: dict[str, Any] = {"start": start.isoformat()}
    if open_ended:
        first_end = date(start.year, 12, 31)
        period["renewal"] = {
            "first_term_end": first_end.isoformat(),
            "term_months": draw(st.sampled_from([6, 12])),
            "notice_months": draw(st.integers(0, 6)),
        }
    else:
        end = start + timedelta(days=draw(st.integers(30, 4 * 365)))
        period["end"] = end.isoformat()
        period["reviews"] = [{"by": (start + timedelta(days=draw(st.integers(0, (end - start).days)))).isoformat()}]
    obligations = []
    for i in range(draw(st.integers(0, 4))):
        cadence = draw(st.sampled_from(["once", "yearly", "half_yearly", "quarterly", "times_per_year"]))
        due = draw(
            st.sampled_from(
                [
                    {"rule": "undated", "window": "during"},
                    {"rule": "undated", "window": "after"},
                    {"rule": "undated", "window": "before"},
                    {
                        "rule": "day_of_year",
                        "day": draw(st.sampled_from(["01-06", "03-30", "06-21", "12-24", "12-31"])),
                        "year_offset": draw(st.integers(0, 1)),
                    },
                    {
                        "rule": "after_period_end",
                        "months": draw(st.integers(0, 3)),
                        "days": draw(st.integers(0, 40)),
                    },
                    {"rule": "by_period_end"},
                ]
            )
        )
        obligation: dict[str, Any] = {
            "id": f"o{i}",
            "kind": draw(st.sampled_from(["report", "plan", "meeting", "training", "other"])),
            "title": f"Åtagande {i}",
            "owners": ["np"],
            "cadence": cadence,
            "due": due,
        }
        if cadence == "times_per_year":
            obligation["times_per_year"] = draw(st.integers(1, 5))
        obligations.append(obligation)
    data = {
        "schema_version": 1,
        "id": "prop",
        "template": "numbered",
        "parties": [
            {"id": "np", "kind": "non_profit", "name": "Föreningen"},
            {"id": "pub", "kind": "public", "name": "Kommunen"},
        ],
        "period": period,
        "obligations": obligations,
        "steering_group": {
            "convener": "pub",
            "meetings_cadence": draw(st.sampled_from(["half_yearly", "times_per_year"])),
            "meetings_per_year": 3,
        },
        "clauses": {"termination": {"cure_days": 30}},
        "date_policy": {
            k: draw(st.sampled_from(RULES)) for k in draw(st.sets(st.sampled_from(EVENT_KINDS), max_size=4))
        },
        "document": {"title": "Överenskommelse"},
    }
    a = Agreement.model_validate(data)
    # One payment a year: a schedule never gives two payments one key (`_payment` keys by year;
    # two with one key get '~2' in the order they are made, which skipping early years changes).
    dues = draw(
        st.lists(
            st.dates(min_value=date(2019, 1, 1), max_value=date(2033, 12, 31)), max_size=4, unique_by=lambda d: d.year
        )
    )
    payments = [_payment("prop", d) for d in dues]
    policy = Policy.model_validate(
        {"date_policy": {k: draw(st.sampled_from(RULES)) for k in ("report", "payment", "notice")}}
    )
    return a, payments, policy


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    agreements(),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2032, 12, 31)),
    st.integers(0, 800),
)
def test_properties(case: tuple[Agreement, list[Payment], Policy], start: date, days: int) -> None:
    a, payments, policy = case
    end = start + timedelta(days=days)
    remark = Records.model_validate({"agreement": "prop", "remarks": [{"date": start.isoformat(), "by": "pub"}]})
    events = deadlines(a, start, end, policy=policy, payments=payments, records=remark, today=start)
    # Sorted, and the one-string sort key sorts the same.
    assert [e.sort_key() for e in events] == sorted(e.sort_key() for e in events)
    assert [e.sort_text() for e in events] == sorted(e.sort_text() for e in events)
    # Unique keys.
    assert len({e.key for e in events}) == len(events)
    # The fast JSON line is exactly json.dumps of the documented object.
    for e in events:
        assert e.json_line() == json.dumps(e.as_json(), ensure_ascii=False)
    # A batch's lines (sort key, two NULs, JSON; UTF-8) sort as the events do.
    lines = sorted(f"{e.sort_text()}{KEY_END}{e.json_line()}".encode() for e in events)
    assert [json_object(line) for line in lines] == [e.json_line().encode() for e in events]
    for e in events:
        if e.nominal is None:
            assert e.effective is None and e.window is not None and e.status in ("needs-date", "done")
            continue
        assert e.last_day is not None and e.effective == e.last_day
        # The legal last day is never before the agreement's date, and is a working day unless
        # the kind is a fact or appointment that does not move.
        assert e.nominal <= e.last_day
        law = LAST_DAY_RULES.get(e.kind, LastDayRule.ACT)
        if law is LastDayRule.NONE:
            assert e.last_day == e.nominal and e.rule is None and e.remind is None
        else:
            assert is_working_day(e.last_day)
            assert (e.rule is None) == (e.last_day == e.nominal)
        # A reminder only where the policy asks for one, always a working day before the last day.
        rule = policy.shift_rule(e.kind, a.date_policy)
        if e.remind is not None:
            assert rule == "previous" and e.remind < e.last_day and is_working_day(e.remind)
            assert e.remind <= e.nominal
        assert (e.reason is None) == is_working_day(e.nominal)
        # In the window (from the reminder or nominal date to the last day).
        assert min(e.nominal, e.remind or e.nominal) <= end and e.last_day >= start


def test_events_are_built_with_every_field_in_order() -> None:
    """The builder makes events positionally (`deadline_builder._new_event`): each one is the
    named tuple its own fields make, so a field added to Event cannot shift the others."""
    from iopctl.deadlines.event import STATUSES, Event
    from iopctl.model.vocabulary import EVENT_KINDS

    path, a = load(KALMAR)
    events = deadlines(
        a, D("2025-01-01"), D("2026-12-31"), policy=workspace_for(path).policy,
        payments=payment_schedule(a, workspace_for(path).series), today=D("2025-03-01"),
    )  # fmt: skip
    assert events
    for e in events:
        assert type(e) is Event and len(e) == len(Event._fields)
        assert e.agreement == a.id and e.kind in EVENT_KINDS and e.status in STATUSES
        assert e.key.split(":")[0] == e.kind and e.title and e.description
        assert all(isinstance(d, date) for d in (e.nominal, e.effective) if d is not None)
        assert isinstance(e.owner_ids, tuple) and isinstance(e.flags, tuple)
        assert e.amount is None or isinstance(e.amount, Decimal)


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    agreements(),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2032, 12, 31)),
    st.integers(0, 800),
    st.integers(-400, 400),
)
def test_skipping_early_periods_changes_nothing(
    case: tuple[Agreement, list[Payment], Policy], start: date, days: int, today_offset: int
) -> None:
    """Periods and payment years that end well before the window are skipped unworked
    (`needed_from`); the long way, every period from the start, gives the same events."""
    a, payments, policy = case
    end = start + timedelta(days=days)
    today = start + timedelta(days=today_offset)
    remark = Records.model_validate({"agreement": "prop", "remarks": [{"date": start.isoformat(), "by": "pub"}]})
    kwargs: dict[str, Any] = dict(policy=policy, payments=payments, records=remark, today=today)
    short = deadlines(a, start, end, **kwargs)
    assert short == deadlines(a, start, end, prune=False, **kwargs)


@pytest.mark.parametrize("name", [KALMAR, TRELLEBORG, LUND_KJ, LUND_IM, "vanskapens-hus"])
@pytest.mark.parametrize("start", ["2020-03-01", "2022-01-01", "2024-06-15", "2026-01-01"])
def test_skipping_early_payment_years_changes_nothing(name: str, start: str) -> None:
    """The schedule without the years before the window gives the window the same events."""
    from iopctl.deadlines.builder import needed_from

    path, a = load(name)
    first, end, today = D(start), D(start) + timedelta(days=900), D(start)
    until = generation_end(a, end, today)
    every = payment_schedule(a, workspace_for(path).series, until=until)
    later = payment_schedule(a, workspace_for(path).series, until=until, since=needed_from(first, False, None))
    assert len(later) <= len(every)
    pol = workspace_for(path).policy
    assert deadlines(a, first, end, policy=pol, payments=later, today=today) == deadlines(
        a, first, end, policy=pol, payments=every, today=today, prune=False
    )


@pytest.mark.parametrize(
    ("cadence", "due", "end"),
    [
        ("yearly", {"rule": "undated", "window": "before"}, "2027-06-30"),  # 2028's 'inför': 2027
        ("half_yearly", {"rule": "day_of_year", "day": "03-30", "year_offset": 0}, "2027-05-31"),
    ],
)
def test_skipping_later_periods_keeps_what_falls_before_its_period(
    cadence: str, due: dict[str, Any], end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Periods that start after the window are skipped (`EventBuilder.until`), but an event
    can fall before its own period: the lead days keep it, and without them it is lost."""
    import iopctl.deadlines.obligations as obligations

    _, kalmar = load(KALMAR)
    obligation = Obligation.model_validate(
        {"id": "r", "kind": "report", "title": "Rapport", "owners": ["kvinnojouren-kalmar"],
         "cadence": cadence, "due": due}
    )  # fmt: skip
    a = kalmar.model_copy(
        update={
            "obligations": [obligation],
            "period": Period.model_validate({"start": "2025-01-01", "end": "2030-12-31"}),
        }
    )
    start = D("2027-01-01")
    kwargs: dict[str, Any] = dict(policy=Policy(), payments=[], today=start)
    every = deadlines(a, start, D(end), prune=False, **kwargs)
    assert deadlines(a, start, D(end), **kwargs) == every
    monkeypatch.setattr(obligations, "_lead_days", lambda o, *context: 0)
    assert deadlines(a, start, D(end), **kwargs) != every


# --- month arithmetic in due rules (lag 1930:173 § 1) --------------------------------------------


def _with_obligation(due: dict[str, Any], covers: tuple[str, str], **period: str) -> Agreement:
    _, a = load(KALMAR)
    obligation = Obligation.model_validate(
        {
            "id": "r",
            "kind": "report",
            "title": "Rapport",
            "owners": ["kvinnojouren-kalmar"],
            "cadence": "once",
            "covers": {"start": covers[0], "end": covers[1]},
            "due": due,
        }
    )
    update: dict[str, Any] = {"obligations": [obligation]}
    if period:
        update["period"] = Period.model_validate(period)
    return a.model_copy(update=update)


@pytest.mark.parametrize(
    ("covers", "due", "nominal"),
    [
        (("2025-01-01", "2025-01-31"), {"rule": "after_period_end", "months": 1}, "2025-02-28"),
        (("2027-01-01", "2027-01-31"), {"rule": "after_period_end", "months": 1}, "2027-02-28"),
        (("2025-01-01", "2025-06-30"), {"rule": "after_period_end", "months": 2}, "2025-08-30"),
        (
            ("2025-01-01", "2025-12-31"),
            {"rule": "after_period_end", "months": 2, "days": 1},
            "2026-03-01",
        ),
        (("2025-01-01", "2025-12-31"), {"rule": "day_of_year", "day": "03-30"}, "2026-03-30"),
        (("2025-01-01", "2025-12-31"), {"rule": "by_period_end"}, "2025-12-31"),
    ],
)
def test_due_rules_count_months_as_the_law_does(covers: tuple[str, str], due: dict[str, Any], nominal: str) -> None:
    a = _with_obligation(due, covers)
    event = by_key(deadlines(a, None, None, policy=Policy(), payments=[]))["report:r"]
    assert event.nominal == D(nominal)


def test_leap_day_plus_a_year() -> None:
    due = {"rule": "after_period_end", "months": 12}
    b = _with_obligation(due, ("2024-02-01", "2024-02-29"), start="2024-01-01", end="2028-12-31")
    event = by_key(deadlines(b, None, None, policy=Policy(), payments=[]))["report:r"]
    assert (event.nominal, event.last_day) == (D("2025-02-28"), D("2025-02-28"))


def test_json_line_escapes_like_json_dumps() -> None:
    from iopctl.deadlines.event import Event

    tricky = 'citat "så", snedstreck \\ ny\nrad\ttab \x01 \u2028 😀 </script>'
    e = Event(
        agreement="a", agreement_name=tricky, key="payment:x:y:2025:1", kind="payment",
        title=tricky, nominal=date(2025, 3, 30), last_day=date(2025, 3, 31), remind=date(2025, 3, 28),
        rule="lag (1930:173) 2 §", reason=tricky, covers=None, window=(None, date(2025, 12, 31)), owner=tricky,
        owner_ids=("x", tricky), status="later", done=None, note=tricky, description=tricky,
        amount=Decimal("190000.50"), flags=("index-pending", tricky),
    )  # fmt: skip
    assert e.json_line() == json.dumps(e.as_json(), ensure_ascii=False)
    assert json.loads(e.json_line())["title"] == tricky


def test_default_policy_equals_a_validated_empty_policy() -> None:
    from iopctl.model.policy import default_policy

    assert default_policy() == Policy.model_validate({})
    assert default_policy().shift_rule("report") == DEFAULT_DATE_POLICY["report"]
