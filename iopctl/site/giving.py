"""The register's grants in the shape of the 360Giving Data Standard (a package of grants).

One grant per agreement with money: the funder is each public party
(`fundingOrganization`, its paying units as `department`), the recipient the non-profit
(`recipientOrganization`); organisations are identified as `SE-ON-<organisation number>`
(ten digits), or `360G-iopctl-<party id>` when the file gives no number. `amountAwarded` is
every known planned amount of the worked-out years in SEK, `amountDisbursed` what `_records/`
records paid (only when there are records), `awardDate` the first dated decision, else the
signing day, else the period's start; `plannedDates` is the period (an open end gives a
duration of the worked-out months instead). Contributions in kind are no money and have no
360Giving field: they go in the extension field `iopInKind`. No contact person, e-mail or
phone is exported (the standard has fields for them; a public register leaves them out).
The checks: tests/test_site.py against tests/data/360giving-grant-subset.schema.json.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.parties import Party
    from iopctl.site.data import Entry

__all__ = ["GRANT_PREFIX", "grant", "has_grant", "org_id", "package"]

GRANT_PREFIX = "360G-iopctl-"
"""Grant ids: this prefix and the agreement id."""


def org_id(party: Party) -> str:
    """`SE-ON-` and the ten digits of the organisation number, else a local 360G id."""
    if party.org_number:
        return "SE-ON-" + "".join(ch for ch in party.org_number if ch.isdigit())
    return f"{GRANT_PREFIX}{party.id}"


def _number(value: Decimal) -> int | float:
    """A JSON number: whole kronor as an integer, else the öre (two decimals, exact as text)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _award_date(a: Agreement) -> date:
    dated = sorted(d.date for d in a.decisions if d.date is not None)
    if dated:
        return dated[0]
    return a.signed_on or a.period.start


def _funders(e: Entry) -> list[dict[str, Any]]:
    a = e.agreement
    paying = {p.payer for p in e.payments}
    out = []
    for party in a.parties:
        if party.kind != "public":
            continue
        org: dict[str, Any] = {"id": org_id(party), "name": party.name}
        units = [u.name for u in party.units if u.id in paying]
        if units:
            org["department"] = ", ".join(units)
        out.append(org)
    return out


def grant(e: Entry) -> dict[str, Any]:
    """One agreement as a 360Giving grant."""
    a = e.agreement
    recipients = [{"id": org_id(p), "name": p.name} for p in a.parties if p.kind == "non_profit"]
    title = f"IOP: {e.non_profit} och {e.public}"
    planned: dict[str, Any] = {"startDate": a.period.start.isoformat()}
    if a.period.end is not None:
        planned["endDate"] = a.period.end.isoformat()
    else:
        months = (e.until.year - a.period.start.year) * 12 + e.until.month - a.period.start.month + 1
        planned["duration"] = str(months)
    out: dict[str, Any] = {
        "id": f"{GRANT_PREFIX}{a.id}",
        "title": title[:140],
        "description": a.document.subtitle or a.document.title,
        "currency": "SEK",
        "amountAwarded": _number(e.planned_total),
        "awardDate": _award_date(a).isoformat(),
        "plannedDates": [planned],
        "recipientOrganization": recipients,
        "fundingOrganization": _funders(e),
    }
    if e.has_records:
        out["amountDisbursed"] = _number(e.paid_total)
    if a.replaces:
        out["relatedActivity"] = [f"{GRANT_PREFIX}{a.replaces}"]
    out["iopInKind"] = [
        {
            "giver": k.giver_name,
            "receiver": k.receiver_name,
            "description": k.description,
            "valuePerYear": _number(k.value_per_year) if k.value_per_year is not None else None,
            "from": k.window[0].isoformat() if k.window[0] != date.min else None,
            "to": k.window[1].isoformat() if k.window[1] else None,
        }
        for k in e.in_kind
    ]
    return out


def has_grant(e: Entry) -> bool:
    """Whether the agreement is a grant of the package: it has a non-profit and a funder."""
    kinds = {p.kind for p in e.agreement.parties}
    return "non_profit" in kinds and "public" in kinds


def package(entries: list[Entry]) -> dict[str, Any]:
    """The 360Giving package: the grants of every agreement that has a non-profit and a funder."""
    return {"grants": [grant(e) for e in entries if has_grant(e)]}
