"""The problems of a YAML file beside the walk itself: collected a few of each kind, escapes that
hide control characters, and parser errors worded alike for libyaml and pure Python.

`iopctl.files.yaml_reader` walks the events and reports here; the checks on the typed text
are `iopctl.files.text`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from iopctl.files.text import CONTROL, CONTROL_CHARS, INVISIBLE_CHARS, Path, YamlProblem, char_name, offset_position

# The characters `iopctl.files.text` refuses or reports, written as escapes of a double-quoted
# scalar ("\e", "\0", "\u202e"), and a carriage return ("\r"), which no output may receive
# raw (a table, a CSV, an ICS line).
ESCAPED_SUSPECT = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}\r]")
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SINGLE_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}

_KIND_LIMITS = {"duplicate": 20}
_DEFAULT_KIND_LIMIT = 3
_KIND_LABELS = {
    "anchor": "anchors",
    "alias": "aliases",
    "tag": "explicit tags",
    "duplicate": "duplicate keys",
    "merge": "merge keys",
    "complex": "complex keys",
    "invisible": "invisible characters",
}


class Collector:
    """The problems that do not stop the reading: a few of each kind, then a count.

    An alias bomb has hundreds of aliases; listing three and counting the rest says the same.
    More than `limit` listed problems stop the reading (`Stop`).
    """

    def __init__(self, limit: int) -> None:
        """Collect at most `limit` listed problems (the reader's MAX_PROBLEMS)."""
        self.limit = limit
        self.problems: list[YamlProblem] = []
        self.counts: dict[str, int] = {}
        self.unlisted: dict[str, YamlProblem] = {}

    def add(self, line: int, col: int, message: str, path: Path, kind: str) -> None:
        n = self.counts[kind] = self.counts.get(kind, 0) + 1
        if n > _KIND_LIMITS.get(kind, _DEFAULT_KIND_LIMIT):
            self.unlisted.setdefault(kind, YamlProblem(line, col, "", path))
            return
        self.problems.append(YamlProblem(line, col, message, path))
        if len(self.problems) >= self.limit:
            raise Stop

    def finish(self) -> list[YamlProblem]:
        for kind, first in self.unlisted.items():
            more = self.counts[kind] - _KIND_LIMITS.get(kind, _DEFAULT_KIND_LIMIT)
            first.message = f"{more} more {_KIND_LABELS.get(kind, kind)} from here on, not listed"
            self.problems.append(first)
        self.unlisted.clear()
        return self.problems


class Stop(Exception):
    """Internal: too many problems, reading stops."""


def check_escapes(text: str, event: Any, found: Collector, path: Path) -> None:
    """Refuse a control or invisible character written as an escape in a double-quoted scalar.

    ``iopctl.files.text.text_problems` sees only the characters as typed; `"\\e[31m"` or `"\\u202e"` are plain
    ASCII there. Called only for double-quoted scalars of a file that has a backslash, and only
    when the decoded value holds such a character; the problem points at the escape itself.
    """
    start, end = event.start_mark, event.end_mark
    line_start = 0
    for _ in range(start.line):
        line_start = text.index("\n", line_start) + 1
    offset = line_start + start.column
    for _ in range(end.line - start.line):
        line_start = text.index("\n", line_start) + 1
    stop = line_start + end.column
    bad: str | None = None
    escape = ""
    for m in _ESCAPE.finditer(text, offset, stop):
        code = m.group()[1:]
        if len(code) > 1:
            char = chr(int(code[1:], 16)) if int(code[1:], 16) <= 0x10FFFF else ""
        else:
            char = _SINGLE_ESCAPES.get(code, code)
        if char and ESCAPED_SUSPECT.match(char):
            bad, escape, offset = char, m.group(), m.start()
            break
    if bad is None:  # typed, not escaped: text_problems has reported it already
        return
    line, col = offset_position(text, offset)
    written = f"written as the escape {escape}" if escape else "written as an escape"
    if bad == "\r":
        raise YamlProblem(line, col, f"carriage return {written}; write \\n alone for a line break", path)
    if CONTROL.match(bad):
        raise YamlProblem(line, col, f"control character {char_name(bad)} {written}; remove it", path)
    found.add(line, col, f"invisible character {char_name(bad)} {written}; remove it", path, "invisible")


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, problems: list[YamlProblem]) -> YamlProblem:
    """A parser error as a located problem, worded the same for libyaml and pure Python."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = exc.problem or "YAML syntax error"
    if exc.context:
        context = exc.context
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            context = f"{context} that starts at line {start.line + 1}"
        message = f"{message} ({context})"
    if "\t" in text and mark is not None and _tab_near(text, mark.line, mark.column):
        message += "; indent with spaces, not tabs"
    problem = YamlProblem(line, col, message)
    problem.earlier = problems
    return problem


def _tab_near(text: str, line: int, column: int) -> bool:
    """Whether the 0-based line has a tab in its indentation or at the column."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    row = text[start : end if end != -1 else len(text)]
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    return "\t" in indent or row[column : column + 1] == "\t"
