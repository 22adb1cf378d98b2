"""Every command refuses what validate refuses, and the model's and the options' bounds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.glob("*/*.yaml") if not p.name.startswith("_"))
runner = CliRunner()
_LOCATED = re.compile(r"(?P<file>.+?\.yaml):(?P<line>\d+):(?P<col>\d+): error: (?P<rest>.*)")


def _error_lines(args: list[str]) -> tuple[int, set[str]]:
    result = runner.invoke(app, args, catch_exceptions=False)
    found = set()
    for line in result.output.splitlines():
        m = _LOCATED.fullmatch(line)
        if m is not None:
            found.add(f"{m['file']}:{m['line']}:{m['col']}: {m['rest']}")
    return result.exit_code, found


def _refused_by_validate() -> set[str]:
    return {str(p) for p in CASES if p.with_suffix(".expected").read_text().startswith("1")}


@pytest.mark.parametrize(
    "command",
    [
        ["deadlines", "--today", "2025-01-01", "--from", "2024", "--to", "2028"],
        ["funding", "--from", "2024", "--to", "2028"],
    ],
    ids=["deadlines", "funding"],
)
def test_every_command_refuses_what_validate_refuses(command: list[str]) -> None:
    code, lines = _error_lines([command[0], str(CORPUS), *command[1:]])
    _, validate_lines = _error_lines(["validate", str(CORPUS)])
    assert code == 1
    refused = {line.split(":", 1)[0] for line in lines}
    # a batch-wide rule (one id in two files) is validate's alone; every other error is the same
    assert refused == _refused_by_validate()
    where = {line.split(": ", 1)[0] for line in lines}  # file:line:col (the fast read words a
    assert where <= {line.split(": ", 1)[0] for line in validate_lines}  # duplicate key shorter)


def test_shares_that_do_not_add_up_give_no_calendar() -> None:
    case = CORPUS / "schema" / "schema-shares-not-one.yaml"
    result = runner.invoke(app, ["deadlines", str(case), "--today", "2025-01-01"])
    assert result.exit_code == 1
    assert f"{case}:32:7: error: funding.commitments[0].payers: payer shares add up" in result.output
    assert "Utbetalning" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadlines", "--today", "9999-12-31"], "--today: 9999-12-31 is outside the years"),
        (["deadlines", "--today", "0001-01-01"], "--today: 0001-01-01 is outside the years"),
        (["deadlines", "--from", "0001", "--to", "9999"], "--from: 0001 is outside the years"),
        (["deadlines", "--within", "9999m"], "'9999m' is longer than 100 years"),
        (["deadlines", "--soon", "99999999999999999999"], "less than or equal to 36525"),
        (["deadlines", "--from", "2025", "--to", "2199"], "longer than 100 years"),
        (["funding", "--today", "9999-12-31"], "--today: 9999-12-31 is outside the years"),
        (["funding", "--to", "9999"], "--to: 9999 is outside the years"),
        (["funding", "--today", "2025-01-01", "--to", "2199"], "longer than 100 years"),
    ],
)
def test_extreme_options_are_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()).replace("│", "").replace("  ", " ")


def test_the_last_years_work_past_the_reference_calendar() -> None:
    # 2101 was outside the holiday calendar and crashed; a renewal is shifted by today's law
    result = runner.invoke(app, ["deadlines", "--today", "2100-06-01", "--to", "2101"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "händelser 2100-06-01–2101-12-31" in result.output


def test_an_empty_population_series_renders_the_amount_as_not_yet_known(tmp_path: Path) -> None:
    # it made render blame the template ("a template printed a missing value (None)")
    import shutil

    folder = tmp_path / "agreements"
    shutil.copytree(Path(__file__).parent.parent / "agreements", folder)
    series = folder / "_series" / "trelleborg-befolkning.yaml"
    text = series.read_text(encoding="utf-8")
    series.write_text(text[: text.index("values:")] + "values: []\n", encoding="utf-8")
    case = folder / "trelleborg-kvinnojouren-soderslatt-2024.yaml"
    result = runner.invoke(app, ["render", str(case), "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "trelleborg-kvinnojouren-soderslatt-2024.md").read_text("utf-8")
    # the draft states the text's rule, never a computed (here: unknowable) figure
    assert "2,25 kronor per invånare" in text.replace("\n", " ").replace("\u00a0", " ")
    assert "None" not in text
