"""Due rules relative to another event (`rule: relative`): 'senast 30 dagar efter att
årsrapporten godkänts', 'två veckor före styrgruppsmötet'. Counted from the other event's date
or from a day `_records/` gives; needs a date, saying why in Swedish, while that day is unknown."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.dates.workdays import is_working_day
from iopctl.deadlines.event import Event
from iopctl.model.obligations import Obligation
from iopctl.render.context import _timing
from tests.test_deadlines import AGREEMENTS, KALMAR, LUND_KJ, by_key, events_of, load, records

D = date.fromisoformat


def relative(ident: str, to: str, cadence: str = "yearly", **due: Any) -> Obligation:
    return Obligation.model_validate(
        {
            "id": ident,
            "kind": "other",
            "title": "Beslut om fortsatt bidrag",
            "owners": ["lund-sof"],
            "cadence": cadence,
            "due": {"rule": "relative", "to": to, **due},
            **({"times_per_year": 4} if cadence == "times_per_year" else {}),
        }
    )


def lund_events(*extra: Obligation, rec: dict[str, Any] | None = None, start: str = "2021-01-01") -> dict[str, Event]:
    _, a = load(LUND_KJ)
    a = a.model_copy(update={"obligations": [*a.obligations, *extra]})
    found = events_of(
        LUND_KJ,
        D(start),
        D("2023-12-31"),
        agreement=a,
        records=records({"agreement": LUND_KJ, **rec}) if rec else None,
    )
    return by_key(found)


def test_thirty_days_after_the_annual_report_is_approved() -> None:
    o = relative("beslut", "arsrapport", counted_from="approved", direction="after", days=30)
    rec = {"events": [{"key": "report:arsrapport:2021", "done": "2022-02-01", "approved": "2022-03-10"}]}
    events = lund_events(o, rec=rec)
    e = events["other:beslut:2021"]
    assert e.nominal == D("2022-04-09")  # a Saturday
    assert e.last_day == D("2022-04-11")
    assert e.description.startswith(
        "30 dagar efter den dag då Årlig uppföljningsrapport (report:arsrapport:2021) godkändes, 2022-03-10: 2022-04-09."
    )
    # 2022's report is not approved yet: no invented day, the reason in Swedish.
    later = events["other:beslut:2022"]
    assert later.nominal is None and later.status == "needs-date"
    assert later.description.startswith(
        "Räknas 30 dagar efter den dag då Årlig uppföljningsrapport (report:arsrapport:2022) godkändes;"
        " den dagen är ännu inte registrerad (approved i _records/)."
    )
    # the annual report falls in the year after 2022, its approval up to a year later; plus 30 days
    assert later.window == (D("2023-01-31"), D("2025-01-30"))


def test_done_is_not_approved() -> None:
    o = relative("beslut", "arsrapport", counted_from="done", direction="after", weeks=2)
    rec = {"events": [{"key": "report:arsrapport:2021", "done": "2022-02-01"}]}
    e = lund_events(o, rec=rec)["other:beslut:2021"]
    assert e.nominal == D("2022-02-15")
    o = relative("beslut", "arsrapport", counted_from="approved", direction="after", weeks=2)
    assert lund_events(o, rec=rec)["other:beslut:2021"].nominal is None


def test_two_weeks_before_the_steering_groups_meeting_once_it_is_scheduled() -> None:
    o = relative("underlag", "styrgrupp", cadence="times_per_year", direction="before", weeks=2)
    rec = {"events": [{"key": "meeting:styrgrupp:2022:1", "scheduled": "2022-03-06"}]}
    events = lund_events(o, rec=rec)
    e = events["other:underlag:2022:1"]
    assert e.nominal == D("2022-02-20")  # a Sunday: lag (1930:173) 2 § gives Monday
    assert e.last_day == D("2022-02-21") and is_working_day(e.last_day)
    other = events["other:underlag:2022:2"]
    assert other.nominal is None
    assert "styrgruppens möte (meeting:styrgrupp:2022:2), som ännu inte har något datum" in other.description
    # undated like the meetings it precedes: within their year, moved back two weeks
    assert other.window == (D("2021-12-18"), D("2022-12-17"))


def test_relative_to_a_dated_obligation_counts_from_its_nominal_date() -> None:
    """Kalmar's documents go with the invoice by 31 March: a reminder 'two weeks before' is
    17 March, whatever the records say; months by lag (1930:173) 1 § from 31 March."""
    _, a = load(KALMAR)
    two_weeks = relative("forberedelse", "bilagor-till-fakturan", direction="before", weeks=2)
    one_month = relative("manad", "bilagor-till-fakturan", direction="before", months=1)
    update = {"obligations": [*a.obligations, two_weeks.model_copy(update={"owners": ["kvinnojouren-kalmar"]})]}
    update["obligations"].append(one_month.model_copy(update={"owners": ["kvinnojouren-kalmar"]}))
    events = by_key(events_of(KALMAR, D("2025-01-01"), D("2027-12-31"), agreement=a.model_copy(update=update)))
    assert [events[f"other:forberedelse:{y}"].nominal for y in (2025, 2026, 2027)] == [
        D("2025-03-17"),
        D("2026-03-17"),
        D("2027-03-17"),
    ]
    assert events["other:manad:2025"].nominal == D("2025-02-28")  # 31 March less a month: month end
    assert "(månaderna enligt lag 1930:173 1 §)" in events["other:manad:2025"].description


def test_a_chain_of_relative_rules() -> None:
    first = relative("a", "arsrapport", counted_from="approved", direction="after", days=10)
    second = relative("b", "a", direction="after", days=5)
    rec = {"events": [{"key": "report:arsrapport:2021", "approved": "2022-03-10"}]}
    events = lund_events(first, second, rec=rec)
    assert events["other:a:2021"].nominal == D("2022-03-20")
    assert events["other:b:2021"].nominal == D("2022-03-25")
    assert events["other:b:2022"].nominal is None


def test_a_loop_gives_no_date_even_without_validate() -> None:
    """validate refuses it (tests/test_rule_sites.py); the calendar code still ends."""
    events = lund_events(relative("a", "b", direction="after", days=1), relative("b", "a", direction="after", days=1))
    assert events["other:a:2021"].nominal is None and events["other:b:2021"].nominal is None
    assert events["other:a:2021"].description.startswith("Räknas 1 dag efter Beslut om fortsatt bidrag (other:b:2021),")


def test_pruned_and_unpruned_agree() -> None:
    """The reach of a relative rule keeps every event a window needs (prune=False works out all)."""
    from iopctl.deadlines.calendar import deadlines
    from iopctl.funding.schedule import payment_schedule
    from iopctl.load.workspace import workspace_for

    path, a = load(LUND_KJ)
    extra = [
        relative("beslut", "arsrapport", counted_from="approved", direction="after", days=30),
        relative("underlag", "styrgrupp", cadence="times_per_year", direction="before", weeks=2),
    ]
    a = a.model_copy(update={"obligations": [*a.obligations, *extra]})
    ws = workspace_for(path)
    rec = records({"agreement": LUND_KJ, "events": [{"key": "report:arsrapport:2021", "approved": "2022-12-20"}]})
    payments = payment_schedule(a, ws.series)
    for start, end in ((D("2023-01-01"), D("2023-02-28")), (D("2022-06-01"), D("2022-12-31"))):
        kw: dict[str, Any] = {"policy": ws.policy, "payments": payments, "records": rec}
        pruned = deadlines(a, start, end, **kw)
        full = deadlines(a, start, end, prune=False, **kw)
        assert pruned == full
    assert any(e.key == "other:beslut:2021" for e in deadlines(a, D("2023-01-01"), D("2023-02-28"), **kw))


@pytest.mark.parametrize(
    ("due", "cadence", "text"),
    [
        ({"to": "arsrapport", "counted_from": "approved", "direction": "after", "days": 30}, "yearly",
         "varje år, senast 30 dagar efter att ”Årlig uppföljningsrapport” har godkänts"),
        ({"to": "styrgrupp", "direction": "before", "weeks": 2}, "times_per_year",
         "fyra gånger per år, senast två veckor före styrgruppens möte"),
        ({"to": "arsrapport", "counted_from": "done", "direction": "after", "months": 1}, "yearly",
         "varje år, senast en månad efter att ”Årlig uppföljningsrapport” har fullgjorts"),
        ({"to": "arsrapport", "direction": "after"}, "yearly", "varje år, senast samma dag som ”Årlig uppföljningsrapport”"),
        ({"to": "arsrapport", "counted_from": "approved", "direction": "after"}, "yearly",
         "varje år, senast samma dag som ”Årlig uppföljningsrapport” godkänns"),
    ],
)  # fmt: skip
def test_drafts_say_the_rule(due: dict[str, Any], cadence: str, text: str) -> None:
    _, a = load(LUND_KJ)
    titles = {o.id: o.title for o in a.obligations}
    assert _timing(relative("x", cadence=cadence, **due), titles) == text


def test_deadlines_refuses_what_validate_refuses(tmp_path: Path) -> None:
    text = (AGREEMENTS / f"{LUND_KJ}.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        "\ngoals:",
        "\n  - id: beslut\n    kind: other\n    title: Beslut\n    owners: [lund-sof]\n    cadence: yearly\n"
        "    due: {rule: relative, to: arsrapporten, direction: after, days: 30}\ngoals:",
        1,
    )
    assert bad != text
    shutil.copytree(AGREEMENTS / "_series", tmp_path / "_series")
    path = tmp_path / f"{LUND_KJ}.yaml"
    path.write_text(bad, encoding="utf-8")
    for command in (["validate", str(path)], ["deadlines", str(path), "--today", "2022-01-01"]):
        result = CliRunner().invoke(app, command, catch_exceptions=False)
        assert result.exit_code == 1, result.output
        assert " 1 errors, " in result.output or command[0] == "deadlines"
        assert "obligations[2].due.to: no obligation 'arsrapporten' to count from" in result.output
