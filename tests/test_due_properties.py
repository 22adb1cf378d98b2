"""Property tests for the due rules `tests/test_deadlines.py::test_properties` does not draw
(a stated date, before_end, in_month, relative, the policy's reminders): whatever the dates,
the legal last day is never before the nominal date and is a working day where a law applies,
and a reminder is never after the last day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.dates.workdays import LastDayRule, is_working_day
from iopctl.deadlines.builder import LAST_DAY_RULES
from iopctl.deadlines.calendar import deadlines
from iopctl.model.obligations import Obligation
from iopctl.model.policy import Policy
from iopctl.model.records import Records
from tests.test_deadlines import KALMAR, load

_, BASE = load(KALMAR)
DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2032, 12, 31))


def _due(draw: Any) -> dict[str, Any]:
    counts = {"months": draw(st.integers(0, 14)), "weeks": draw(st.integers(0, 6)), "days": draw(st.integers(0, 40))}
    return draw(
        st.sampled_from(
            [
                {"rule": "date", "date": draw(DAYS).isoformat()},
                {"rule": "before_end", "of": draw(st.sampled_from(["agreement", "period"])), **counts},
                {"rule": "in_month", "month": draw(st.integers(1, 12)), "year_offset": draw(st.integers(0, 1))},
                {
                    "rule": "relative",
                    "to": "base",
                    "counted_from": draw(st.sampled_from(["date", "done", "approved"])),
                    "direction": draw(st.sampled_from(["before", "after"])),
                    **counts,
                },
            ]
        )
    )


@st.composite
def cases(draw: Any) -> tuple[Any, Policy, Records, date]:
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)))
    end = start + timedelta(days=draw(st.integers(60, 3 * 366)))
    cadence = draw(st.sampled_from(["once", "yearly", "half_yearly", "quarterly"]))
    base_due = draw(
        st.sampled_from([{"rule": "day_of_year", "day": "03-30"}, {"rule": "undated"}, {"rule": "by_period_end"}])
    )
    obligations = [
        {"id": "base", "kind": "report", "title": "Rapport", "owners": ["kvinnojouren-kalmar"], "cadence": cadence,
         "due": base_due},
    ]  # fmt: skip
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["report", "plan", "training", "other", "meeting"]))
        obligations.append(
            {"id": f"o{i}", "kind": kind, "title": f"Åtagande {i}", "owners": ["kalmar-kommun"], "cadence": cadence,
             "due": _due(draw)}
        )  # fmt: skip
    a = BASE.model_copy(
        update={
            "obligations": [Obligation.model_validate(o) for o in obligations],
            "period": BASE.period.model_copy(update={"start": start, "end": end}),
        }
    )
    keys = [f"report:base:{y}" for y in range(start.year, end.year + 2)] + ["report:base"]
    entries = [
        {"key": k, "done": d.isoformat(), "approved": (d + timedelta(days=draw(st.integers(0, 60)))).isoformat()}
        for k in draw(st.lists(st.sampled_from(keys), unique=True, max_size=3))
        for d in [draw(DAYS)]
    ]
    records = Records.model_validate({"agreement": a.id, "events": entries})
    policy = Policy.model_validate(
        {
            "reminders": [
                {"what": w, "months_before_end": draw(st.integers(0, 12))} for w in ("renewal_decision", "review")
            ],
            "date_policy": {
                k: draw(st.sampled_from(["previous", "next", "none"])) for k in ("report", "plan", "reminder")
            },
        }
    )
    return a, policy, records, start


@settings(max_examples=150, derandomize=True, deadline=None)
@given(cases(), st.integers(-400, 400))
def test_last_day_and_reminder_for_every_due_rule(case: tuple[Any, Policy, Records, date], offset: int) -> None:
    a, policy, records, start = case
    today = start + timedelta(days=offset)
    events = deadlines(a, None, None, policy=policy, payments=[], records=records, today=today)
    kinds = {e.kind for e in events}
    assert "reminder" in kinds or a.period.end is None
    for e in events:
        if e.nominal is None:
            assert e.last_day is None and e.window is not None
            continue
        assert e.last_day is not None and e.last_day >= e.nominal
        if LAST_DAY_RULES.get(e.kind, LastDayRule.ACT) is LastDayRule.NONE:
            assert e.last_day == e.nominal and e.remind is None
        else:
            assert is_working_day(e.last_day)
        if e.remind is not None:
            assert e.remind <= e.last_day and e.remind <= e.nominal and is_working_day(e.remind)
