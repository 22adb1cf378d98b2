"""A payment due a time after an obligation's event ('senast 30 dagar efter godkänd
verksamhetsberättelse'): dated from `_records/`, else *needs a date* with the reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
KALMAR = "kalmar-kvinnojouren-2025"
runner = CliRunner()

AFTER = {"per_year": 1, "after": {"obligation": "verksamhetsberattelse", "event": "approved", "days": 30}}
RECORDS = (
    f"agreement: {KALMAR}\n"
    "events:\n"
    "  - key: report:verksamhetsberattelse:2025\n"
    "    done: 2026-02-20\n"
    "    approved: 2026-03-10\n"
)


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def kalmar_with(tmp_path: Path, payments: dict[str, Any], records: str | None = RECORDS) -> Path:
    folder = tmp_path / "agreements"
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "agreements" / "_series", folder / "_series")
    text = (ROOT / "agreements" / f"{KALMAR}.yaml").read_text(encoding="utf-8")
    plan = '      payments:\n        per_year: 1\n        due: ["03-31"]\n        wording: första kvartalet\n'
    assert plan in text
    block = yaml.safe_dump({"payments": payments}, allow_unicode=True, sort_keys=False)
    text = text.replace(plan, "".join(f"      {line}\n" for line in block.splitlines()))
    (folder / f"{KALMAR}.yaml").write_text(text, encoding="utf-8")
    if records is not None:
        (folder / "_records").mkdir()
        (folder / "_records" / f"{KALMAR}.yaml").write_text(records, encoding="utf-8")
    return folder


def payments(folder: Path, *extra: str) -> list[dict[str, Any]]:
    result = invoke("funding", str(folder), "--format", "json", "--to", "2028-12-31", *extra)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["payments"]
    return rows


def test_dated_from_the_recorded_approval_else_needs_a_date_with_the_reason(tmp_path: Path) -> None:
    rows = [p for p in payments(kalmar_with(tmp_path, AFTER)) if p["payer"] == "kalmar-kommun"]
    by_year = {p["year"]: p for p in rows}
    assert by_year[2025]["due"] == "2026-04-09"  # 2026-03-10 + 30 days
    assert "needs-date" not in by_year[2025]["flags"]
    assert (
        "förfaller 30 dagar efter godkänd Verksamhetsberättelse 2025 (godkänd 2026-03-10)"
        in (by_year[2025]["basis"]["text"])
    )
    assert by_year[2026]["due"] is None and "needs-date" in by_year[2026]["flags"]
    reason = by_year[2026]["basis"]["details"]["needs_date_reason"]
    assert reason == "godkännandet av Verksamhetsberättelse 2026 är inte registrerat"
    assert f"datum saknas: {reason}" in by_year[2026]["basis"]["text"]
    assert by_year[2026]["basis"]["details"]["due_after"]["key"] == "report:verksamhetsberattelse:2026"


def test_a_payment_dated_after_the_end_is_flagged(tmp_path: Path) -> None:
    records = RECORDS + "  - key: report:verksamhetsberattelse:2027\n    done: 2028-02-01\n    approved: 2028-02-15\n"
    rows = {p["year"]: p for p in payments(kalmar_with(tmp_path, AFTER, records)) if p["payer"] == "kalmar-kommun"}
    assert rows[2027]["due"] == "2028-03-16" and "outside-period" in rows[2027]["flags"]


def test_from_receipt_and_in_months(tmp_path: Path) -> None:
    plan = {"per_year": 1, "after": {"obligation": "verksamhetsberattelse", "event": "done", "months": 1}}
    rows = {p["year"]: p for p in payments(kalmar_with(tmp_path, plan)) if p["payer"] == "kalmar-kommun"}
    assert rows[2025]["due"] == "2026-03-20"
    assert "förfaller 1 månad efter inkommen Verksamhetsberättelse 2025" in rows[2025]["basis"]["text"]


def test_deadlines_and_settlement_use_the_date(tmp_path: Path) -> None:
    folder = kalmar_with(tmp_path, AFTER)
    events = json.loads(
        invoke("deadlines", str(folder), "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json").stdout
    )["events"]
    paid = {e["key"]: e for e in events if e["kind"] == "payment"}
    assert paid["payment:ersattning:kalmar-kommun:2025:1"]["nominal"] == "2026-04-09"
    assert paid["payment:ersattning:kalmar-kommun:2026:1"]["needs_date"] is True
    settled = json.loads(invoke("funding", str(folder), "--paid", "--today", "2026-04-10", "--format", "json").stdout)[
        "settlement"
    ]["payments"]
    assert {s["key"]: s["status"] for s in settled}["payment:ersattning:kalmar-kommun:2025:1"] == "overdue"


def test_an_unknown_obligation_and_two_rules_are_refused(tmp_path: Path) -> None:
    plan = {"per_year": 1, "after": {"obligation": "slutrapport", "days": 30}}
    result = invoke("validate", str(kalmar_with(tmp_path / "a", plan, None)))
    assert result.exit_code == 1
    assert "funding.commitments[0].payments.after.obligation: obligation 'slutrapport' is not an obligation" in (
        result.output
    )
    both = {**AFTER, "due": ["03-31"]}
    result = invoke("validate", str(kalmar_with(tmp_path / "b", both, None)))
    assert result.exit_code == 1 and "give due days (or dates) or after, not both" in result.output


@pytest.mark.parametrize("event", ["approved", "done"])
def test_not_recorded_at_all_needs_a_date(tmp_path: Path, event: str) -> None:
    plan = {"per_year": 1, "after": {"obligation": "verksamhetsberattelse", "event": event, "days": 30}}
    rows = payments(kalmar_with(tmp_path, plan, None))
    assert rows and all(p["due"] is None and "needs-date" in p["flags"] for p in rows)


def test_the_draft_says_the_rule_in_the_texts_words(tmp_path: Path) -> None:
    """No wording given: the draft says 'senast 30 dagar efter godkänd …', never a count or a date."""
    folder = kalmar_with(tmp_path, AFTER)
    out = tmp_path / "out"
    result = invoke("render", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    draft = (out / f"{KALMAR}.md").read_text(encoding="utf-8")
    assert "Beloppet betalas ut senast 30 dagar efter godkänd verksamhetsberättelse." in draft
    assert "vid ett tillfälle" not in draft and "2026-04-09" not in draft
    done = {"per_year": 1, "after": {"obligation": "verksamhetsberattelse", "event": "done", "months": 1}}
    assert invoke("render", str(kalmar_with(tmp_path / "done", done)), "--out", str(out)).exit_code == 0
    draft = (out / f"{KALMAR}.md").read_text(encoding="utf-8")
    assert "Beloppet betalas ut senast en månad efter inkommen verksamhetsberättelse." in draft
