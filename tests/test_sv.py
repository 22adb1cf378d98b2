"""Pin every Swedish formatting choice, so a change shows up here before it shows in a contract."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.swedish import format as sv

NBSP = "\u00a0"
MINUS = "\u2212"


def test_constants() -> None:
    """The documented typographic choices themselves."""
    assert sv.THOUSANDS_SEP == "\u00a0"
    assert sv.DECIMAL_SEP == ","
    assert sv.MINUS_SIGN == "\u2212"
    assert sv.UNIT_SEP == "\u00a0"
    assert sv.RANGE_DASH == "\u2013"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0"), "0"),
        (Decimal("1"), "1"),
        (Decimal("999"), "999"),
        (Decimal("1000"), f"1{NBSP}000"),
        (Decimal("62500"), f"62{NBSP}500"),
        (Decimal("100000"), f"100{NBSP}000"),
        (Decimal("1000000"), f"1{NBSP}000{NBSP}000"),
        (Decimal("1234567890"), f"1{NBSP}234{NBSP}567{NBSP}890"),
        (Decimal("2.25"), "2,25"),
        (Decimal("2.5"), "2,50"),
        (Decimal("0.05"), "0,05"),
        (Decimal("190000.50"), f"190{NBSP}000,50"),
        (Decimal("190000.5"), f"190{NBSP}000,50"),
        (Decimal("1.00"), "1"),
        (Decimal("2.250"), "2,25"),
        (Decimal("1E+3"), f"1{NBSP}000"),
        (Decimal("-1500"), f"{MINUS}1{NBSP}500"),
        (Decimal("-0.5"), f"{MINUS}0,50"),
        (Decimal("-0"), "0"),
        (Decimal("-0.00"), "0"),
        (62500, f"62{NBSP}500"),
    ],
)
def test_amount(value: Decimal, expected: str) -> None:
    """Whole kronor without decimals, else exactly two; no-break grouping; real minus sign."""
    assert sv.amount(value) == expected


@pytest.mark.parametrize("value", [2.25, 1.0, True, "100", None])
def test_amount_refuses_inexact_types(value: object) -> None:
    """A float has already lost öre; strings and bools are type confusion from the loader."""
    with pytest.raises(TypeError):
        sv.amount(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "2.255", "0.001"])
def test_amount_refuses_unprintable_values(value: str) -> None:
    """Non-finite values and fractions of an öre are bugs upstream, never rounded here."""
    with pytest.raises(ValueError):
        sv.amount(Decimal(value))


def _parse(text: str) -> Decimal:
    """Undo the Swedish formatting: drop separators, minus sign and decimal comma back."""
    return Decimal(text.replace(NBSP, "").replace(MINUS, "-").replace(",", "."))


@settings(max_examples=300, derandomize=True)
@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amount_round_trips(value: Decimal) -> None:
    """Removing the separators and reading "," as "." gives back the same Decimal."""
    text = sv.amount(value)
    assert _parse(text) == value
    assert " " not in text and "-" not in text and "." not in text
    assert text.count(",") <= 1
    if "," in text:
        assert len(text.rsplit(",", 1)[1]) == 2


@settings(max_examples=300, derandomize=True)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=6))
def test_percent_round_trips(value: Decimal) -> None:
    """Percent prints exactly the value it was given, with a no-break space before "%"."""
    text = sv.percent(value)
    assert text.endswith(f"{NBSP}%")
    assert _parse(text.removesuffix(f"{NBSP}%")) == value


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (Decimal("1000000"), "kronor", f"1{NBSP}000{NBSP}000{NBSP}kronor"),
        (Decimal("62500"), "kr", f"62{NBSP}500{NBSP}kr"),
        (Decimal("2.25"), "kronor", f"2,25{NBSP}kronor"),
        (Decimal("1"), "kronor", f"1{NBSP}krona"),
        (Decimal("1.00"), "kronor", f"1{NBSP}krona"),
        (Decimal("-1"), "kronor", f"{MINUS}1{NBSP}krona"),
        (Decimal("1"), "kr", f"1{NBSP}kr"),
        (Decimal("0"), "kronor", f"0{NBSP}kronor"),
        (Decimal("1.50"), "kronor", f"1,50{NBSP}kronor"),
    ],
)
def test_kronor(value: Decimal, style: str, expected: str) -> None:
    """Unit after a no-break space; "krona" only for exactly one."""
    assert sv.kronor(value, style) == expected  # type: ignore[arg-type]


def test_kronor_default_style_and_bad_style() -> None:
    """The written-out unit is the default; an unknown style is a template bug."""
    assert sv.kronor(Decimal("62500")) == f"62{NBSP}500{NBSP}kronor"
    with pytest.raises(ValueError):
        sv.kronor(Decimal("1"), "SEK")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Decimal("2.25"), f"2,25{NBSP}kronor per invånare"),
        (Decimal("10"), f"10{NBSP}kronor per invånare"),
        (Decimal("1"), f"1{NBSP}krona per invånare"),
    ],
)
def test_per_capita(rate: Decimal, expected: str) -> None:
    """As municipal decisions write a per-inhabitant grant."""
    assert sv.per_capita(rate) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2.7"), f"2,7{NBSP}%"),
        (Decimal("2.70"), f"2,7{NBSP}%"),
        (Decimal("10"), f"10{NBSP}%"),
        (Decimal("0.5"), f"0,5{NBSP}%"),
        (Decimal("100"), f"100{NBSP}%"),
        (Decimal("1500"), f"1{NBSP}500{NBSP}%"),
        (Decimal("-3.25"), f"{MINUS}3,25{NBSP}%"),
        (3, f"3{NBSP}%"),
    ],
)
def test_percent(value: Decimal, expected: str) -> None:
    """Value in percent units, trailing zeros dropped, no-break space before "%"."""
    assert sv.percent(value) == expected


def test_percent_refuses_float() -> None:
    """Same rule as for money: no float ever reaches the text."""
    with pytest.raises(TypeError):
        sv.percent(2.7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1.05884"), None, "1,05884"),
        (Decimal("1.027000"), None, "1,027"),
        (Decimal("1.0000"), None, "1"),
        (Decimal("1.0588400517"), 6, "1,05884"),
        (Decimal("1.0271235"), 6, "1,027124"),
        (Decimal("1.0000004"), 6, "1"),
        (Decimal("0.333333333"), None, "0,333333333"),
        (Decimal("1234.5"), None, f"1{NBSP}234,5"),
    ],
)
def test_number(value: Decimal, places: int | None, expected: str) -> None:
    """Index factors and shares: exact (or rounded to `places`), no trailing zeros, decimal comma."""
    assert sv.number(value, places=places) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 1), "1 januari 2025"),
        (date(2025, 2, 9), "9 februari 2025"),
        (date(2024, 2, 29), "29 februari 2024"),
        (date(2025, 3, 31), "31 mars 2025"),
        (date(2025, 5, 1), "1 maj 2025"),
        (date(2025, 12, 31), "31 december 2025"),
        (datetime(2025, 6, 6, 23, 59), "6 juni 2025"),
    ],
)
def test_date_long(d: date, expected: str) -> None:
    """No leading zero, lower-case month, no comma."""
    assert sv.date_long(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 1), "2025-01-01"),
        (date(2024, 2, 29), "2024-02-29"),
        (datetime(2025, 6, 6, 23, 59), "2025-06-06"),
    ],
)
def test_date_iso(d: date, expected: str) -> None:
    """ISO dates for tables and JSON; a datetime prints as its date."""
    assert sv.date_iso(d) == expected


@pytest.mark.parametrize(
    ("m", "expected"),
    list(
        enumerate(
            [
                "januari", "februari", "mars", "april", "maj", "juni",
                "juli", "augusti", "september", "oktober", "november", "december",
            ],
            start=1,
        )
    ),
)  # fmt: skip
def test_month_name(m: int, expected: str) -> None:
    """All twelve month names, lower case."""
    assert sv.month_name(m) == expected


@pytest.mark.parametrize("m", [0, 13, -1, True])
def test_month_name_out_of_range(m: int) -> None:
    """A month outside 1–12 is a bug, not an IndexError from a negative index."""
    with pytest.raises(ValueError):
        sv.month_name(m)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 1, 6), "måndag"),
        (date(2025, 1, 7), "tisdag"),
        (date(2025, 1, 8), "onsdag"),
        (date(2025, 1, 9), "torsdag"),
        (date(2025, 1, 10), "fredag"),
        (date(2025, 1, 11), "lördag"),
        (date(2025, 1, 12), "söndag"),
    ],
)
def test_weekday_name(d: date, expected: str) -> None:
    """One known week, Monday to Sunday."""
    assert sv.weekday_name(d) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("832401-3807", "832401-3807"),
        ("8324013807", "832401-3807"),
        ("83 24 01-3807", "832401-3807"),
        (" 832401-3807\n", "832401-3807"),
        (f"832401{NBSP}3807", "832401-3807"),
        ("16832401-3807", "832401-3807"),
        ("168324013807", "832401-3807"),
        ("212000-1132", "212000-1132"),
    ],
)
def test_org_number(text: str, expected: str) -> None:
    """Spaces and hyphens go, the legal-person century prefix 16 goes, NNNNNN-NNNN remains."""
    assert sv.org_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "832401-380",
        "83240138071",
        "198324013807",
        "208324013807",
        "8324O13807",
        "832401+3807",
        "832401/3807",
        "\u0668\u0663\u0662\u0664\u0660\u0661\u0663\u0668\u0660\u0667",
        "１２３４５６７８９０",
    ],
)
def test_org_number_rejects(text: str) -> None:
    """Wrong length, letters, non-ASCII digits and a personnummer century are not org numbers."""
    with pytest.raises(ValueError):
        sv.org_number(text)


def test_org_number_refuses_int() -> None:
    """An int has lost the shape the user wrote; the loader must keep it a string."""
    with pytest.raises(TypeError):
        sv.org_number(8324013807)  # type: ignore[arg-type]


COUNTS = [
    "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
    "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton",
    "tjugo",
]  # fmt: skip


@pytest.mark.parametrize(("n", "expected"), list(enumerate(COUNTS, start=1)))
def test_count_words(n: int, expected: str) -> None:
    """Cardinal words 1–20; "ett" because "exemplar" is an ett-word."""
    assert sv.count_words(n) == expected


@pytest.mark.parametrize("n", [0, 21, -2, True])
def test_count_words_out_of_range(n: int) -> None:
    """Outside the table is a template bug, not a guess."""
    with pytest.raises(ValueError):
        sv.count_words(n)


@pytest.mark.parametrize(("n", "expected"), [(1, "ett (1)"), (2, "två (2)"), (3, "tre (3)"), (20, "tjugo (20)")])
def test_count_with_digit(n: int, expected: str) -> None:
    """Word then digit in parentheses, as the Lund agreements write it."""
    assert sv.count_with_digit(n) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["a"], "a"),
        (["a", "b"], "a och b"),
        (["a", "b", "c"], "a, b och c"),
        (["Lunds kommun", "Föreningen X", "Y"], "Lunds kommun, Föreningen X och Y"),
        (("a", "b"), "a och b"),
    ],
)
def test_join_list(items: list[str], expected: str) -> None:
    """No serial comma before "och"."""
    assert sv.join_list(items) == expected


def test_join_list_refuses_empty_and_bare_string() -> None:
    """An empty list would print a blank; a bare string would be split into letters."""
    with pytest.raises(ValueError):
        sv.join_list([])
    with pytest.raises(TypeError):
        sv.join_list("abc")


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2025], "2025"),
        ([2025, 2026], "2025 och 2026"),
        ([2025, 2026, 2027], "2025, 2026 och 2027"),
        ([2027, 2025, 2026, 2025], "2025, 2026 och 2027"),
        ([2022, 2024], "2022 och 2024"),
    ],
)
def test_year_span(years: list[int], expected: str) -> None:
    """Sorted, distinct, never grouped ("2025", not "2 025"), never collapsed to a range."""
    assert sv.year_span(years) == expected


def test_year_span_refuses_empty() -> None:
    """No years is a bug upstream."""
    with pytest.raises(ValueError):
        sv.year_span([])


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [(2022, 2023, "2022\u20132023"), (2025, 2028, "2025\u20132028"), (2025, 2025, "2025")],
)
def test_year_range(first: int, last: int, expected: str) -> None:
    """En dash without spaces; a single year prints alone."""
    assert sv.year_range(first, last) == expected


def test_year_range_refuses_reversed() -> None:
    """A range that runs backwards is a bug."""
    with pytest.raises(ValueError):
        sv.year_range(2024, 2023)


@pytest.mark.parametrize("value", ["1000000", "62500", "2.25", "190000.55", "1000"])
def test_amount_agrees_with_babel_for_positive_numbers(value: str) -> None:
    """Babel's sv_SE grouping and decimal comma match ours, so the choice is not idiosyncratic."""
    from babel.numbers import format_decimal

    expected = format_decimal(Decimal(value), locale="sv_SE", format="#,##0.##")
    assert sv.amount(Decimal(value)) == expected


def test_babel_minus_sign_is_why_we_do_not_use_it() -> None:
    """Babel 2.18 prints a hyphen-minus for sv_SE; if that changes, revisit the module docstring."""
    from babel.numbers import format_decimal

    assert format_decimal(Decimal("-1500"), locale="sv_SE") == f"-1{NBSP}500"
    assert sv.amount(Decimal("-1500")) == f"{MINUS}1{NBSP}500"


def test_import_does_not_load_babel_or_touch_locale() -> None:
    """Start-up time matters, and formatting must not depend on the process locale."""
    code = (
        "import locale, sys\n"
        "before = locale.setlocale(locale.LC_ALL)\n"
        "import iopctl.swedish.format\n"
        "assert 'babel' not in sys.modules, 'babel imported at start-up'\n"
        "assert locale.setlocale(locale.LC_ALL) == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


@given(st.integers(min_value=-(10**13), max_value=10**13), st.integers(min_value=0, max_value=4))
def test_kr_remembers_an_amount_exactly_whatever_its_exponent(ore: int, zeros: int) -> None:
    """`kr` is `kronor(…, "kr")`, cached by value: 1000, 1000.00 and 1E+3 are one key, so they
    must have one text, and a cached text must be the one `kronor` gives."""
    value = Decimal(ore).scaleb(-2)
    same = value.quantize(Decimal(1).scaleb(-2 - zeros)) if zeros else value.normalize()
    assert same == value
    assert sv.kr(value) == sv.kronor(value, "kr")
    assert sv.kr(same) == sv.kronor(same, "kr") == sv.kronor(value, "kr")
