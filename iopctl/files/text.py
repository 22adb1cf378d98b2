"""Bytes to text, strictly: the size limit, UTF-8 only (a BOM accepted), LF newlines, NFC, and
the characters a person cannot see.

Below the YAML reader (`iopctl.files.yaml_reader`): `decode` turns a file's bytes into the
text that is parsed, and `text_problems` refuses what YAML would accept but a reader of the
file cannot see (merge conflict markers, control characters) and reports invisible format
characters. Every problem is a `YamlProblem` at a 1-based line and column, like the YAML
reader's own, so both read as one list. Reading a file, its size checked before it is read,
is `iopctl.load.read.read_text_file`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from iopctl.errors import Portable

MAX_FILE_BYTES = 1_048_576
"""Largest agreement file read (1 MiB); real agreements are 10–40 KB. Checked before reading."""

# Characters a person cannot see but YAML keeps: reported, reading goes on.
INVISIBLE_CHARS = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
# Characters that break the reading (or make YAML count lines differently from editors).
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
CONTROL = re.compile(f"[{CONTROL_CHARS}]")
SUSPECT = re.compile(f"[{INVISIBLE_CHARS}{CONTROL_CHARS}]")
CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)

Path = tuple[str | int, ...]
"""A place in the data: mapping keys and list indexes from the top."""


class YamlProblem(Portable, Exception):
    """A located problem in a file's text or its YAML; raised when it stops the reading, collected otherwise.

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
    return nfc(text)


def nfc(text: str) -> str:
    """The text in Unicode NFC (so NFD å/ä/ö read, and are located, exactly like NFC)."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def char_name(ch: str) -> str:
    """A character for a message: "U+202E (right-to-left override)"."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name.lower()})" if name else f"U+{ord(ch):04X}"


def text_problems(text: str) -> Iterator[tuple[int, int, str]]:
    """Refuse what YAML would accept but a person cannot see: conflict markers, control marks.

    Conflict markers and control characters stop the reading (raised as YamlProblem);
    invisible format characters are yielded as (line, column, message), one at a time, and
    reading goes on.
    """
    if "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text or "|||||||" in text:
        if (m := CONFLICT.search(text)) is not None:
            line, col = offset_position(text, m.start())
            raise YamlProblem(line, col, "git merge conflict marker; resolve the conflict first")
    if SUSPECT.search(text) is None:  # one scan for the common case
        return
    if (m := CONTROL.search(text)) is not None:
        line, col = offset_position(text, m.start())
        if m.group() in "\x85\u2028\u2029":
            message = f"unusual line break {char_name(m.group())}; YAML and editors count lines differently, remove it"
        else:
            message = f"control character {char_name(m.group())} in the file; remove it"
        raise YamlProblem(line, col, message)
    for m in INVISIBLE.finditer(text):
        line, col = offset_position(text, m.start())
        yield line, col, f"invisible character {char_name(m.group())}; remove it"
