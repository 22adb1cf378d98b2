"""`iopctl status`: every agreement at a glance, one typed row each (the coordinator's morning view).

A row holds values, not text: dates are `date`, money is `Decimal`, so the table, JSON, CSV and
a spreadsheet writer all take the same row (`StatusRow`).

Phase (fas), from the data and `today`, first match wins:

1. **avslutad**: the period has ended (its last day is before today).
2. **pågående** / **upphör snart**: the period has begun and the agreement is in force, that
   is, every signatory has a signing date, or no signing date is recorded at all (a file
   that records none describes an agreement in force, as the five shipped files do; record
   the dates to have drafts counted as such). Upphör snart when the last day is within
   `ENDING_SOON_DAYS` days.
3. **undertecknad**: every signatory has signed and the period has not begun.
4. **beslutad**: a decision (beslut) dated on or before today is recorded, but not every
   signatory has signed.
5. **utkast**: otherwise (not decided, not signed by all).

Money of the year of `today`: planned is the schedule's payments of that year (as `funding`
shows them); paid is what `_records/` says was paid against those payments' keys
(`paid_by_key`; the settlement module of the funding work will take this over).
The next deadline is the earliest open dated event on or after today (facts such as the
period's start count too); overdue counts open events whose date has passed; needs-a-date
counts open events the agreement leaves undated, to the end of this year.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopctl.batch.party import PartySelector
    from iopctl.deadlines.event import Event
    from iopctl.errors import Problem
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.records import Records

__all__ = [
    "ENDING_SOON_DAYS",
    "PHASES",
    "StatusRow",
    "StatusView",
    "paid_by_key",
    "payment_key",
    "phase",
    "status_row",
    "status_view",
]

ENDING_SOON_DAYS = 90
"""An agreement in force whose last day is this close is 'upphör snart'."""

PHASES: tuple[str, ...] = ("utkast", "beslutad", "undertecknad", "pågående", "upphör snart", "avslutad")
"""Every phase, in lifecycle order."""


def phase(a: Agreement, today: date) -> str:
    """The agreement's phase on `today` (rules in the module docstring)."""
    p = a.period
    if p.end is not None and p.end < today:
        return "avslutad"
    signed = a.signed_on is not None
    any_signed = any(s.date is not None for s in a.signatories)
    in_force = signed or not any_signed
    if p.start <= today and in_force:
        if p.end is not None and (p.end - today).days <= ENDING_SOON_DAYS:
            return "upphör snart"
        return "pågående"
    if signed:
        return "undertecknad"
    if any(d.date is not None and d.date <= today for d in a.decisions):
        return "beslutad"
    return "utkast"


def payment_key(p: Payment) -> str:
    """The key of a planned payment, as deadlines and `_records/` files name it."""
    return p.event_key


def paid_by_key(records: Records | None) -> dict[str, Decimal]:
    """Kronor recorded as paid (`_records/` payments), summed per planned payment's key.

    A small stand-in for the settlement of planned against paid money; exact Decimal sums.
    """
    out: dict[str, Decimal] = {}
    if records is None:
        return out
    for made in records.payments:
        out[made.key] = out.get(made.key, Decimal("0.00")) + made.amount
    return out


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One agreement's status: typed values (dates as `date`, kronor as `Decimal`)."""

    agreement: str
    file: str
    parties: tuple[str, ...]
    """Party names, in the file's order."""
    phase: str
    """One of `PHASES` (Swedish)."""
    start: date
    end: date | None
    """None: open-ended (tills vidare)."""
    year: int
    """The year of today that the money columns are for."""
    planned: Decimal
    paid: Decimal
    amount_pending: bool
    """Some planned amount of the year is not final (index or population pending)."""
    next_title: str | None
    next_key: str | None
    next_date: date | None
    overdue: int
    needs_date: int
    errors: int
    warnings: int

    @property
    def outstanding(self) -> Decimal:
        """Planned less paid (negative when more was paid than planned)."""
        return self.planned - self.paid

    def as_json(self) -> dict[str, Any]:
        """Stable keys; dates ISO, amounts as strings to the öre."""
        return {
            "agreement": self.agreement,
            "file": self.file,
            "parties": list(self.parties),
            "phase": self.phase,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "year": self.year,
            "planned": format(self.planned, "f"),
            "paid": format(self.paid, "f"),
            "outstanding": format(self.outstanding, "f"),
            "amount_pending": self.amount_pending,
            "next": None
            if self.next_date is None
            else {"title": self.next_title, "key": self.next_key, "date": self.next_date.isoformat()},
            "overdue": self.overdue,
            "needs_date": self.needs_date,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass(slots=True)
class StatusView:
    """The rows of a status run and the problems of files that could not be used."""

    today: date
    rows: list[StatusRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    party_found: bool = True
    known_ids: list[str] = field(default_factory=list)


_PENDING = frozenset({"index-pending", "population-pending", "amount-unknown"})


def status_row(
    a: Agreement,
    file: str,
    *,
    today: date,
    payments: Iterable[Payment],
    events: Iterable[Event],
    records: Records | None,
    errors: int = 0,
    warnings: int = 0,
    sel: PartySelector | None = None,
) -> StatusRow:
    """The row of one agreement from its payments, events (with overdue) and records. Pure."""
    year = today.year
    paid_map = paid_by_key(records)
    planned = paid = Decimal("0.00")
    pending = False
    for p in payments:
        if p.year != year or (sel is not None and not sel.payment(p)):
            continue
        if p.amount is not None:  # not stated: the row says amount_pending instead
            planned += p.amount
        paid += paid_map.get(payment_key(p), Decimal("0.00"))
        pending = pending or bool(_PENDING.intersection(p.flags))
    overdue = needs = 0
    upcoming: Event | None = None
    year_end = date(year, 12, 31)
    for e in events:
        if sel is not None and not sel.event(e):
            continue
        if e.status == "overdue":
            overdue += 1
        elif e.status == "needs-date":
            window_start = e.window[0] if e.window else None
            if window_start is None or window_start <= year_end:
                needs += 1
        elif e.status in ("due-soon", "later") and e.effective is not None and e.effective >= today:
            if upcoming is None or e.sort_key() < upcoming.sort_key():
                upcoming = e
    return StatusRow(
        agreement=a.id,
        file=file,
        parties=tuple(p.name for p in a.parties),
        phase=phase(a, today),
        start=a.period.start,
        end=a.period.end,
        year=year,
        planned=planned,
        paid=paid,
        amount_pending=pending,
        next_title=upcoming.title if upcoming else None,
        next_key=upcoming.key if upcoming else None,
        next_date=upcoming.effective if upcoming else None,
        overdue=overdue,
        needs_date=needs,
        errors=errors,
        warnings=warnings,
    )


def status_view(files: list[Path], *, today: date, party: str | None = None) -> StatusView:
    """Read and check each file and make its row; a file with errors gives its problems only."""
    from iopctl.batch.party import known_ids, selector
    from iopctl.deadlines.calendar import deadlines, generation_end
    from iopctl.errors import Severity
    from iopctl.funding.schedule import payment_schedule
    from iopctl.load.workspace import clear_workspaces, workspace_for
    from iopctl.rules.check import check_file
    from iopctl.rules.records import load_records

    clear_workspaces()
    view = StatusView(today, party_found=party is None)
    known: set[str] = set()
    for path, report, agreement in _checked(files, check_file):
        if agreement is None:
            view.problems.extend(p for p in report.problems if p.severity == Severity.ERROR)
            continue
        sel = None
        if party is not None:
            sel = selector(agreement, party)
            if sel is None:
                known.update(known_ids([agreement]))
                continue
            view.party_found = True
        errors = sum(p.severity == Severity.ERROR for p in report.problems)
        warnings = sum(p.severity == Severity.WARNING for p in report.problems)
        if errors:
            view.problems.extend(p for p in report.problems if p.severity == Severity.ERROR)
        ws = workspace_for(path)
        records, record_problems = load_records(path, agreement, ws.records)
        view.problems.extend(record_problems)
        store = ws.series
        until = max(date(today.year, 12, 31), generation_end(agreement, None, today))
        payments = payment_schedule(agreement, store, until=until) if agreement.funding.commitments else []
        events = deadlines(
            agreement,
            today,
            date(today.year, 12, 31) if agreement.period.end is None else None,
            policy=ws.policy,
            payments=payments,
            records=records,
            today=today,
            overdue=True,
            ordered=False,
        )
        errors += sum(p.severity == Severity.ERROR for p in record_problems)
        warnings += sum(p.severity != Severity.ERROR for p in record_problems)
        view.rows.append(
            status_row(
                agreement,
                report.file,
                today=today,
                payments=payments,
                events=events,
                records=records,
                errors=errors,
                warnings=warnings,
                sel=sel,
            )
        )
    view.rows.sort(key=lambda r: r.agreement)
    view.known_ids = sorted(known)
    return view


def _checked(files: list[Path], check_file: Any) -> Iterator[tuple[Path, Any, Agreement | None]]:
    """(path, validation report, agreement when it has no errors) per file."""
    from iopctl.load.read import read_agreement

    for path in files:
        report = check_file(path, str(path))
        agreement = None
        if report.ok:
            agreement = read_agreement(path, str(path), positions=False).agreement
        yield path, report, agreement
