"""`iopctl funding` through the app: every format and view, bad files, ranges, the 2025 budget."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_schedule import LUND_IM, LUND_IM_PERIOD, TRELLEBORG, TRELLEBORG_PERIOD
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
KALMAR = AGREEMENTS / "kalmar-kvinnojouren-2025.yaml"
runner = CliRunner()
D = Decimal


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["funding", *args], catch_exceptions=False)


def fixture_file(folder: Path, agreement_id: str, funding: dict[str, Any], period: dict[str, Any]) -> Path:
    """Write a minimal valid agreement as YAML (every scalar as text, like a hand-written file)."""
    data = {
        "schema_version": "1",
        "id": agreement_id,
        "template": "numbered",
        "parties": [
            {
                "id": "kommun",
                "kind": "public",
                "name": "Exempla kommun",
                "units": [{"id": "sof", "name": "Socialförvaltningen"}],
            },
            {"id": "jouren", "kind": "non_profit", "name": "Kvinnojouren Exempla"},
        ],
        "period": period,
        "funding": funding,
        "document": {"title": "Överenskommelse"},
    }
    path = folder / f"{agreement_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with Kalmar, a per-capita agreement and a half-year one, and the shipped series."""
    shutil.copytree(AGREEMENTS / "_series", tmp_path / "_series")
    shutil.copy(KALMAR, tmp_path / KALMAR.name)
    fixture_file(tmp_path, "trelleborg-test", TRELLEBORG, TRELLEBORG_PERIOD)
    fixture_file(tmp_path, "lund-im-test", LUND_IM, LUND_IM_PERIOD)
    return tmp_path


def test_json_has_the_documented_shape() -> None:
    result = invoke(str(KALMAR), "--format", "json", "--today", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data["payments"][0])[:9] == [
        "agreement",
        "payer",
        "payee",
        "year",
        "period",
        "due",
        "amount",
        "basis",
        "flags",
    ]
    first = data["payments"][0]
    assert first["agreement"] == "kalmar-kvinnojouren-2025"
    assert (first["payer"], first["payee"], first["year"], first["period"]) == (
        "kalmar-kommun",
        "kvinnojouren-kalmar",
        2025,
        "2025",
    )
    assert (first["due"], first["amount"], first["flags"]) == ("2025-03-31", "1000000.00", [])
    assert first["key"] == "payment:ersattning:kalmar-kommun:2025:1"
    assert first["split"] == [
        {
            "payer": "kalmar-klk",
            "payer_name": "Kalmar kommun, Kommunledningskontoret",
            "share": "0.5",
            "amount": "500000.00",
        },
        {
            "payer": "kalmar-sof",
            "payer_name": "Kalmar kommun, Socialförvaltningen",
            "share": "0.5",
            "amount": "500000.00",
        },
    ]
    assert first["basis"]["kind"] == "split" and first["basis"]["details"]["year_amount"] == "1000000.00"
    assert first["attachments"] == ["verksamhetsberättelse", "verksamhetsplan", "årsredovisning"]
    assert len(data["payments"]) == 3
    assert data["totals"] == [
        {
            "agreement": "kalmar-kvinnojouren-2025",
            "year": y,
            "amount": "1000000.00",
            "payments": 1,  # one payment from Kalmar kommun, split in the budget only
            "flags": [],
            "complete": True,
        }
        for y in (2025, 2026, 2027)
    ]
    assert data["total"] == "3000000.00"
    assert data["total_complete"] is True
    assert [k["id"] for k in data["in_kind"]] == ["personal-och-volontarer", "natverk"]
    assert data["in_kind"][0]["value_per_year"] is None


def test_json_undated_due_is_null_and_flags_listed(folder: Path) -> None:
    result = invoke(str(folder / "lund-im-test.yaml"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    (p,) = json.loads(result.stdout)["payments"]
    assert (p["due"], p["amount"], p["period"], p["flags"]) == (
        None,
        "58000.00",
        "2019-H1",
        ["needs-date"],
    )


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A 250-column terminal for rich, so cells are not folded in the middle of an amount."""
    from iopctl.report.console import console

    monkeypatch.setenv("COLUMNS", "250")
    console.cache_clear()
    yield
    console.cache_clear()


def test_table_has_swedish_headings_and_amounts(wide: Any) -> None:
    result = invoke(str(KALMAR), "--today", "2025-06-01")
    assert result.exit_code == 0
    out = result.stdout
    for heading in (
        "Utbetalningar",
        "Avtal",
        "År",
        "Period",
        "Belopp",
        "Summa per avtal och år",
        "Insatser i annan form",
    ):
        assert heading in out
    assert "1\u00a0000\u00a0000" in out  # iopctl.swedish.format: no-break space grouping, whole kronor
    assert "1\u00a0000\u00a0000" in out


@pytest.mark.parametrize(("by", "title"), [("payer", "Budget per betalare och år"), ("year", "Summa per år")])
def test_table_views(by: str, title: str) -> None:
    result = invoke(str(KALMAR), "--by", by, "--from", "2025", "--to", "2025")
    assert result.exit_code == 0
    assert title in result.stdout


def test_csv_for_swedish_excel() -> None:
    result = runner.invoke(app, ["funding", str(KALMAR), "--format", "csv"], catch_exceptions=False)
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())  # UTF-8 BOM so Excel reads å, ä, ö
    text = raw.decode("utf-8")[1:]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == [
        "Avtal",
        "Betalare",
        "Mottagare",
        "År",
        "Period",
        "Förfallodag",
        "Belopp",
        "Underlag",
        "Anmärkningar",
    ]
    assert rows[1][:7] == [
        "kalmar-kvinnojouren-2025",
        "Kalmar kommun",
        "Kvinnojouren & Ungdomsjouren Kalmar",
        "2025",
        "2025",
        "2025-03-31",
        "1000000,00",
    ]
    assert len(rows) == 4


def test_csv_budget_by_payer_and_by_year() -> None:
    result = invoke(str(KALMAR), "-f", "csv", "--by", "payer", "--from", "2026", "--to", "2026")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows == [
        ["Betalare", "År", "Belopp", "Antal betalningar", "Anmärkningar"],
        ["Kalmar kommun, Kommunledningskontoret", "2026", "500000,00", "1", ""],
        ["Kalmar kommun, Socialförvaltningen", "2026", "500000,00", "1", ""],
    ]
    result = invoke(str(KALMAR), "-f", "csv", "--by", "year")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[1:] == [[str(y), "1000000,00", "1", ""] for y in (2025, 2026, 2027)]


def test_json_by_payer_totals(folder: Path) -> None:
    result = invoke(str(folder), "-f", "json", "--by", "payer", "--from", "2024", "--to", "2024")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["totals"] == [
        {
            "payer": "kommun",
            "payer_name": "Exempla kommun",
            "year": 2024,
            "amount": "105606.00",
            "payments": 1,
            "flags": ["needs-date", "population-unverified"],
            "complete": True,
        }
    ]


def test_open_ended_runs_to_end_of_next_year_from_today(folder: Path) -> None:
    path = str(folder / "trelleborg-test.yaml")
    years = [p["year"] for p in json.loads(invoke(path, "-f", "json", "--today", "2025-05-20").stdout)["payments"]]
    assert years == [2024, 2025, 2026]
    years = [p["year"] for p in json.loads(invoke(path, "-f", "json", "--to", "2028-06-30").stdout)["payments"]]
    assert years == [2024, 2025, 2026, 2027, 2028]


def test_from_to_dates_filter_by_due_date() -> None:
    data = json.loads(invoke(str(KALMAR), "-f", "json", "--from", "2026-04-01", "--to", "2027-03-31").stdout)
    assert [(p["payer"], p["due"]) for p in data["payments"]] == [
        ("kalmar-kommun", "2027-03-31"),
    ]


def test_bad_file_reported_and_skipped_rest_computed(folder: Path) -> None:
    bad = folder / "trasig.yaml"
    bad.write_text(
        KALMAR.read_text(encoding="utf-8")
        .replace("id: kalmar-kvinnojouren-2025", "id: trasig")
        .replace("amount: 1000000", "amount: 1 000 000"),
        encoding="utf-8",
    )
    result = invoke(str(folder), "-f", "json", "--today", "2025-01-01")
    assert result.exit_code == 1
    assert f"{bad}:" in result.stderr and "not an amount in kronor" in result.stderr
    line = bad.read_text(encoding="utf-8").splitlines().index("          amount: 1 000 000") + 1
    assert f"{bad}:{line}:11: error: " in result.stderr
    agreements = {p["agreement"] for p in json.loads(result.stdout)["payments"]}
    assert agreements == {"kalmar-kvinnojouren-2025", "trelleborg-test", "lund-im-test"}


def test_rule_errors_skip_the_file(folder: Path) -> None:
    shares = {"commitments": [{**LUND_IM["commitments"][0], "payers": [{"payer": "sof", "share": "1/2"}]}]}
    fixture_file(folder, "halva", shares, LUND_IM_PERIOD)
    result = invoke(str(folder), "-f", "json", "--today", "2025-01-01")
    assert result.exit_code == 1
    assert "halva.yaml" in result.stderr and "[shares-add-up]" in result.stderr
    assert "halva" not in {p["agreement"] for p in json.loads(result.stdout)["payments"]}


def test_usage_errors() -> None:
    result = runner.invoke(app, ["funding", str(KALMAR), "--from", "2026", "--to", "2025"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["funding", str(KALMAR), "--from", "next year"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["funding", str(KALMAR), "--by", "colour"])
    assert result.exit_code == 2


def test_help_has_an_example_and_documents_csv() -> None:
    result = runner.invoke(app, ["funding", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example: iopctl funding" in result.stdout
    assert "decimal comma" in result.stdout and "BOM" in result.stdout


def test_budget_2025_across_shipped_agreements_by_hand() -> None:
    """The 2025 budget view, computed by hand from the agreement texts and the series files.

    Kalmar: 1 000 000 kr a year shared equally by two payers:
        Kommunledningskontoret 1 000 000 × 1/2 = 500 000.00
        Socialförvaltningen    1 000 000 − 500 000 = 500 000.00 (the remainder)
    Trelleborg: 2.25 kr × the population at 2024-12-31, which is not in the series yet, so the
        latest known figure (46 936 at 2023-12-31, unverified) stands in, unindexed because
        PKV 2025 is not known: 2.25 × 46 936 = 105 606.00, flagged pending.
    Lund (Kvinnojouren 2021–2023, IM 2019, Vänskapens hus 2021–2023): nothing in 2025.
    Total: 500 000.00 + 500 000.00 + 105 606.00 = 1 105 606.00
    """
    args = [
        str(AGREEMENTS),
        "--from",
        "2025",
        "--to",
        "2025",
        "--by",
        "payer",
        "--today",
        "2025-01-15",
    ]
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    budget = {(t["payer"], t["year"]): (t["amount"], t["flags"]) for t in data["totals"]}
    assert budget == {
        ("kalmar-klk", 2025): ("500000.00", []),
        ("kalmar-sof", 2025): ("500000.00", []),
        ("trelleborgs-kommun", 2025): (
            "105606.00",
            ["needs-date", "index-pending", "population-pending", "population-unverified"],
        ),
    }
    assert data["total"] == "1105606.00"
    assert sum(D(p["amount"]) for p in data["payments"]) == D("1105606.00")
    rows = list(
        csv.reader(
            io.StringIO(invoke(*args, "-f", "csv").stdout.lstrip("\ufeff"), newline=""),
            delimiter=";",
        )
    )
    assert [r[2] for r in rows[1:]] == ["500000,00", "500000,00", "105606,00"]
    # the CSV says the flags in Swedish, as the table does (JSON above keeps the ids)
    assert [r[4] for r in rows[1:]] == [
        "",
        "",
        "datum saknas, index saknas, folkmängd saknas, folkmängd ej verifierad",
    ]
    payments = invoke(*args[:5], "--today", "2025-01-15", "-f", "csv").stdout  # --by agreement
    rows = list(csv.reader(io.StringIO(payments.lstrip("\ufeff"), newline=""), delimiter=";"))
    trelleborg = next(r for r in rows if r[0] == "trelleborg-kvinnojouren-soderslatt-2024")
    assert trelleborg[7].startswith("2,25\u00a0kr × 46\u00a0936 invånare den 31 december 2023")
    assert trelleborg[8] == "datum saknas, index saknas, folkmängd saknas, folkmängd ej verifierad"


def test_csv_cells_cannot_become_formulas(tmp_path: Path) -> None:
    shutil.copytree(AGREEMENTS / "_series", tmp_path / "_series")
    path = fixture_file(tmp_path, "formel", LUND_IM, LUND_IM_PERIOD)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Kvinnojouren Exempla", "=HYPERLINK(1)"),
        encoding="utf-8",
    )
    result = invoke(str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_bad_series_file_is_reported_and_its_values_pending(folder: Path) -> None:
    pkv = folder / "_series" / "pkv.yaml"
    pkv.write_text(
        pkv.read_text(encoding="utf-8").replace('percent: "2.4"', 'percent: "2,4"'),
        encoding="utf-8",
    )
    result = invoke(str(folder / "trelleborg-test.yaml"), "-f", "json", "--to", "2025")
    assert result.exit_code == 1
    assert f"{pkv}:" in result.stderr and "values[0].percent" in result.stderr and "[series]" in result.stderr
    flags = [p["flags"] for p in json.loads(result.stdout)["payments"]]
    assert "index-pending" in flags[1]
