"""Read many agreement files for `iopctl deadlines`: each with its policy, series and records.

The files are read in tasks of `FILES_PER_TASK`, in this process or spread over processes;
the result (events, or their JSON lines for a large batch, and the located problems) is the
same either way and in date order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

# Loaded by the deadlines command when it runs (and by its workers), so the modules it works
# with are imported here once, not in `_Collector.add` for each file.
from iopctl.batch.pool import collector_paused, pool_map
from iopctl.deadlines.builder import needed_from
from iopctl.deadlines.calendar import deadlines, generation_end
from iopctl.errors import Problem
from iopctl.funding.relative import date_after_events
from iopctl.funding.schedule import payment_schedule
from iopctl.load.read import read_agreement
from iopctl.load.workspace import clear_workspaces, workspace_for
from iopctl.rules.check import file_errors
from iopctl.rules.records import load_records

if TYPE_CHECKING:
    from collections.abc import Iterator

    from iopctl.deadlines.event import Event
    from iopctl.funding.schedule import Payment
    from iopctl.load.workspace import Workspace
    from iopctl.model.agreement import Agreement
    from iopctl.model.series_store import SeriesStore

__all__ = ["FILES_PER_TASK", "KEY_END", "Collected", "Query", "collect", "json_object"]


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
    party: str | None = None
    """Only what this party or unit pays, receives, owes or is owed (`iopctl.batch.party`)."""


@dataclass(slots=True)
class Collected:
    """What the files gave, in date order: events (or their JSON lines) and the problems."""

    events: list[Event] = field(default_factory=list)
    """Sorted events; empty when JSON lines were asked for."""
    lines: list[bytes] = field(default_factory=list)
    """When `Query.lines`: each event's sort key, two NULs and its JSON object, UTF-8 encoded
    (half the memory of str), sorted. One bytes object an event, sorted as it is, holds the
    ~100 MB of a big view in the fewest objects; `json_object` strips the key."""
    problems: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    overdue: int = 0
    undated: int = 0
    party_found: bool = False
    """With `Query.party`: whether any agreement read has it."""
    known_ids: set[str] = field(default_factory=set)
    """With `Query.party`: party and unit ids of the agreements without it (for "did you mean")."""


KEY_END = "\0\0"
"""Ends the sort key in front of a JSON line: no key has two NULs in a row (its parts are
non-empty and joined by one), JSON escapes NUL, and NUL sorts first, so the lines sort by
key (UTF-8 bytes sort as the code points do)."""


def json_object(line: bytes) -> bytes:
    """The JSON object of a `Collected.lines` entry (its sort key removed)."""
    return line[line.index(b"\0\0") + 2 :]


FILES_PER_TASK = 50
"""Files one worker task reads: big enough to amortise the hand-over, small enough to balance."""


def collect(files: list[Path], query: Query, *, jobs: int = 1) -> Collected:
    """Read each file with its policy, series and records, and gather its events, sorted.

    With `jobs` > 1 the files are spread over processes; the result is the same.
    """
    clear_workspaces()
    tasks = [
        (tuple(str(f) for f in files[i : i + FILES_PER_TASK]), query) for i in range(0, len(files), FILES_PER_TASK)
    ]
    total = Collected()
    reported: set[str] = set()  # a policy or series file serves many tasks: report it once
    for part in _run(tasks, jobs):
        total.events.extend(part.events)
        total.lines.extend(part.lines)
        for problem in part.problems:
            if problem.text() not in reported:
                reported.add(problem.text())
                total.problems.append(problem)
        total.seen |= part.seen
        total.overdue += part.overdue
        total.undated += part.undated
        total.party_found |= part.party_found
        total.known_ids |= part.known_ids
    if query.lines:
        total.lines.sort()
    else:
        from iopctl.deadlines.event import sort_events

        total.events = sort_events(total.events)
    return total


def _run(tasks: list[tuple[tuple[str, ...], Query]], jobs: int) -> Iterator[Collected]:
    """Results of the tasks in order, in this process or spread over `jobs` processes."""
    return pool_map(_work, tasks, jobs)


def _work(task: tuple[tuple[str, ...], Query]) -> Collected:
    """One task: its files' events (or JSON lines), unsorted across files."""
    paths, query = task
    c = _Collector(query)
    # Many events stay alive until sorted; the cyclic collector would walk them again and
    # again (ENGINEERING.md), and they hold no cycles.
    with collector_paused():
        c.add_all([Path(path) for path in paths])
    return c.out


class _Collector:
    """A task's agreement files: read them, then each one's policy, records, payments, events."""

    def __init__(self, query: Query) -> None:
        self.q = query
        self.want_money = query.kinds is None or bool(query.kinds & {"payment", "invoice"})
        self.out = Collected()
        self.folders: set[Path] = set()
        """Agreement folders whose policy problems this task has reported."""
        self.series_folders: set[Path | None] = set()
        """`_series/` folders whose problems this task has reported: each once."""

    def add_all(self, paths: list[Path]) -> None:
        """Read every file, then work each agreement out.

        Two tight loops, not one alternating between reading and working out: each kind of
        work then finds its code and data in the CPU's caches (4–8 % of a big calendar).
        """
        read = [(path, self.read(path)) for path in paths]
        for path, agreement in read:
            if agreement is not None:
                self.work(path, agreement)

    def read(self, path: Path) -> Agreement | None:
        """The file's agreement when it is wanted and valid (its problems go to the output)."""
        q, out = self.q, self.out
        if q.ids and path.stem not in q.ids:
            return None  # ids equal file names (checked when read), so skip without reading
        result = read_agreement(path, str(path), positions=False)
        # the errors validate refuses (the model's, then the error rules'): every command
        # refuses what validate refuses; warnings and infos are validate's to show
        errors = file_errors(result, path)
        out.problems.extend(errors)
        a = result.agreement
        if a is None or errors or (q.ids and a.id not in q.ids):
            return None
        out.seen.add(a.id)
        return a  # type: ignore[no-any-return]

    def work(self, path: Path, a: Agreement) -> None:
        """The agreement's events (or their JSON lines), with its folder's policy and series."""
        q, out = self.q, self.out
        sel = None
        if q.party is not None:
            from iopctl.batch.party import selector

            sel = selector(a, q.party)
            if sel is None:
                out.known_ids.update(p.id for p in a.parties)
                out.known_ids.update(u.id for p in a.parties for u in p.units)
                return
            out.party_found = True
        ws = workspace_for(path)
        if ws.folder not in self.folders:
            self.folders.add(ws.folder)
            # one _policy.yaml serves many files: reported once here, and once by `collect`
            out.problems.extend(p for p in ws.policy_problems if isinstance(p, Problem))
        records, record_problems = load_records(path, a, ws.records)
        out.problems.extend(record_problems)
        payments: list[Payment] = []
        if self.want_money and a.funding.commitments:
            until = generation_end(a, q.end, q.today)
            since = needed_from(q.start, q.overdue, records)
            payments = date_after_events(a, payment_schedule(a, self._series(ws), until=until, since=since), records)
            if sel is not None:
                payments = [p for p in payments if sel.payment(p)]
        found = deadlines(
            a,
            q.start,
            q.end,
            policy=ws.policy,
            payments=payments,
            records=records,
            today=q.today,
            soon_days=q.soon,
            overdue=q.overdue,
            ordered=False,  # all files' events are sorted together below
        )
        if sel is not None:
            found = [e for e in found if sel.event(e)]
        kinds, needs_date = q.kinds, q.needs_date
        if kinds is not None or needs_date:
            found = [
                e for e in found if (kinds is None or e.kind in kinds) and (not needs_date or e.status == "needs-date")
            ]
        out.overdue += sum(e.status == "overdue" for e in found)
        out.undated += sum(e.last_day is None for e in found)
        if q.lines:
            out.lines.extend([f"{e.sort_text()}{KEY_END}{e.json_line()}".encode() for e in found])
        else:
            out.events.extend(found)

    def _series(self, ws: Workspace) -> SeriesStore:
        """The workspace's series, their problems reported the first time this task uses them."""
        if ws.series_folder not in self.series_folders:
            self.series_folders.add(ws.series_folder)
            self.out.problems.extend(ws.series.problems)
        return ws.series
