"""`iopctl validate` through the real entry point: formats, exit codes, strictness, batches."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
KALMAR = ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_shipped_agreements_validate() -> None:
    code, out = invoke(str(ROOT / "agreements"))
    assert code == 0, out
    assert re.search(r"^5 agreements and 6 data files checked: 0 errors, \d+ warnings", out, re.M), out
    assert "Traceback" not in out


def test_strict_fails_on_warnings() -> None:
    code, out = invoke(str(KALMAR), "--strict")
    assert code == 1
    assert "warning:" in out


def test_json_output_parses() -> None:
    code, out = invoke(str(KALMAR), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["ok"] is True
    assert data["files"][0]["id"] == "kalmar-kvinnojouren-2025"
    assert data["totals"]["files"] == 1
    assert {"file", "line", "col", "path", "severity", "rule", "message"} <= set(data["files"][0]["problems"][0])


def test_github_annotations(tmp_path: Path) -> None:
    bad = tmp_path / "kalmar-kvinnojouren-2025.yaml"
    bad.write_text(
        KALMAR.read_text(encoding="utf-8").replace("amount: 1000000", "amount: 1000000.005"), encoding="utf-8"
    )
    code, out = invoke(str(bad), "--format", "github")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("::")]
    assert lines
    for line in lines:
        assert re.fullmatch(r"::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::.+", line), line
    assert any(line.startswith("::error ") and "more than two decimals" in line for line in lines)


def test_infos_only_with_show_info() -> None:
    _, out = invoke(str(KALMAR))
    assert " info: " not in out
    _, out = invoke(str(KALMAR), "--show", "info")
    assert " info: " in out


def test_id_must_match_file_name(tmp_path: Path) -> None:
    other = tmp_path / "another-name.yaml"
    other.write_text(KALMAR.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = invoke(str(other))
    assert code == 1
    assert re.search(
        r"another-name\.yaml:3:1: error: id: id 'kalmar-kvinnojouren-2025' must equal the file name", out
    ), out


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (tmp_path / "kalmar-kvinnojouren-2025.yaml").write_text(KALMAR.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = invoke(str(tmp_path), "--templates", str(ROOT / "templates"))
    assert code == 1
    assert "broken.yaml:2:1: error:" in out
    assert re.search(r"^ok +.*kalmar-kvinnojouren-2025\.yaml", out, re.M), out


def test_data_folders_are_not_agreements() -> None:
    from iopctl.load.read import iter_agreement_files

    files = list(iter_agreement_files([ROOT / "agreements"]))
    assert files and all(not p.name.startswith("_") and "_series" not in p.parts for p in files)


def test_broken_series_and_records_files_fail_validate(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements", folder)
    (folder / "_series" / "pkv.yaml").write_text(
        (folder / "_series" / "pkv.yaml").read_text(encoding="utf-8").replace('percent: "2.4"', 'percent: "2,4"'),
        encoding="utf-8",
    )
    (folder / "_records" / "kalmar-kvinnojouren-2025.yaml").write_text(
        "agreement: kalmar-kvinnojouren-2025\nevents:\n  - key: report:nonexistent:2025\n    done: 2026-01-10\n",
        encoding="utf-8",
    )
    code, out = invoke(str(folder), "--templates", str(ROOT / "templates"))
    assert code == 1
    assert re.search(r"_series/pkv\.yaml:\d+:\d+: error: values\[0\]\.percent: '2,4' is not a percentage", out), out
    assert re.search(r"_records/kalmar-kvinnojouren-2025\.yaml:3:\d+: error: .*nonexistent", out), out


def test_a_misspelt_kind_in_the_policy_file_is_an_error_with_its_place(tmp_path: Path) -> None:
    """`date_policy` keys are event kinds: a typo is not a rule that silently never applies."""
    (tmp_path / KALMAR.name).write_text(KALMAR.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "_policy.yaml").write_text("date_policy:\n  report: next\n  reprot: next\n", encoding="utf-8")
    code, out = invoke(str(tmp_path))
    assert code == 1
    expected = (
        f"{tmp_path / '_policy.yaml'}:3:3: error: date_policy.reprot: must be one of 'start', 'amendment',"
        " 'review', 'reminder', 'notice', 'report', 'plan', 'invoice', 'payment', 'meeting', 'follow_up_meeting',"
        " 'information_meeting', 'training', 'other', 'cure', 'termination' or 'end' [schema]"
    )
    assert expected in out.splitlines(), out


def _many_under_a_broken_policy(tmp_path: Path, n: int) -> Path:
    text = KALMAR.read_text(encoding="utf-8")
    for i in range(n):
        (tmp_path / f"kalmar-{i}.yaml").write_text(
            text.replace("id: kalmar-kvinnojouren-2025", f"id: kalmar-{i}", 1), encoding="utf-8"
        )
    (tmp_path / "_policy.yaml").write_text("date_policy:\n  report: sideways\n", encoding="utf-8")
    return tmp_path


def test_a_broken_policy_is_one_error_of_its_own_file(tmp_path: Path) -> None:
    """One `_policy.yaml` governs many agreements: its problem is reported once, for it, in
    every command, and fails validate; the agreements are checked against the defaults."""
    folder = _many_under_a_broken_policy(tmp_path, 60)
    code, out = invoke(str(folder))
    assert code == 1
    assert out.count("must be one of 'previous', 'next' or 'none'") == 1
    assert re.search(r"^FAIL .*_policy\.yaml \(policy\)$", out, re.M), out
    assert "60 agreements and 1 data file checked: 1 errors" in out
    assert not re.search(r"^FAIL .*kalmar-", out, re.M)
    dl = runner.invoke(
        app,
        ["deadlines", str(folder), "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json", "--jobs", "1"],
        catch_exceptions=False,
    )
    assert dl.exit_code == 1
    assert dl.output.count("must be one of") == 1  # 60 files, two batches of work, one message
