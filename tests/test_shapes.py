"""Money shapes beyond the five agreements (issue 14): one small agreement file per shape in
tests/shapes/, each with the funding a treasurer computes by hand, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.load.read import validate_text
from iopctl.model.agreement import Agreement

SHAPES = Path(__file__).resolve().parent / "shapes"
runner = CliRunner()
D = Decimal


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def funding_json(name: str, *more: str) -> dict[str, Any]:
    result = run("funding", str(SHAPES / name), "--format", "json", *more)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.mark.parametrize("path", sorted(SHAPES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shape_validates_without_errors(path: Path) -> None:
    result = run("validate", str(path), "--format", "json")
    data = json.loads(result.output)
    errors = [f for f in data["findings"] if f["severity"] == "error"] if "findings" in data else []
    assert not errors, errors


# --- 1. unknown amounts ('fastställs senare') -------------------------------------------------

UNKNOWN = "belopp-faststalls-senare.yaml"
RANGE = ("--from", "2025-01-01", "--to", "2026-12-31")


def test_unknown_amount_is_null_with_its_reason_never_zero() -> None:
    data = funding_json(UNKNOWN, *RANGE)
    rows = [(p["year"], p["due"], p["amount"], p["flags"]) for p in data["payments"]]
    # by hand: 100 000 kr in two equal instalments for 2025; 2026 not stated
    assert rows == [
        (2025, "2025-03-31", "50000.00", []),
        (2025, "2025-09-30", "50000.00", []),
        (2026, "2026-03-31", None, ["amount-unknown"]),
        (2026, "2026-09-30", None, ["amount-unknown"]),
    ]
    assert {p["basis"]["details"].get("amount_note") for p in data["payments"][2:]} == {"fastställs senare"}
    assert "belopp ej fastställt" in data["payments"][2]["basis"]["text"]


def test_totals_with_an_unknown_amount_say_they_are_incomplete() -> None:
    data = funding_json(UNKNOWN, *RANGE, "--by", "year")
    by_year = {t["year"]: (t["amount"], t["complete"]) for t in data["totals"]}
    assert by_year == {2025: ("100000.00", True), 2026: (None, False)}
    assert data["total"] == "100000.00"
    assert data["total_complete"] is False


def test_unknown_amount_in_the_table_and_csv() -> None:
    table = run("funding", str(SHAPES / UNKNOWN), *RANGE, "--by", "year").output.replace("\u00a0", " ")
    assert "belopp ej fastställt" in table
    assert "Totalt 100 000 kr (ofullständigt" in table
    assert "0 kr" not in table.replace("100 000 kr", "")
    text = run("funding", str(SHAPES / UNKNOWN), *RANGE, "--format", "csv").output.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[6] for r in rows[1:]] == ["50000,00", "50000,00", "belopp ej fastställt", "belopp ej fastställt"]


def test_unknown_amount_in_the_calendar() -> None:
    result = run("deadlines", str(SHAPES / UNKNOWN), *RANGE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    events = data["events"] if isinstance(data, dict) else data
    pay = [e for e in events if e["key"].startswith("payment:bidrag:sof:2026")]
    assert len(pay) == 2 and all(e["amount"] is None for e in pay)
    assert all("belopp ej fastställt" in e["title"] for e in pay)


def test_unknown_amount_in_the_draft(tmp_path: Path) -> None:
    result = run("render", str(SHAPES / UNKNOWN), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    draft = (tmp_path / "belopp-faststalls-senare.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "belopp ej fastställt" in draft
    assert "| 2025 | Socialförvaltningen | 100 000 kronor |" in draft
    assert "| 2026 | Socialförvaltningen | belopp ännu inte känt |" in draft
    assert " 0 kronor" not in draft


BASE = UNKNOWN_TEXT = (SHAPES / UNKNOWN).read_text(encoding="utf-8")


def test_null_amount_without_a_reason_is_refused_with_its_line() -> None:
    text = BASE.replace("          amount_note: fastställs senare\n", "")
    problems = validate_text(text, "x.yaml", Agreement).problems
    errors = [p for p in problems if p.severity == "error"]
    assert errors and "amount_note" in errors[0].message
    assert (errors[0].line, errors[0].col) == (32, 11)  # the unknown line's "amount: null"


def test_a_reason_beside_a_stated_amount_is_refused() -> None:
    text = BASE.replace('amount: "100000"', 'amount: "100000"\n          amount_note: fastställs senare')
    problems = validate_text(text, "x.yaml", Agreement).problems
    assert any(p.severity == "error" and "amount_note" in p.message for p in problems)


def test_zero_is_still_refused() -> None:
    text = BASE.replace('amount: "100000"', 'amount: "0"')
    problems = validate_text(text, "x.yaml", Agreement).problems
    assert any(p.severity == "error" for p in problems)


# --- 3. budget year vs payment date ------------------------------------------------------------

QUARTERS = "kvartal-31-december.yaml"


def test_a_31_december_instalment_stays_in_its_budget_year() -> None:
    data = funding_json(QUARTERS, "--from", "2025-01-01", "--to", "2026-12-31", "--by", "year")
    # by hand: 100 000 kr a year in four equal parts of 25 000 kr; the budget year is the year
    # the money is for, whatever day the calendar's date rules move the 31 December one to
    by_year = {t["year"]: (t["amount"], t["payments"]) for t in data["totals"]}
    assert by_year == {2025: ("100000.00", 4), 2026: ("100000.00", 4)}
    dec = [p for p in data["payments"] if p["due"] == "2025-12-31"]
    assert len(dec) == 1 and dec[0]["year"] == 2025 and dec[0]["amount"] == "25000.00"


def test_a_payment_due_after_the_agreement_ends_is_flagged() -> None:
    data = funding_json(QUARTERS, "--from", "2025-01-01", "--to", "2026-12-31")
    flagged = {p["due"] for p in data["payments"] if "outside-period" in p["flags"]}
    # the agreement ends 2026-06-30: the 2026 instalments of 30 September and 31 December
    assert flagged == {"2026-09-30", "2026-12-31"}
    table = run("funding", str(SHAPES / QUARTERS), "--from", "2025", "--to", "2026").output
    assert "utanför avtalstiden" in table
