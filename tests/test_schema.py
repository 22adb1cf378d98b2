"""The committed JSON Schema is generated from the models and must not be stale."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.model.schema import schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "agreement.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "schema is stale: run `iopctl schema`"


def test_every_property_is_described() -> None:
    schema = json.loads(schema_text())
    missing = []
    for name, definition in [("Agreement", schema), *schema.get("$defs", {}).items()]:
        for prop, spec in definition.get("properties", {}).items():
            if "description" not in spec:
                missing.append(f"{name}.{prop}")
    assert not missing, missing


def test_swedish_terms_in_descriptions() -> None:
    text = schema_text()
    for term in ("översyn", "organisationsnummer", "styrgrupp", "uppsägning", "likalydande exemplar"):
        assert term in text


def test_schema_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    stale = tmp_path / "s.json"
    stale.write_text("{}", encoding="utf-8")
    assert runner.invoke(app, ["schema", "--check", "--out", str(stale)], catch_exceptions=False).exit_code == 1
    assert runner.invoke(app, ["schema", "--out", str(stale)], catch_exceptions=False).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "--out", str(stale)], catch_exceptions=False).exit_code == 0


def test_agreement_files_point_editors_at_the_schema() -> None:
    for path in (ROOT / "agreements").glob("*.yaml"):
        if not path.name.startswith("_"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == "# yaml-language-server: $schema=../schemas/agreement.schema.json", path
