"""`iopctl deadlines` through the real app: formats, filters, windows, records and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
KALMAR = "kalmar-kvinnojouren-2025"
TRELLEBORG = "trelleborg-kvinnojouren-soderslatt-2024"
runner = CliRunner(env={"COLUMNS": "240"})


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["deadlines", *args], catch_exceptions=False)


def events(*args: str) -> list[dict[str, Any]]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["events"]
    rows: list[dict[str, Any]] = data["events"]
    return rows


def copy_agreements(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "agreements"
    folder.mkdir()
    for name in names:
        shutil.copy(AGREEMENTS / f"{name}.yaml", folder / f"{name}.yaml")
    shutil.copytree(AGREEMENTS / "_series", folder / "_series")
    return folder


# --- formats ----------------------------------------------------------------------------------


def test_table_has_swedish_headings_and_titles() -> None:
    result = invoke(str(AGREEMENTS / f"{TRELLEBORG}.yaml"), "--today", "2025-03-01", "--to", "2025-10-31")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("Avtal", "Typ", "Händelse", "Datum", "Sista dag", "Påminnelse", "Avser", "Ansvarig", "Status"):
        assert heading in out
    assert "Skriftlig redogörelse 2024" in out
    assert "2025-03-30" in out and "2025-03-31 (måndag)" in out and "2025-03-28 (fredag)" in out
    assert "Sista dag för uppsägning inför 2026-01-01" in out
    assert "händelser 2025-03-01–2025-10-31" in out


def test_table_to_a_file_is_plain_text(tmp_path: Path) -> None:
    target = tmp_path / "frister.txt"
    result = invoke(
        str(AGREEMENTS / f"{TRELLEBORG}.yaml"),
        "--today",
        "2025-03-01",
        "--to",
        "2025-10-31",
        "--out",
        str(target),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    header = text.splitlines()[0].split()
    assert header == ["Avtal", "Typ", "Händelse", "Datum", "Sista", "dag", "Påminnelse", "Avser", "Ansvarig", "Status"]
    assert re.search(
        r"Skriftlig redogörelse 2024\s+2025-03-30\s+2025-03-31 \(måndag\)\s+2025-03-28 \(fredag\)\s+2024", text
    )
    assert "\x1b[" not in text


def test_json_has_the_documented_fields() -> None:
    rows = events(str(AGREEMENTS / f"{TRELLEBORG}.yaml"), "--today", "2025-03-01", "--to", "2025-12-31")
    documented = [
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
    assert all(list(row)[:10] == documented for row in rows)
    report = next(r for r in rows if r["key"] == "report:redogorelse:2024")
    assert report == report | {
        "agreement": TRELLEBORG,
        "kind": "report",
        "title": "Skriftlig redogörelse 2024",
        "nominal": "2025-03-30",
        "last_day": "2025-03-31",
        "remind": "2025-03-28",
        "reason": "30 mars 2025 är en söndag; sista dag enligt lag (1930:173) 2 § är måndag 31 mars; "
        "påminnelse enligt lokal policy fredag 28 mars",
        "covers": "2024",
        "owner": "Kvinnojouren Söderslätt",
        "status": "later",
        "needs_date": False,
        "window": None,
        "rule": "lag (1930:173) 2 §",
    }
    undated = [r for r in rows if r["needs_date"]]
    assert undated and all(r["nominal"] is None and r["status"] == "needs-date" and r["window"] for r in undated)


def test_ics_to_stdout_and_file(tmp_path: Path) -> None:
    args = [
        str(AGREEMENTS),
        "--today",
        "2025-01-10",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "ics",
    ]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert "without a date put in the calendar as tasks (VTODO)" in result.stderr
    cal = Calendar.from_ical(result.stdout_bytes)
    uids = [str(ve["UID"]) for ve in cal.walk("VEVENT")]
    assert "report:redogorelse:2024@trelleborg-kvinnojouren-soderslatt-2024.iopctl" in uids
    undated = int(result.stderr.split(" event")[0].split()[-1])
    assert undated > 0 and len(cal.walk("VTODO")) == undated
    two = Calendar.from_ical(invoke(*args, "--remind", "30d", "--remind", "2d").stdout_bytes)
    for ve in two.walk("VEVENT"):
        triggers = [a.decoded("TRIGGER") for a in ve.walk("VALARM")]
        assert triggers == [timedelta(days=-30), timedelta(days=-2)]
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert invoke(*args, "--remind", "14d", "--out", str(first)).exit_code == 0
    assert invoke(*args, "--remind", "14d", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"TRIGGER:-P14D\r\n" in first.read_bytes()
    # Another day, same window: the same bytes (DTSTAMP is the window's first day).
    later = tmp_path / "c.ics"
    args[2] = "2025-02-20"
    assert invoke(*args, "--remind", "14d", "--out", str(later)).exit_code == 0
    assert later.read_bytes() == first.read_bytes()
    assert b"DTSTAMP:20250101T000000Z\r\n" in later.read_bytes()


# --- filters and windows ----------------------------------------------------------------------


def test_default_window_is_today_and_90_days() -> None:
    rows = events(str(AGREEMENTS), "--today", "2025-03-01")
    dated = [r for r in rows if not r["needs_date"]]
    assert dated
    assert all("2025-03-01" <= r["last_day"] <= "2025-05-30" for r in dated)
    kalmar_pay = [r for r in dated if r["kind"] == "payment" and r["agreement"] == KALMAR]
    assert {r["last_day"] for r in kalmar_pay} == {"2025-03-31"}


def test_within() -> None:
    rows = events(str(AGREEMENTS), "--today", "2025-09-01", "--within", "30d")
    dated = [r for r in rows if not r["needs_date"]]
    assert [r["key"] for r in dated] == ["notice:2026-01-01"]
    assert dated[0]["last_day"] == "2025-09-30"
    assert dated[0]["status"] == "later"


def test_kind_filter_is_repeatable() -> None:
    rows = events(
        str(AGREEMENTS),
        "--today",
        "2024-01-01",
        "--from",
        "2019-01-01",
        "--to",
        "2027-12-31",
        "--kind",
        "notice",
        "--kind",
        "review",
    )
    assert {r["kind"] for r in rows} == {"notice", "review"}
    assert [r["last_day"] for r in rows if r["kind"] == "review"] == [
        "2019-02-15",
        "2023-03-01",
        "2023-03-31",
    ]
    assert [r["last_day"] for r in rows if r["kind"] == "notice"] == [
        "2024-09-30",
        "2025-09-30",
        "2026-09-30",
        "2027-09-30",
    ]


def test_agreement_filter() -> None:
    rows = events(
        str(AGREEMENTS),
        "--today",
        "2025-01-01",
        "--from",
        "2025",
        "--to",
        "2027",
        "--agreement",
        KALMAR,
    )
    assert {r["agreement"] for r in rows} == {KALMAR}
    assert sorted({r["last_day"] for r in rows if r["kind"] == "payment"}) == [
        "2025-03-31",
        "2026-03-31",
        "2027-03-31",
    ]
    assert not [r for r in rows if r["kind"] == "notice"]


def test_unknown_agreement_is_a_usage_error() -> None:
    result = invoke(str(AGREEMENTS), "--agreement", "no-such-agreement")
    assert result.exit_code == 2
    assert "no-such-agreement" in result.output


def test_needs_date_lists_every_undated_event_of_whole_agreements() -> None:
    rows = events(
        str(AGREEMENTS),
        "--today",
        "2025-01-01",
        "--needs-date",
        "--agreement",
        "lund-kvinnojouren-2021",
    )
    assert rows and all(r["needs_date"] and r["status"] == "needs-date" for r in rows)
    titles = {r["title"] for r in rows}
    assert "Halvårsvis uppföljningsrapport, H1 2021" in titles
    assert "Årlig uppföljningsrapport 2023" in titles  # after the agreement ended
    assert sum(1 for r in rows if r["title"].startswith("Styrgruppsmöte") and r["covers"] == "2022") == 4


def test_needs_date_and_kind_together() -> None:
    rows = events(str(AGREEMENTS), "--today", "2025-01-01", "--needs-date", "--kind", "meeting")
    assert rows and {r["kind"] for r in rows} == {"meeting"}


@pytest.mark.parametrize(
    "args",
    [
        ["--today", "2025-13-01"],
        ["--today", "tomorrow"],
        ["--from", "2025-02-30"],
        ["--within", "soon"],
        ["--from", "2025-06-01", "--to", "2025-01-01"],
        ["--kind", "party"],
        ["--format", "pdf"],
    ],
)
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    result = invoke(str(AGREEMENTS), *args)
    assert result.exit_code == 2, result.output


# --- status, records and exit codes -----------------------------------------------------------


def test_statuses_with_a_fixed_today() -> None:
    rows = events(
        str(AGREEMENTS / f"{TRELLEBORG}.yaml"),
        "--today",
        "2025-03-20",
        "--from",
        "2024-01-01",
        "--to",
        "2025-12-31",
    )
    status = {r["key"]: r["status"] for r in rows}
    assert status["report:redogorelse:2024"] == "due-soon"
    assert status["start"] == "passed"
    assert status["notice:2025-01-01"] == "passed"
    assert status["notice:2026-01-01"] == "later"
    rows = events(
        str(AGREEMENTS / f"{TRELLEBORG}.yaml"),
        "--today",
        "2025-03-20",
        "--soon",
        "5",
        "--kind",
        "report",
    )
    assert {r["key"]: r["status"] for r in rows}["report:redogorelse:2024"] == "later"


def test_records_mark_done_and_overdue_fails_only_when_asked(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path, TRELLEBORG)
    args = [
        str(folder),
        "--today",
        "2025-04-15",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--kind",
        "report",
    ]
    rows = events(*args)
    assert [(r["key"], r["status"]) for r in rows] == [("report:redogorelse:2024", "overdue")]
    assert invoke(*args, "--fail-on-overdue").exit_code == 1
    (folder / "_records").mkdir()
    (folder / "_records" / f"{TRELLEBORG}.yaml").write_text(
        f"agreement: {TRELLEBORG}\nevents:\n"
        "  - key: report:redogorelse:2024\n    done: 2025-03-25\n    note: Inkom per post\n",
        encoding="utf-8",
    )
    rows = events(*args)
    assert [(r["status"], r["done"], r["note"]) for r in rows] == [("done", "2025-03-25", "Inkom per post")]
    assert invoke(*args, "--fail-on-overdue").exit_code == 0


def test_cure_deadline_from_a_remark_in_the_records(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path, KALMAR)
    (folder / "_records").mkdir()
    (folder / "_records" / f"{KALMAR}.yaml").write_text(
        f"agreement: {KALMAR}\nremarks:\n  - date: 2025-05-07\n    by: kalmar-kommun\n",
        encoding="utf-8",
    )
    rows = events(str(folder), "--today", "2025-05-08", "--kind", "cure", "--kind", "termination")
    assert [(r["key"], r["nominal"], r["last_day"], r["remind"], r["status"]) for r in rows] == [
        ("cure:2025-05-07", "2025-06-06", "2025-06-09", "2025-06-05", "later"),
        ("termination:2025-05-07", "2025-06-10", "2025-06-10", None, "later"),
    ]


def test_kalmar_cure_and_termination_right_in_json(tmp_path: Path) -> None:
    """The issue's example: a remark of 2025-01-31, 30 days."""
    folder = copy_agreements(tmp_path, KALMAR)
    (folder / "_records").mkdir()
    (folder / "_records" / f"{KALMAR}.yaml").write_text(
        f"agreement: {KALMAR}\nremarks:\n  - date: 2025-01-31\n    by: kalmar-kommun\n",
        encoding="utf-8",
    )
    rows = events(str(folder), "--today", "2025-02-01", "--kind", "cure", "--kind", "termination")
    assert [(r["kind"], r["nominal"], r["last_day"]) for r in rows] == [
        ("cure", "2025-03-02", "2025-03-03"),
        ("termination", "2025-03-04", "2025-03-04"),
    ]


def test_records_with_errors_are_located_and_fail(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path, TRELLEBORG)
    (folder / "_records").mkdir()
    (folder / "_records" / f"{TRELLEBORG}.yaml").write_text(
        f"agreement: {TRELLEBORG}\nevents:\n"
        "  - key: report:redogorelse:2024\n    done: 2025-03-25\n"
        "  - key: report:redogorelsen:2025\n    done: 2026-03-02\n",
        encoding="utf-8",
    )
    result = invoke(
        str(folder),
        "--today",
        "2025-04-15",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "json",
    )
    assert result.exit_code == 1
    assert re.search(
        r"_records/trelleborg-kvinnojouren-soderslatt-2024\.yaml:5:\d+: error: events\[1\]\.key: "
        r"the agreement has no report 'redogorelsen'",
        result.stderr,
    ), result.stderr
    # The good entry still counts, and the calendar is still written.
    rows = json.loads(result.stdout)["events"]
    assert next(r for r in rows if r["key"] == "report:redogorelse:2024")["status"] == "done"


def test_a_bad_file_fails_but_the_others_are_listed(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path, KALMAR, TRELLEBORG)
    bad = folder / f"{KALMAR}.yaml"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("start: 2025-01-01", "start: 2025-02-30"),
        encoding="utf-8",
    )
    result = invoke(str(folder), "--today", "2025-03-01", "--format", "json")
    assert result.exit_code == 1
    assert re.search(r"kalmar-kvinnojouren-2025\.yaml:\d+:\d+: error: period\.start: ", result.stderr), result.stderr
    rows = json.loads(result.stdout)["events"]
    assert rows and {r["agreement"] for r in rows} == {TRELLEBORG}


def test_overdue_backlog_option() -> None:
    args = [str(AGREEMENTS / f"{TRELLEBORG}.yaml"), "--today", "2025-06-01", "--kind", "report"]
    assert events(*args) == []
    rows = events(*args, "--overdue")
    assert [(r["key"], r["status"]) for r in rows] == [("report:redogorelse:2024", "overdue")]


def test_no_files_is_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(str(empty), "--today", "2025-01-01", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"events": []}


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke(str(tmp_path / "nope")).exit_code == 2


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["deadlines", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example: iopctl deadlines" in result.stdout
    assert "--needs-date" in result.stdout


def test_today_defaults_to_today_in_sweden(monkeypatch: pytest.MonkeyPatch) -> None:
    import iopctl.cli.options as common

    monkeypatch.setattr(common, "today_in_stockholm", lambda: date(2025, 3, 1))
    assert events(str(AGREEMENTS)) == events(str(AGREEMENTS), "--today", "2025-03-01")


@pytest.mark.parametrize("fmt", ["json", "ics", "table"])
def test_processes_give_the_same_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str) -> None:
    import iopctl.batch.deadlines as batch

    monkeypatch.setattr(batch, "FILES_PER_TASK", 1)  # one task per file, so the pool is used
    args = [str(AGREEMENTS), "--today", "2025-01-10", "--from", "2019-01-01", "--to", "2027-12-31"]
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"{jobs}.{fmt}"
        result = invoke(*args, "--format", fmt, "--jobs", jobs, "--out", str(target))
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000
