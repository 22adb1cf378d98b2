"""The hostile-input corpus through the real CLI: exact, located answers; no crash; nothing written.

Each case in `tests/corpus/<family>/` sits beside its `.expected` answer (format in
`tests/corpus/README.md`). Inputs too large to commit are generated here at run time.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.files.text import MAX_FILE_BYTES
from iopctl.files.yaml_reader import MAX_DEPTH, MAX_NODES, MAX_SCALAR_CHARS

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE = CORPUS / "_base.yaml"
CASES = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".yaml", ".bin"))
FAMILIES = ("typing", "structure", "text", "money", "dates", "identifiers", "schema", "documents")
_TEXT_LINE = re.compile(
    r"(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info): "
    r"(?P<rest>.*) \[(?P<rule>[a-z0-9-]+)\]"
)

runner = CliRunner()


# --- the .expected format -------------------------------------------------------------------


def parse_expected(path: Path) -> tuple[int, list[str], list[tuple[str, str]]]:
    """Exit code, expected error lines, expected (severity, line) for warnings and infos."""
    lines = path.read_text(encoding="utf-8").splitlines()
    code = int(lines[0])
    errors: list[str] = []
    others: list[tuple[str, str]] = []
    for raw in lines[1:]:
        if not raw.strip() or raw.startswith("#"):
            continue
        severity, _, rest = raw.partition(" ")
        if severity in ("warning", "info"):
            others.append((severity, rest))
        else:
            errors.append(raw)
    return code, errors, others


def matches(expected: str, actual: str) -> bool:
    """`expected` equals `actual`, or is `HEAD ~ TEXT` with actual = HEAD + ' ' + …TEXT…."""
    if expected == actual:
        return True
    head, sep, text = expected.partition(" ~ ")
    return bool(sep) and actual.startswith(head + " ") and text in actual[len(head) + 1 :]


def problem_line(problem: dict[str, object]) -> str:
    """A JSON problem in the `.expected` form: `LINE:COL: PATH: MESSAGE`."""
    path = f"{problem['path']}: " if problem["path"] else ""
    return f"{problem['line']}:{problem['col']}: {path}{problem['message']}"


def assert_answer(case: Path, code: int, found: list[tuple[str, str]]) -> None:
    """Compare a case's exit code and (severity, line) problems with its `.expected`."""
    want_code, want_errors, want_others = parse_expected(case.with_suffix(".expected"))
    shown = "\n".join(f"{sev}: {line}" for sev, line in found)
    assert code == want_code, f"{case.name}: exit {code}, expected {want_code}\n{shown}"
    errors = [line for sev, line in found if sev == "error"]
    unmatched = list(errors)
    for want in want_errors:
        hit = next((a for a in unmatched if matches(want, a)), None)
        assert hit is not None, f"{case.name}: missing error\n  {want}\ngot:\n{shown}"
        unmatched.remove(hit)
    assert not unmatched, f"{case.name}: unexpected errors:\n" + "\n".join(unmatched)
    for sev, want in want_others:
        assert any(s == sev and matches(want, a) for s, a in found), (
            f"{case.name}: missing {sev}\n  {want}\ngot:\n{shown}"
        )


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.output


def json_problems(out: str) -> dict[str, list[dict[str, object]]]:
    data = json.loads(out)
    return {f["file"]: f["problems"] for f in data["files"]}


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- the corpus itself ----------------------------------------------------------------------------


def test_corpus_is_big_and_well_formed() -> None:
    per_family = Counter(p.parent.name for p in CASES)
    assert set(per_family) == set(FAMILIES), per_family
    assert sum(per_family.values()) >= 80
    assert all(n >= 8 for n in per_family.values()), per_family
    stems = [p.stem for p in CASES]
    assert len(stems) == len(set(stems)), "case names must be unique across families"
    for case in CASES:
        assert case.stem.startswith(case.parent.name + "-"), case
        assert case.with_suffix(".expected").is_file(), f"{case} has no .expected"
        parse_expected(case.with_suffix(".expected"))
    orphans = {p.stem for p in CORPUS.glob("*/*.expected")} - set(stems)
    assert not orphans, orphans


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case(case: Path) -> None:
    code, out = invoke(str(case), "--format", "json")
    assert "Traceback" not in out
    problems = json_problems(out)[str(case)]
    assert_answer(case, code, [(str(p["severity"]), problem_line(p)) for p in problems])


def test_whole_corpus_in_one_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One run over all cases and a valid file: answers as alone, valid file ok, nothing written."""
    valid = tmp_path / "valid-agreement.yaml"
    valid.write_text(
        BASE.read_text(encoding="utf-8").replace("id: corpus-base", "id: valid-agreement"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    before, before_tmp = hashes(CORPUS), hashes(tmp_path)
    binaries = [str(p) for p in CASES if p.suffix == ".bin"]  # folder scans read only .yaml
    code, out = invoke(str(CORPUS), *binaries, str(valid), "--show", "info")
    assert hashes(CORPUS) == before, "validate changed or created a file in the corpus"
    assert hashes(tmp_path) == before_tmp, "validate wrote a file"
    assert "Traceback" not in out
    assert code == 1
    by_file: dict[str, list[tuple[str, str]]] = {str(p): [] for p in CASES}
    status: dict[str, str] = {}
    for line in out.splitlines():
        if line.startswith(("ok ", "FAIL ")):
            mark, rest = line.split(None, 1)
            status[rest.rsplit(" (", 1)[0]] = mark
            continue
        if re.fullmatch(r"\d+ agreements checked: .*", line):
            continue
        file = next((f for f in (*by_file, str(valid)) if line.startswith(f + ":")), None)
        assert file is not None, f"a line that is not file:line:col: {line!r}"
        m = _TEXT_LINE.fullmatch(line[len(file) + 1 :])
        assert m is not None, f"not a located problem: {line!r}"
        by_file.setdefault(file, []).append((m["sev"], f"{m['line']}:{m['col']}: {m['rest']}"))
    assert status.pop(str(valid)) == "ok"
    assert not by_file.get(str(valid))
    for case in CASES:
        assert_answer(case, 1 if any(s == "error" for s, _ in by_file[str(case)]) else 0, by_file[str(case)])
        assert status[str(case)] == ("FAIL" if parse_expected(case.with_suffix(".expected"))[0] else "ok")
    assert f"{len(CASES) + 1} agreements checked" in out


# --- the same answer for the same content ---------------------------------------------------------


def _answer(path: Path) -> list[tuple[object, ...]]:
    _, out = invoke(str(path), "--format", "json")
    return [(p["line"], p["col"], p["path"], p["message"], p["rule"]) for p in json_problems(out)[str(path)]]


@pytest.mark.parametrize(
    ("case", "normalise"),
    [
        ("text/text-crlf-error.bin", lambda b: b.replace(b"\r\n", b"\n")),
        ("text/text-crlf-valid.bin", lambda b: b.replace(b"\r\n", b"\n")),
        ("text/text-cr-only.bin", lambda b: b.replace(b"\r", b"\n")),
        ("text/text-bom-error.bin", lambda b: b.removeprefix(b"\xef\xbb\xbf")),
        ("text/text-nfd-error.yaml", lambda b: unicodedata.normalize("NFC", b.decode()).encode()),
        ("text/text-nfd-valid.yaml", lambda b: unicodedata.normalize("NFC", b.decode()).encode()),
    ],
    ids=["crlf-error", "crlf-valid", "cr-only", "bom", "nfd-error", "nfd-valid"],
)
def test_same_output_as_plain_utf8_lf_nfc(case: str, normalise: object, tmp_path: Path) -> None:
    source = CORPUS / case
    twin = tmp_path / f"{source.stem}.yaml"
    twin.write_bytes(normalise(source.read_bytes()))  # type: ignore[operator]
    assert twin.read_bytes() != source.read_bytes()
    assert _answer(twin) == _answer(source)


# --- too large to commit: generated -----------------------------------------------------------


def _with_extra(name: str, extra: str) -> str:
    return (
        BASE.read_text(encoding="utf-8")
        .replace("id: corpus-base", f"id: {name}")
        .replace("template: numbered\n", f"template: numbered\n{extra}\n")
    )


def test_file_of_many_megabytes_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as f:  # 4 GiB, sparse: reading it would take minutes and the memory with it
        f.truncate(4 * 1024**3)
    real = tmp_path / "several-mb.yaml"
    real.write_text(_with_extra("several-mb", "note: |\n" + ("  " + "x" * 78 + "\n") * 80_000), encoding="utf-8")
    assert real.stat().st_size > 5 * MAX_FILE_BYTES
    reads: list[int] = []
    original = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> object:
        if self in (huge, real):
            reads.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", counting_open)
    code, out = invoke(str(huge), str(real), "--format", "json")
    assert code == 1 and "Traceback" not in out
    problems = json_problems(out)
    assert [problem_line(p) for p in problems[str(huge)]] == [
        f"1:1: file is {4 * 1024**3:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
    ]
    assert problem_line(problems[str(real)][0]).startswith("1:1: file is ")
    assert not reads, "a file past the size limit was opened"


def test_too_many_nodes(tmp_path: Path) -> None:
    case = tmp_path / "many-nodes.yaml"
    case.write_text(
        _with_extra("many-nodes", "extra: [" + ",".join(["1"] * (MAX_NODES + 10)) + "]"),
        encoding="utf-8",
    )
    assert case.stat().st_size < MAX_FILE_BYTES
    code, out = invoke(str(case), "--format", "json")
    assert code == 1
    lines = [problem_line(p) for p in json_problems(out)[str(case)]]
    assert len(lines) == 1 and re.fullmatch(
        rf"5:\d+: more than {MAX_NODES:,} YAML nodes \(keys and values\) in one file", lines[0]
    ), lines


def test_value_past_the_length_limit(tmp_path: Path) -> None:
    case = tmp_path / "long-value.yaml"
    case.write_text(_with_extra("long-value", "extra: " + "x" * (MAX_SCALAR_CHARS + 1)), encoding="utf-8")
    code, out = invoke(str(case), "--format", "json")
    assert code == 1
    assert [problem_line(p) for p in json_problems(out)[str(case)]] == [
        f"5:8: extra: value is {MAX_SCALAR_CHARS + 1:,} characters; the limit is {MAX_SCALAR_CHARS:,}"
    ]


def test_nesting_thousands_deep_block_style(tmp_path: Path) -> None:
    case = tmp_path / "deep.yaml"  # "- - - … x": 3 000 nested block sequences on one line
    case.write_text(_with_extra("deep", "extra:\n  " + "- " * 3_000 + "x"), encoding="utf-8")
    code, out = invoke(str(case), "--format", "json")
    assert code == 1 and "Traceback" not in out
    (problem,) = json_problems(out)[str(case)]
    assert problem["message"] == f"nesting deeper than {MAX_DEPTH} levels"


# --- batches, usage ---------------------------------------------------------------------------


def test_same_id_in_two_folders_of_one_batch(tmp_path: Path) -> None:
    """Outputs are named by id: two files with one id (in any case) would overwrite each other."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same-id.yaml").write_text(
            BASE.read_text(encoding="utf-8").replace("id: corpus-base", "id: same-id"),
            encoding="utf-8",
        )
    code, out = invoke(str(tmp_path / "a"), str(tmp_path / "b"), "--format", "json")
    assert code == 1
    problems = json_problems(out)
    assert problems[str(tmp_path / "a" / "same-id.yaml")] == []
    (clash,) = problems[str(tmp_path / "b" / "same-id.yaml")]
    assert problem_line(clash) == (
        f"3:1: id: id 'same-id' is also the id of {tmp_path / 'a' / 'same-id.yaml'}; "
        "their documents would overwrite each other"
    )
    assert clash["rule"] == "unique-agreement-ids"


@pytest.mark.parametrize(
    "args",
    [["does-not-exist.yaml"], [str(BASE), "--format", "xml"], [str(BASE), "--jobs", "-1"]],
    ids=["missing-path", "unknown-format", "negative-jobs"],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, out = invoke(*args)
    assert code == 2
    assert "Traceback" not in out
