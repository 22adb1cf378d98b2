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

__all__ = ["KRONOR_FORMAT", "Sheet", "write_workbook", "workbook_bytes"]

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
    for sheet in sheets or [Sheet("Blad1", [], [])]:
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
