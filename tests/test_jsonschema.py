"""The published JSON Schemas accept every file iopctl accepts, read as an editor reads YAML.

A real validator (`jsonschema`, Draft 2020-12 with format checks) runs over every shipped
agreement and data file, every corpus case validate accepts, and 300 files of the benchmark
corpus generator; and the schemas still refuse what they can say is wrong.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema_yaml import load

from iopctl.load.read import validate_text
from iopctl.model.agreement import Agreement
from iopctl.model.schema import SCHEMA_NAMES, schema_text
from iopctl.rules.records import read_records_text

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
CORPUS = ROOT / "tests" / "corpus"


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(name: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in validator(name).iter_errors(data)]


def schema_for(path: Path) -> str:
    if path.name == "_policy.yaml":
        return "policy.schema.json"
    if path.parent.name == "_series":
        return "series.schema.json"
    if path.parent.name == "_records":
        return "records.schema.json"
    return "agreement.schema.json"


def check_all(paths: list[Path]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        data = load(path.read_bytes().decode("utf-8-sig"))
        if problems := errors(schema_for(path), data):
            found[str(path)] = problems[:3]
    return found


def accepted_cases() -> list[Path]:
    cases = []
    for expected in sorted(CORPUS.glob("*/*.expected")):
        if expected.read_text(encoding="utf-8").splitlines()[0].strip() == "0":
            cases += [p for p in expected.parent.glob(expected.stem + ".*") if p.suffix in (".yaml", ".bin")]
    return cases


def test_committed_schemas_are_current_and_all_checked() -> None:
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(SCHEMA_NAMES)
    for name in SCHEMA_NAMES:
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == schema_text(name), (
            f"{name} stale: iopctl schema"
        )


def test_every_shipped_file_passes_its_schema() -> None:
    files = sorted(AGREEMENTS.rglob("*.yaml"))
    assert {schema_for(p) for p in files} >= {"agreement.schema.json", "policy.schema.json", "series.schema.json"}
    assert check_all(files) == {}


def test_every_accepted_corpus_case_passes_the_schema() -> None:
    cases = accepted_cases()
    assert len(cases) >= 20
    assert check_all(cases) == {}


def test_the_benchmark_corpus_passes_the_schema(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    try:
        import corpus
    finally:
        sys.path.pop(0)
    out = corpus.generate(tmp_path / "bench", 300)
    files = sorted((out / "agreements").rglob("*.yaml"))
    assert len([p for p in files if schema_for(p) == "agreement.schema.json"]) == 300
    assert check_all(files) == {}


RECORDS = (
    "agreement: kalmar-kvinnojouren-2025\n"
    "events:\n"
    "  - key: report:verksamhetsberattelse:2025\n"
    "    done: 2026-02-20\n"
    "    approved: 2026-03-10\n"
    "  - {kind: report, obligation: verksamhetsberattelse, covers: 2026, scheduled: 2027-02-20}\n"
    "remarks:\n"
    "  - {date: 2025-05-12, by: kalmar-kommun, note: Statistik saknas.}\n"
    "payments:\n"
    "  - key: payment:ersattning:kalmar-kommun:2025:1\n"
    "    date: 2025-03-27\n"
    "    amount: 500000.50\n"
    "    reference: 2025-017\n"
    "claims:\n"
    "  - {date: 2026-05-02, commitment: ersattning, amount: '25000', repaid: 2026-06-01}\n"
)


def test_a_records_file_iopctl_accepts_passes_its_schema() -> None:
    kalmar = validate_text(
        (AGREEMENTS / "kalmar-kvinnojouren-2025.yaml").read_text(encoding="utf-8"), "k.yaml", Agreement
    )
    records, problems = read_records_text(RECORDS, "r.yaml", kalmar.agreement)
    assert problems == [] and records is not None and records.payments[0].amount == Decimal("500000.50")
    assert errors("records.schema.json", load(RECORDS)) == []
    assert errors("records.schema.json", load(RECORDS.replace("amount: 500000.50", "amount: 5 kr"))) != []


BASE = (CORPUS / "_base.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("amount: 250000", 'amount: "250000"'),
        ("amount: 250000", "amount: 250000.5"),
        ("amount: 250000", 'amount: "250000.50"'),
        ("schema_version: 1", 'schema_version: "1"'),
        ("start: 2025-01-01", 'start: "2025-01-01"'),
    ],
)
def test_quoted_and_plain_numbers_and_dates_pass_as_in_iopctl(old: str, new: str) -> None:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    assert validate_text(text, "x.yaml", Agreement).agreement is not None
    assert errors("agreement.schema.json", load(text)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("amount: 250000", 'amount: "250 000"'),
        ("amount: 250000", 'amount: "250000.005"'),
        ("amount: 250000", 'amount: "0250000"'),
        ("amount: 250000", "amount: 25000000000"),
        ("start: 2025-01-01", "start: 2025-02-30"),
        ("start: 2025-01-01", "start: 2025-1-1"),
        ("schema_version: 1", "schema_version: 2"),
        ("id: corpus-base", "id: Corpus Base"),
    ],
)
def test_the_schema_still_refuses_what_it_can_say_is_wrong(old: str, new: str) -> None:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    assert validate_text(text, "x.yaml", Agreement).agreement is None
    assert errors("agreement.schema.json", load(text)) != []


def test_shares_written_quoted_or_plain_pass() -> None:
    schema = json.loads(schema_text())
    share_schema = next(
        spec["properties"]["share"] for spec in schema["$defs"].values() if "share" in spec.get("properties", {})
    )
    check = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **share_schema})
    for good in ("0.6", 0.6, "1/2", 1, "1"):
        assert check.is_valid(good), good
    for bad in ("0.6x", 0, 1.5, "3/2x", "", "1e-1", True):
        assert not check.is_valid(bad), bad


def test_data_files_point_editors_at_their_schemas() -> None:
    wanted = {
        AGREEMENTS / "_policy.yaml": "../schemas/policy.schema.json",
        **{p: "../../schemas/series.schema.json" for p in (AGREEMENTS / "_series").glob("*.yaml")},
    }
    assert len(wanted) >= 6
    for path, schema in wanted.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path
        assert (path.parent / schema).resolve().is_file()
    example = (AGREEMENTS / "_records" / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../../schemas/records.schema.json\nagreement:" in example
