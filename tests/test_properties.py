"""Property tests: no input crashes validation, and money and dates read back exactly.

Runs under the fixed `ci` hypothesis profile of `tests/conftest.py` (derandomized, so CI
sees the same examples every run).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopctl.load.read import validate_text
from iopctl.model.agreement import Agreement
from iopctl.model.scalars import MAX_AMOUNT
from iopctl.rules.check import FileReport, check_file

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {
    p.name: p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "agreements").glob("*.yaml"))
    if not p.name.startswith("_")
}
BASE = (ROOT / "tests" / "corpus" / "_base.yaml").read_text(encoding="utf-8")

# Examples reuse one file in one folder: hypothesis runs many examples per test function.
_settings = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="iopctl-prop-") as folder:
        yield Path(folder)


def assert_located(report: FileReport, text_lines: int) -> None:
    """A report: success, or problems each with a plausible place in the file."""
    assert isinstance(report, FileReport)
    for p in report.problems:
        assert 1 <= p.line <= text_lines + 1, p
        assert p.col >= 1, p
        assert p.message and "\n" not in p.message, p
        assert "Traceback" not in p.message


def _check_bytes(folder: Path, raw: bytes, name: str = "agreement.yaml") -> FileReport:
    path = folder / name
    path.write_bytes(raw)
    return check_file(path)


def test_shipped_agreements_exist() -> None:
    assert SHIPPED, "no agreements/*.yaml to mutate"


@_settings
@given(st.text())
def test_any_text_gives_a_report(scratch: Path, text: str) -> None:
    report = _check_bytes(scratch, text.encode("utf-8"))
    assert_located(report, text.count("\n") + text.count("\r") + 1)


@_settings
@given(st.binary(max_size=400))
def test_any_bytes_give_a_report(scratch: Path, raw: bytes) -> None:
    report = _check_bytes(scratch, raw)
    assert_located(report, raw.count(b"\n") + raw.count(b"\r") + 1)


@_settings
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "b",
                ":",
                " ",
                "  ",
                "-",
                "\n",
                "[",
                "]",
                "{",
                "}",
                ",",
                "&x",
                "*x",
                "!t",
                "<<",
                "'",
                '"',
                "#",
                "?",
                "|",
                ">",
                "~",
                "---",
                "\t",
                "é",
                "\u200b",
            ]
        ),
        max_size=60,
    )
)
def test_yaml_shaped_noise_gives_a_report(scratch: Path, parts: list[str]) -> None:
    text = "".join(parts)
    report = _check_bytes(scratch, text.encode("utf-8"))
    assert_located(report, text.count("\n") + 1)


MUTATIONS = ("delete", "duplicate", "swap", "indent", "dedent", "insert", "join")


@st.composite
def mutated_agreement(draw: st.DrawFn) -> str:
    """A shipped agreement with one to four small edits of the kinds people and merges make."""
    lines = SHIPPED[draw(st.sampled_from(sorted(SHIPPED)))].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(MUTATIONS))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap" and len(line) >= 2:
            j = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2 :]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif kind == "dedent":
            lines[i] = line[draw(st.integers(1, 4)) :]
        elif kind == "insert":
            j = draw(st.integers(0, len(line)))
            lines[i] = line[:j] + draw(st.text(min_size=1, max_size=3)) + line[j:]
        elif kind == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [line + lines[i + 1]]
    return "\n".join(lines)


@_settings
@given(mutated_agreement())
def test_mutated_agreements_give_a_report(scratch: Path, text: str) -> None:
    report = _check_bytes(scratch, text.encode("utf-8"))
    assert_located(report, text.count("\n") + text.count("\r") + 1)


# --- exact read-back --------------------------------------------------------------------------


def _read(text: str) -> Agreement:
    result = validate_text(text, "prop.yaml", Agreement)
    assert not result.problems, [p.text() for p in result.problems]
    assert isinstance(result.agreement, Agreement)
    return result.agreement


@given(
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
    | st.integers(1, int(MAX_AMOUNT)).map(Decimal),
    st.sampled_from(["{}", '"{}"', "'{}'"]),
)
def test_amounts_read_back_exactly(amount: Decimal, quoting: str) -> None:
    written = format(amount, "f")
    text = BASE.replace("amount: 250000", "amount: " + quoting.format(written))
    read = _read(text).funding.commitments[0].amounts[0].amount
    assert read == amount
    assert format(read, "f") == written  # same digits, same number of decimals


@given(st.decimals(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False))
def test_signed_amounts_read_back_exactly(amount: Decimal) -> None:
    """The Money type keeps a sign; in-kind values must be positive, so test the type itself."""
    from iopctl.files.yaml_reader import load_text
    from iopctl.model.scalars import parse_money

    written = format(amount, "f")
    raw = load_text(f"value: {written}\n").data["value"]
    read = parse_money(raw)
    assert read == amount and format(read, "f") == written


@given(
    st.dates(min_value=date(1953, 1, 1), max_value=date(2199, 12, 31)),
    st.sampled_from(["{}", '"{}"']),
)
def test_dates_read_back_exactly(day: date, quoting: str) -> None:
    text = BASE.replace("    - by: 2027-06-30\n", "    - by: " + quoting.format(day.isoformat()) + "\n")
    assert _read(text).period.reviews[0].by == day
