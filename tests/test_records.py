"""Fulfilment records: the strict format, located problems, and checks against the agreement."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from iopctl.files.discover import records_path
from iopctl.load.read import read_agreement
from iopctl.model.agreement import Agreement
from iopctl.model.records import Records
from iopctl.rules.records import load_records, read_records_text

AGREEMENTS = Path(__file__).resolve().parent.parent / "agreements"
KALMAR = "kalmar-kvinnojouren-2025"
NAME = "_records/kalmar-kvinnojouren-2025.yaml"

GOOD = """\
agreement: kalmar-kvinnojouren-2025
events:
  - key: payment:ersattning:kalmar-kommun:2025:1
    done: 2025-03-27
    note: Utbetald enligt faktura 2025-017
  - kind: report
    obligation: verksamhetsberattelse
    covers: "2025"
    done: 2026-02-20
  - kind: follow_up_meeting
    obligation: uppfoljningsmoten
    covers: "2026"
    n: 1
    scheduled: 2026-04-15
remarks:
  - date: 2025-05-12
    by: kalmar-kommun
    against: kvinnojouren-kalmar
    note: Verksamhetsberättelsen saknar statistik över stödsamtal.
"""


@pytest.fixture(scope="module")
def kalmar() -> Agreement:
    result = read_agreement(AGREEMENTS / f"{KALMAR}.yaml")
    assert result.agreement is not None
    return result.agreement


def test_good_file_reads_with_keys(kalmar: Agreement) -> None:
    records, problems = read_records_text(GOOD, NAME, kalmar)
    assert problems == []
    assert records is not None
    assert list(records.by_key()) == [
        "payment:ersattning:kalmar-kommun:2025:1",
        "report:verksamhetsberattelse:2025",
        "follow_up_meeting:uppfoljningsmoten:2026:1",
    ]
    entry = records.by_key()["follow_up_meeting:uppfoljningsmoten:2026:1"]
    assert (entry.done, entry.scheduled) == (None, date(2026, 4, 15))
    assert records.remarks[0].date == date(2025, 5, 12)


def lines(text: str, agreement: Agreement | None = None) -> list[str]:
    """Problem lines with the column left out (the reader decides key or value column)."""
    records, problems = read_records_text(text, NAME, agreement)
    assert all(p.col >= 1 for p in problems)
    return [p.text().replace(f":{p.line}:{p.col}:", f":{p.line}:", 1) for p in problems]


HEAD = "agreement: kalmar-kvinnojouren-2025\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("evnets: []\n", 2, "evnets: unknown key 'evnets'; did you mean 'events'?"),
        (
            "events:\n  - key: start\n    note: x\n",
            3,
            "events[0]: give done (the day it was done), scheduled (the day agreed) or approved",
        ),
        (
            "events:\n  - key: start\n    done: 2025-02-30\n",
            4,
            "events[0].done: 2025-02-30 does not exist (February 2025 has 28 days)",
        ),
        (
            "events:\n  - key: start\n    kind: report\n    obligation: x\n    done: 2025-01-01\n",
            3,
            "events[0]: give either key, or kind/obligation/covers/n, not both",
        ),
        ("remarks:\n  - date: 2025-05-12\n", 3, "remarks[0].by: required key 'by' is missing"),
        (
            "events:\n  - key: Start\n    done: 2025-01-01\n",
            3,
            "events[0].key: String should match",
        ),
    ],
)
def test_schema_problems_are_located(text: str, line: int, message: str) -> None:
    found = lines(HEAD + text)
    assert len(found) == 1, found
    assert found[0].startswith(f"{NAME}:{line}: error: {message}")
    assert found[0].endswith(" [records]")


def test_duplicate_yaml_keys_are_located() -> None:
    found = lines(HEAD + "events:\n  - key: start\n    done: 2025-01-01\n    done: 2025-01-02\n")
    assert len(found) == 1 and found[0].startswith(f"{NAME}:5: ") and "duplicate" in found[0]


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        (
            "  - key: report:verksamhetsberatelse:2025\n    done: 2026-01-01\n",
            3,
            "events[0].key: the agreement has no report 'verksamhetsberatelse'; "
            "report ids: bilagor-till-fakturan, rapportering-arbetsutskottet, verksamhetsberattelse",
        ),
        (
            "  - key: payment:ersattning:kalmar-kommun:2025:1\n    done: 2025-03-27\n"
            "  - key: payment:ersattning:kalmar-kommun:2025:1\n    done: 2025-03-28\n",
            5,
            "events[1].key: 'payment:ersattning:kalmar-kommun:2025:1' is already recorded in events[0]",
        ),
        (
            "  - kind: report\n    obligation: nope\n    covers: '2025'\n    done: 2026-01-01\n",
            3,
            "events[0]: the agreement has no report 'nope'",
        ),
    ],
)
def test_entries_are_checked_against_the_agreement(kalmar: Agreement, entry: str, line: int, message: str) -> None:
    text = f"agreement: {KALMAR}\nevents:\n{entry}"
    found = lines(text, kalmar)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:{line}: ")
    assert message in found[0]
    assert found[0].endswith("[records]")
    # The file is still used: the good entries count.
    records, _ = read_records_text(text, NAME, kalmar)
    assert records is not None


def test_agreement_id_and_remark_parties_are_checked(kalmar: Agreement) -> None:
    text = "agreement: lund-kvinnojouren-2021\nremarks:\n  - date: 2025-05-12\n    by: lunds-kommun\n"
    found = lines(text, kalmar)
    assert len(found) == 2
    assert found[0].startswith(f"{NAME}:1: ")
    assert found[0].endswith(
        "error: agreement: agreement 'lund-kvinnojouren-2021' must equal "
        "'kalmar-kvinnojouren-2025', the file name [records]"
    )
    assert (
        found[1] == f"{NAME}:4: error: remarks[0].by: 'lunds-kommun' is not a party or unit of the agreement [records]"
    )


def test_tuple_form_needs_its_parts() -> None:
    assert lines("agreement: x\nevents:\n  - kind: report\n    done: 2025-01-01\n")
    assert lines("agreement: x\nevents:\n  - kind: report\n    obligation: a\n    n: 1\n    done: 2025-01-01\n")
    assert lines(
        "agreement: x\nevents:\n  - kind: report\n    obligation: a\n    covers: 2025-H3\n    done: 2025-01-01\n"
    )


def test_records_file_is_found_beside_the_agreements(tmp_path: Path, kalmar: Agreement) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    agreement_file = folder / f"{KALMAR}.yaml"
    shutil.copy(AGREEMENTS / f"{KALMAR}.yaml", agreement_file)
    assert records_path(agreement_file, KALMAR) is None
    assert load_records(agreement_file, kalmar) == (None, [])
    (folder / "_records").mkdir()
    (folder / "_records" / f"{KALMAR}.yaml").write_text(GOOD, encoding="utf-8")
    assert records_path(agreement_file, KALMAR) == (folder / "_records" / f"{KALMAR}.yaml").resolve()
    records, problems = load_records(agreement_file, kalmar)
    assert problems == [] and isinstance(records, Records)
    assert len(records.events) == 3


def test_unreadable_records_file_gives_no_records(tmp_path: Path, kalmar: Agreement) -> None:
    folder = tmp_path / "agreements"
    (folder / "_records").mkdir(parents=True)
    agreement_file = folder / f"{KALMAR}.yaml"
    shutil.copy(AGREEMENTS / f"{KALMAR}.yaml", agreement_file)
    (folder / "_records" / f"{KALMAR}.yaml").write_bytes(b"agreement: \xff\n")
    records, problems = load_records(agreement_file, kalmar)
    assert records is None
    assert len(problems) == 1 and problems[0].line == 1


def test_payments_made_and_claims_are_checked_against_the_agreement() -> None:
    from pathlib import Path as _P

    from iopctl.load.read import validate_text as _v
    from iopctl.model.agreement import Agreement as _A
    from iopctl.rules.records import read_records_text as _r

    text = _P("agreements/kalmar-kvinnojouren-2025.yaml").read_text(encoding="utf-8")
    agreement = _v(text, "k.yaml", _A).agreement
    records, problems = _r(
        "agreement: kalmar-kvinnojouren-2025\n"
        "events:\n"
        "  - key: report:verksamhetsberattelse:2025\n"
        "    done: 2026-02-20\n"
        "    approved: 2026-03-10\n"
        "payments:\n"
        "  - key: payment:ersattning:kalmar-kommun:2025:1\n"
        "    date: 2025-03-27\n"
        "    amount: 500000\n"
        "  - key: report:verksamhetsberattelse:2025\n"
        "    date: 2025-03-27\n"
        "    amount: 1\n"
        "claims:\n"
        "  - {date: 2026-05-02, commitment: ersattning, amount: 25000, repaid: 2026-04-01}\n"
        "  - {date: 2026-05-02, commitment: x, amount: 1}\n",
        "r.yaml",
        agreement,
    )
    assert records is not None and records.payments[0].amount == Decimal("500000")
    assert [(p.line, p.path, p.message) for p in problems] == [
        (10, "payments[1].key", "'report:verksamhetsberattelse:2025' is not a payment's key"),
        (14, "claims[0].repaid", "repaid cannot be before the claim's date"),
        (15, "claims[1].commitment", "'x' is not a funding commitment of the agreement"),
    ]


def test_approved_before_received_is_refused() -> None:
    from iopctl.rules.records import read_records_text as _r

    records, problems = _r(
        "agreement: a\nevents:\n  - key: report:x:2025\n    done: 2026-02-20\n    approved: 2026-02-01\n",
        "r.yaml",
    )
    assert records is None
    assert ["approved cannot be before done" in p.message for p in problems] == [True]
