"""A strict YAML reader: plain data with every value's text kept, and every problem located.

PyYAML's `safe_load` applies YAML 1.1 typing (`NO` becomes False, `0701234567` an octal int,
`1:20` the int 80), keeps the last of duplicate keys and expands aliases. This reader walks
libyaml's *events* instead (safe at any depth, no node tree, no resolvers) and builds plain
`dict`/`list`/`str` data itself:

- every scalar stays the text that was written; only a plain `true`/`false` becomes a bool and
  a plain empty value, `~` or `null` becomes None (the YAML 1.2 core schema), so the models
  decide what `0701234567` or `2.25` means;
- duplicate keys (also equal after Unicode NFC), explicit tags, anchors, aliases, merge keys,
  complex keys and several documents are reported with their line and column. Where reading
  can safely go on it does (a duplicate key keeps its first value; an alias or tagged value
  is reported and its path recorded in `Loaded.skipped`), so one run reports every problem;
  syntax errors, wrong encodings and the limits below stop the reading of that file;
- text is decoded strictly as UTF-8 (a BOM is accepted), CRLF is accepted, the whole text is
  normalised to NFC (so NFD å/ä/ö read, and are located, exactly like NFC), control
  characters are refused and invisible format characters (zero-width, bidi controls) reported;
- size, nesting depth and node count are limited before, or while, the events are read: no
  data structure ever grows past them.

Positions are collected only when asked for (`with_positions=True`); `reading` decides
when a file's positions are worth collecting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser as _PurePythonParser
from yaml.reader import Reader as _Reader
from yaml.scanner import Scanner as _Scanner

from iopctl.errors import Problem, format_path, visible


class PurePythonParser(_Reader, _Scanner, _PurePythonParser):
    """PyYAML's pure-Python event parser with the same interface as libyaml's CParser."""

    def __init__(self, stream: str) -> None:
        """Read events from `stream`."""
        _Reader.__init__(self, stream)
        _Scanner.__init__(self)
        _PurePythonParser.__init__(self)


try:  # libyaml's C parser is ~8x faster; fall back cleanly where PyYAML was built without it.
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - exercised only on machines without libyaml
    _Parser = PurePythonParser  # type: ignore[assignment,misc]
    HAVE_LIBYAML = False

_LIBYAML_DEPTH = "maximum nesting depth"
"""libyaml's own depth error (0.2.6 and later); see load_text."""

MAX_FILE_BYTES = 1_048_576
"""Largest agreement file read (1 MiB); real agreements are 10–40 KB. Checked before reading."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and sequences; the agreement model needs fewer than 10."""
MAX_NODES = 100_000
"""Most keys, scalars, mappings and sequences in one file (the largest agreement has ~1 500)."""
MAX_SCALAR_CHARS = 200_000
"""Longest single value (prose sections included)."""
MAX_PROBLEMS = 50
"""Reading stops after this many YAML problems in one file (an alias bomb has hundreds)."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Characters a person cannot see but YAML keeps: reported, reading goes on.
_INVISIBLE_CHARS = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Characters that break the reading (or make YAML count lines differently from editors).
_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_SUSPECT = re.compile(f"[{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")
# The same characters written as escapes of a double-quoted scalar ("\e", "\0", "\u202e"),
# and a carriage return ("\r"), which no output may receive raw (a table, a CSV, an ICS line).
_ESCAPED_SUSPECT = re.compile(f"[{_INVISIBLE_CHARS}{_CONTROL_CHARS}\r]")
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
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_CORE_TAG = "tag:yaml.org,2002:"
_PLAIN_CONTAINERS = frozenset({_CORE_TAG + "map", _CORE_TAG + "seq"})

Path = tuple[str | int, ...]


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data, and (when asked for) the 1-based position of every path.

    `problems` are the YAML problems found on the way that did not stop the reading;
    `skipped` holds the paths whose value was replaced by None because of one of them (an
    alias, a tagged scalar), so that the model's complaints about those paths can be dropped.
    """

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)
    skipped: set[Path] = field(default_factory=set)

    def locate(self, path: Path) -> tuple[int, int]:
        """Position of the deepest part of `path` present in the file (the file start if none)."""
        for end in range(len(path), 0, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)


class YamlProblem(Exception):
    """A located YAML problem; raised when it stops the reading, collected otherwise.

    A raised one carries the problems collected before it in `earlier`.
    """

    def __init__(self, line: int, col: int, message: str, path: Path = ()) -> None:
        """A problem at a 1-based line and column, under `path` in the data."""
        super().__init__(message)
        self.line, self.col, self.message, self.path = line, col, message, path
        self.earlier: list[YamlProblem] = []


def decode(raw: bytes) -> str:
    """Strict UTF-8 (BOM accepted), LF newlines, NFC; a wrong encoding is reported with a line."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(1, 1, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:4]):
        raise YamlProblem(1, 1, "file is UTF-16 or UTF-32; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            line,
            col,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 (Latin-1 or Windows-1252?); save the file as UTF-8",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


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


class _Collector:
    """The problems that do not stop the reading: a few of each kind, then a count.

    An alias bomb has hundreds of aliases; listing three and counting the rest says the same.
    More than MAX_PROBLEMS listed problems stop the reading.
    """

    def __init__(self) -> None:
        self.problems: list[YamlProblem] = []
        self.counts: dict[str, int] = {}
        self.unlisted: dict[str, YamlProblem] = {}

    def add(self, line: int, col: int, message: str, path: Path, kind: str) -> None:
        n = self.counts[kind] = self.counts.get(kind, 0) + 1
        if n > _KIND_LIMITS.get(kind, _DEFAULT_KIND_LIMIT):
            self.unlisted.setdefault(kind, YamlProblem(line, col, "", path))
            return
        self.problems.append(YamlProblem(line, col, message, path))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def finish(self) -> list[YamlProblem]:
        for kind, first in self.unlisted.items():
            more = self.counts[kind] - _KIND_LIMITS.get(kind, _DEFAULT_KIND_LIMIT)
            first.message = f"{more} more {_KIND_LABELS.get(kind, kind)} from here on, not listed"
            self.problems.append(first)
        self.unlisted.clear()
        return self.problems


class _Stop(Exception):
    """Internal: too many problems, reading stops."""


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name.lower()})" if name else f"U+{ord(ch):04X}"


def _check_text(text: str, found: _Collector) -> None:
    """Refuse what YAML would accept but a person cannot see: conflict markers, control marks.

    Conflict markers and control characters stop the reading (raised); invisible format
    characters are collected (reading goes on).
    """
    if "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text or "|||||||" in text:
        if (m := _CONFLICT.search(text)) is not None:
            line, col = offset_position(text, m.start())
            raise YamlProblem(line, col, "git merge conflict marker; resolve the conflict first")
    if _SUSPECT.search(text) is None:  # one scan for the common case
        return
    if (m := _CONTROL.search(text)) is not None:
        line, col = offset_position(text, m.start())
        if m.group() in "\x85\u2028\u2029":
            message = f"unusual line break {_char_name(m.group())}; YAML and editors count lines differently, remove it"
        else:
            message = f"control character {_char_name(m.group())} in the file; remove it"
        raise YamlProblem(line, col, message)
    for m in _INVISIBLE.finditer(text):
        line, col = offset_position(text, m.start())
        found.add(line, col, f"invisible character {_char_name(m.group())}; remove it", (), "invisible")


def _check_escapes(text: str, event: Any, found: _Collector, path: Path) -> None:
    """Refuse a control or invisible character written as an escape in a double-quoted scalar.

    `_check_text` sees only the characters as typed; `"\\e[31m"` or `"\\u202e"` are plain
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
        if char and _ESCAPED_SUSPECT.match(char):
            bad, escape, offset = char, m.group(), m.start()
            break
    if bad is None:  # typed, not escaped: _check_text has reported it already
        return
    line, col = offset_position(text, offset)
    written = f"written as the escape {escape}" if escape else "written as an escape"
    if bad == "\r":
        raise YamlProblem(line, col, f"carriage return {written}; write \\n alone for a line break", path)
    if _CONTROL.match(bad):
        raise YamlProblem(line, col, f"control character {_char_name(bad)} {written}; remove it", path)
    found.add(line, col, f"invisible character {_char_name(bad)} {written}; remove it", path, "invisible")


def _quoted(text: str) -> str:
    """A key as quoted in a message: invisible and control characters shown as \\uXXXX."""
    return f"'{visible(text)}'"


def _tag_text(tag: str) -> str:
    """A tag as written: `!!float` rather than `tag:yaml.org,2002:float`."""
    return "!!" + tag[len(_CORE_TAG) :] if tag.startswith(_CORE_TAG) else tag


class _Frame:
    """One open mapping or sequence while walking the events."""

    __slots__ = ("container", "path", "is_map", "key", "keep_next", "kept", "positions", "is_key")

    def __init__(
        self,
        container: Any,
        path: Path,
        kept: bool,
        positions: dict[Path, tuple[int, int]] | None,
        is_key: bool = False,
    ) -> None:
        self.container = container
        self.path = path
        self.is_map = isinstance(container, dict)
        self.key: Any = None  # the pending key of a mapping, None while a key is expected
        self.keep_next = True  # whether the pending key's value is kept
        self.kept = kept  # False inside a value that is read only to be dropped
        self.positions = positions
        self.is_key = is_key  # a mapping or sequence used as a key (a complex key)


def load_text(text: str, *, with_positions: bool = False, _parser: Any = None) -> Loaded:
    """Parse one YAML document into plain data.

    Problems that do not stop the reading are returned in `Loaded.problems`; a problem that
    does (a syntax error, a limit) is raised as YamlProblem with the others in `earlier`.

    Our limits are ours, whatever libyaml does: libyaml 0.2.6 (PyYAML 6.0.4) stops at 1 000
    nested flow levels while its scanner looks ahead, before our 40-level check has seen the
    41st event. Such a file is read again with the pure-Python parser (no limit of its own,
    only for files that deep), so the problem is iopctl's message at the 41st level.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    found = _Collector()
    skipped: set[Path] = set()
    positions: dict[Path, tuple[int, int]] | None = {} if with_positions else None

    def note(event: Any, message: str, path: Path, kind: str) -> None:
        mark = event.start_mark
        found.add(mark.line + 1, mark.column + 1, message, path, kind)

    def fatal(event: Any, message: str, path: Path = ()) -> YamlProblem:
        mark = event.start_mark
        return YamlProblem(mark.line + 1, mark.column + 1, message, path)

    def decorated(event: Any, path: Path) -> bool:
        """Report an anchor or an explicit tag; True when the value's meaning is unknown."""
        if event.anchor is not None:
            note(
                event,
                f"anchor '&{event.anchor}' is not allowed; write the value out",
                path,
                "anchor",
            )
        tag = event.tag
        if tag is not None and tag != "!":
            note(event, f"explicit tag '{_tag_text(tag)}' is not allowed; remove it", path, "tag")
            return True
        return False

    root: list[Any] = []
    stack: list[_Frame] = [_Frame(root, (), True, positions)]
    nodes = 0
    documents = 0
    escapes = "\\" in text  # only then can a double-quoted scalar hold an escaped character
    try:
        _check_text(text, found)
        parser = (_parser or _Parser)(text)
        get_event = parser.get_event
        get_event()  # StreamStart
        while True:
            event: Any = get_event()
            cls = event.__class__
            frame = stack[-1]
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                if frame.is_key:  # a complex key is done: its value is read and dropped
                    parent = stack[-1]
                    parent.key, parent.keep_next = "?", False
                continue
            if cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    note(
                        event,
                        "several YAML documents ('---') in one file; keep one agreement per file",
                        (),
                        "documents",
                    )
                    break
                continue
            if cls is DocumentEndEvent:
                continue
            if cls is StreamEndEvent:
                break
            nodes += 1
            if nodes > MAX_NODES:
                raise fatal(event, f"more than {MAX_NODES:,} YAML nodes (keys and values) in one file")
            container = frame.container
            path = frame.path
            if frame.is_map and frame.key is None:
                # This event is a key.
                if cls is ScalarEvent:
                    if event.anchor is not None or event.tag is not None:
                        decorated(event, path)
                    key = event.value
                    if escapes and event.style == '"' and _ESCAPED_SUSPECT.search(key):
                        _check_escapes(text, event, found, path)
                    if len(key) > MAX_SCALAR_CHARS:
                        raise fatal(
                            event,
                            f"key is {len(key):,} characters; the limit is {MAX_SCALAR_CHARS:,}",
                            path,
                        )
                    if key == "<<" and not event.style:
                        note(
                            event,
                            "merge key '<<' is not allowed; write the keys out",
                            path,
                            "merge",
                        )
                        frame.key, frame.keep_next = key, False
                        continue
                    if key in container:
                        first = frame.positions.get((*path, key)) if frame.positions is not None else None
                        where = f" (first at line {first[0]})" if first else ""
                        note(
                            event,
                            f"duplicate key {_quoted(key)}{where}; the first value is kept",
                            (*path, key),
                            "duplicate",
                        )
                        frame.key, frame.keep_next = key, False
                        continue
                    frame.key, frame.keep_next = key, True
                    if frame.positions is not None:
                        frame.positions[(*path, key)] = (
                            event.start_mark.line + 1,
                            event.start_mark.column + 1,
                        )
                    continue
                note(
                    event,
                    "complex mapping key (a list, mapping or alias used as a key)",
                    path,
                    "complex",
                )
                if cls is AliasEvent:
                    frame.key, frame.keep_next = "?", False
                else:  # read the key's contents and drop them
                    if len(stack) > MAX_DEPTH:
                        raise fatal(event, f"nesting deeper than {MAX_DEPTH} levels", path)
                    stack.append(_Frame({} if cls is MappingStartEvent else [], path, False, None, is_key=True))
                continue
            # This event is a value: where does it go?
            if frame.is_map:
                child_path: Path = (*path, frame.key)
                keep = frame.keep_next and frame.kept
            elif container is root:
                child_path = ()
                keep = True
            else:
                child_path = (*path, len(container))
                keep = frame.kept
                if keep and frame.positions is not None:
                    frame.positions[child_path] = (
                        event.start_mark.line + 1,
                        event.start_mark.column + 1,
                    )
            value: Any
            if cls is ScalarEvent:
                value = event.value
                if escapes and event.style == '"' and _ESCAPED_SUSPECT.search(value):
                    _check_escapes(text, event, found, child_path)
                if (event.anchor is not None or event.tag is not None) and decorated(event, child_path):
                    value = None
                    if keep:
                        skipped.add(child_path)
                elif len(value) > MAX_SCALAR_CHARS:
                    raise fatal(
                        event,
                        f"value is {len(value):,} characters; the limit is {MAX_SCALAR_CHARS:,}",
                        child_path,
                    )
                elif not event.style:  # plain scalar: the only kind YAML types implicitly
                    if value in _NULLS:
                        value = None
                    elif value in _BOOLS:
                        value = _BOOLS[value]
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                kept = keep
                if event.anchor is not None or event.tag is not None:
                    # !!map and !!seq change nothing; any other tag (!!python/object…) means
                    # "construct something": its contents are read, checked and dropped.
                    if decorated(event, child_path) and event.tag not in _PLAIN_CONTAINERS:
                        kept = False
                if len(stack) > MAX_DEPTH:
                    raise fatal(event, f"nesting deeper than {MAX_DEPTH} levels", child_path)
                contents: dict[Any, Any] | list[Any] = {} if cls is MappingStartEvent else []
                if kept:
                    own = frame.positions
                elif with_positions:
                    own = {}  # a dropped value's positions must not overwrite the kept one's
                else:
                    own = None
                stack.append(_Frame(contents, child_path, kept, own))
                value = contents
                if keep and not kept:
                    value = None
                    skipped.add(child_path)
            elif cls is AliasEvent:
                note(
                    event,
                    f"alias '*{event.anchor}' is not allowed; write the value out",
                    child_path,
                    "alias",
                )
                value = None
                if keep:
                    skipped.add(child_path)
            else:  # pragma: no cover - the parsers emit no other node events
                raise fatal(event, f"unexpected YAML event {cls.__name__}")
            if frame.is_map:
                if keep:
                    container[frame.key] = value
                frame.key = None
            else:
                container.append(value)
    except _Stop:
        last = found.problems[-1]
        stop = YamlProblem(last.line, last.col, f"more than {MAX_PROBLEMS} YAML problems; stopped reading the file")
        stop.earlier = found.finish()
        raise stop from None
    except YamlProblem as exc:
        exc.earlier = found.finish()
        raise
    except yaml.MarkedYAMLError as exc:
        if _parser is None and _LIBYAML_DEPTH in (exc.problem or ""):
            return load_text(text, with_positions=with_positions, _parser=PurePythonParser)
        raise _syntax_problem(exc, text, found.finish()) from None
    except yaml.reader.ReaderError as exc:
        line, col = offset_position(text, min(max(exc.position, 0), len(text)))
        char = exc.character
        what = _char_name(char) if isinstance(char, str) and len(char) == 1 else repr(char)
        problem = YamlProblem(line, col, f"character {what} is not allowed in YAML")
        problem.earlier = found.finish()
        raise problem from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other parser error carries a mark
        problem = YamlProblem(1, 1, str(exc).splitlines()[0])
        problem.earlier = found.finish()
        raise problem from None
    data = root[0] if root else None
    return Loaded(data, positions if positions is not None else {}, found.finish(), skipped)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, problems: list[YamlProblem]) -> YamlProblem:
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


def problem_from(file: str, exc: YamlProblem) -> Problem:
    """A YamlProblem as the shared Problem type."""
    return Problem(file, exc.line, exc.col, format_path(exc.path), exc.message, rule="yaml")


def problems_from(file: str, exc: YamlProblem) -> list[Problem]:
    """A raised YamlProblem and the problems collected before it, as Problems in file order."""
    found = [problem_from(file, p) for p in exc.earlier]
    found.append(problem_from(file, exc))
    return sorted(found, key=lambda p: (p.line, p.col))
