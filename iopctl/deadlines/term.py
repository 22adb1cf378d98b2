"""Events from the agreement's term: start, end, amendments, reviews, notice days and cure after a remark.

The readings behind each date are documented in `iopctl.deadlines.calendar`; the rules every event
shares (date policy, status, window, records) are in `iopctl.deadlines.builder`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import add_months
from iopctl.dates.workdays import LAW_ACTS, LastDayRule, legal_dates
from iopctl.deadlines.titles import NEEDS, notice_text, one_line

if TYPE_CHECKING:
    from iopctl.deadlines.builder import EventBuilder
    from iopctl.model.document import Termination
    from iopctl.model.records import Remark

_ONE_DAY = timedelta(days=1)


def period_events(b: EventBuilder) -> None:
    """Start, end and the reviews the parties intend."""
    p = b.a.period
    approval = " Den gäller först när varje parts behöriga organ har godkänt den."
    b.add(
        "start",
        "start",
        "Avtalstiden börjar",
        p.start,
        covers=None,
        owners=b.parties,
        description=f"Överenskommelsen gäller från och med {p.start.isoformat()}."
        + (approval if p.conditional_on_approval else ""),
    )
    if p.end is not None:
        how = " Den upphör utan föregående uppsägning." if p.ends_without_notice else ""
        b.add(
            "end",
            "end",
            "Avtalstiden löper ut",
            p.end,
            covers=None,
            owners=b.parties,
            description=f"Överenskommelsen gäller till och med {p.end.isoformat()}.{how}",
        )
    for m in b.a.amendments:
        decided = ""
        if m.decision is not None:
            when = f" {m.decision.date.isoformat()}" if m.decision.date else ""
            section = f" {m.decision.paragraph}" if m.decision.paragraph else ""
            decided = f" Beslutat av {m.decision.body}{when}{section}."
        b.add(
            "amendment",
            f"amendment:{m.number}",
            f"Tilläggsavtal nr {m.number} gäller" + (f" – {m.title}" if m.title else ""),
            m.effective,
            covers=None,
            owners=b.parties,
            description=f"Tilläggsavtal nr {m.number} gäller från och med {m.effective.isoformat()}.{decided}",
        )
    for r in p.reviews:
        purpose = f" {one_line(r.purpose)}" if r.purpose else ""
        b.add(
            "review",
            f"review:{r.by.isoformat()}",
            "Översyn av överenskommelsen",
            r.by,
            covers=None,
            owners=b.parties,
            description=f"Parterna avser att senast {r.by.isoformat()} se över den.{purpose}",
        )


def notice_events(b: EventBuilder) -> None:
    """The last day of notice before each automatic renewal, up to the generation limit."""
    r = b.a.period.renewal
    if r is None:
        return
    first_renewal = r.first_term_end + _ONE_DAY
    k = 0
    term_end = r.first_term_end
    while True:
        renewal_start = term_end + _ONE_DAY
        received_by = add_months(renewal_start, -r.notice_months)
        last_day = min(received_by - _ONE_DAY, add_months(term_end, -r.notice_months))
        if last_day > b.limit:
            break
        b.add(
            "notice",
            f"notice:{renewal_start.isoformat()}",
            f"Sista dag för uppsägning inför {renewal_start.isoformat()}",
            last_day,
            covers=None,
            owners=b.parties,
            description=notice_text(r, renewal_start, received_by, last_day, term_end),
        )
        if r.term_months <= 0:
            break
        k += 1
        term_end = add_months(first_renewal, r.term_months * k) - _ONE_DAY


def cure_events(b: EventBuilder) -> None:
    """A cure deadline for each written remark in the records (undated without cure days), and
    the termination right (hävningsrätt) it opens: an event of its own on the day after the
    cure period's legal last day (lag 1930:173 2 §), never before."""
    if not b.remarks:
        return
    t = b.a.clauses.termination
    for r in b.remarks:
        if r.against is not None:
            owners: tuple[str, ...] = (r.against,)
        else:
            giver = b.a.party(r.by)
            owners = tuple(p for p in b.parties if giver is None or p != giver.id)
        said = f" ({one_line(r.note)})" if r.note else ""
        remark = f"Skriftlig anmärkning {r.date.isoformat()} från {b.a.display_name(r.by)}{said}."
        key = f"cure:{r.date.isoformat()}"
        if t is not None and t.cure_days:
            _cure_within(b, t, t.cure_days, r, remark, owners)
        else:
            how = "utan dröjsmål" if t is not None and t.cure_without_delay else "(överenskommelsen anger ingen frist)"
            b.add(
                "cure",
                key,
                f"Rättelse efter anmärkning {r.date.isoformat()}",
                None,
                (r.date, None),
                covers=None,
                owners=owners,
                description=f"{remark} Rättelse ska ske {how}. {NEEDS}",
            )


def _cure_within(
    b: EventBuilder, t: Termination, cure_days: int, r: Remark, remark: str, owners: tuple[str, ...]
) -> None:
    """A remark with `cure_days` to cure: the cure deadline, and the termination right that opens
    after it when the agreement allows immediate termination on breach."""
    key = f"cure:{r.date.isoformat()}"
    nominal = r.date + timedelta(days=cure_days)
    last_day = legal_dates(nominal, LastDayRule.ACT).last_day
    opens = last_day + _ONE_DAY
    then = (
        f" Sker ingen rättelse får överenskommelsen hävas med omedelbar verkan från och med"
        f" {opens.isoformat()}, inte tidigare."
        if t.immediate_on_breach
        else ""
    )
    within = (
        f"{remark} Rättelse ska ske inom {cure_days} dagar efter det skriftliga"
        f" påpekandet, senast {nominal.isoformat()}; sista dag enligt {LAW_ACTS}"
        f" är {last_day.isoformat()}.{then}"
        if last_day != nominal
        else f"{remark} Rättelse ska ske inom {cure_days} dagar efter det skriftliga"
        f" påpekandet, senast {nominal.isoformat()}.{then}"
    )
    b.add(
        "cure",
        key,
        f"Sista dag för rättelse efter anmärkning {r.date.isoformat()}",
        nominal,
        covers=None,
        owners=owners,
        description=within,
    )
    if t.immediate_on_breach:
        b.add(
            "termination",
            f"termination:{r.date.isoformat()}",
            f"Hävningsrätt från {opens.isoformat()} om rättelse inte skett",
            opens,
            covers=None,
            owners=tuple(p for p in b.parties if p not in owners) or b.parties,
            description=(
                f"{remark} Har rättelse inte skett senast {last_day.isoformat()} (sista"
                f" dagen för rättelse) får överenskommelsen hävas med omedelbar verkan"
                f" från och med {opens.isoformat()}, dagen efter, aldrig tidigare."
            ),
        )
