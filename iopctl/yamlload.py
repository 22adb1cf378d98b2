"""A strict YAML reader: plain data with every value's text kept, and every problem located.

PyYAML's `safe_load` applies YAML 1.1 typing (`NO` becomes False, `0701234567` an octal int,
`1:20` the int 80), keeps the last of duplicate keys and expands aliases. This reader walks
libyaml's *events* instead (safe at any depth, no node tree, no resolvers) and builds plain
`dict`/`list`/`str` data itself:

- every scalar stays the text that was written; only a plain `true`/`false` becomes a bool and
  a plain empty value, `~` or `null` becomes None (the YAML 1.2 core schema), so the models
  decide what `0701234567` or `2.25` means;
- duplicate keys (also equal after Unicode NFC), explicit tags, anchors, aliases, merge keys,
  complex keys and several documents are refused with their line and column;
- text is decoded strictly as UTF-8 (a BOM is accepted), CRLF is accepted, NFD text is
  normalised to NFC, and invisible format characters (zero-width, bidi controls) are refused;
- size, nesting depth and node count are limited before any data is built.

Positions are collected only when asked for (`with_positions=True`): valid files never pay
for them, and a file with findings is read a second time to locate them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from iopctl.problems import Problem, format_path

try:  # libyaml's C parser is ~8x faster; fall back cleanly where PyYAML was built without it.
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - exercised only on machines without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        """Pure-Python event parser with the same interface as CParser."""

        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _PyParser.__init__(self)

    HAVE_LIBYAML = False

MAX_FILE_BYTES = 1_048_576
"""Largest agreement file read (1 MiB); real agreements are 10–40 KB."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and sequences; the agreement model needs fewer than 10."""
MAX_NODES = 100_000
"""Most scalars, mappings and sequences in one file."""
MAX_SCALAR_CHARS = 200_000
"""Longest single value (prose sections included)."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Path = tuple[str | int, ...]


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data, and (when asked for) the 1-based position of every path."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int, int]:
        """Position of the deepest part of `path` present in the file (the file start if none)."""
        for end in range(len(path), 0, -1):
            pos = self.positions.get(path[:end])
            if pos is not None:
                return pos
        return (1, 1)


class YamlProblem(Exception):
    """Raised inside the reader; becomes a located Problem."""

    def __init__(self, line: int, col: int, message: str, path: Path = ()) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.path = line, col, message, path


def decode(raw: bytes) -> str:
    """Strict UTF-8 (BOM accepted) with LF newlines; a wrong encoding is reported with a line."""
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
    return text


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_text(text: str) -> None:
    """Refuse what YAML would accept but a person cannot see: conflict markers, invisible marks."""
    if (m := _CONFLICT.search(text)) is not None:
        line, col = _offset_position(text, m.start())
        raise YamlProblem(line, col, "git merge conflict marker; resolve the conflict first")
    if (m := _CONTROL.search(text)) is not None:
        line, col = _offset_position(text, m.start())
        raise YamlProblem(line, col, f"control character U+{ord(m.group()):04X} in the file")
    if (m := _INVISIBLE.search(text)) is not None:
        line, col = _offset_position(text, m.start())
        name = unicodedata.name(m.group(), f"U+{ord(m.group()):04X}")
        raise YamlProblem(
            line, col, f"invisible character U+{ord(m.group()):04X} ({name.lower()}); remove it"
        )


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _reject_decorations(event: Any, path: Path) -> None:
    if event.anchor is not None:
        raise YamlProblem(*_mark(event), f"anchor '&{event.anchor}' is not allowed; write the value out", path)
    tag = event.tag
    if tag is not None and tag != "!":
        raise YamlProblem(*_mark(event), f"explicit tag '{tag}' is not allowed; remove it", path)


def _scalar(event: Any, path: Path) -> Any:
    _reject_decorations(event, path)
    value: str = event.value
    if len(value) > MAX_SCALAR_CHARS:
        raise YamlProblem(*_mark(event), f"value is {len(value):,} characters; the limit is {MAX_SCALAR_CHARS:,}", path)
    if event.style is None or event.style == "":  # plain scalar: the only kind YAML types implicitly
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return value


def load_text(text: str, *, with_positions: bool = False) -> Loaded:
    """Parse one YAML document into plain data; raises YamlProblem on the first structural issue."""
    _check_text(text)
    parser = _Parser(text)
    positions: dict[Path, tuple[int, int]] = {}
    # Stack frames: [container, path, pending_key, key_mark]; the root sits in a one-item list.
    root: list[Any] = []
    stack: list[list[Any]] = [[root, (), None, None]]
    nodes = 0
    documents = 0
    try:
        parser.get_event()  # StreamStart
        while True:
            event = parser.get_event()
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise YamlProblem(*_mark(event), "several YAML documents ('---') in one file; keep one agreement per file")
                continue
            if kind in ("DocumentEndEvent",):
                continue
            if kind == "StreamEndEvent":
                break
            frame = stack[-1]
            container = frame[0]
            is_map = isinstance(container, dict)
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
                continue
            if kind == "AliasEvent":
                raise YamlProblem(*_mark(event), f"alias '*{event.anchor}' is not allowed; write the value out", frame[1])
            # Where does this node go?
            if is_map and frame[2] is None:
                # This event is a key.
                if kind != "ScalarEvent":
                    raise YamlProblem(*_mark(event), "complex mapping key (a list or mapping used as a key)", frame[1])
                key = _scalar(event, frame[1])
                if not isinstance(key, str):
                    key = event.value
                if key == "<<" and (event.style is None or event.style == ""):
                    raise YamlProblem(*_mark(event), "merge key '<<' is not allowed; write the keys out", frame[1])
                if key in container:
                    first = positions.get((*frame[1], key))
                    where = f" (first at line {first[0]})" if first else ""
                    raise YamlProblem(*_mark(event), f"duplicate key '{key}'{where}", (*frame[1], key))
                frame[2] = key
                frame[3] = _mark(event)
                positions[(*frame[1], key)] = frame[3]  # kept always: duplicate-key messages cite it
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlProblem(*_mark(event), f"more than {MAX_NODES:,} values in one file")
            if is_map:
                child_path: Path = (*frame[1], frame[2])
            elif container is root:
                child_path = ()
            else:
                child_path = (*frame[1], len(container))
                if with_positions:
                    positions[child_path] = _mark(event)
            if kind == "ScalarEvent":
                value: Any = _scalar(event, child_path)
            elif kind == "MappingStartEvent" or kind == "SequenceStartEvent":
                _reject_decorations(event, child_path)
                value = {} if kind == "MappingStartEvent" else []
                if len(stack) > MAX_DEPTH:
                    raise YamlProblem(*_mark(event), f"nesting deeper than {MAX_DEPTH} levels", child_path)
            else:  # pragma: no cover - libyaml emits no other node events
                raise YamlProblem(*_mark(event), f"unexpected YAML event {kind}")
            if is_map:
                container[frame[2]] = value
                frame[2] = None
            else:
                container.append(value)
            if isinstance(value, (dict, list)):
                stack.append([value, child_path, None, None])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = exc.problem or "YAML syntax error"
        if exc.context:
            message = f"{message} ({exc.context})"
        if "\t" in text and "tab" in message.lower() or message.startswith("found character '\\t'"):
            message += "; indent with spaces, not tabs"
        raise YamlProblem(line, col, message) from None
    except yaml.YAMLError as exc:  # ReaderError and the like carry no mark
        raise YamlProblem(1, 1, str(exc).splitlines()[0]) from None
    data = root[0] if root else None
    return Loaded(data, positions if with_positions else {})


def problem_from(file: str, exc: YamlProblem) -> Problem:
    """A YamlProblem as the shared Problem type."""
    return Problem(file, exc.line, exc.col, format_path(exc.path), exc.message, rule="yaml")
