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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["KRONOR_FORMAT", "Sheet", "replace_members", "workbook_bytes", "workbook_parts", "write_workbook"]

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
    from iopctl.files.atomic import write_atomic

    write_atomic(path, workbook_bytes(sheets))


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The workbook of `write_workbook` as bytes (for a caller that writes it itself)."""
    skeleton, bodies = workbook_parts(sheets)
    return replace_members(skeleton, bodies)


def workbook_parts(sheets: Sequence[Sheet]) -> tuple[bytes, dict[str, bytes]]:
    """The workbook as openpyxl writes it from a few rows of each sheet, and the worksheets'
    XML of all the rows, for `replace_members` to put in (the same bytes as openpyxl's from
    all the rows, in a tenth of the time: openpyxl makes an object of every cell).

    A sheet's few rows are those where a number format is first used, so the workbook's
    styles are numbered as openpyxl numbers them for all the rows; the worksheets' XML is
    written as openpyxl 3.1 writes it (inline strings, `%.16g` numbers, Excel serial dates,
    the style index of the cell's format, empty cells left out). Sheets without headings or
    rows, or with a text openpyxl refuses, are left to openpyxl whole.
    """
    if not sheets or not all(sheet.headings and sheet.rows for sheet in sheets):
        return _openpyxl(sheets, None), {}
    try:
        made = [_sheet_rows(sheet) for sheet in sheets]
    except _Unusual:
        return _openpyxl(sheets, None), {}
    order: list[str] = []
    for _, firsts, _ in made:
        order.extend(kind for kind, _ in sorted(firsts.items(), key=lambda kv: kv[1][0]) if kind not in order)
    styles = {kind: str(i) for i, kind in enumerate(order, start=2)}
    samples = [sorted({n for n, _ in firsts.values()}) for _, firsts, _ in made]
    skeleton = _openpyxl(sheets, (samples, [widths for _, _, widths in made]))
    bodies = {}
    for i, (sheet, (rows, _, _)) in enumerate(zip(sheets, made, strict=True), start=1):
        bodies[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(skeleton, i, sheet, rows, styles)
    return skeleton, bodies


class _Unusual(Exception):
    """A value the fast worksheet writer leaves to openpyxl."""


_Cell = tuple[str, str, str | None]  # column letter + attributes, the content, the style kind


def _sheet_rows(sheet: Sheet) -> tuple[list[list[_Cell]], dict[str, tuple[int, int]], list[int]]:
    """Each row's cells, where each number format is first used ((row index, column)), and the
    columns' widths."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]

    letters = [get_column_letter(i) for i in range(1, len(sheet.headings) + 1)]
    widths = [len(h) for h in sheet.headings]
    firsts: dict[str, tuple[int, int]] = {}
    rows: list[list[_Cell]] = []
    for index, row in enumerate(sheet.rows):
        if len(row) != len(sheet.headings):
            raise ValueError(
                f"sheet {sheet.title!r}, row {index + 2}: {len(row)} values for {len(sheet.headings)} headings"
            )
        cells: list[_Cell] = []
        for col, value in enumerate(row):
            kind: str | None = None
            if value is None:
                continue
            if isinstance(value, bool):
                value = "ja" if value else "nej"
            if isinstance(value, Decimal):
                kind, shown, cell = KRONOR_FORMAT, f"{value:,.2f} kr", ("n", f"{float(value):.16g}")
            elif isinstance(value, int):
                shown, cell = str(value), ("n", f"{float(value):.16g}")
            elif isinstance(value, date) and not isinstance(value, datetime):
                kind, shown, cell = DATE_FORMAT, "2025-01-01", ("n", f"{float(to_excel(value)):.16g}")
            else:
                text = str(value)
                if len(text) > 32767 or ILLEGAL_CHARACTERS_RE.search(text):
                    raise _Unusual
                shown, cell = max(text.split("\n"), key=len), ("inlineStr", text)
            widths[col] = max(widths[col], len(shown))
            if kind is not None and kind not in firsts:
                firsts[kind] = (index, col)
            cells.append((letters[col], _content(*cell), kind))
        rows.append(cells)
    return rows, firsts, widths


def _content(data_type: str, value: str) -> str:
    if data_type == "n":
        return f' t="n"><v>{value}</v></c>'
    if value == "":
        return ' t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _sheet_xml(skeleton: bytes, number: int, sheet: Sheet, rows: list[list[_Cell]], styles: dict[str, str]) -> bytes:
    """The worksheet: openpyxl's (of a few rows) with its dimension and rows those of all."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(skeleton)) as z:
        xml = z.read(f"xl/worksheets/sheet{number}.xml").decode("utf-8")
    head, rest = xml.split("<sheetData>", 1)
    tail = rest.split("</sheetData>", 1)[1]
    last = re.search(r'<dimension ref="A1:([A-Z]+)\d+"/>', head)
    if last is None:
        raise ValueError("openpyxl wrote no dimension")
    head = head.replace(last.group(0), f'<dimension ref="A1:{last.group(1)}{len(rows) + 1}"/>', 1)
    first = rest.split("</row>", 1)[0] + "</row>"  # the headings, as openpyxl wrote them
    parts = [head, "<sheetData>", first]
    for n, cells in enumerate(rows, start=2):
        parts.append(f'<row r="{n}">')
        parts.extend(
            f'<c r="{letter}{n}"' + (f' s="{styles[kind]}"' if kind is not None else "") + content
            for letter, content, kind in cells
        )
        parts.append("</row>")
    parts += ["</sheetData>", tail]
    return "".join(parts).encode("ascii", "xmlcharrefreplace")


def replace_members(data: bytes, bodies: dict[str, bytes]) -> bytes:
    """The zip `data` with the members named in `bodies` replaced by them."""
    if not bodies:
        return data
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, bodies.get(info.filename) or src.read(info.filename))
    return out.getvalue()


def _openpyxl(sheets: Sequence[Sheet], sampled: tuple[list[list[int]], list[list[int]]] | None) -> bytes:
    """The workbook as openpyxl writes it; with `sampled`, of only those rows of each sheet
    (their indexes), but with the widths given and the autofilter over all the rows."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter

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
        chosen = range(len(sheet.rows)) if sampled is None else sampled[0][number]
        for n, index in enumerate(chosen, start=2):
            row = sheet.rows[index]
            if len(row) != len(sheet.headings):
                raise ValueError(
                    f"sheet {sheet.title!r}, row {n}: {len(row)} values for {len(sheet.headings)} headings"
                )
            for col, value in enumerate(row, start=1):
                cell = ws.cell(row=n, column=col)
                text = _put(cell, value)
                widths[col - 1] = max(widths[col - 1], len(text))
        if sampled is not None:
            widths = sampled[1][number]
        ws.freeze_panes = "A2"
        if sheet.headings:
            last = get_column_letter(len(sheet.headings))
            ws.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
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
