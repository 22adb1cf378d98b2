"""`iopctl deadlines`: every date the agreements set, as a table, JSON or a calendar file."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from iopctl.batch.deadlines import Collected, Query

from iopctl.cli.options import PartyOpt, Paths
from iopctl.model.vocabulary import EventKind

DEFAULT_DAYS = 90
"""The default window: today and the next 90 days."""


class DeadlineFormat(StrEnum):
    """Output formats of deadlines."""

    table = "table"
    json = "json"
    ics = "ics"


_MENU: tuple[EventKind, ...] = (
    "start", "end", "amendment", "review", "reminder", "notice", "report", "plan", "payment", "invoice", "meeting",
    "follow_up_meeting", "information_meeting", "training", "cure", "termination", "other",
)  # fmt: skip
"""The order --kind offers the event kinds in (the agreement's own dates, duties, money, meetings,
the rest); the kinds themselves are `iopctl.model.vocabulary.EVENT_KINDS` (a test checks both agree)."""

Kind = StrEnum("Kind", [(k, k) for k in _MENU])  # type: ignore[misc]  # mypy wants members spelt out
"""Event kinds that --kind can select."""


def _opt(*names: str, help: str, metavar: str) -> Any:
    return typer.Option(*names, help=help, show_default=False, metavar=metavar)


def _flag(name: str, help: str) -> Any:
    return typer.Option(name, help=help)


_KINDS = ", ".join(k.value for k in Kind)

FromOpt = Annotated[str | None, _opt("--from", help="First day (default: today).", metavar="YYYY-MM-DD|YYYY")]
ToOpt = Annotated[str | None, _opt("--to", help="Last day (default: 90 days on).", metavar="YYYY-MM-DD|YYYY")]
WithinOpt = Annotated[str | None, _opt("--within", help="Window from --from or today: 30d, 6w, 3m.", metavar="SPAN")]
AgreementOpt = Annotated[
    list[str] | None,
    _opt("--agreement", "-a", help="Only this agreement (repeatable).", metavar="ID"),
]
KindOpt = Annotated[
    list[Kind] | None,
    _opt("--kind", "-k", help=f"Only this kind (repeatable): {_KINDS}.", metavar="KIND"),
]
NeedsDateOpt = Annotated[bool, _flag("--needs-date", "All that still needs a date (whole agreements unless a window).")]
TodayOpt = Annotated[
    str | None,
    _opt("--today", help="Take this day as today (default: today in Sweden).", metavar="YYYY-MM-DD"),
]
SoonOpt = Annotated[
    int,
    typer.Option("--soon", help="Days ahead that are due soon.", min=0, max=36_525, metavar="DAYS"),
]
OverdueOpt = Annotated[bool, _flag("--overdue", "Also overdue deadlines from before the window.")]
FailOpt = Annotated[bool, _flag("--fail-on-overdue", "Exit 1 when a listed deadline is overdue.")]
FormatOpt = Annotated[DeadlineFormat, typer.Option("--format", "-f", help="table, json, or ics (calendar file).")]
RemindOpt = Annotated[
    list[str] | None,
    _opt("--remind", help="ICS reminder this long before: 14d, 2w (repeatable).", metavar="SPAN"),
]
OutOpt = Annotated[
    Path | None, _opt("--out", "-o", help="Write to this file (atomically); '-' for standard output.", metavar="FILE")
]
KeysOpt = Annotated[bool, _flag("--keys", "Show each event's key (what `iopctl record` and _records/ files use).")]
WideOpt = Annotated[bool, _flag("--wide", "Table: every column, as wide as it takes.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", help="Processes for large batches (default: CPUs).", min=0)]


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
    party: PartyOpt = None,
    keys: KeysOpt = False,
    wide: WideOpt = False,
) -> None:
    """Deadlines of agreements: notice days, reviews, reports, payments, meetings, cure periods.

    Dates on a weekend or holiday move by the date policy (reports and notice to the previous
    working day, payments to the next) and say why. Overdue items are information, not a
    failure: the exit code is 1 only for files with errors (or with --fail-on-overdue).

    Example: iopctl deadlines agreements/ --within 30d --format ics --remind 14d --out iop.ics
    """
    from iopctl.batch.deadlines import collect
    from iopctl.cli.options import agreement_files, default_jobs
    from iopctl.files.atomic import WriteError
    from iopctl.report.console import error, report_problems
    from iopctl.report.deadlines import write

    lines = format is DeadlineFormat.json
    query, reminders = _query(
        today, from_, to, within, agreement, kind, needs_date, soon, overdue, lines, party, remind
    )
    files = agreement_files(paths)
    found = collect(files, query, jobs=jobs or default_jobs(len(files)))
    report_problems(found.problems)
    _check_found(query, found)
    try:
        write(found, format.value, query, out=out, remind_days=reminders, keys=keys, wide=wide)
    except WriteError as exc:
        error(f"error: {exc}")
        raise typer.Exit(1) from None
    raise typer.Exit(1 if found.problems or (fail_on_overdue and found.overdue > 0) else 0)


def _query(
    today: str | None,
    from_: str | None,
    to: str | None,
    within: str | None,
    agreement: list[str] | None,
    kind: list[Kind] | None,
    needs_date: bool,
    soon: int,
    overdue: bool,
    lines: bool,
    party: str | None,
    remind: list[str] | None,
) -> tuple["Query", list[int]]:
    """The query the options ask for, and the --remind spans in days (usage errors if bad)."""
    from iopctl.batch.deadlines import Query
    from iopctl.cli.options import check_order, check_window, parse_dates, parse_span
    from iopctl.deadlines.calendar import query_window

    day, start, end = parse_dates(today, from_, to)
    span = parse_span(within) if within is not None else None
    remind_days = [parse_span(r, option="--remind") for r in remind or ()]
    default_days = None if needs_date else DEFAULT_DAYS
    start, end = query_window(day, start, end, span, default_days=default_days)
    check_order(start, end, f"the window ends {end}, before it starts {start}")
    check_window(start, end)
    query = Query(
        start=start,
        end=end,
        today=day,
        soon=soon,
        ids=frozenset(agreement or ()),
        kinds=frozenset(k.value for k in kind) if kind else None,
        overdue=overdue,
        needs_date=needs_date,
        lines=lines,
        party=party,
    )
    return query, remind_days


def _check_found(query: "Query", found: "Collected") -> None:
    """Usage errors: an --agreement id no file has, a --party no agreement names."""
    from iopctl.cli.options import check_party

    missing = sorted(query.ids - found.seen)
    if missing:
        message = f"no agreement with id {', '.join(missing)}"
        raise typer.BadParameter(message, param_hint="--agreement")
    check_party(query.party, found.party_found or not found.seen, sorted(found.known_ids))
