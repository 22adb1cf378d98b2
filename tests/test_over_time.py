"""Agreements over time: new, renew, amendments (tilläggsavtal) and diff, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.load.read import read_agreement
from iopctl.model.amendments import consolidated

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "amendments" / "exempel-2020.yaml"
runner = CliRunner(env={"COLUMNS": "240"})


class Result:
    """The CLI's result with the non-breaking spaces of Swedish amounts made plain."""

    def __init__(self, result: Any) -> None:
        self.exit_code: int = result.exit_code
        self.stdout: str = result.stdout.replace("\xa0", " ")
        self.output: str = result.output.replace("\xa0", " ")


def invoke(*args: str, input: str | None = None) -> Result:
    return Result(runner.invoke(app, list(args), catch_exceptions=False, input=input))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "agreements", tmp_path / "agreements")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "agreements"


def without_amendments(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    before = tmp_path / "before" / "exempel-2020.yaml"
    before.parent.mkdir()
    before.write_text(text[: text.index("amendments:")], encoding="utf-8")
    return before


# --- amendments --------------------------------------------------------------------------------


def test_consolidation_applies_each_amendment_from_its_date() -> None:
    base = read_agreement(EXAMPLE, consolidate=False).agreement
    assert [c.id for c in base.funding.commitments] == ["ersattning"]
    assert [c.id for c in consolidated(base, date(2020, 4, 13)).funding.commitments] == ["ersattning"]
    after = consolidated(base, date(2020, 4, 14))
    assert [c.id for c in after.funding.commitments] == ["ersattning", "tillagg-2020"]
    assert after.amendments == base.amendments  # the history stays
    assert read_agreement(EXAMPLE).agreement == consolidated(base)


def test_funding_year_total_is_base_plus_amendment() -> None:
    result = invoke("funding", str(EXAMPLE), "--by", "year", "--format", "json")
    assert result.exit_code == 0, result.output
    totals = json.loads(result.stdout)["totals"]
    assert [(t["year"], t["amount"]) for t in totals] == [(2020, "625000.00")]


def test_deadlines_show_the_amendment_date() -> None:
    result = invoke(
        "deadlines",
        str(EXAMPLE),
        "--from",
        "2020",
        "--to",
        "2020",
        "--today",
        "2020-01-01",
        "--kind",
        "amendment",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)["events"]
    assert [(e["key"], e["nominal"], e["last_day"]) for e in events] == [("amendment:1", "2020-04-14", "2020-04-14")]
    assert "Socialnämnden 2020-04-14 § 45" in events[0]["description"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "path: funding.commitments\n",
            "path: funding.commitment\n",
            "amendments[0].changes: amendment 1 (tilläggsavtal nr 1) gives an agreement that does not validate: "
            "funding.commitment: unknown field",
        ),
        (
            "path: funding.commitments\n",
            "path: funding.in_kind[0]\n",
            "amendments[0].changes[0].path: amendment 1 (tilläggsavtal nr 1): funding has no field 'in_kind'",
        ),
        (
            "path: funding.commitments\n",
            "path: funding.commitments[nope].amounts\n",
            "funding.commitments has no item 'nope'",
        ),
        ("amount: 125000 }", "amount: -5 }", "gives an agreement that does not validate: funding.commitments.1"),
        ("number: 1", "number: 2", "amendment number 2 where 1 comes next"),
        ("effective: 2020-04-14", "effective: 2021-04-14", "outside the agreement's term"),
    ],
)
def test_validate_locates_amendments_that_do_not_apply(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "exempel-2020.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    assert expected in result.output
    assert f"{bad}:" in result.output  # located: file:line:col


def test_amendments_out_of_order_in_time(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    second = """  - number: 2
    effective: 2020-03-01
    changes:
      - { op: set, path: "funding.commitments[ersattning].payments.wording", value: i mars }
"""
    bad = tmp_path / "exempel-2020.yaml"
    bad.write_text(text + second, encoding="utf-8")
    result = invoke("validate", str(bad))
    assert result.exit_code == 1
    assert "takes effect 2020-03-01, before amendment 1 (2020-04-14) [amendments-in-order]" in result.output


def test_render_writes_the_amendment_document_and_check_finds_it_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("render", str(EXAMPLE), "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = (out / "exempel-2020-tillagg-1.md").read_text(encoding="utf-8").replace("\xa0", " ")
    assert doc.startswith("# Tilläggsavtal nr 1 till överenskommelsen om idéburet offentligt partnerskap\n")
    assert "enligt beslut av Socialnämnden den 14 april 2020, § 45" in doc
    assert "- Finansiering 2020: 500 000 kr → 625 000 kr" in doc
    draft = (out / "exempel-2020.md").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "125 000 kronor för år 2020" in draft
    assert "- Tilläggsavtal nr 1, Utökad finansiering 2020, gäller från och med 14 april 2020" in draft
    assert invoke("render", str(EXAMPLE), "--out", str(out), "--check").exit_code == 0
    (out / "exempel-2020-tillagg-1.md").write_text(doc.replace("§ 45", "§ 46"), encoding="utf-8")
    stale = invoke("render", str(EXAMPLE), "--out", str(out), "--check")
    assert stale.exit_code == 1
    assert "exempel-2020-tillagg-1.md is stale" in stale.output


# --- renew ---------------------------------------------------------------------------------------


def test_renew_lund_done_when(folder: Path) -> None:
    result = invoke("renew", "lund-kvinnojouren-2021", "--start", "2024-01-01", "--end", "2026-12-31")
    assert result.exit_code == 0, result.output
    new = folder / "lund-kvinnojouren-2024.yaml"
    assert (
        "wrote agreements/lund-kvinnojouren-2024.yaml (replaces lund-kvinnojouren-2021; dates moved 3 years"
        in result.stdout
    )
    assert new.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/agreement.schema.json\n"
    )
    check = invoke("validate", str(new))
    assert check.exit_code == 0, check.output
    assert (
        "needs a value: funding.commitments[ersattning].amounts[0].indexation.base_year: kept at 2021" in check.output
    )
    a = read_agreement(new).agreement
    assert a.replaces == "lund-kvinnojouren-2021"
    assert [r.by for r in a.period.reviews] == [date(2026, 3, 1)]
    money = invoke("funding", str(new), "--by", "year", "--format", "json")
    assert [t["year"] for t in json.loads(money.stdout)["totals"]] == [2024, 2025, 2026]
    again = invoke("renew", "lund-kvinnojouren-2021", "--start", "2024-01-01", "--end", "2026-12-31")
    assert again.exit_code == 1 and "never overwrites" in again.output


def test_renew_refuses_what_local_policy_refuses(folder: Path) -> None:
    result = invoke("renew", "lund-kvinnojouren-2021", "--start", "2024-01-01", "--end", "2027-12-31")
    assert result.exit_code == 1
    assert "longer than the 3 years Socialförvaltningen i Lund allows" in result.output
    assert not (folder / "lund-kvinnojouren-2024.yaml").exists()


def test_renew_of_another_shape_marks_the_review_instead_of_inventing_it(folder: Path) -> None:
    result = invoke("renew", "lund-kvinnojouren-2021", "--start", "2024-07-01", "--end", "2026-12-31")
    assert result.exit_code == 0, result.output
    a = read_agreement(folder / "lund-kvinnojouren-2024.yaml").agreement
    assert a.period.reviews == []
    assert any(n.path == "period.reviews" and "2023-03-01" in n.what for n in a.needs)
    assert invoke("validate", str(folder / "lund-kvinnojouren-2024.yaml")).exit_code == 0


# --- new -----------------------------------------------------------------------------------------

DEFAULTS = """template: numbered
parties:
  - id: exempel-kommun
    kind: public
    name: Exempels kommun
    org_number: 212000-0142
    contacts: [{ name: Eva Exempel, email: eva@example.se }]
signatories:
  - { party: exempel-kommun, name: Eva Exempel, title: Socialchef }
clauses:
  termination: { immediate_on_breach: true, cure_days: 30 }
  disputes: Tvister löses i första hand genom dialog.
  state_aid: { non_economic: true }
"""


def test_new_unattended_writes_a_file_that_validates_with_needs_a_value(folder: Path) -> None:
    (folder / "_defaults.yaml").write_text(DEFAULTS, encoding="utf-8")
    result = invoke(
        "new",
        "exempel-2025",
        "--start",
        "2025-01-01",
        "--end",
        "2026-12-31",
        "--partner",
        "Exempeljouren",
        "--org-number",
        "802002-4280",
        "--amount",
        "200000",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    check = invoke("validate", str(folder / "exempel-2025.yaml"))
    assert check.exit_code == 0, check.output
    warnings = [line for line in check.output.splitlines() if ": warning: " in line]
    assert warnings and all("needs a value" in w for w in warnings), warnings
    assert any("funding.in_kind" in w and "egen insats" in w for w in warnings), warnings
    assert any("signatories[1].name: needs a value: TODO: who signs for the non-profit" in w for w in warnings)
    assert invoke("new", "exempel-2025", "--start", "2025-01-01", "--no-input").exit_code == 1


def test_new_prompts_for_the_same(folder: Path) -> None:
    result = invoke("new", "exempel-2025", "--input", input="2025-01-01\n2025-12-31\nExempeljouren\n\n150000\n")
    assert result.exit_code == 0, result.output
    a = read_agreement(folder / "exempel-2025.yaml").agreement
    assert (a.period.start, a.period.end, a.parties[-1].name) == (date(2025, 1, 1), date(2025, 12, 31), "Exempeljouren")
    assert str(a.funding.commitments[0].amounts[0].amount) == "150000"


def test_new_reports_a_bad_defaults_file_located(folder: Path) -> None:
    (folder / "_defaults.yaml").write_text("template: numbered\nclause: {}\n", encoding="utf-8")
    result = invoke("new", "exempel-2025", "--start", "2025-01-01", "--no-input")
    assert result.exit_code == 1
    assert "_defaults.yaml:2:1: error: clause: unknown key 'clause'" in result.output


# --- diff ----------------------------------------------------------------------------------------


def test_diff_names_the_amendment_and_its_effect_on_the_year(tmp_path: Path) -> None:
    before = without_amendments(tmp_path)
    result = invoke("diff", str(before), str(EXAMPLE))
    assert result.exit_code == 0
    assert "  Nytt tilläggsavtal nr 1, gäller från 2020-04-14 – Utökad finansiering 2020" in result.stdout
    assert "  Finansiering 2020: 500 000 kr → 625 000 kr" in result.stdout
    assert "  Ny finansiering: tillagg-2020 (125000 kr 2020)" in result.stdout
    assert "  Ny händelse: Tilläggsavtal nr 1 gäller – Utökad finansiering 2020 2020-04-14" in result.stdout
    md = invoke("diff", str(before), str(EXAMPLE), "--format", "markdown")
    assert md.stdout.startswith(f"### `{before} → {EXAMPLE}`\n\n- ")
    data = json.loads(invoke("diff", str(before), str(EXAMPLE), "--format", "json").stdout)
    assert {
        "area": "schedule",
        "path": "funding.2020",
        "before": "500000.00",
        "after": "625000.00",
        "text": "Finansiering 2020: 500 000 kr → 625 000 kr",
    } in data["files"][0]["changes"]
    assert invoke("diff", str(before), str(EXAMPLE), "--exit-code").exit_code == 1


def test_diff_period_obligations_and_prose(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    changed = (
        text.replace("end: 2020-12-31", "end: 2021-06-30")
        .replace("stöder våldsutsatta", "stöder våldsutsatta och deras barn")
        .replace('day: "03-31"', 'day: "03-15"')
    )
    new = tmp_path / "b" / "exempel-2020.yaml"
    new.parent.mkdir()
    new.write_text(changed, encoding="utf-8")
    out = invoke("diff", str(EXAMPLE), str(new)).stdout
    assert "Avtalstid: slut 2020-12-31 → 2021-06-30" in out
    assert "Avsnitt Bakgrund: Exempeljouren stöder våldsutsatta {+och deras barn+} i Exempels kommun." in out
    assert "Åtagande Verksamhetsberättelse: förfalloregel 03-31 → 03-15" in out
    assert "Ny händelse: Verksamhetsberättelse 2021" in out


def test_diff_of_a_commitments_payer_attachment_and_due_day_item(tmp_path: Path) -> None:
    """An item added to or removed from one of a commitment's lists (a payer, an attachment, a
    due day) is that item's change, not the commitment's: before, it was read as a whole
    commitment removed and the diff stopped with a traceback (two reference agreements)."""
    old, new = (
        ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml",
        ROOT / "agreements" / "lund-kvinnojouren-2021.yaml",
    )
    result = invoke("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Borttagen finansiering" not in out
    assert "funding.commitments[ersattning].payers[1]: {payer: kalmar-sof, share: 0.5} → –" in out
    assert "funding.commitments[ersattning].invoicing.attachments[0]: verksamhetsberättelse → –" in out


def test_diff_no_changes(tmp_path: Path) -> None:
    result = invoke("diff", str(EXAMPLE), str(EXAMPLE), "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


def test_diff_rev_in_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "agreements").mkdir(parents=True)
    monkeypatch.chdir(repo)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.se"]
    subprocess.run(["git", "init", "-q"], check=True)
    shutil.copy(without_amendments(tmp_path), repo / "agreements" / "exempel-2020.yaml")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    shutil.copy(EXAMPLE, repo / "agreements" / "exempel-2020.yaml")
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    assert invoke("diff", "--rev", "HEAD").stdout == "no changes\n"
    result = invoke("diff", "--rev", "HEAD~1")
    assert result.exit_code == 0
    assert "agreements/exempel-2020.yaml\n" in result.stdout
    assert "Finansiering 2020: 500 000 kr → 625 000 kr" in result.stdout


def test_diff_rev_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = invoke("diff", "--rev", "HEAD")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.output
