"""Renewal-decision and review reminders before a fixed-term agreement ends, from `_policy.yaml`
`reminders`: reminders for the public party, not deadlines; months by lag (1930:173) 1 §."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.deadlines.event import Event
from iopctl.deadlines.keys import key_problem
from iopctl.model.policy import Policy
from tests.test_deadlines import AGREEMENTS, KALMAR, LUND_KJ, TRELLEBORG, events_of, load

D = date.fromisoformat
SEEDS = Path("/work/shared/seeds")


def policy(*reminders: dict[str, Any]) -> Policy:
    return Policy.model_validate({"reminders": list(reminders)})


def reminders(name: str, pol: Policy, end: str | None = None, today: str | None = None) -> list[Event]:
    _, a = load(name)
    if end is not None:
        a = a.model_copy(update={"period": a.period.model_copy(update={"end": D(end)})})
    found = events_of(name, None, None, agreement=a, policy=pol, today=D(today) if today else None)
    return [e for e in found if e.kind == "reminder"]


@pytest.mark.parametrize(
    ("end", "nominal"),
    [("2024-05-31", "2023-11-30"), ("2025-06-30", "2024-12-30"), ("2024-08-31", "2024-02-29")],
)
def test_six_months_before_the_end_by_lag_1930_173(end: str, nominal: str) -> None:
    [e] = reminders(LUND_KJ, policy({"what": "renewal_decision", "months_before_end": 6}), end=end)
    assert e.key == "reminder:renewal_decision"
    assert e.nominal == D(nominal)


def test_a_reminder_is_not_a_deadline() -> None:
    """No legal last day moves it, it is never overdue, it says it is a reminder, and it is the
    public party's."""
    pol = policy({"what": "renewal_decision", "months_before_end": 6, "source": "riktlinjer 2020"})
    # 2027-12-31 less six months: Wednesday 30 June 2027; a Sunday one keeps its day too.
    [e] = reminders(KALMAR, pol, today="2027-08-01")
    assert e.nominal == e.last_day == D("2027-06-30")
    assert e.rule is None and e.remind is None
    assert e.status == "passed"
    assert e.owner_ids == ("kalmar-kommun",)
    assert e.title == "Påminnelse: beslut om förlängning"
    assert e.description == (
        "Påminnelse enligt lokal policy (riktlinjer 2020): 6 månader före avtalets slut (2027-12-31)"
        " är 2027-06-30 (lag 1930:173 1 §). Dags att besluta om överenskommelsen ska förlängas."
        " Ingen frist i överenskommelsen."
    )
    # 30 September 2025 less six months is Sunday 30 March: a reminder keeps its day (no law moves it)
    [sunday] = reminders(KALMAR, pol, end="2025-09-30")
    assert sunday.nominal == sunday.last_day == D("2025-03-30")
    assert sunday.rule is None and sunday.reason == "30 mars 2025 är en söndag"


def test_party_name_limits_a_rule_to_one_public_party() -> None:
    pol = policy(
        {"what": "review", "months_before_end": 9, "party_name": "Kalmar kommun"},
        {"what": "renewal_decision", "months_before_end": 6, "party_name": "Socialförvaltningen i Lund"},
    )
    assert [(e.key, e.nominal) for e in reminders(KALMAR, pol)] == [("reminder:review", D("2027-03-31"))]
    assert [(e.key, e.nominal) for e in reminders(LUND_KJ, pol)] == [("reminder:renewal_decision", D("2023-06-30"))]


def test_open_ended_agreements_get_none() -> None:
    assert reminders(TRELLEBORG, policy({"what": "renewal_decision", "months_before_end": 6})) == []


def test_the_shipped_agreements_get_none() -> None:
    """No reference text asks for such a reminder, and the shipped policy adds none."""
    for seed in sorted(SEEDS.glob("0*.txt")):
        assert "före avtalets slut" not in seed.read_text(encoding="utf-8")
    for path in sorted(AGREEMENTS.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        assert reminders(path.stem, policy()) == []
        assert [e for e in events_of(path.stem, None, None) if e.kind == "reminder"] == []


def test_records_may_name_a_reminder() -> None:
    _, a = load(KALMAR)
    assert key_problem(a, "reminder:renewal_decision") is None
    assert key_problem(a, "reminder:review") is None
    assert (
        key_problem(a, "reminder:later")
        == "key 'reminder:later' should be 'reminder:renewal_decision' or 'reminder:review'"
    )


def test_bad_policy_is_refused() -> None:
    from pydantic import ValidationError

    for bad in ({"what": "renewal"}, {"what": "review", "months_before_end": -1}, {"what": "review", "party": "x"}):
        with pytest.raises(ValidationError):
            Policy.model_validate({"reminders": [{"months_before_end": 6, **bad}]})


def test_through_the_command_line(tmp_path: Path) -> None:
    shutil.copytree(AGREEMENTS / "_series", tmp_path / "_series")
    shutil.copy(AGREEMENTS / f"{KALMAR}.yaml", tmp_path)
    (tmp_path / "_policy.yaml").write_text(
        "reminders:\n  - what: renewal_decision\n    months_before_end: 6\n", encoding="utf-8"
    )
    args = ["deadlines", str(tmp_path), "--from", "2027-01-01", "--to", "2027-12-31", "--kind", "reminder"]
    result = CliRunner().invoke(app, [*args, "--format", "json", "--today", "2027-01-01"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    events = [
        json.loads(line.strip().rstrip(",")) for line in result.output.splitlines() if '"kind": "reminder"' in line
    ]
    assert [(e["key"], e["nominal"], e["last_day"], e["status"]) for e in events] == [
        ("reminder:renewal_decision", "2027-06-30", "2027-06-30", "later")
    ]
    table = CliRunner().invoke(app, [*args, "--today", "2027-01-01"], catch_exceptions=False)
    assert "Påminnelse" in table.output and "förlängning" in table.output
