"""The yearly follow-up pack (uppföljning) for the nämnd and the auditors: `iopctl follow-up`.

Per agreement, for one calendar year: money agreed, paid and outstanding per payer (each
planned payment with its due day, what `_records/` says was paid and when), every report,
plan, meeting and training of the year with its due, received and approved dates, what is
overdue and what the agreement still leaves undated, written remarks with their cure
periods, and repayment claims. Pure: agreements, schedules, events and records in, a
template context out (Swedish text, amounts as Decimal for the `kronor` filter).

What was paid comes from `iopctl.funding.settlement`, as in `iopctl status` and `iopctl funding --paid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopctl.model.vocabulary import OBLIGATION_KINDS

if TYPE_CHECKING:
    from iopctl.batch.party import PartySelector
    from iopctl.deadlines.event import Event
    from iopctl.errors import Problem
    from iopctl.funding.schedule import Payment
    from iopctl.model.agreement import Agreement
    from iopctl.model.records import Records
    from iopctl.model.vocabulary import EventKind

__all__ = ["FollowUp", "agreement_follow_up", "follow_up"]

ITEM_KINDS: frozenset[EventKind] = frozenset({*OBLIGATION_KINDS, "review"})
"""Event kinds listed as items to follow up (payments and invoices are in the money part)."""

ZERO = Decimal("0.00")


@dataclass(slots=True)
class FollowUp:
    """The pack: one context per agreement, and the problems of files left out."""

    year: int
    today: date
    party: str | None
    agreements: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    party_found: bool = True
    known_ids: list[str] = field(default_factory=list)

    def context(self) -> dict[str, Any]:
        """What `templates/_follow_up.md.j2` prints."""
        from iopctl.swedish import format as sv

        planned = sum((a["planned"] for a in self.agreements), start=ZERO)
        paid = sum((a["paid"] for a in self.agreements), start=ZERO)
        outstanding = sum((a["outstanding"] for a in self.agreements), start=ZERO)
        return {
            "year": self.year,
            "today": sv.date_long(self.today),
            "party": self.party,
            "agreements": self.agreements,
            "planned": planned,
            "paid": paid,
            "outstanding": outstanding,
            "overdue": sum(len(a["overdue"]) for a in self.agreements),
            "undated": sum(len(a["undated"]) for a in self.agreements),
        }


def _when(e: Event) -> str:
    from iopctl.swedish import format as sv

    if e.effective is not None:
        return sv.date_long(e.effective)
    ws, we = e.window or (None, None)
    span = f"{sv.date_long(ws) if ws else '…'}–{sv.date_long(we) if we else '…'}"
    return f"datum saknas ({span})"


def agreement_follow_up(
    a: Agreement,
    year: int,
    *,
    payments: list[Payment],
    events: list[Event],
    records: Records | None,
    sel: PartySelector | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """One agreement's part of the pack for `year` (events of the year, with status against today).

    Money comes settled (`iopctl.funding.settlement`): outstanding never below 0, overpaid apart;
    `today` (default: the year's last day) decides what is overdue."""
    today = today or date(year, 12, 31)
    from iopctl.deadlines.titles import KIND_LABELS, STATUS_LABELS
    from iopctl.funding.settlement import STATUS_WORDS, settle
    from iopctl.swedish import format as sv

    chosen = [p for p in payments if p.year == year and (sel is None or sel.payment(p))]
    by_payer: dict[str, dict[str, Any]] = {}
    for s in settle(chosen, records, today=today):
        p = s.payment
        payer = by_payer.setdefault(
            p.payer,
            {"name": p.payer_name, "payee": p.payee_name, "planned": ZERO, "paid": ZERO, "outstanding": ZERO,
             "overpaid": ZERO, "payments": []},
        )  # fmt: skip
        payer["planned"] += s.planned or ZERO
        payer["paid"] += s.paid
        payer["outstanding"] += s.outstanding or ZERO
        payer["overpaid"] += s.overpaid
        payer["payments"].append(
            {
                "period": p.period,
                "due": sv.date_long(p.due) if p.due else "datum saknas",
                "planned": p.amount,
                "paid": s.paid,
                "outstanding": s.outstanding,
                "overpaid": s.overpaid,
                "status": s.status,
                "status_text": STATUS_WORDS[s.status],
                "paid_on": ", ".join(sv.date_long(d) for d in s.paid_on),
                "pending": bool(p.flags),
                "due_date": p.due,  # typed, for the spreadsheet
                "paid_dates": s.paid_on,
            }
        )
    entries = records.by_key() if records is not None else {}
    items = []
    overdue = []
    undated = []
    for e in events:
        if sel is not None and not sel.event(e):
            continue
        if e.kind not in ITEM_KINDS and e.kind != "payment":
            continue
        if e.status == "overdue":
            overdue.append(e.title)
        if e.status == "needs-date":
            undated.append(e.title)
        if e.kind == "payment":
            continue
        entry = entries.get(e.key)
        items.append(
            {
                "kind": KIND_LABELS.get(e.kind, e.kind),
                "title": e.title,
                "owner": e.owner,
                "due": _when(e),
                "received": sv.date_long(e.done) if e.done else "",
                "approved": sv.date_long(entry.approved) if entry is not None and entry.approved else "",
                "status": STATUS_LABELS.get(e.status, e.status),
                "due_date": e.effective,  # typed, for the spreadsheet
                "received_date": e.done,
                "approved_date": entry.approved if entry is not None else None,
            }
        )
    cure_days = a.clauses.termination.cure_days if a.clauses.termination else None
    remarks = []
    claims = []
    if records is not None:
        for r in records.remarks:
            if r.date.year != year:
                continue
            cure = entries.get(f"cure:{r.date.isoformat()}")
            remarks.append(
                {
                    "date": sv.date_long(r.date),
                    "by": a.display_name(r.by),
                    "note": r.note or "",
                    "cure_until": sv.date_long(r.date + timedelta(days=cure_days)) if cure_days else "",
                    "cured": sv.date_long(cure.done) if cure is not None and cure.done else "",
                    "remark_date": r.date,
                }
            )
        for c in records.claims:
            if c.date.year != year:
                continue
            claims.append(
                {
                    "date": sv.date_long(c.date),
                    "amount": c.amount,
                    "reason": c.reason or "",
                    "repaid": sv.date_long(c.repaid) if c.repaid else "",
                    "claim_date": c.date,
                    "repaid_date": c.repaid,
                }
            )
    planned = sum((p["planned"] for p in by_payer.values()), start=ZERO)
    paid = sum((p["paid"] for p in by_payer.values()), start=ZERO)
    outstanding = sum((p["outstanding"] for p in by_payer.values()), start=ZERO)
    end = sv.date_long(a.period.end) if a.period.end else "tills vidare"
    return {
        "id": a.id,
        "title": a.document.title,
        "parties": sv.join_list([p.name for p in a.parties]),
        "period": f"{sv.date_long(a.period.start)}–{end}",
        "diarienummer": a.diarienummer,
        "decisions": [
            {"body": d.body, "date": sv.date_long(d.date) if d.date else "", "paragraph": d.paragraph or ""}
            for d in a.decisions
        ],
        "payers": list(by_payer.values()),
        "planned": planned,
        "paid": paid,
        "outstanding": outstanding,
        "overpaid": sum((p["overpaid"] for p in by_payer.values()), start=ZERO),
        "duties": items,
        "overdue": overdue,
        "undated": undated,
        "remarks": remarks,
        "claims": claims,
    }


def follow_up(files: list[Path], year: int, *, today: date, party: str | None = None) -> FollowUp:
    """Read the files (a file with errors is left out, its errors kept) and build the pack."""
    from iopctl.batch.party import selector
    from iopctl.deadlines.calendar import deadlines
    from iopctl.funding.relative import dated_schedule
    from iopctl.load.read import read_agreement
    from iopctl.load.workspace import clear_workspaces, workspace_for
    from iopctl.rules.check import file_errors
    from iopctl.rules.records import load_records

    clear_workspaces()
    pack = FollowUp(year, today, party, party_found=party is None)
    known: set[str] = set()
    first, last = date(year, 1, 1), date(year, 12, 31)
    for path in files:
        result = read_agreement(path, str(path), positions=False)
        errors = file_errors(result, path)
        if errors or result.agreement is None:
            pack.problems.extend(errors or result.problems)
            continue
        a = result.agreement
        if a.period.start > last or (a.period.end is not None and a.period.end < first):
            continue
        sel = None
        if party is not None:
            sel = selector(a, party)
            if sel is None:
                known.update(p.id for p in a.parties)
                known.update(u.id for p in a.parties for u in p.units)
                continue
            pack.party_found = True
        ws = workspace_for(path)
        records, problems = load_records(path, a, ws.records)
        pack.problems.extend(problems)
        payments = dated_schedule(a, ws.series, records, until=last, since=first) if a.funding.commitments else []
        events = deadlines(a, first, last, policy=ws.policy, payments=payments, records=records, today=today)
        pack.agreements.append(
            agreement_follow_up(a, year, payments=payments, events=events, records=records, sel=sel, today=today)
        )
    pack.agreements.sort(key=lambda x: x["id"])
    pack.known_ids = sorted(known)
    return pack
