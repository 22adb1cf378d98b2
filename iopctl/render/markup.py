"""Pieces the context builders share: `Md` and Markdown escaping, `Names`, `RenderError`, and
short Swedish phrases (counts, months, day and month, date spans)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from iopctl.errors import Portable
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.parties import Party


class Md(str):
    """Markdown written by the agreement's authors: printed as is, never escaped or compiled."""

    __slots__ = ()


class RenderError(Portable, Exception):
    """The data cannot be written as a document; `path` says where in the agreement file."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def count_phrase(n: int, singular: str, plural: str, *, neuter: bool = False) -> str:
    """ "en gång", "två gånger", "ett år", "30 dagar": words to twenty, digits above."""
    if n == 1:
        return f"{'ett' if neuter else 'en'} {singular}"
    word = sv.count_words(n) if 1 <= n <= len(sv.COUNT_WORDS) else str(n)
    return f"{word} {plural}"


def months_phrase(months: int) -> str:
    """A length in months as an agreement says it: "tre månader", "ett år", "två år"."""
    if months and months % 12 == 0:
        return count_phrase(months // 12, "år", "år", neuter=True)
    return count_phrase(months, "månad", "månader")


def day_month(month: int, day: int) -> str:
    """ "30 mars"."""
    return f"{day} {sv.month_name(month)}"


def date_span(start: date, end: date) -> str:
    """ "1 oktober–31 december 2021", or with both years when they differ."""
    if start.year == end.year:
        return f"{day_month(start.month, start.day)}{sv.RANGE_DASH}{sv.date_long(end)}"
    return f"{sv.date_long(start)}{sv.RANGE_DASH}{sv.date_long(end)}"


def first_lower(text: str) -> str:
    """Lower-case the first letter of a common noun phrase used inside a sentence."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def normalised(text: str) -> str:
    """Text compared loosely: NFC, any run of spaces (also no-break) as one space, lower case."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\([^)]*\)|!\[((?:[^\]\\]|\\.)*)\]\[[^\]]*\]")
_RAW_HTML = re.compile(r"<(?=/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|!--|!\[CDATA\[|![A-Za-z]|\?)")


def inert(text: str) -> str:
    """Agreement Markdown with nothing a Markdown viewer would fetch or run, as the HTML output.

    The HTML output compiles Markdown with raw HTML off and prints images as their alt text
    (`iopctl.render.html`); a `.md` file is opened in viewers that do neither, so the prose
    is made the same here: an image becomes its alt text, and the `<` that opens raw HTML (a
    tag, a comment, a declaration) is escaped, so the tag prints as the text it is. Autolinks
    (`<https://…>`) and code spans stay as written.
    """
    if "<" not in text and "![" not in text:
        return text
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_inert_outside_code(text[last : span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_inert_outside_code(text[last:]))
    return "".join(out)


def _inert_outside_code(text: str) -> str:
    text = _IMAGE.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    return _RAW_HTML.sub(r"\\<", text)


def md(text: str | None) -> Md | None:
    """Agreement Markdown, marked so the Markdown environment prints it unescaped (`inert` first)."""
    return None if text is None else Md(inert(text))


class Names:
    """Names of parties and units as the document writes them."""

    def __init__(self, agreement: Agreement) -> None:
        self.a = agreement

    def party_of(self, ref: str) -> Party:
        party = self.a.party(ref)
        if party is None:
            raise RenderError((), f"'{ref}' is neither a party nor a unit of this agreement")
        return party

    def name(self, ref: str) -> str:
        """A unit's own name ("Kommunledningskontoret") or the party's name."""
        unit = self.a.unit(ref)
        return unit.name if unit is not None else self.party_of(ref).name

    def short(self, ref: str) -> str:
        """The name used in brackets and lists: a unit's name, else the party's short name."""
        unit = self.a.unit(ref)
        if unit is not None:
            return unit.name
        party = self.party_of(ref)
        return party.short_name or party.name

    def full(self, ref: str) -> str:
        """ "Kalmar kommun, Kommunledningskontoret" for a unit; the party's name otherwise."""
        unit = self.a.unit(ref)
        party = self.party_of(ref)
        return f"{party.name}, {unit.name}" if unit is not None else party.name

    def joined(self, refs: Iterable[str]) -> str:
        """Names joined as Swedish prose: "A, B och C"."""
        return sv.join_list([self.name(r) for r in refs])


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


_MD_ORDERED = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def md_escape(text: str) -> str:
    """Text as Markdown that reads exactly as the text: no emphasis, link, HTML, list or heading.

    Every ASCII punctuation mark CommonMark gives a meaning to is backslash-escaped where it
    could take effect; control characters (line breaks included) become one space, since a
    one-line value must not start a new block.
    """
    text = _CONTROL.sub(" ", text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    if text[:1] in ("-", "+", "="):
        text = "\\" + text
    return _MD_ORDERED.sub(r"\1\\\2", text)
