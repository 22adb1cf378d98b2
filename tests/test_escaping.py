"""What reaches a terminal or a CI log is escaped: workflow-command injection through file names,
raw line breaks in text output, and control or bidi characters written as YAML escapes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app
from iopctl.errors import github_data, github_property
from iopctl.files.text import YamlProblem
from iopctl.files.yaml_reader import PurePythonParser, load_text

ROOT = Path(__file__).resolve().parent.parent
KALMAR = ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml"
INJECTION = "x\n::warning file=evil.yaml,line=1,col=1,title=pwn::INJECTED\n"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_github_property_escapes_as_the_toolkit_does() -> None:
    assert github_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    assert github_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"


def test_a_file_name_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    bad = tmp_path / f"{INJECTION},a::b.yaml"
    bad.write_text(KALMAR.read_text(encoding="utf-8"), encoding="utf-8")  # id ≠ file name: an error
    code, out = invoke("validate", str(bad), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations and len(annotations) == len(lines) - 1  # every line but the summary is one annotation
    for line in annotations:
        assert re.fullmatch(r"::(error|warning|notice) file=[^,:\n]+,line=\d+,col=\d+,title=[a-z-]+::.+", line), line
    assert not any(line.startswith(("::warning file=evil", "INJECTED")) for line in lines)
    assert "%0A%3A%3Awarning file=evil.yaml%2Cline=1" in out
    assert "%2Ca%3A%3Ab.yaml" in out


def test_text_output_shows_line_breaks_in_names_and_values_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "a\rb\nc.yaml"
    text = KALMAR.read_text(encoding="utf-8").replace("amount: 1000000", 'amount: "10\\n00\\u000d000"', 1)
    bad.write_text(text, encoding="utf-8")
    code, out = invoke("validate", str(bad))
    assert code == 1
    assert "\r" not in out
    for line in out.splitlines():
        assert line.startswith((str(tmp_path), "FAIL ", "ok ", "1 agreement")), line
    assert "a\\u000db\\u000ac.yaml" in out


@pytest.mark.parametrize(
    ("value", "col", "message"),
    [
        ('"\\e[31mrött"', 11, "control character U+001B written as the escape \\e; remove it"),
        ('"a\\0"', 12, "control character U+0000 written as the escape \\0; remove it"),
        ('"a\\x1b"', 12, "control character U+001B written as the escape \\x1b; remove it"),
        ('"a\\r\\nb"', 12, "carriage return written as the escape \\r; write \\n alone for a line break"),
        ('"a\\N"', 12, "control character U+0085 written as the escape \\N; remove it"),
        ('"a\\L"', 12, "unusual"),
    ],
)
def test_control_characters_written_as_escapes_stop_the_reading(value: str, col: int, message: str) -> None:
    with pytest.raises(YamlProblem) as exc:
        load_text(f"id: x\nname:    {value}\n")
    if message == "unusual":
        assert "U+2028" in exc.value.message
    else:
        assert exc.value.message == message
    assert (exc.value.line, exc.value.col) == (2, col)


@pytest.mark.parametrize(
    ("escape", "char"),
    [
        ("\\u202e", "U+202E"),
        ("\\u200b", "U+200B"),
        ("\\uFEFF", "U+FEFF"),
        ("\\U0000200F", "U+200F"),
        ("\\xad", "U+00AD"),
    ],
)
def test_invisible_characters_written_as_escapes_are_reported(escape: str, char: str) -> None:
    loaded = load_text(f'id: x\n"key{escape}": 1\nname: "ok {escape}"\n')
    assert [(p.line, p.col) for p in loaded.problems] == [(2, 5), (3, 11)]
    assert all(p.message.startswith(f"invisible character {char}") and escape in p.message for p in loaded.problems)


def test_harmless_escapes_and_single_quotes_pass() -> None:
    loaded = load_text('a: "rad 1\\nrad 2\\tflik \\\\e \\" \\u00e5"\nb: \'x\\e\'\nc: x\\e\n')
    assert loaded.problems == []
    assert loaded.data == {"a": 'rad 1\nrad 2\tflik \\e " å', "b": "x\\e", "c": "x\\e"}


@pytest.mark.parametrize("command", [["funding"], ["deadlines", "--today", "2025-03-01"], ["render", "--format", "md"]])
def test_every_command_refuses_an_escaped_escape_character(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "kalmar-kvinnojouren-2025.yaml"
    text = KALMAR.read_text(encoding="utf-8").replace(
        "    name: Kalmar kommun\n", '    name: "Kalmar\\e[31m kommun"\n', 1
    )
    assert "\\e[31m" in text
    bad.write_text(text, encoding="utf-8")
    args = [*command, str(bad)] + (["--out", str(tmp_path / "out")] if command[0] == "render" else [])
    code, out = invoke(*args)
    assert code == 1
    assert "\x1b" not in out
    assert re.search(
        r"kalmar-kvinnojouren-2025\.yaml:\d+:18: error: parties\[1\]\.name: control character U\+001B", out
    ), out


def test_schema_check_says_missing_when_the_file_is_missing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--check", "--out", str(tmp_path / "none.json")], catch_exceptions=False)
    assert result.exit_code == 1
    assert "none.json is missing; run: iopctl schema" in result.output
    (tmp_path / "old.json").write_text("{}\n", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--check", "--out", str(tmp_path / "old.json")], catch_exceptions=False)
    assert "old.json is stale" in result.output


def test_render_check_says_missing_and_stale_apart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["render", str(KALMAR), "--format", "md", "--out", str(out)]).exit_code == 0
    (out / "kalmar-kvinnojouren-2025.md").write_text("old\n", encoding="utf-8")
    code, text = invoke("render", str(KALMAR), "--format", "md", "--out", str(out), "--check")
    assert code == 1 and "kalmar-kvinnojouren-2025.md is stale" in text
    (out / "kalmar-kvinnojouren-2025.md").unlink()
    code, text = invoke("render", str(KALMAR), "--format", "md", "--out", str(out), "--check")
    assert code == 1 and "kalmar-kvinnojouren-2025.md is missing" in text


def test_pre_commit_hooks_check_the_data_files_too() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"iopctl-validate", "iopctl-validate-strict"}
    for hook in hooks:
        files = re.compile(hook["files"])
        for changed in ("agreements/_series/pkv.yaml", "agreements/_policy.yaml", "agreements/_records/x.yaml"):
            assert files.search(changed) and not re.search(hook.get("exclude", "^$"), changed), (hook["id"], changed)
        assert hook["pass_filenames"] is False  # the folder is checked, data files with their agreements
        assert hook["args"] == ["agreements/"]


def test_a_broken_series_file_fails_the_hooks_command(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements", folder)
    pkv = folder / "_series" / "pkv.yaml"
    pkv.write_text(pkv.read_text(encoding="utf-8").replace("kind:", "kinde:", 1), encoding="utf-8")
    code, out = invoke("validate", str(folder))
    assert code == 1
    assert re.search(r"_series/pkv\.yaml:\d+:\d+: error: ", out), out


@pytest.mark.parametrize("parser", [None, PurePythonParser], ids=["libyaml", "pure-python"])
def test_escapes_are_located_in_characters_with_both_parsers(parser: object) -> None:
    with pytest.raises(YamlProblem) as exc:
        load_text('åäö: "Åsa\\e"\n', _parser=parser)
    assert (exc.value.line, exc.value.col) == (1, 10)
    # A typed invisible character is reported once, as typed; an escaped one beside it as escaped.
    loaded = load_text('a: "x\u202ey \\\\ z"\nb: "x\u202ey \\u200b"\n', _parser=parser)
    assert [(p.line, p.col, p.message) for p in loaded.problems] == [
        (1, 6, "invisible character U+202E (right-to-left override); remove it"),
        (2, 6, "invisible character U+202E (right-to-left override); remove it"),
        (2, 9, "invisible character U+200B (zero width space) written as the escape \\u200b; remove it"),
    ]


def test_markdown_drafts_fetch_nothing_and_run_no_html(tmp_path: Path) -> None:
    """A `.md` draft is opened in viewers that render raw HTML and fetch images: the prose's
    images print as their alt text and raw HTML as text, as in the HTML output; autolinks and
    code spans stay as written."""
    source = (ROOT / "agreements" / "lund-kvinnojouren-2021.yaml").read_text(encoding="utf-8")
    hostile = (
        '  disputes: |\n    Se <img src="https://evil.example/p.png"> och ![logga](https://evil.example/l.png)'
        " <script>alert(1)</script> <!-- dolt --> samt <https://lund.se> och `<b>`.\n"
    )
    folder = tmp_path / "a"
    shutil.copytree(ROOT / "agreements" / "_series", folder / "_series")
    (folder / "lund-kvinnojouren-2021.yaml").write_text(
        re.sub(r"  disputes: \|\n(    .*\n)+", hostile, source, count=1), encoding="utf-8"
    )
    for fmt in ("md", "html"):
        code, output = invoke("render", str(folder), "--format", fmt, "--out", str(tmp_path / fmt))
        assert code == 0, output
    markdown = (tmp_path / "md" / "lund-kvinnojouren-2021.md").read_text(encoding="utf-8")
    assert "Se \\<img src=" in markdown and "\\<script>alert(1)\\</script> \\<!-- dolt -->" in markdown
    assert "och logga <script" not in markdown and "och logga \\<script" in markdown
    assert "evil.example/l.png" not in markdown and "![" not in markdown
    assert "<https://lund.se> och `<b>`." in markdown
    html = (tmp_path / "html" / "lund-kvinnojouren-2021.html").read_text(encoding="utf-8")
    assert "<img" not in html and "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
