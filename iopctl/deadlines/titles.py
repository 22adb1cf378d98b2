"""The Swedish words of the deadline calendar: kind and status labels, titles, period texts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import period_label

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement, Renewal
    from iopctl.model.obligations import Obligation
    from iopctl.model.vocabulary import EventKind

__all__ = [
    "KIND_LABELS",
    "NEEDS",
    "STATUS_LABELS",
    "agreement_name",
    "count_text",
    "month",
    "notice_text",
    "obligation_text",
    "one_line",
    "owner_name",
    "period_text",
    "prorated",
    "titled",
]

KIND_LABELS: dict[EventKind, str] = {
    "start": "Start",
    "end": "Slut",
    "amendment": "Tilläggsavtal",
    "review": "Översyn",
    "reminder": "Påminnelse",
    "notice": "Uppsägning",
    "report": "Rapport",
    "plan": "Plan",
    "invoice": "Faktura",
    "payment": "Utbetalning",
    "meeting": "Möte",
    "follow_up_meeting": "Uppföljningsmöte",
    "information_meeting": "Informationsträff",
    "training": "Utbildning",
    "other": "Övrigt",
    "cure": "Rättelse",
    "termination": "Hävningsrätt",
}
"""Swedish names of the kinds, for tables and calendars."""

STATUS_LABELS: dict[str, str] = {
    "overdue": "försenad",
    "due-soon": "snart",
    "needs-date": "datum saknas",
    "later": "senare",
    "passed": "passerad",
    "done": "klar",
}
"""Swedish status words for tables (JSON keeps the English codes)."""

NEEDS = "Behöver ett datum."
"""Said in the description of every event that still needs a date."""

_WS = re.compile(r"\s+")


def agreement_name(agreement: Agreement) -> str:
    """The non-profit side's name (or names), else the agreement id."""
    names = [p.name for p in agreement.parties if p.kind == "non_profit"]
    return " och ".join(names) if names else agreement.id


def owner_name(agreement: Agreement, refs: Sequence[str], parties: Sequence[str]) -> str:
    """Who must act: 'Parterna' when it is every party, else their names as a Swedish list."""
    from iopctl.swedish.format import join_list

    if set(refs) >= set(parties) and len(refs) == len(parties):
        return "Parterna"
    return join_list([agreement.display_name(r) for r in refs])


def one_line(text: str) -> str:
    """Prose from the agreement on one line (runs of white space become one space)."""
    return _WS.sub(" ", text).strip()


def month(m: int) -> str:
    """The Swedish month name ('mars')."""
    from iopctl.swedish.format import month_name

    return month_name(m)


def period_text(start: date, end: date | None) -> str:
    """'2025', '2021-H1', '2021-10-01–2021-12-31', or '2025-03-01–' when open-ended."""
    if end is None:
        return f"{start.isoformat()}–"
    if end < start:
        return f"{start.isoformat()}–{end.isoformat()}"
    return period_label(start, end)


def titled(title: str, year: int, part: str) -> str:
    """'Verksamhetsberättelse 2025', 'Halvårsrapport, H1 2021'; a comma after a final digit."""
    if part:
        return f"{title}, {part[5:]} {year}"
    return f"{title}, {year}" if title[-1:].isdigit() else f"{title} {year}"


def prorated(n: int, per_year: int, label: str) -> str:
    """The note on a part year that gets fewer than N meetings (empty for a whole year)."""
    if n == per_year:
        return ""
    return f" För {label} räknas {n} av {per_year} (i proportion till månaderna; läsning)."


def count_text(n: int, minimum: bool) -> str:
    """' Minst 4 gånger per år.'"""
    return f" {'Minst ' if minimum else ''}{n} gånger per år."


def obligation_text(agreement: Agreement, o: Obligation) -> str:
    """To whom an obligation is owed and what it says, for its events' descriptions."""
    parts = []
    if o.recipient:
        parts.append(f"Till {agreement.display_name(o.recipient)}.")
    if o.description:
        parts.append(one_line(o.description))
    return " ".join(parts)


def notice_text(r: Renewal, renewal_start: date, received_by: date, last_day: date, term_end: date) -> str:
    """The reading of a notice day before a renewal, with both dates it could be."""
    months = f"{r.notice_months} månad{'er' if r.notice_months != 1 else ''}"
    return (
        f"Förlängs automatiskt med {r.term_months} månader från "
        f"{renewal_start.isoformat()} om ingen part säger upp den. Uppsägningstiden är "
        f"{months} före nästa avtalsperiod: {months} före {renewal_start.isoformat()} är "
        f"{received_by.isoformat()}, så uppsägningen ska ha kommit fram senast "
        f"{last_day.isoformat()} (läsning; en del räknar med {received_by.isoformat()}). "
        f"Här visas det säkra datumet. Sägs överenskommelsen upp upphör den "
        f"{term_end.isoformat()}."
    )
