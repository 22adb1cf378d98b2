"""How `iopctl deadlines` shows events: a Swedish table, streamed JSON, or an ICS calendar.

Plain functions from collected events to rows and bytes; the table goes to the terminal as
wide as it is, or to a file as plain text without colour, wrapping or trailing spaces.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iopctl.batch.deadlines import Collected, Query
    from iopctl.deadlines.event import Event

__all__ = ["json_chunks", "table_rows", "write"]


def write(
    found: Collected,
    fmt: str,
    query: Query,
    *,
    out: Path | None,
    remind_days: list[int] | None = None,
    keys: bool = False,
    wide: bool = False,
) -> None:
    """Write the events `query` found as `fmt` (table, json or ics), to `out` (atomically) or stdout.

    `keys`: the table gets a last column "Nyckel" with each event's key (for `iopctl record`).
    """
    today, start, end = query.today, query.start, query.end
    from iopctl.files.atomic import is_stdout
    from iopctl.report.console import error

    if is_stdout(out):
        out = None  # '-': standard output, as without --out
    if fmt == "table":
        headers, rows, caption = table_rows(found.events, today=today, start=start, end=end, keys=keys)
        if out is None:
            _print_table(headers, rows, caption, wide=wide)
            return
        chunks: Iterator[bytes] = iter([_plain_table(headers, rows, caption).encode("utf-8")])
    elif fmt == "json":
        chunks = json_chunks(found.lines)
    else:
        from iopctl.report.ics import ics_chunks

        # DTSTAMP from the input, not the clock: the window's first day (today by default).
        chunks = ics_chunks(found.events, stamp=start or today, remind_days=remind_days)
    if out is None:
        import sys

        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    else:
        from iopctl.files.atomic import write_atomic

        write_atomic(out, b"".join(chunks))
        error(f"wrote {out}")
    if fmt == "ics" and found.undated:
        n = found.undated
        error(
            f"{n} event{'s' if n != 1 else ''} without a date "
            "put in the calendar as tasks (VTODO) with their window (list them with --needs-date)"
        )


def json_chunks(lines: list[bytes], batch: int = 2000) -> Iterator[bytes]:
    """`{"events": [...]}` in the layout of every `--format json` (`iopctl.report.console.json_pieces`):
    one event a line, in UTF-8 pieces, since 10 000 agreements give a couple of hundred
    megabytes. The lines come encoded from the workers, each behind its sort key
    (`iopctl.batch.deadlines.Collected.lines`)."""
    from iopctl.batch.deadlines import json_object

    if not lines:
        yield b'{\n  "events": []\n}\n'
        return
    yield b'{\n  "events": [\n    '
    for first in range(0, len(lines), batch):
        sep = b",\n    " if first else b""
        yield sep + b",\n    ".join(map(json_object, lines[first : first + batch]))
    yield b"\n  ]\n}\n"


def table_rows(
    events: list[Event], *, today: date, start: date | None, end: date | None, keys: bool = False
) -> tuple[list[str], list[list[str]], str]:
    """Swedish headings, one row of text per event, and a caption."""
    from iopctl.deadlines.titles import KIND_LABELS, STATUS_LABELS
    from iopctl.swedish.format import weekday_name

    headers = ["Avtal", "Typ", "Händelse", "Datum", "Sista dag", "Påminnelse", "Avser", "Ansvarig", "Status"]
    if keys:
        headers.append("Nyckel")
    rows: list[list[str]] = []
    for e in events:
        if e.nominal is not None:
            when = e.nominal.isoformat()
        else:
            ws, we = e.window or (None, None)
            when = f"({ws.isoformat() if ws else ''}–{we.isoformat() if we else ''})"
        last = ""
        if e.last_day is not None and e.last_day != e.nominal:
            last = f"{e.last_day.isoformat()} ({weekday_name(e.last_day)})"
        remind = f"{e.remind.isoformat()} ({weekday_name(e.remind)})" if e.remind is not None else ""
        rows.append(
            [
                e.agreement,
                KIND_LABELS.get(e.kind, e.kind),
                e.title,
                when,
                last,
                remind,
                e.covers or "",
                e.owner,
                STATUS_LABELS.get(e.status, e.status),
                *([e.key] if keys else []),
            ]
        )
    undated = sum(1 for e in events if e.last_day is None)
    span = f"{start.isoformat() if start else '…'}–{end.isoformat() if end else '…'}"
    caption = f"{len(events)} händelser {span}, varav {undated} utan datum; i dag {today.isoformat()}"
    return headers, rows, caption


def _table(
    headers: list[str],
    rows: list[list[str]],
    caption: str,
    *,
    plain: bool,
    least: list[int | None] | None = None,
    most: list[int | None] | None = None,
) -> Any:
    """A rich table whose headings never wrap, nor do dates and statuses; long titles fold."""
    from rich import box
    from rich.table import Table

    t = Table(
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        header_style=None if plain else "bold",
        pad_edge=False,
    )
    whole = {"Avtal", "Datum", "Sista dag", "Påminnelse", "Avser", "Status", "Typ", "Nyckel"}
    for i, h in enumerate(headers):
        fit = least[i] if least else None
        t.add_column(
            h,
            min_width=max(len(h), fit or 0),
            max_width=most[i] if most else None,
            no_wrap=plain or h in whole,
            overflow="fold",
        )
    for row in rows:
        t.add_row(*row)
    return t


_DROP = ("Påminnelse", "Avser", "Typ", "Ansvarig")
"""Columns dropped to fit a terminal, least important first (`iopctl.report.fit`)."""
_FOLD = ("Händelse", "Ansvarig")


def _print_table(headers: list[str], rows: list[list[str]], caption: str, *, wide: bool = False) -> None:
    """The table fitted to the terminal (or `iopctl.report.fit.DEFAULT_WIDTH` when piped): ids,
    dates and statuses whole, less important columns dropped; with `wide`, everything."""
    import sys

    from iopctl.report.console import print_table
    from iopctl.report.fit import fit_columns, max_widths, needed_width, target_width

    width = target_width(wide)
    keep, dropped, needs = fit_columns(headers, rows, width, drop_order=_DROP, foldable=_FOLD)
    if width is not None:
        width = max(width, needed_width(keep, needs))  # whole keys and dates over a squeezed column
    if dropped:
        caption += f"\nUtelämnade kolumner: {', '.join(dropped)} (--wide visar alla)"
    t = _table(
        [headers[i] for i in keep],
        [[r[i] for i in keep] for r in rows],
        caption,
        plain=not sys.stdout.isatty() and width is None,
        least=[needs.get(i) for i in keep],
        most=[max_widths(headers, keep, needs, width, _FOLD).get(i) for i in keep],
    )
    print_table(t, width=width)


def _plain_table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """The table as plain text for a file: no colour, no wrapping, no trailing spaces."""
    from iopctl.report.console import plain_text

    return plain_text(_table(headers, rows, caption, plain=True))
