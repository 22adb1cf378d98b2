"""Spreadsheets (XLSX) with Swedish headings and typed cells, for any command that needs one.

`write_workbook(path, sheets)` is the whole interface. openpyxl is imported inside it, so a
command that never writes a workbook never pays for the import.

Cells are typed from the Python value: `Decimal` → a number written from its exact decimal
text (never through a float) with the kronor format ``#,##0.00 "kr"`` (Excel shows the
grouping and the decimal sign of the reader's locale: 500 000,00 kr in Swedish Excel);
`int` → an integer; `date` → a date cell shown as ``yyyy-mm-dd``; `None` → an empty cell;
anything else → text, with a leading ``=``, ``+``, ``-`` or ``@`` kept as text (never a
formula). The header row is bold and frozen, columns are as wide as their longest value
(within 8–60 characters), and an autofilter covers the table.

The worksheets' XML is written without openpyxl's object per cell, with the bytes it writes.

openpyxl makes an object of every cell: a workbook of 200 000 payments took it 20 s and a
gigabyte. Here openpyxl writes the workbook of a few rows of each sheet (the rows where each
number format is first used, so its styles are numbered as for all the rows), and the
worksheets' XML of all the rows is put in its place (`iopctl.report.xlsx.replace_members`),
written as openpyxl 3.1 writes it: inline strings (`xml:space` kept where a text has outer
spaces; `&`, `<`, `>` and CR escaped; non-ASCII as character references), numbers as `%.16g`,
dates as Excel serial numbers, the style index of the cell's number format, empty cells left
out. Sheets without headings or rows, or with a text openpyxl refuses (control characters,
more than 32 767 characters), are left to openpyxl whole.

Rows can be encoded apart, in the processes that make them (`encode_rows`), and put together
in order (`assemble`): a row's XML holds a placeholder for its number and for the style
index of each number format, filled in when the rows' order is known.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = [
    "DATE_FORMAT",
    "KRONOR_FORMAT",
    "Encoded",
    "Sheet",
    "Unusual",
    "assemble",
    "encode_rows",
    "openpyxl_workbook",
    "replace_members",
    "workbook_bytes",
    "workbook_parts",
    "write_member",
    "write_workbook",
]

KRONOR_FORMAT = '#,##0.00 "kr"'
"""Number format of amounts: two decimals, grouped, 'kr' after."""

DATE_FORMAT = "yyyy-mm-dd"

_MIN_WIDTH, _MAX_WIDTH = 8, 60
_MAX_TITLE = 31  # Excel's limit on a sheet name
_BAD_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a Swedish title (at most 31 characters are kept), Swedish headings and
    rows of values (Decimal, int, date, str or None), one value per heading."""

    title: str
    headings: Sequence[str]
    rows: Sequence[Sequence[Any]]


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write `sheets` as one XLSX workbook to `path`, atomically (`iopctl.files.atomic`): a reader
    or a crash never sees half a file, and an existing file is replaced only when the new
    one is complete. Raises `ValueError` for a row whose length differs from the headings.

    Example::

        write_workbook(Path("budget.xlsx"), [
            Sheet("Budget", ["Betalare", "År", "Belopp"], [["Kalmar kommun", 2025, Decimal("500000")]]),
        ])
    """
    from iopctl.files.atomic import write_output

    write_output(path, workbook_bytes(sheets))  # '-': standard output


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of `write_workbook` as bytes (for a caller that writes it itself)."""
    skeleton, bodies = workbook_parts(sheets)
    return replace_members(skeleton, bodies)


def replace_members(data: bytes, bodies: dict[str, Callable[[], Iterable[bytes]]]) -> bytes:
    """The zip `data` with the members named in `bodies` replaced by the bytes they give."""
    if not bodies:
        return data
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = bodies.get(info.filename)
            if body is None:
                dst.writestr(info, src.read(info.filename))
            else:
                write_member(dst, info, body)
    return out.getvalue()


def write_member(dst: Any, info: Any, chunks: Callable[[], Iterable[bytes]]) -> None:
    """A zip member streamed from `chunks()` (the bytes `ZipFile.writestr` gives for them whole)."""
    info.file_size = 0
    with dst.open(info, "w") as f:
        for chunk in chunks():
            f.write(chunk)


def openpyxl_workbook(
    sheets: Sequence[Sheet], widths_of: Sequence[list[int]] | None = None, counts: Sequence[int] | None = None
) -> bytes:
    """The workbook as openpyxl writes it; with `widths_of` and `counts`, the sheets' columns
    that wide and their autofilters over that many rows (`workbook_parts` has only a few of
    the rows written so)."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    wb = Workbook()
    wb.remove(wb.active)
    fixed = datetime(2000, 1, 1)  # document properties from no clock
    wb.properties.creator = "iopctl"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    used: set[str] = set()
    bold = Font(bold=True)
    for number, sheet in enumerate(sheets or [Sheet("Blad1", [], [])]):
        ws = wb.create_sheet(_title(sheet.title, used))
        widths = [len(h) for h in sheet.headings]
        ws.append(list(sheet.headings))
        for cell in ws[1]:
            cell.font = bold
        for n, row in enumerate(sheet.rows, start=2):
            if len(row) != len(sheet.headings):
                raise ValueError(
                    f"sheet {sheet.title!r}, row {n}: {len(row)} values for {len(sheet.headings)} headings"
                )
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=n, column=col)
                text = _put(cell, value)
                widths[col - 1] = max(widths[col - 1], len(text))
        if widths_of is not None:
            widths = widths_of[number]
        ws.freeze_panes = "A2"
        if sheet.headings:
            last = get_column_letter(len(sheet.headings))
            count = len(sheet.rows) if counts is None else counts[number]
            ws.auto_filter.ref = f"A1:{last}{max(1, count + 1)}"
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _put(cell: Any, value: Any) -> str:
    """Set the typed value and its format; return its text as shown (for the width)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: a bool is an int to Python
        cell.value = "ja" if value else "nej"
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = KRONOR_FORMAT
        return f"{value:,.2f} kr"
    if isinstance(value, int):
        cell.value = value
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return "2025-01-01"
    text = str(value)
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever it starts with
    return max(text.split("\n"), key=len)


def _title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique."""
    base = title.translate(_BAD_TITLE).strip()[:_MAX_TITLE] or "Blad"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" {n}"
        name, n = base[: _MAX_TITLE - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


# --- worksheets' XML without openpyxl's object per cell -----------------------------------------

_ROW = "\x00"
_STYLE = {KRONOR_FORMAT: "\x01", DATE_FORMAT: "\x02"}


class Unusual(Exception):
    """A value this writer leaves to openpyxl."""


@dataclass(slots=True)
class Encoded:
    """Rows of one sheet as XML (`_ROW` for the row number, `_STYLE` for the formats' style
    indexes), the columns' widths, and where each number format is first used, with that row."""

    xml: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    firsts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Number format → (row index, column) where it is first used."""
    samples: dict[int, Sequence[Any]] = field(default_factory=dict)
    """The rows of `firsts`, by index."""


def encode_rows(headings: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "") -> Encoded:
    """`rows` of a sheet with `headings` as XML; `Unusual` for a text openpyxl refuses."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, len(headings) + 1)]
    out = Encoded(widths=[len(h) for h in headings])
    widths = out.widths
    cells_of = _CELLS
    for index, row in enumerate(rows):
        if len(row) != len(headings):
            raise ValueError(f"sheet {title!r}, row {index + 2}: {len(row)} values for {len(headings)} headings")
        cells = [f'<row r="{_ROW}">']
        for col, value in enumerate(row):
            if value is None:
                continue
            try:
                cell = cells_of.get((value.__class__, value))
            except TypeError:  # a value without a hash: written, not remembered
                cell = None
            if cell is None:
                cell = _cell(value)
            kind, shown, content = cell
            if shown > widths[col]:
                widths[col] = shown
            if kind is not None:
                if kind not in out.firsts:
                    out.firsts[kind] = (index, col)
                    out.samples[index] = row
                cells.append(f'<c r="{letters[col]}{_ROW}" s="{_STYLE[kind]}"{content}')
            else:
                cells.append(f'<c r="{letters[col]}{_ROW}"{content}')
        cells.append("</row>")
        out.xml.append("".join(cells))
    return out


_CELLS: dict[tuple[type, Any], tuple[str | None, int, str]] = {}
"""Each value's cell (`_cell`), by its type and value: a register's workbook repeats the same
names, days and amounts tens of thousands of times. Equal values of one type give the same
cell (Decimal's text here does not depend on its exponent), so the cache is exact; the type is
in the key because True, 1 and Decimal(1) are equal keys with different cells."""


def _cell(value: Any) -> tuple[str | None, int, str]:
    """A value's number format (None: none), the length of its shown text (for the column's
    width) and its XML after the cell's reference; `Unusual` for a text openpyxl refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
    from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]

    key = (value.__class__, value)
    if isinstance(value, bool):
        value = "ja" if value else "nej"
    kind: str | None = None
    if isinstance(value, Decimal):
        kind, shown, content = KRONOR_FORMAT, f"{value:,.2f} kr", _number(float(value))
    elif isinstance(value, int):
        shown, content = str(value), _number(float(value))
    elif isinstance(value, date) and not isinstance(value, datetime):
        kind, shown, content = DATE_FORMAT, "2025-01-01", _number(float(to_excel(value)))
    else:
        text = str(value)
        if len(text) > 32767 or ILLEGAL_CHARACTERS_RE.search(text):
            raise Unusual
        shown, content = max(text.split("\n"), key=len), _text(text)
    cell = (kind, len(shown), content)
    if len(_CELLS) >= 200_000:  # a long-running process (tests) never grows it without bound
        _CELLS.clear()
    with contextlib.suppress(TypeError):  # a value without a hash is not remembered
        _CELLS[key] = cell
    return cell


def _number(value: float) -> str:
    return f' t="n"><v>{value:.16g}</v></c>'


def _text(value: str) -> str:
    if value == "":
        return ' t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def workbook_parts(sheets: Sequence[Sheet]) -> tuple[bytes, dict[str, Callable[[], Iterable[bytes]]]]:
    """The workbook of `sheets` as openpyxl writes it from a few rows, and its worksheets' XML
    for `replace_members` (none: openpyxl wrote it whole)."""
    if not sheets or not all(sheet.headings and sheet.rows for sheet in sheets):
        return openpyxl_workbook(sheets), {}
    try:
        encoded = [encode_rows(sheet.headings, sheet.rows, sheet.title) for sheet in sheets]
    except Unusual:
        return openpyxl_workbook(sheets), {}
    return assemble(
        [(sheet.title, sheet.headings) for sheet in sheets],
        lambda: iter([encoded]),
        [len(s.rows) for s in sheets],
    )


def assemble(
    sheets: Sequence[tuple[str, Sequence[str]]],
    parts: Callable[[], Iterator[Sequence[Encoded]]],
    counts: Sequence[int],
) -> tuple[bytes, dict[str, Callable[[], Iterable[bytes]]]]:
    """The workbook of sheets (title, headings) with `counts` rows each, made of `parts()`:
    pieces of rows in order, each one `Encoded` a sheet. `parts` is called once here (for the
    widths and the first uses of the formats) and once for each worksheet's XML."""
    widths = [[len(h) for h in headings] for _, headings in sheets]
    firsts: list[dict[str, tuple[int, int]]] = [{} for _ in sheets]
    samples: list[dict[int, Sequence[Any]]] = [{} for _ in sheets]
    offsets = [0 for _ in sheets]
    for piece in parts():
        for i, e in enumerate(piece):
            widths[i] = [max(a, b) for a, b in zip(widths[i], e.widths, strict=True)]
            for kind, (index, col) in e.firsts.items():
                if kind not in firsts[i]:
                    firsts[i][kind] = (offsets[i] + index, col)
                    samples[i][offsets[i] + index] = e.samples[index]
            offsets[i] += len(e.xml)
    order: list[str] = []
    for found in firsts:
        order.extend(kind for kind, _ in sorted(found.items(), key=lambda kv: kv[1]) if kind not in order)
    styles = {_STYLE[kind]: str(i) for i, kind in enumerate(order, start=2)}
    skeleton = openpyxl_workbook(
        [
            Sheet(title, headings, [s[n] for n in sorted(s)])
            for (title, headings), s in zip(sheets, samples, strict=True)
        ],
        widths,
        counts,
    )
    bodies: dict[str, Callable[[], Iterable[bytes]]] = {}
    for number in range(len(sheets)):
        bodies[f"xl/worksheets/sheet{number + 1}.xml"] = _body(skeleton, number, parts, counts[number], styles)
    return skeleton, bodies


def _body(
    skeleton: bytes, number: int, parts: Callable[[], Iterator[Sequence[Encoded]]], count: int, styles: dict[str, str]
) -> Callable[[], Iterator[bytes]]:
    """The worksheet: openpyxl's (of a few rows) with its dimension and rows those of all."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(skeleton)) as z:
        xml = z.read(f"xl/worksheets/sheet{number + 1}.xml").decode("utf-8")
    head, rest = xml.split("<sheetData>", 1)
    tail = rest.split("</sheetData>", 1)[1]
    last = re.search(r'<dimension ref="A1:([A-Z]+)\d+"/>', head)
    if last is None:
        raise ValueError("openpyxl wrote no dimension")
    head = head.replace(last.group(0), f'<dimension ref="A1:{last.group(1)}{count + 1}"/>', 1)
    headings = rest.split("</row>", 1)[0] + "</row>"  # as openpyxl wrote them
    marks = list(styles.items())  # one character each, replaced by digits: the order does not matter

    def chunks() -> Iterator[bytes]:
        yield (head + "<sheetData>" + headings).encode("ascii", "xmlcharrefreplace")
        n = 2
        for piece in parts():
            rows = []
            for row in piece[number].xml:
                rows.append(row.replace(_ROW, str(n)))
                n += 1
            text = "".join(rows)
            for mark, index in marks:  # str.translate with a table of strings is ten times slower
                text = text.replace(mark, index)
            yield text.encode("ascii", "xmlcharrefreplace")
        yield ("</sheetData>" + tail).encode("ascii", "xmlcharrefreplace")

    return chunks
