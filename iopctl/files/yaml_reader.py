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

Positions are collected only when asked for (`with_positions=True`); `iopctl.load.read`
decides when a file's positions are worth collecting. Decoding and the checks on the text
itself are `iopctl.files.text`; the walk over the events is `_Walker`, one method per kind
of event.
"""

from __future__ import annotations

from collections.abc import Callable
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
from iopctl.files.text import (
    Path,
    YamlProblem,
    char_name,
    nfc,
    offset_position,
    text_problems,
)
from iopctl.files.yaml_problems import ESCAPED_SUSPECT, Collector, Stop, check_escapes, syntax_problem


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
_CORE_TAG = "tag:yaml.org,2002:"
_PLAIN_CONTAINERS = frozenset({_CORE_TAG + "map", _CORE_TAG + "seq"})


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


class _Walker:
    """One document's events turned into plain data, its problems collected on the way.

    The state of one walk: the open mappings and sequences (`stack`), the counts behind the
    limits, the paths whose value was dropped. `walk` reads the events; each event is a key
    (`_key`) or a value (`_value`) of the innermost open container.
    """

    __slots__ = ("text", "found", "skipped", "positions", "with_positions", "root", "stack", "escapes")

    def __init__(self, text: str, with_positions: bool) -> None:
        """A walk over `text`'s events; positions are recorded only `with_positions`."""
        self.text = text
        self.found = Collector(MAX_PROBLEMS)
        self.skipped: set[Path] = set()
        self.with_positions = with_positions
        self.positions: dict[Path, tuple[int, int]] | None = {} if with_positions else None
        self.root: list[Any] = []
        self.stack: list[_Frame] = [_Frame(self.root, (), True, self.positions)]
        self.escapes = "\\" in text  # only then can a double-quoted scalar hold an escaped character

    def note(self, event: Any, message: str, path: Path, kind: str) -> None:
        """Collect a problem at the event; reading goes on."""
        mark = event.start_mark
        self.found.add(mark.line + 1, mark.column + 1, message, path, kind)

    def fatal(self, event: Any, message: str, path: Path = ()) -> YamlProblem:
        """A problem at the event that stops the reading (the caller raises it)."""
        mark = event.start_mark
        return YamlProblem(mark.line + 1, mark.column + 1, message, path)

    def decorated(self, event: Any, path: Path) -> bool:
        """Report an anchor or an explicit tag; True when the value's meaning is unknown."""
        if event.anchor is not None:
            self.note(event, f"anchor '&{event.anchor}' is not allowed; write the value out", path, "anchor")
        tag = event.tag
        if tag is not None and tag != "!":
            self.note(event, f"explicit tag '{_tag_text(tag)}' is not allowed; remove it", path, "tag")
            return True
        return False

    def walk(self, get_event: Callable[[], Any]) -> None:
        """Every event after StreamStart, up to the stream's end or a second document."""
        stack, key, value = self.stack, self._key, self._value  # locals: this loop runs per event
        nodes = documents = 0
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
                    self.note(
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
                raise self.fatal(event, f"more than {MAX_NODES:,} YAML nodes (keys and values) in one file")
            if frame.is_map and frame.key is None:
                key(event, cls, frame)
            else:
                value(event, cls, frame)

    def _key(self, event: Any, cls: type, frame: _Frame) -> None:
        """An event in a key's place: a scalar key, else a complex key (read and dropped)."""
        path = frame.path
        if cls is ScalarEvent:
            self._scalar_key(event, frame)
            return
        self.note(event, "complex mapping key (a list, mapping or alias used as a key)", path, "complex")
        if cls is AliasEvent:
            frame.key, frame.keep_next = "?", False
        else:  # read the key's contents and drop them
            if len(self.stack) > MAX_DEPTH:
                raise self.fatal(event, f"nesting deeper than {MAX_DEPTH} levels", path)
            self.stack.append(_Frame({} if cls is MappingStartEvent else [], path, False, None, is_key=True))

    def _scalar_key(self, event: Any, frame: _Frame) -> None:
        """A key: checked, and its value kept unless it is a merge key or a duplicate."""
        path = frame.path
        if event.anchor is not None or event.tag is not None:
            self.decorated(event, path)
        key = event.value
        if self.escapes and event.style == '"' and ESCAPED_SUSPECT.search(key):
            check_escapes(self.text, event, self.found, path)
        if len(key) > MAX_SCALAR_CHARS:
            raise self.fatal(event, f"key is {len(key):,} characters; the limit is {MAX_SCALAR_CHARS:,}", path)
        if key == "<<" and not event.style:
            self.note(event, "merge key '<<' is not allowed; write the keys out", path, "merge")
            frame.key, frame.keep_next = key, False
            return
        if key in frame.container:
            first = frame.positions.get((*path, key)) if frame.positions is not None else None
            where = f" (first at line {first[0]})" if first else ""
            self.note(
                event,
                f"duplicate key {_quoted(key)}{where}; the first value is kept",
                (*path, key),
                "duplicate",
            )
            frame.key, frame.keep_next = key, False
            return
        frame.key, frame.keep_next = key, True
        if frame.positions is not None:
            frame.positions[(*path, key)] = (event.start_mark.line + 1, event.start_mark.column + 1)

    def _value(self, event: Any, cls: type, frame: _Frame) -> None:
        """An event in a value's place: where it goes, what it is, and whether it is kept."""
        container = frame.container
        if frame.is_map:
            child_path: Path = (*frame.path, frame.key)
            keep = frame.keep_next and frame.kept
        elif container is self.root:
            child_path = ()
            keep = True
        else:
            child_path = (*frame.path, len(container))
            keep = frame.kept
            if keep and frame.positions is not None:
                frame.positions[child_path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        value: Any
        if cls is ScalarEvent:
            value = self._scalar(event, child_path, keep)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            value = self._open(event, cls, frame, child_path, keep)
        elif cls is AliasEvent:
            self.note(event, f"alias '*{event.anchor}' is not allowed; write the value out", child_path, "alias")
            value = None
            if keep:
                self.skipped.add(child_path)
        else:  # pragma: no cover - the parsers emit no other node events
            raise self.fatal(event, f"unexpected YAML event {cls.__name__}")
        if frame.is_map:
            if keep:
                container[frame.key] = value
            frame.key = None
        else:
            container.append(value)

    def _scalar(self, event: Any, child_path: Path, keep: bool) -> Any:
        """A scalar value: its text, except a plain null or bool (None for a tagged one)."""
        value = event.value
        if self.escapes and event.style == '"' and ESCAPED_SUSPECT.search(value):
            check_escapes(self.text, event, self.found, child_path)
        if (event.anchor is not None or event.tag is not None) and self.decorated(event, child_path):
            value = None
            if keep:
                self.skipped.add(child_path)
        elif len(value) > MAX_SCALAR_CHARS:
            raise self.fatal(
                event,
                f"value is {len(value):,} characters; the limit is {MAX_SCALAR_CHARS:,}",
                child_path,
            )
        elif not event.style:  # plain scalar: the only kind YAML types implicitly
            if value in _NULLS:
                value = None
            elif value in _BOOLS:
                value = _BOOLS[value]
        return value

    def _open(self, event: Any, cls: type, frame: _Frame, child_path: Path, keep: bool) -> Any:
        """A mapping or sequence starts: opened for its contents; the value to store (None if dropped)."""
        kept = keep
        if event.anchor is not None or event.tag is not None:
            # !!map and !!seq change nothing; any other tag (!!python/object…) means
            # "construct something": its contents are read, checked and dropped.
            if self.decorated(event, child_path) and event.tag not in _PLAIN_CONTAINERS:
                kept = False
        if len(self.stack) > MAX_DEPTH:
            raise self.fatal(event, f"nesting deeper than {MAX_DEPTH} levels", child_path)
        contents: dict[Any, Any] | list[Any] = {} if cls is MappingStartEvent else []
        if kept:
            own = frame.positions
        elif self.with_positions:
            own = {}  # a dropped value's positions must not overwrite the kept one's
        else:
            own = None
        self.stack.append(_Frame(contents, child_path, kept, own))
        if keep and not kept:
            self.skipped.add(child_path)
            return None
        return contents


def load_text(text: str, *, with_positions: bool = False, _parser: Any = None) -> Loaded:
    """Parse one YAML document into plain data.

    Problems that do not stop the reading are returned in `Loaded.problems`; a problem that
    does (a syntax error, a limit) is raised as YamlProblem with the others in `earlier`.

    Our limits are ours, whatever libyaml does: libyaml 0.2.6 (PyYAML 6.0.4) stops at 1 000
    nested flow levels while its scanner looks ahead, before our 40-level check has seen the
    41st event. Such a file is read again with the pure-Python parser (no limit of its own,
    only for files that deep), so the problem is iopctl's message at the 41st level.
    """
    text = nfc(text)
    walker = _Walker(text, with_positions)
    found = walker.found
    try:
        for line, col, message in text_problems(text):
            found.add(line, col, message, (), "invisible")
        parser = (_parser or _Parser)(text)
        get_event = parser.get_event
        get_event()  # StreamStart
        walker.walk(get_event)
    except Stop:
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
        raise syntax_problem(exc, text, found.finish()) from None
    except yaml.reader.ReaderError as exc:
        line, col = offset_position(text, min(max(exc.position, 0), len(text)))
        char = exc.character
        what = char_name(char) if isinstance(char, str) and len(char) == 1 else repr(char)
        problem = YamlProblem(line, col, f"character {what} is not allowed in YAML")
        problem.earlier = found.finish()
        raise problem from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other parser error carries a mark
        problem = YamlProblem(1, 1, str(exc).splitlines()[0])
        problem.earlier = found.finish()
        raise problem from None
    data = walker.root[0] if walker.root else None
    positions = walker.positions
    return Loaded(data, positions if positions is not None else {}, found.finish(), walker.skipped)


def problem_from(file: str, exc: YamlProblem) -> Problem:
    """A YamlProblem as the shared Problem type."""
    return Problem(file, exc.line, exc.col, format_path(exc.path), exc.message, rule="yaml")


def problems_from(file: str, exc: YamlProblem) -> list[Problem]:
    """A raised YamlProblem and the problems collected before it, as Problems in file order."""
    found = [problem_from(file, p) for p in exc.earlier]
    found.append(problem_from(file, exc))
    return sorted(found, key=lambda p: (p.line, p.col))
