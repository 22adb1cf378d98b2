"""`iopctl deadlines`: every date the agreements set, as a table, JSON or a calendar file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Iterator

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
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", help="Processes for large batches (default: CPUs).", min=0)
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
    jobs: JobsOpt = 0,
) -> None:
    """Deadlines of agreements: notice days, reviews, reports, payments, meetings, cure periods.

    Dates on a weekend or holiday move by the date policy (reports and notice to the previous
    working day, payments to the next) and say why. Overdue items are information, not a
    failure: the exit code is 1 only for files with errors (or with --fail-on-overdue).

    Example: iopctl deadlines agreements/ --within 30d --format ics --remind 14d --out iop.ics
    """
    from iopctl.commands.common import (
        agreement_files,
        default_jobs,
        parse_day,
        parse_span,
        today_in_stockholm,
    )
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
    query = Query(
        start=start,
        end=end,
        today=day,
        soon=soon,
        ids=frozenset(agreement or ()),
        kinds=frozenset(k.value for k in kind) if kind else None,
        overdue=overdue,
        needs_date=needs_date,
        lines=format is DeadlineFormat.json,
    )
    found = collect(files, query, jobs=jobs or default_jobs(len(files)))
    _report(found.problems)
    missing = sorted(query.ids - found.seen)
    if missing:
        message = f"no agreement with id {', '.join(missing)}"
        raise typer.BadParameter(message, param_hint="--agreement")
    write(found, format, out=out, today=day, start=start, end=end, remind_days=remind_days)
    failed = bool(found.problems) or (fail_on_overdue and found.overdue > 0)
    raise typer.Exit(1 if failed else 0)


@dataclass(frozen=True, slots=True)
class Query:
    """What the command line asks for (picklable, for worker processes)."""

    start: date | None
    end: date | None
    today: date
    soon: int = 14
    ids: frozenset[str] = frozenset()
    kinds: frozenset[str] | None = None
    overdue: bool = False
    needs_date: bool = False
    lines: bool = False
    """Render each event as its JSON line in the worker (cheap to send back) instead of objects."""


@dataclass(slots=True)
class Collected:
    """What the files gave, in date order: events (or their JSON lines) and the problems."""

    events: list[Event] = field(default_factory=list)
    """Sorted events; empty when JSON lines were asked for."""
    lines: list[bytes] = field(default_factory=list)
    """Sorted JSON objects, one per event, UTF-8 encoded (half the memory of str), when
    `Query.lines`."""
    keys: list[str] = field(default_factory=list)
    """Sort keys of `lines` (`Event.sort_text`)."""
    problems: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    overdue: int = 0
    undated: int = 0


FILES_PER_TASK = 50
"""Files one worker task reads: big enough to amortise the hand-over, small enough to balance."""


def collect(files: list[Path], query: Query, *, jobs: int = 1) -> Collected:
    """Read each file with its policy, series and records, and gather its events, sorted.

    With `jobs` > 1 the files are spread over processes; the result is the same.
    """
    tasks = [
        (tuple(str(f) for f in files[i : i + FILES_PER_TASK]), query)
        for i in range(0, len(files), FILES_PER_TASK)
    ]
    total = Collected()
    pairs: list[tuple[str, bytes]] = []
    for part in _run(tasks, jobs):
        total.events.extend(part.events)
        pairs.extend(zip(part.keys, part.lines, strict=True))
        total.problems.extend(part.problems)
        total.seen |= part.seen
        total.overdue += part.overdue
        total.undated += part.undated
    if query.lines:
        pairs.sort()
        total.lines = [line for _, line in pairs]
        del pairs
    else:
        from iopctl.deadlines import sort_events

        total.events = sort_events(total.events)
    return total


def _run(tasks: list[tuple[tuple[str, ...], Query]], jobs: int) -> Iterator[Collected]:
    """Results of the tasks in order, in this process or spread over `jobs` processes."""
    if jobs <= 1 or len(tasks) < 2:
        yield from map(_work, tasks)
        return
    import multiprocessing as mp

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(min(jobs, len(tasks))) as pool:
        yield from pool.imap(_work, tasks, chunksize=1)


def _work(task: tuple[tuple[str, ...], Query]) -> Collected:
    """One task: its files' events (or JSON lines), unsorted across files."""
    import gc

    paths, query = task
    c = _Collector(query)
    # Many events stay alive until sorted; the cyclic collector would walk them again and
    # again (ENGINEERING.md), and they hold no cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            c.add(Path(path))
    finally:
        if was_enabled:
            gc.enable()
    return c.out


class _Collector:
    """One agreement file at a time: read, policy, records, payments, events."""

    def __init__(self, query: Query) -> None:
        self.q = query
        self.want_money = query.kinds is None or bool(query.kinds & {"payment", "invoice"})
        self.out = Collected()
        self.stores: dict[Path | None, SeriesStore] = {}
        self.records_dirs: dict[Path, Path | None] = {}
        self.reported: set[str] = set()
        self.dumps: Any = None
        if query.lines:
            import json

            self.dumps = json.JSONEncoder(ensure_ascii=False).encode

    def add(self, path: Path) -> None:
        from iopctl.deadlines import deadlines, generation_end
        from iopctl.policy import policy_for
        from iopctl.problems import Problem
        from iopctl.reading import read_agreement
        from iopctl.records import load_records, records_dir
        from iopctl.schedule import payment_schedule

        q, out = self.q, self.out
        if q.ids and path.stem not in q.ids:
            return  # ids equal file names (checked when read), so skip without reading
        result = read_agreement(path, str(path))
        out.problems.extend(result.problems)
        a = result.agreement
        if a is None or (q.ids and a.id not in q.ids):
            return
        out.seen.add(a.id)
        policy, policy_problems = policy_for(path)
        for p in policy_problems:  # one _policy.yaml serves many files: report it once
            if isinstance(p, Problem) and p.text() not in self.reported:
                self.reported.add(p.text())
                out.problems.append(p)
        if path.parent not in self.records_dirs:
            self.records_dirs[path.parent] = records_dir(path)
        records, record_problems = load_records(path, a, self.records_dirs[path.parent])
        out.problems.extend(record_problems)
        payments: list[Payment] = []
        if self.want_money and a.funding.commitments:
            until = generation_end(a, q.end, q.today)
            payments = payment_schedule(a, self._series(path), until=until)
        found = deadlines(
            a,
            q.start,
            q.end,
            policy=policy,
            payments=payments,
            records=records,
            today=q.today,
            soon_days=q.soon,
            overdue=q.overdue,
        )
        for e in found:
            if q.kinds is not None and e.kind not in q.kinds:
                continue
            if q.needs_date and e.status != "needs-date":
                continue
            out.overdue += e.status == "overdue"
            out.undated += e.effective is None
            if self.dumps is not None:
                out.keys.append(e.sort_text())
                out.lines.append(self.dumps(e.as_json()).encode("utf-8"))
            else:
                out.events.append(e)

    def _series(self, path: Path) -> SeriesStore:
        from iopctl.series import load_series
        from iopctl.workspace import series_dir

        folder = series_dir(path)
        store = self.stores.get(folder)
        if store is None:
            store = self.stores[folder] = load_series(folder)
            self.out.problems.extend(store.problems)
        return store


def write(
    found: Collected,
    format: DeadlineFormat,
    *,
    out: Path | None,
    today: date,
    start: date | None,
    end: date | None,
    remind_days: int | None = None,
) -> None:
    """Write the events as a table, JSON or ICS, to `out` (atomically) or stdout."""
    from iopctl.output import error

    if format is DeadlineFormat.table:
        headers, rows, caption = table_rows(found.events, today=today, start=start, end=end)
        if out is None:
            _print_table(headers, rows, caption)
            return
        chunks: Iterator[bytes] = iter([_plain_table(headers, rows, caption).encode("utf-8")])
    elif format is DeadlineFormat.json:
        chunks = json_chunks(found.lines)
    else:
        from iopctl.ics import ics_chunks

        # DTSTAMP from the input, not the clock: the window's first day (today by default).
        chunks = ics_chunks(found.events, stamp=start or today, remind_days=remind_days)
    if out is None:
        import sys

        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    else:
        from iopctl.atomic import write_atomic

        write_atomic(out, b"".join(chunks))
        error(f"wrote {out}")
    if format is DeadlineFormat.ics and found.undated:
        n = found.undated
        error(
            f"{n} event{'s' if n != 1 else ''} without a date "
            "not put in the calendar (list them with --needs-date)"
        )


def json_chunks(lines: list[bytes], batch: int = 2000) -> Iterator[bytes]:
    """`{"events": [...]}` with one event object per line, in UTF-8 pieces: 10 000 agreements
    give a couple of hundred megabytes, so it is streamed, not built as one string."""
    if not lines:
        yield b'{"events": []}\n'
        return
    yield b'{"events": [\n  '
    for first in range(0, len(lines), batch):
        sep = b",\n  " if first else b""
        yield sep + b",\n  ".join(lines[first : first + batch])
    yield b"\n]}\n"


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


def _table(headers: list[str], rows: list[list[str]], caption: str, *, plain: bool) -> Any:
    """A rich table whose headings never wrap, nor do dates and statuses; long titles fold."""
    from rich import box
    from rich.table import Table

    t = Table(
        caption=caption,
        box=box.SIMPLE_HEAD,
        header_style=None if plain else "bold",
        pad_edge=False,
    )
    keep = {"Datum", "Flyttad", "Avser", "Status", "Typ"}
    for h in headers:
        t.add_column(h, min_width=len(h), no_wrap=plain or h in keep, overflow="fold")
    for row in rows:
        t.add_row(*row)
    return t


def _print_table(headers: list[str], rows: list[list[str]], caption: str) -> None:
    """The table on the terminal, as wide as it is."""
    from rich.console import Console

    Console(highlight=False).print(_table(headers, rows, caption, plain=False))


def _plain_table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """The table as plain text for a file: no colour, no wrapping, no trailing spaces."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    console = Console(file=buffer, width=10_000, color_system=None, highlight=False)
    console.print(_table(headers, rows, caption, plain=True))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n") + "\n"


def _report(problems: list[Problem]) -> None:
    from iopctl.output import error

    for p in problems:
        error(p.text())
