"""`iopctl deadlines`: every date the agreements set, as a table, JSON or a calendar file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from datetime import date

    from iopctl.deadlines import Event
    from iopctl.problems import Problem
    from iopctl.schedule import Payment
    from iopctl.series import SeriesStore

DEFAULT_DAYS = 90
"""The default window: today and the next 90 days."""


class DeadlineFormat(str, Enum):
    """Output formats of deadlines."""

    table = "table"
    json = "json"
    ics = "ics"


class Kind(str, Enum):
    """Event kinds that --kind can select."""

    start = "start"
    end = "end"
    review = "review"
    notice = "notice"
    report = "report"
    plan = "plan"
    payment = "payment"
    invoice = "invoice"
    meeting = "meeting"
    follow_up_meeting = "follow_up_meeting"
    information_meeting = "information_meeting"
    training = "training"
    cure = "cure"
    other = "other"


def deadlines(
    paths: Annotated[list[Path] | None, typer.Argument(help="Agreement files or folders (default: agreements/).", show_default=False)] = None,
    from_: Annotated[str | None, typer.Option("--from", help="First day of the window, YYYY-MM-DD or YYYY (default: today).", show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day of the window, YYYY-MM-DD or YYYY (default: 90 days on).", show_default=False)] = None,
    within: Annotated[str | None, typer.Option("--within", help="Window length from --from/today: 30d, 6w, 3m.", show_default=False)] = None,
    agreement: Annotated[list[str] | None, typer.Option("--agreement", "-a", help="Only this agreement id (repeatable).", show_default=False)] = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="Only this kind of event (repeatable).", show_default=False)] = None,
    needs_date: Annotated[bool, typer.Option("--needs-date", help="List everything that still needs a date (whole agreements unless --from/--to/--within).")] = False,
    today: Annotated[str | None, typer.Option("--today", help="Take this day as today, YYYY-MM-DD (default: today in Sweden).", show_default=False)] = None,
    soon: Annotated[int, typer.Option("--soon", help="Days ahead that count as due soon.", min=0)] = 14,
    overdue: Annotated[bool, typer.Option("--overdue", help="Also list overdue deadlines from before the window.")] = False,
    fail_on_overdue: Annotated[bool, typer.Option("--fail-on-overdue", help="Exit 1 when a listed deadline is overdue.")] = False,
    format: Annotated[DeadlineFormat, typer.Option("--format", "-f", help="table, json, or ics (calendar file).")] = DeadlineFormat.table,
    remind: Annotated[str | None, typer.Option("--remind", help="ICS reminder this long before each date: 14d, 2w.", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file (atomically) instead of stdout.", show_default=False)] = None,
) -> None:
    """Deadlines of agreements: notice days, reviews, reports, payments, meetings, cure periods.

    Dates on a weekend or holiday move by the date policy (reports and notice to the previous
    working day, payments to the next) and say why. Overdue items are information, not a
    failure: the exit code is 1 only for files with errors (or with --fail-on-overdue).

    Example: iopctl deadlines agreements/ --within 30d --format ics --remind 14d --out iop.ics
    """
    from iopctl.commands.common import agreement_files, parse_day, parse_span, today_in_stockholm
    from iopctl.deadlines import query_window

    day = parse_day(today, option="--today") if today is not None else today_in_stockholm()
    start = parse_day(from_, option="--from") if from_ is not None else None
    end = parse_day(to, end=True, option="--to") if to is not None else None
    span = parse_span(within) if within is not None else None
    remind_days = parse_span(remind, option="--remind") if remind is not None else None
    start, end = query_window(day, start, end, span, default_days=None if needs_date else DEFAULT_DAYS)
    if start is not None and end is not None and end < start:
        raise typer.BadParameter(f"the window ends {end}, before it starts {start}", param_hint="--to")
    files = agreement_files(paths)
    ids = set(agreement or [])
    kinds = {k.value for k in kind} if kind else None
    events, problems, seen = collect(files, start, end, day, soon=soon, ids=ids, kinds=kinds,
                                     overdue=overdue, needs_date=needs_date)
    _report(problems)
    missing = sorted(ids - seen)
    if missing:
        raise typer.BadParameter(f"no agreement with id {', '.join(missing)}", param_hint="--agreement")
    write(events, format, out=out, today=day, start=start, end=end, remind_days=remind_days)
    failed = bool(problems) or (fail_on_overdue and any(e.status == "overdue" for e in events))
    raise typer.Exit(1 if failed else 0)


def collect(
    files: list[Path],
    start: date | None,
    end: date | None,
    today: date,
    *,
    soon: int = 14,
    ids: set[str] | None = None,
    kinds: set[str] | None = None,
    overdue: bool = False,
    needs_date: bool = False,
) -> tuple[list[Event], list[Problem], set[str]]:
    """Read each file with its policy, series and records, and gather its events.

    Returns the sorted events, the problems of files that could not be (fully) used, and the
    ids of the agreements read.
    """
    from iopctl.deadlines import deadlines as agreement_deadlines
    from iopctl.deadlines import generation_end, sort_events
    from iopctl.policy import policy_for
    from iopctl.problems import Problem
    from iopctl.reading import read_agreement
    from iopctl.records import load_records, records_dir
    from iopctl.schedule import payment_schedule
    from iopctl.series import load_series
    from iopctl.workspace import series_dir

    events: list[Event] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    stores: dict[Path | None, SeriesStore] = {}
    folders: dict[Path, Path | None] = {}
    reported: set[str] = set()
    want_money = kinds is None or bool(kinds & {"payment", "invoice"})
    for path in files:
        if ids and path.stem not in ids:
            continue  # ids equal file names (checked when read), so skip without reading
        result = read_agreement(path, str(path))
        problems.extend(result.problems)
        a = result.agreement
        if a is None or (ids and a.id not in ids):
            continue
        seen.add(a.id)
        policy, policy_problems = policy_for(path)
        for p in policy_problems:
            if isinstance(p, Problem) and p.text() not in reported:
                reported.add(p.text())
                problems.append(p)
        parent = path.parent
        if parent not in folders:
            folders[parent] = records_dir(path)
        records, record_problems = load_records(path, a, folders[parent])
        problems.extend(record_problems)
        payments: list[Payment] = []
        if want_money and a.funding.commitments:
            folder = series_dir(path)
            store = stores.get(folder)
            if store is None:
                store = stores[folder] = load_series(folder)
                problems.extend(store.problems)
            payments = payment_schedule(a, store, until=generation_end(a, end, today))
        found = agreement_deadlines(a, start, end, policy=policy, payments=payments, records=records,
                                    today=today, soon_days=soon, overdue=overdue)
        if kinds is not None:
            found = [e for e in found if e.kind in kinds]
        if needs_date:
            found = [e for e in found if e.status == "needs-date"]
        events.extend(found)
    return sort_events(events), problems, seen


def write(
    events: list[Event],
    format: DeadlineFormat,
    *,
    out: Path | None,
    today: date,
    start: date | None,
    end: date | None,
    remind_days: int | None = None,
) -> None:
    """Write the events as a table, JSON or ICS, to `out` (atomically) or stdout."""
    from iopctl.output import error, to_json, write_stdout

    data: bytes | str
    if format is DeadlineFormat.json:
        data = to_json({"events": events})
    elif format is DeadlineFormat.ics:
        from iopctl.ics import to_ics

        data = to_ics(events, stamp=today, remind_days=remind_days)
        undated = sum(1 for e in events if e.effective is None)
        if undated:
            error(f"{undated} event{'s' if undated != 1 else ''} without a date "
                  "not put in the calendar (list them with --needs-date)")
    else:
        headers, rows, caption = table_rows(events, today=today, start=start, end=end)
        if out is None:
            from iopctl.output import table

            table(None, headers, rows, caption=caption)
            return
        data = _plain_table(headers, rows, caption)
    if out is not None:
        from iopctl.atomic import write_atomic

        write_atomic(out, data)
        error(f"wrote {out}")
    elif isinstance(data, bytes):
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_stdout(data)


def table_rows(
    events: list[Event], *, today: date, start: date | None, end: date | None
) -> tuple[list[str], list[list[str]], str]:
    """Swedish headings, one row of text per event, and a caption."""
    from iopctl.deadlines import KIND_LABELS, STATUS_LABELS
    from iopctl.sv import weekday_name

    headers = ["Avtal", "Typ", "Händelse", "Datum", "Flyttad", "Avser", "Ansvarig", "Status"]
    rows: list[list[str]] = []
    for e in events:
        if e.effective is not None:
            when = e.effective.isoformat()
        else:
            ws, we = e.window or (None, None)
            when = f"({ws.isoformat() if ws else ''}–{we.isoformat() if we else ''})"
        moved = ""
        if e.nominal is not None and e.effective != e.nominal:
            moved = f"från {e.nominal.isoformat()} ({weekday_name(e.nominal)})"
        rows.append([e.agreement, KIND_LABELS.get(e.kind, e.kind), e.title, when, moved,
                     e.covers or "", e.owner, STATUS_LABELS.get(e.status, e.status)])
    undated = sum(1 for e in events if e.effective is None)
    span = f"{start.isoformat() if start else '…'}–{end.isoformat() if end else '…'}"
    caption = f"{len(events)} händelser {span}, varav {undated} utan datum; i dag {today.isoformat()}"
    return headers, rows, caption


def _plain_table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """The table as plain text for a file (no terminal, no colour, no wrapping)."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    t = Table(caption=caption, header_style=None, box=None, show_edge=False)
    for h in headers:
        t.add_column(h, no_wrap=True)
    for row in rows:
        t.add_row(*row)
    buffer = StringIO()
    Console(file=buffer, width=10_000, color_system=None, soft_wrap=True, highlight=False).print(t)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _report(problems: list[Problem]) -> None:
    from iopctl.output import error

    for p in problems:
        error(p.text())
