"""The strict YAML reader and the scalar types, trap by trap (see ENGINEERING.md)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_core import PydanticCustomError

import iopctl.files.yaml_reader as yamlload
from iopctl.files.text import MAX_FILE_BYTES, YamlProblem, decode
from iopctl.files.yaml_reader import MAX_DEPTH, MAX_NODES, MAX_SCALAR_CHARS, Loaded, PurePythonParser, load_text
from iopctl.load import read as reading
from iopctl.model import identifiers
from iopctl.model import scalars as types

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def problems(text: str) -> list[tuple[int, int, str]]:
    """The collected (not raising) problems of a text."""
    return [(p.line, p.col, p.message) for p in load_text(text, with_positions=True).problems]


def fatal(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load_text(text)
    return info.value


# --- YAML 1.1 implicit typing: every scalar stays its text -------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("Off", "Off"),
        ("y", "y"),
        ("0701234567", "0701234567"),  # PyYAML: the octal int 117782903
        ("0709876543", "0709876543"),  # PyYAML: a string (8 and 9 are not octal digits)
        ("1:20", "1:20"),  # PyYAML: 80 (base 60)
        ("1.10", "1.10"),  # PyYAML: the float 1.1
        ("2.25", "2.25"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        ("-.Inf", "-.Inf"),
        (".nan", ".nan"),
        ("2023-02-30", "2023-02-30"),  # PyYAML: a bare ValueError with no position
        ("2025-01-01", "2025-01-01"),  # PyYAML: a date
        ("2025-01-01T10:00:00+01:00", "2025-01-01T10:00:00+01:00"),  # PyYAML: a datetime
        ("=", "="),
        ("<<", "<<"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("", None),
        ('"true"', "true"),
        ("'~'", "~"),
        ('"0701234567"', "0701234567"),
        ("''", ""),
    ],
)
def test_plain_scalars_keep_their_text(written: str, read: Any) -> None:
    assert load_text(f"v: {written}\n").data == {"v": read}


def test_block_scalars_are_text() -> None:
    assert load_text("v: |\n  NO\n  1:20\n").data == {"v": "NO\n1:20\n"}


def test_pyyaml_is_not_patched_globally() -> None:
    load_text("a: NO\nb: 0701234567\nc: 1:20\n")  # our reader first …
    assert yaml.safe_load("a: NO\nb: 0701234567\nc: 1:20\nd: 2025-01-01\n") == {
        "a": False,
        "b": 117782903,
        "c": 80,
        "d": date(2025, 1, 1),
    }  # … and PyYAML still behaves as PyYAML
    assert "o" in yaml.SafeLoader.yaml_implicit_resolvers
    assert yaml.SafeLoader.yaml_constructors["tag:yaml.org,2002:timestamp"] is yaml.SafeLoader.construct_yaml_timestamp


# --- duplicate keys, tags, anchors, aliases, merge keys, documents ----------------------------


def test_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    loaded = load_text("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", with_positions=True)
    assert loaded.data == {"a": "1", "b": {"c": "2"}}
    assert [(p.line, p.col, p.message, p.path) for p in loaded.problems] == [
        (4, 3, "duplicate key 'c' (first at line 3); the first value is kept", ("b", "c")),
        (5, 1, "duplicate key 'a' (first at line 1); the first value is kept", ("a",)),
    ]


def test_duplicate_key_without_positions_still_found() -> None:
    (problem,) = load_text("a: 1\na: 2\n").problems
    assert problem.message == "duplicate key 'a'; the first value is kept"


def test_duplicate_after_nfc_normalisation() -> None:
    text = "m\u00f6te: 1\nmo\u0308te: 2\n"  # ö, then o + combining diaeresis
    assert problems(text) == [(2, 1, "duplicate key 'möte' (first at line 1); the first value is kept")]


def test_a_dropped_duplicate_value_never_overwrites_positions() -> None:
    loaded = load_text("a:\n  b: 1\na:\n  b: 2\n  c: 3\n", with_positions=True)
    assert loaded.data == {"a": {"b": "1"}}
    assert loaded.positions[("a", "b")] == (2, 3)
    assert ("a", "c") not in loaded.positions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!float 1\n", [(1, 4, "explicit tag '!!float' is not allowed; remove it")]),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            [(1, 4, "explicit tag '!!python/object/apply:os.system' is not allowed; remove it")],
        ),
        ("a: !!binary aGk=\n", [(1, 4, "explicit tag '!!binary' is not allowed; remove it")]),
        ("a: !local x\n", [(1, 4, "explicit tag '!local' is not allowed; remove it")]),
        (
            "a: &x 1\nb: *x\n",
            [
                (1, 4, "anchor '&x' is not allowed; write the value out"),
                (2, 4, "alias '*x' is not allowed; write the value out"),
            ],
        ),
        ("a: {<<: {b: 1}}\n", [(1, 5, "merge key '<<' is not allowed; write the keys out")]),
        ("[a]: 1\n", [(1, 1, "complex mapping key (a list, mapping or alias used as a key)")]),
        (
            "? {a: 1}\n: 1\n",
            [(1, 3, "complex mapping key (a list, mapping or alias used as a key)")],
        ),
        (
            "a: 1\n---\nb: 2\n",
            [(2, 1, "several YAML documents ('---') in one file; keep one agreement per file")],
        ),
    ],
)
def test_structural_problems_are_collected(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert problems(text) == expected


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load_text('"<<": 1\n').data == {"<<": "1"}


def test_alias_and_tagged_values_are_dropped_and_marked_skipped() -> None:
    loaded = load_text("a: &x [1]\nb: *x\nc: [*x, 2]\nd: !!int 3\n")
    assert loaded.data == {"a": ["1"], "b": None, "c": [None, "2"], "d": None}
    assert loaded.skipped == {("b",), ("c", 0), ("d",)}


def test_tagged_containers() -> None:
    """!!map and !!seq change nothing (reported, kept); other tags mean "construct": dropped."""
    loaded = load_text("a: !!python/object:os.system {b: [1]}\nc: !!seq [1]\n")
    assert loaded.data == {"a": None, "c": ["1"]}
    assert loaded.skipped == {("a",)}
    root = load_text("--- !!map\na: 1\n")
    assert root.data == {"a": "1"} and root.skipped == set() and len(root.problems) == 1


def test_alias_bomb_is_never_expanded_and_is_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(20)]
    start = time.perf_counter()
    loaded = load_text("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert loaded.data["c"] == [None] * 9
    messages = [p.message for p in loaded.problems]
    assert messages.count("anchor '&a' is not allowed; write the value out") == 1
    assert "177 more aliases from here on, not listed" in messages
    assert "18 more anchors from here on, not listed" in messages
    assert len(messages) <= 10


def test_a_few_problems_of_each_kind_then_a_count() -> None:
    text = "".join(f"k: {i}\n" for i in range(200))  # 199 duplicates: 20 listed, then a count
    found = problems(text)
    assert len(found) == 21
    assert found[-1] == (22, 1, "179 more duplicate keys from here on, not listed")


def test_too_many_problems_stop_the_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlload, "MAX_PROBLEMS", 5)
    problem = fatal("".join(f"a{i}: !t &n{i} [*x, {{<<: {{}}}}]\n" for i in range(100)))
    assert problem.message == "more than 5 YAML problems; stopped reading the file"
    assert len(problem.earlier) == 5


def test_syntax_error_keeps_the_problems_found_before_it() -> None:
    problem = fatal('a: 1\na: 2\nb: "open\n')
    assert [(p.line, p.message) for p in problem.earlier] == [(2, "duplicate key 'a'; the first value is kept")]
    assert (problem.line, problem.col) == (4, 1)
    assert "quoted scalar that starts at line 3" in problem.message


# --- text: encodings, line ends, Unicode ----------------------------------------------------------


def test_decode_accepts_bom_crlf_and_cr() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\r\nb: 2\rc: 3\n") == "a: 1\nb: 2\nc: 3\n"


def test_decode_normalises_to_nfc() -> None:
    assert decode("a\u030a".encode()) == "\u00e5"


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ("a: 1\nnamn: Åsa\n".encode("latin-1"), (2, 7)),
        ("a: 1\nb: x – y\n".encode("cp1252"), (2, 6)),
        (b"a: \xc3\xa5\nb: \xe5\n", (2, 4)),
    ],
    ids=["latin-1", "cp1252", "mixed"],
)
def test_non_utf8_is_located(raw: bytes, where: tuple[int, int]) -> None:
    with pytest.raises(YamlProblem) as info:
        decode(raw)
    assert (info.value.line, info.value.col) == where
    assert "is not UTF-8" in info.value.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused(encoding: str) -> None:
    with pytest.raises(YamlProblem, match="UTF-16 or UTF-32"):
        decode("a: 1\n".encode(encoding))


def test_decode_checks_the_size_first() -> None:
    with pytest.raises(YamlProblem, match="limit is 1,048,576 bytes"):
        decode(b"#" * (MAX_FILE_BYTES + 1))


@pytest.mark.parametrize(
    ("char", "message"),
    [
        ("\u200b", "invisible character U+200B (zero width space); remove it"),
        ("\u202e", "invisible character U+202E (right-to-left override); remove it"),
        ("\u2066", "invisible character U+2066 (left-to-right isolate); remove it"),
        ("\u00ad", "invisible character U+00AD (soft hyphen); remove it"),
        ("\ufeff", "invisible character U+FEFF (zero width no-break space); remove it"),
    ],
)
def test_invisible_characters_are_reported_and_reading_goes_on(char: str, message: str) -> None:
    loaded = load_text(f"a: 1\nb: x{char}y\nb: 2\n")
    assert [(p.line, p.col, p.message) for p in loaded.problems] == [
        (2, 5, message),
        (3, 1, "duplicate key 'b'; the first value is kept"),
    ]


@pytest.mark.parametrize(
    ("char", "message"),
    [
        ("\x00", "control character U+0000 in the file; remove it"),
        ("\x1b", "control character U+001B in the file; remove it"),
        ("\x85", "unusual line break U+0085; YAML and editors count lines differently, remove it"),
        (
            "\u2028",
            "unusual line break U+2028 (line separator); YAML and editors count lines differently, remove it",
        ),
    ],
)
def test_control_characters_stop_the_reading(char: str, message: str) -> None:
    problem = fatal(f"a: 1\nb: x{char}y\n")
    assert (problem.line, problem.col, problem.message) == (2, 5, message)


def test_conflict_markers() -> None:
    problem = fatal("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> main\n")
    assert (problem.line, problem.col) == (2, 1)
    assert load_text('a: "======= is fine inside a value"\n').data == {"a": "======= is fine inside a value"}


def test_tabs_get_a_hint() -> None:
    assert fatal("a:\n\tb: 1\n").message.endswith("; indent with spaces, not tabs")


# --- limits -----------------------------------------------------------------------------------


def test_depth_limit_is_exact() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    load_text(ok)
    too_deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert fatal(too_deep).message == f"nesting deeper than {MAX_DEPTH} levels"


def test_node_limit() -> None:
    load_text("[" + ",".join(["1"] * (MAX_NODES - 1)) + "]")
    problem = fatal("[" + ",".join(["1"] * MAX_NODES) + "]")
    assert problem.message == f"more than {MAX_NODES:,} YAML nodes (keys and values) in one file"


def test_scalar_limit() -> None:
    load_text("a: " + "x" * MAX_SCALAR_CHARS)
    assert fatal("a: " + "x" * (MAX_SCALAR_CHARS + 1)).message.startswith("value is 200,001 characters")


DEEP_SCRIPT = textwrap.dedent(
    """
    import sys
    import iopctl.files.yaml_reader as y
    if sys.argv[1] == "python":
        y._Parser = y.PurePythonParser
    flow = "a: " + "[" * 30000 + "]" * 30000
    block = "a:\\n  " + "- " * 30000 + "x"
    mappings = "a: " + "{b: " * 30000 + "}" * 30000
    for text in (flow, block, mappings):
        try:
            y.load_text(text)
        except y.YamlProblem as exc:
            print(exc.message)
    """
)


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_30000_levels_are_refused_without_recursion_error_or_segfault(parser: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", DEEP_SCRIPT, parser],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.splitlines() == [f"nesting deeper than {MAX_DEPTH} levels"] * 3


# --- the pure-Python parser gives what libyaml gives ------------------------------------------


def _reading(text: str) -> tuple[Any, ...]:
    try:
        loaded = load_text(text, with_positions=True)
    except YamlProblem as exc:  # syntax errors: same place, wording may differ
        return ("fatal", exc.line, exc.col, [(p.line, p.col, p.message) for p in exc.earlier])
    return (
        "ok",
        loaded.data,
        loaded.positions,
        [(p.line, p.col, p.message, p.path) for p in loaded.problems],
        loaded.skipped,
    )


def _sample_texts() -> list[tuple[str, str]]:
    files = (
        sorted((ROOT / "agreements").rglob("*.yaml")) + sorted(CORPUS.rglob("*.yaml")) + sorted(CORPUS.rglob("*.bin"))
    )
    texts = [("astral", 'a: ["𝄞𝄞", *x, {b: "ö"}, !!t 1]\nb: [1,\n  2]\n')]
    for f in files:
        try:
            texts.append((str(f.relative_to(ROOT)), decode(f.read_bytes())))
        except YamlProblem:
            continue
    return texts


@pytest.mark.skipif(not yamlload.HAVE_LIBYAML, reason="needs libyaml to compare with")
def test_pure_python_parser_matches_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = _sample_texts()
    assert len(samples) > 100
    with_libyaml = [_reading(text) for _, text in samples]
    monkeypatch.setattr(yamlload, "_Parser", PurePythonParser)
    for (name, text), expected in zip(samples, with_libyaml, strict=True):
        assert _reading(text) == expected, name


# --- reading: one parse for a valid file, positions only when needed --------------------------


def test_a_file_is_read_at_most_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A valid file is read once; a file with problems at most once more, for positions."""
    calls: list[bool] = []
    real = reading.load_text

    def counting(text: str, *, with_positions: bool = False) -> Loaded:
        calls.append(with_positions)
        return real(text, with_positions=with_positions)

    monkeypatch.setattr(reading, "load_text", counting)
    valid = tmp_path / "corpus-base.yaml"
    valid.write_bytes((CORPUS / "_base.yaml").read_bytes())
    good = reading.read_agreement(valid)
    assert good.agreement is not None and not good.problems
    assert len(calls) == 1
    for case in ("money/money-three-decimals.yaml", "structure/structure-duplicate-top.yaml"):
        calls.clear()
        bad = reading.read_agreement(CORPUS / case)
        assert bad.agreement is None and bad.problems
        assert len(calls) <= 2 and calls[-1] is True


def test_locate_falls_back_to_the_deepest_present_key() -> None:
    loaded = load_text("a:\n  b:\n    - c: 1\n", with_positions=True)
    assert loaded.locate(("a", "b", 0, "c")) == (3, 7)
    assert loaded.locate(("a", "b", 0, "missing")) == (3, 7)
    assert loaded.locate(("a", "missing", 3)) == (1, 1)
    assert loaded.locate(("nothing",)) == (1, 1)


# --- the scalar types: pydantic's lax coercions refused ---------------------------------------


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (types.parse_count, True),
        (types.parse_count, "07"),
        (types.parse_count, "1_000"),
        (types.parse_count, " 7 "),
        (types.parse_count, "NO"),
        (types.parse_count, "١٢٣"),
        (types.parse_count, 7.0),
        (types.parse_count, "1" * 5000),
        (types.parse_money, "1e3"),
        (types.parse_money, "١٢٣"),
        (types.parse_money, "100.000"),
        (types.parse_money, 0.1),
        (types.parse_money, "1 000"),
        (types.parse_money, Decimal("NaN")),
        (types.parse_money, "NaN"),
        (types.parse_money, "-0.001"),
        (types.parse_year, "२०२५"),
        (types.parse_year, "25"),
        (types.parse_date, "2023-02-30"),
        (types.parse_date, "2025-1-1"),
        (types.parse_date, "٢٠٢٥-٠١-٠١"),
        (types.parse_month_day, "02-29"),
        (types.parse_month_day, " 03-31"),
        (types.parse_bool, "yes"),
        (types.parse_bool, 1),
        (types.parse_bool, "true"),
        (types.parse_text, True),
        (types.parse_text, " x"),
        (types.parse_text, ""),
        (types.parse_ident, "CON"),
        (types.parse_ident, "con"),
        (types.parse_ident, "../x"),
        (types.parse_ident, "x\n"),
        (types.parse_ident, "ö"),
        (identifiers.parse_org_number, "802000-0008"),
        (identifiers.parse_org_number, "811218-9876"),
    ],
)
def test_types_refuse_what_pydantic_would_coerce(parse: Any, value: Any) -> None:
    with pytest.raises(PydanticCustomError):
        parse(value)


ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    10**40,
    1.5,
    float("nan"),
    float("inf"),
    "",
    " ",
    "\x00",
    "{x}",
    "{0}",
    "١",
    "𝄞",
    [],
    {},
    ["1"],
    {"a": 1},
    b"1",
    Decimal("NaN"),
    Decimal("-Infinity"),
    Decimal("1E+3"),
    date(2025, 1, 1),
    object(),
]
PARSERS = [
    types.parse_money,
    types.parse_positive_money,
    types.parse_rate,
    types.parse_percent,
    types.parse_count,
    types.parse_year,
    types.parse_date,
    types.parse_month_day,
    types.parse_fraction,
    types.parse_bool,
    types.parse_text,
    types.parse_markdown,
    types.parse_ident,
    identifiers.parse_org_number,
]


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
def test_types_raise_only_validation_errors(parse: Any) -> None:
    """Any exception but PydanticCustomError or ValueError escapes pydantic as a traceback."""
    escaped: list[tuple[Any, str]] = []
    for value in ODD_VALUES:
        try:
            parse(value)
        except PydanticCustomError:
            pass
        except Exception as exc:  # noqa: BLE001 - collected, and the test fails naming them
            escaped.append((value, type(exc).__name__))
    assert escaped == []


def test_money_reads_exactly() -> None:
    with pytest.raises(PydanticCustomError, match="more than two decimals"):
        types.parse_money("2.675")  # refused, never rounded to 2.68 or read through a float
    assert types.parse_money("2.67") == Decimal("2.67")
    assert str(types.parse_money("1.10")) == "1.10"
    assert types.parse_money("-0") == 0
    assert types.parse_money(250000) == Decimal(250000)


def test_messages_echo_values_shortly_and_literally() -> None:
    with pytest.raises(PydanticCustomError) as info:
        types.parse_money("9" * 5000)
    assert len(info.value.message()) < 200
    with pytest.raises(PydanticCustomError) as info:
        types.parse_money("{amount}")
    assert "'{amount}'" in info.value.message()


def test_personal_numbers_are_found_in_text_and_comments() -> None:
    assert [m for _, m in identifiers.find_personal_numbers("Anna 811218-9876, tel 0701234567")] == ["811218-9876"]
    assert list(identifiers.find_personal_numbers("org 802000-0009 and 811218-9877")) == []
    # a mobile number that passes the date and Luhn checks is still a phone number …
    assert list(identifiers.find_personal_numbers("tel 0701234502")) == []
    # … unless written as a personnummer
    assert [m for _, m in identifiers.find_personal_numbers("070123-4502")] == ["070123-4502"]
    text = 'a: "x # 811218-9876"\n# Anna 19811218-9876\nb: 1 # 811218+9876\n'
    assert [m for _, m in identifiers.comment_personal_numbers(text)] == [
        "811218-9876",
        "19811218-9876",
        "811218+9876",
    ]
