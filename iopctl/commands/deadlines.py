"""`iopctl deadlines`: every date the agreements set, as a table, JSON or a calendar file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from iopctl.deadlines import Event
    from iopctl.problems import Problem
    from iopctl.schedule import Payment
    from iopctl.series import SeriesStore

DEFAULT_DAYS = 90
"""The default window: today and the next 90 days."""


class DeadlineFormat(StrEnum):
    """Output formats of deadlines."""

    table = "table"
    json = "json"
    ics = "ics"


class Kind(StrEnum):
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


def _opt(*names: str, help: str, metavar: str) -> Any:
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def _flag(name: str, help: str) -> Any:
    return typer.Option(name, help=help)


_KINDS = ", ".join(k.value for k in Kind)

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Agreement files or folders (default: agreements/).", show_default=False),
]
FromOpt = Annotated[
    str | None, _opt("--from", help="First day (default: today).", metavar="YYYY-MM-DD|YYYY")
]
ToOpt = Annotated[
    str | None, _opt("--to", help="Last day (default: 90 days on).", metavar="YYYY-MM-DD|YYYY")
]
WithinOpt = Annotated[
    str | None, _opt("--within", help="Window from --from or today: 30d, 6w, 3m.", metavar="SPAN")
]
AgreementOpt = Annotated[
    list[str] | None,
    _opt("--agreement", "-a", help="Only this agreement (repeatable).", metavar="ID"),
]
KindOpt = Annotated[
    list[Kind] | None,
    _opt("--kind", "-k", help=f"Only this kind (repeatable): {_KINDS}.", metavar="KIND"),
]
NeedsDateOpt = Annotated[
    bool, _flag("--needs-date", "All that still needs a date (whole agreements unless a window).")
]
TodayOpt = Annotated[
    str | None,
    _opt(
        "--today", help="Take this day as today (default: today in Sweden).", metavar="YYYY-MM-DD"
    ),
]
SoonOpt = Annotated[
    int, typer.Option("--soon", help="Days ahead that are due soon.", min=0, metavar="DAYS")
]
OverdueOpt = Annotated[bool, _flag("--overdue", "Also overdue deadlines from before the window.")]
FailOpt = Annotated[bool, _flag("--fail-on-overdue", "Exit 1 when a listed deadline is overdue.")]
FormatOpt = Annotated[
    DeadlineFormat, typer.Option("--format", "-f", help="table, json, or ics (calendar file).")
]
RemindOpt = Annotated[
    str | None, _opt("--remind", help="ICS reminder this long before: 14d, 2w.", metavar="SPAN")
]
OutOpt = Annotated[
    Path | None, _opt("--out", "-o", help="Write to this file (atomically).", metavar="FILE")
]


def deadlines(
    paths: Paths = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    within: WithinOpt = None,
    agreement: AgreementOpt = None,
    kind: KindOpt = None,
    needs_date: NeedsDateOpt = False,
    today: TodayOpt = None,
    soon: SoonOpt = 14,
    overdue: OverdueOpt = False,
    fail_on_overdue: FailOpt = False,
    format: FormatOpt = DeadlineFormat.table,
    remind: RemindOpt = None,
    out: OutOpt = None,
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
    default_days = None if needs_date else DEFAULT_DAYS
    start, end = query_window(day, start, end, span, default_days=default_days)
    if start is not None and end is not None and end < start:
        message = f"the window ends {end}, before it starts {start}"
        raise typer.BadParameter(message, param_hint="--to")
    files = agreement_files(paths)
    ids = set(agreement or [])
    kinds = {k.value for k in kind} if kind else None
    events, problems, seen = collect(
        files,
        start,
        end,
        day,
        soon=soon,
        ids=ids,
        kinds=kinds,
        overdue=overdue,
        needs_date=needs_date,
    )
    _report(problems)
    missing = sorted(ids - seen)
    if missing:
        message = f"no agreement with id {', '.join(missing)}"
        raise typer.BadParameter(message, param_hint="--agreement")
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
    import gc

    from iopctl.deadlines import sort_events

    c = _Collector(start, end, today, soon, ids or set(), kinds, overdue, needs_date)
    # Hundreds of thousands of events stay alive until sorted; the cyclic collector would
    # walk them again and again (ENGINEERING.md), and they hold no cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in files:
            c.add(path)
    finally:
        if was_enabled:
            gc.enable()
    return sort_events(c.events), c.problems, c.seen


class _Collector:
    """One agreement file at a time: read, policy, records, payments, events."""

    def __init__(
        self,
        start: date | None,
        end: date | None,
        today: date,
        soon: int,
        ids: set[str],
        kinds: set[str] | None,
        overdue: bool,
        needs_date: bool,
    ) -> None:
        self.start, self.end, self.today, self.soon = start, end, today, soon
        self.ids, self.kinds, self.overdue, self.needs_date = ids, kinds, overdue, needs_date
        self.want_money = kinds is None or bool(kinds & {"payment", "invoice"})
        self.events: list[Event] = []
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.stores: dict[Path | None, SeriesStore] = {}
        self.records_dirs: dict[Path, Path | None] = {}
        self.reported: set[str] = set()

    def add(self, path: Path) -> None:
        from iopctl.deadlines import deadlines, generation_end
        from iopctl.policy import policy_for
        from iopctl.problems import Problem
        from iopctl.reading import read_agreement
        from iopctl.records import load_records, records_dir
        from iopctl.schedule import payment_schedule

        if self.ids and path.stem not in self.ids:
            return  # ids equal file names (checked when read), so skip without reading
        result = read_agreement(path, str(path))
        self.problems.extend(result.problems)
        a = result.agreement
        if a is None or (self.ids and a.id not in self.ids):
            return
        self.seen.add(a.id)
        policy, policy_problems = policy_for(path)
        for p in policy_problems:  # one _policy.yaml serves many files: report it once
            if isinstance(p, Problem) and p.text() not in self.reported:
                self.reported.add(p.text())
                self.problems.append(p)
        if path.parent not in self.records_dirs:
            self.records_dirs[path.parent] = records_dir(path)
        records, record_problems = load_records(path, a, self.records_dirs[path.parent])
        self.problems.extend(record_problems)
        payments: list[Payment] = []
        if self.want_money and a.funding.commitments:
            until = generation_end(a, self.end, self.today)
            payments = payment_schedule(a, self._series(path), until=until)
        found = deadlines(
            a,
            self.start,
            self.end,
            policy=policy,
            payments=payments,
            records=records,
            today=self.today,
            soon_days=self.soon,
            overdue=self.overdue,
        )
        if self.kinds is not None:
            found = [e for e in found if e.kind in self.kinds]
        if self.needs_date:
            found = [e for e in found if e.status == "needs-date"]
        self.events.extend(found)

    def _series(self, path: Path) -> SeriesStore:
        from iopctl.series import load_series
        from iopctl.workspace import series_dir

        folder = series_dir(path)
        store = self.stores.get(folder)
        if store is None:
            store = self.stores[folder] = load_series(folder)
            self.problems.extend(store.problems)
        return store


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
    from iopctl.output import error, write_stdout

    data: bytes | str
    if format is DeadlineFormat.json:
        if out is None:
            for chunk in json_chunks(events):
                write_stdout(chunk)
            return
        data = "".join(json_chunks(events))
    elif format is DeadlineFormat.ics:
        from iopctl.ics import to_ics

        # DTSTAMP from the input, not the clock: the window's first day (today by default).
        data = to_ics(events, stamp=start or today, remind_days=remind_days)
        undated = sum(1 for e in events if e.effective is None)
        if undated:
            error(
                f"{undated} event{'s' if undated != 1 else ''} without a date "
                "not put in the calendar (list them with --needs-date)"
            )
    else:
        headers, rows, caption = table_rows(events, today=today, start=start, end=end)
        if out is None:
            _print_table(headers, rows, caption, None)
            return
        data = _print_table(headers, rows, caption, out)
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


def json_chunks(events: list[Event], batch: int = 2000) -> Iterator[str]:
    """`{"events": [...]}` with one event object per line, in pieces (10 000 agreements give
    hundreds of megabytes; the C encoder and streaming keep that fast and flat in memory)."""
    import json

    dumps = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    if not events:
        yield '{"events": []}\n'
        return
    yield '{"events": [\n'
    last = len(events) - 1
    for first in range(0, len(events), batch):
        part = events[first : first + batch]
        yield "".join(
            f"  {dumps(e.as_json())}{',' if first + i < last else ''}\n" for i, e in enumerate(part)
        )
    yield "]}\n"


def _json_default(value: object) -> object:
    """Dates and money the way `iopctl.output.to_json` writes them."""
    from datetime import date as Date
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


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
        rows.append(
            [
                e.agreement,
                KIND_LABELS.get(e.kind, e.kind),
                e.title,
                when,
                moved,
                e.covers or "",
                e.owner,
                STATUS_LABELS.get(e.status, e.status),
            ]
        )
    undated = sum(1 for e in events if e.effective is None)
    span = f"{start.isoformat() if start else '…'}–{end.isoformat() if end else '…'}"
    caption = (
        f"{len(events)} händelser {span}, varav {undated} utan datum; i dag {today.isoformat()}"
    )
    return headers, rows, caption


def _print_table(headers: list[str], rows: list[list[str]], caption: str, out: Path | None) -> str:
    """Print the table to the terminal, or (for a file) return it as plain text without wrapping.

    Headings never wrap, nor do dates and statuses; long titles and names fold.
    """
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.table import Table

    style = None if out else "bold"
    t = Table(caption=caption, box=box.SIMPLE_HEAD, header_style=style, pad_edge=False)
    keep = {"Datum", "Flyttad", "Avser", "Status", "Typ"}
    for h in headers:
        t.add_column(h, min_width=len(h), no_wrap=bool(out) or h in keep, overflow="fold")
    for row in rows:
        t.add_row(*row)
    if out is None:
        Console(highlight=False).print(t)
        return ""
    buffer = StringIO()
    Console(file=buffer, width=10_000, color_system=None, highlight=False).print(t)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n") + "\n"


def _report(problems: list[Problem]) -> None:
    from iopctl.output import error

    for p in problems:
        error(p.text())
