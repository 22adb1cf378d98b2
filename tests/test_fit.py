"""Tables that fit a terminal: whole ids and amounts, dropped columns named, --wide for all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.report.fit import DEFAULT_WIDTH, fit_columns

AGREEMENTS = Path(__file__).resolve().parent.parent / "agreements"
runner = CliRunner()


def invoke(*args: str, columns: str | None = None) -> Any:
    env = {"COLUMNS": columns} if columns is not None else {"COLUMNS": ""}
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_fit_columns_drops_least_important_first() -> None:
    headers = ["Id", "Text", "Extra", "Belopp"]
    rows = [["kalmar-kvinnojouren-2025", "ett två tre fyra fem sex", "x" * 30, "1 000 000"]]
    keep, dropped, needs = fit_columns(headers, rows, 60, drop_order=["Extra"], foldable=["Text"])
    assert keep == [0, 1, 3] and dropped == ["Extra"]
    assert needs[0] == len("kalmar-kvinnojouren-2025") and needs[3] == len("1 000 000")
    assert fit_columns(headers, rows, None, drop_order=["Extra"], foldable=[])[:2] == ([0, 1, 2, 3], [])


def test_funding_table_fits_80_columns_without_breaking_ids_or_amounts() -> None:
    out = invoke("funding", str(AGREEMENTS), "--from", "2025", "--to", "2025", columns="80").stdout
    assert widest(out) <= 80
    assert "kalmar-kvinnojouren-2025" in out and "1\xa0000\xa0000" in out and "105\xa0606" in out
    assert "Utelämnade kolumner: Underlag" in out and "--wide visar alla" in out
    boxed = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert boxed and all(line.rstrip()[-1] in "┓┃┩│┘" for line in boxed)  # no right edge cropped
    wide = invoke("funding", str(AGREEMENTS), "--from", "2025", "--to", "2025", "--wide").stdout
    assert "Underlag" in wide and "Utelämnade" not in wide and widest(wide) > 120


def test_piped_default_width_is_sane() -> None:
    out = invoke("funding", str(AGREEMENTS), "--from", "2025", "--to", "2025").stdout
    assert widest(out) <= DEFAULT_WIDTH


def test_budget_first_with_by_payer() -> None:
    out = invoke("funding", str(AGREEMENTS), "--from", "2025", "--to", "2025", "--by", "payer").stdout
    assert out.index("Budget per betalare och år") < out.index("Utbetalningar")
    plain = invoke("funding", str(AGREEMENTS), "--from", "2025", "--to", "2025").stdout
    assert plain.index("Utbetalningar") < plain.index("Summa per avtal och år")


def test_deadlines_table_fits_and_wide_shows_all() -> None:
    args = ["deadlines", str(AGREEMENTS), "--today", "2025-03-01", "--within", "45d"]
    out = invoke(*args, columns="110").stdout
    assert widest(out) <= 110
    assert "trelleborg-kvinnojouren-soderslatt-2024" in out and "Utelämnade kolumner" in out
    wide = invoke(*args, "--wide").stdout
    for heading in ("Typ", "Sista dag", "Påminnelse", "Avser", "Ansvarig", "Status"):
        assert heading in wide
    assert "Utelämnade" not in wide
