"""The register's data: each usable agreement read once, with its schedule, events and records.

A file is used as every command uses one: its reading's errors and the error rules'
(`iopctl.rules.check.file_errors`) stop it, located; the rest are still gathered, so the
command can report all problems of all files at once and build nothing (exit 1).

What is public is decided here, once, not in the templates: `public_events` drops the
records' notes and `Entry.remarks` is filled only for an internal build. Contact persons and
signatories' names are never copied into anything public (the model has no way to mark a
person public, so none is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.deadlines.event import Event
    from iopctl.errors import Problem
    from iopctl.funding.in_kind import InKindLine
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.records import Records

__all__ = ["Entry", "Gathered", "gather_one", "link_lineage", "public_party"]


@dataclass(slots=True)
class Entry:
    """One agreement as the register shows it (typed values; the pages format them)."""

    agreement: Agreement
    file: str
    phase: str
    until: date
    """How far payments and events are worked out (the end, or a horizon for open-ended ones)."""
    payments: list[Payment]
    events: list[Event]
    in_kind: list[InKindLine]
    paid: dict[str, Decimal]
    """Kronor recorded paid per planned payment's key (`iopctl.followup.status.payment_key`)."""
    has_records: bool
    records: Records | None = None
    """Only in an internal build (the remarks and notes of `_records/`)."""
    replaced_by: list[str] = field(default_factory=list)
    """Ids of the agreements in the same build that say they replace this one."""

    @property
    def id(self) -> str:
        """The agreement id (also the page's file name)."""
        return self.agreement.id

    @property
    def non_profit(self) -> str:
        """The non-profit side's names, joined (the register's 'organisation')."""
        return ", ".join(p.name for p in self.agreement.parties if p.kind == "non_profit")

    @property
    def public(self) -> str:
        """The public side's names, joined."""
        return ", ".join(p.name for p in self.agreement.parties if p.kind == "public")

    @property
    def planned_total(self) -> Decimal:
        """Every known planned amount over the worked-out years."""
        return sum((p.amount for p in self.payments if p.amount is not None), start=Decimal("0.00"))

    @property
    def paid_total(self) -> Decimal:
        """Every recorded payment against the schedule."""
        return sum(self.paid.values(), start=Decimal("0.00"))


@dataclass(slots=True)
class Gathered:
    """One file's entry (None when it has errors), its located problems, and its series
    folder's problems apart (a build reports those once per folder, not once per file)."""

    entry: Entry | None
    problems: list[Problem] = field(default_factory=list)
    series_folder: Path | None = None
    series_problems: list[Problem] = field(default_factory=list)


def public_party(a: Agreement) -> str:
    """The first public party's name (the funder)."""
    return next((p.name for p in a.parties if p.kind == "public"), "")


def gather_one(path: Path, *, today: date, internal: bool, raw: bytes | None = None) -> Gathered:
    """Read one file as every command does; with errors, its problems and no entry.

    `replaced_by` is left empty: it depends on the other files (`link_lineage`). `raw`: the
    file's bytes, when the caller has read them (`iopctl.load.read.read_file_bytes`).
    """
    from iopctl.deadlines.calendar import deadlines, generation_end
    from iopctl.followup.status import paid_by_key, phase
    from iopctl.funding.in_kind import in_kind_lines
    from iopctl.funding.schedule import payment_schedule
    from iopctl.load.read import read_agreement
    from iopctl.load.workspace import workspace_for
    from iopctl.rules.check import file_errors
    from iopctl.rules.records import load_records

    ws = workspace_for(path)
    store = ws.series
    out = Gathered(None, series_folder=store.folder, series_problems=list(store.problems))
    result = read_agreement(path, str(path), positions=False, raw=raw)
    out.problems = file_errors(result, path)
    agreement = result.agreement
    if out.problems or agreement is None:
        return out
    records, record_problems = load_records(path, agreement, ws.records)
    out.problems.extend(p for p in record_problems if p.severity.value == "error")
    until = max(generation_end(agreement, None, today), date(today.year, 12, 31))
    payments = payment_schedule(agreement, store, until=until) if agreement.funding.commitments else []
    events = deadlines(agreement, None, until, policy=ws.policy, payments=payments, records=records, today=today)
    out.entry = Entry(
        agreement=agreement,
        file=str(path),
        phase=phase(agreement, today),
        until=until,
        payments=payments,
        events=events if internal else public_events(events),
        in_kind=in_kind_lines(agreement),
        paid=paid_by_key(records),
        has_records=records is not None,
        records=records if internal else None,
    )
    return out


def public_events(events: list[Event]) -> list[Event]:
    """The events without what `_records/` noted about them (notes may name people)."""
    return [e._replace(note=None) if e.note is not None else e for e in events]


def link_lineage(pairs: list[tuple[str, str | None]]) -> dict[str, list[str]]:
    """Per agreement id, the ids of those that say they replace it, in file order
    (`pairs`: each file's id and the id it replaces, in file order)."""
    by_id: dict[str, list[str]] = {}
    for agreement_id, _ in pairs:
        by_id[agreement_id] = []
    for agreement_id, old in pairs:
        if old is not None and old in by_id:
            by_id[old].append(agreement_id)
    return by_id
