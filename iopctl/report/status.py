"""How `iopctl status` shows its rows: a Swedish table, JSON, Swedish-Excel CSV or XLSX.

Every format reads the same typed `iopctl.followup.status.StatusRow`; `STATUS_HEADINGS` and
`cells` give the Swedish headings and typed cells a spreadsheet writer can take as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from iopctl.followup.status import StatusRow, StatusView

__all__ = ["STATUS_HEADINGS", "cells", "write"]

STATUS_HEADINGS: tuple[str, ...] = (
    "Avtal",
    "Parter",
    "Fas",
    "Från",
    "Till",
    "År",
    "Planerat",
    "Utbetalt",
    "Kvar",
    "Nästa händelse",
    "Datum",
    "Försenade",
    "Datum saknas",
    "Fel",
    "Varningar",
)
"""Swedish headings, one per `cells` value."""


def cells(r: StatusRow) -> list[Any]:
    """The row's values in heading order, typed: str, date, Decimal, int (None for empty)."""
    return [
        r.agreement,
        "; ".join(r.parties),
        r.phase,
        r.start,
        r.end,
        r.year,
        r.planned,
        r.paid,
        r.outstanding,
        r.next_title,
        r.next_date,
        r.overdue,
        r.needs_date,
        r.errors,
        r.warnings,
    ]


def write(view: StatusView, fmt: str, out: Path | None = None, *, wide: bool = False) -> None:
    """The rows as `fmt`: table (terminal), json or csv (stdout), xlsx (the file `out`)."""
    from iopctl.report.console import write_json, write_stdout

    if fmt == "xlsx":
        from iopctl.report.xlsx import Sheet, write_workbook

        assert out is not None, "the command asks for --out"
        write_workbook(out, [Sheet(f"Status {view.today.year}", STATUS_HEADINGS, [cells(r) for r in view.rows])])
    elif fmt == "json":
        write_json({"today": view.today.isoformat(), "agreements": [r.as_json() for r in view.rows]})
    elif fmt == "csv":
        write_stdout(_csv(view.rows))
    else:
        _table(view, wide=wide)


def _csv(rows: list[StatusRow]) -> str:
    """Semicolons, decimal comma, UTF-8 with BOM, CRLF: as funding's CSV (Excel, Swedish settings)."""
    import csv
    import io
    from datetime import date
    from decimal import Decimal

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(STATUS_HEADINGS)
    for r in rows:
        out: list[str] = []
        for value in cells(r):
            if value is None:
                out.append("")
            elif isinstance(value, Decimal):
                out.append(format(value, "f").replace(".", ","))
            elif isinstance(value, date):
                out.append(value.isoformat())
            elif isinstance(value, str):
                out.append("'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value)
            else:
                out.append(str(value))
        writer.writerow(out)
    return "\ufeff" + buffer.getvalue()


_DROP = ("Parter", "Avtalstid", "Fynd", "Utbetalt", "Datum saknas", "Nästa händelse")
"""Columns dropped to fit a terminal, least important first (`iopctl.report.fit`)."""
_FOLD = ("Parter", "Nästa händelse", "Fynd")
"""Columns that may wrap between words; ids, phases, dates and amounts never do."""


def _table(view: StatusView, *, wide: bool = False) -> None:
    """One row per agreement, fitted to the terminal's width unless `wide`."""
    from iopctl.report.console import table
    from iopctl.swedish import format as sv

    headers = [
        "Avtal",
        "Parter",
        "Fas",
        "Avtalstid",
        f"Planerat {view.today.year}",
        "Utbetalt",
        "Nästa datum",
        "Nästa händelse",
        "Försenade",
        "Datum saknas",
        "Fynd",
    ]
    rows = []
    for r in view.rows:
        period = f"{r.start.isoformat()}–{r.end.isoformat() if r.end else 'tills vidare'}"
        planned = sv.amount(r.planned) + (" (prel.)" if r.amount_pending else "")
        warned = f"{r.warnings} {'varning' if r.warnings == 1 else 'varningar'}"
        findings = f"{r.errors} fel, {warned}" if r.errors else warned
        rows.append(
            [
                r.agreement,
                "; ".join(r.parties),
                r.phase,
                period,
                planned,
                sv.amount(r.paid),
                r.next_date.isoformat() if r.next_date else "–",
                r.next_title if r.next_date and r.next_title else "–",
                str(r.overdue),
                str(r.needs_date),
                findings,
            ]
        )
    n = len(view.rows)
    caption = f"{n} avtal; i dag {view.today.isoformat()}"
    table(None, headers, rows, right=(4, 5, 8, 9), caption=caption, drop_order=_DROP, foldable=_FOLD, wide=wide)
