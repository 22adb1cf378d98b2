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
    out = invoke(*args, columns="140").stdout
    assert widest(out) <= 140
    assert "trelleborg-kvinnojouren-soderslatt-2024" in out and "Utelämnade kolumner" in out
    # Narrower than the columns never dropped (id, event, date, last day, status) take at their
    # least: the table is as wide as they need, the terminal wraps; no column is squeezed out.
    narrow = invoke(*args, columns="80").stdout
    assert "Status" in narrow and "datum saknas" in narrow and 80 < widest(narrow) <= 130
    wide = invoke(*args, "--wide").stdout
    for heading in ("Typ", "Sista dag", "Påminnelse", "Avser", "Ansvarig", "Status"):
        assert heading in wide
    assert "Utelämnade" not in wide


def test_keys_are_whole_in_a_narrow_terminal() -> None:
    """`deadlines --keys` is for copying a key into `iopctl record`: at 80 columns each key is
    printed whole on one line, beside its agreement and date."""
    import json

    args = [
        "deadlines",
        str(AGREEMENTS / "kalmar-kvinnojouren-2025.yaml"),
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    ]
    keys = [e["key"] for e in json.loads(invoke(*args, "--format", "json").stdout)["events"]]
    longest = max(keys, key=len)
    assert len(longest) > 40
    out = invoke(*args, "--keys", columns="80").stdout
    lines = out.splitlines()
    for key in keys:
        assert any(line.rstrip().endswith(" " + key) for line in lines), key
    assert "Nyckel" in lines[0] and "Status" in lines[0]
