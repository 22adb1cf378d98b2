"""Reminders the local policy asks for before a fixed-term agreement ends: the renewal decision
(beslut om förlängning) and the review (översyn), for the public party.

`_policy.yaml` `reminders` (`iopctl.model.policy.FixedTermReminder`): "beslut om förlängning
senast sex månader före avtalets slut" is ``{what: renewal_decision, months_before_end: 6}``.
They are reminders, not deadlines: kind ``reminder``, no legal last day (`LastDayRule.NONE`),
``passed`` rather than overdue once gone, and said so in their text. The day is counted by lag
(1930:173) 1 § (six months before 31 May is 30 November, before 30 June 30 December). An
open-ended agreement has no end to count from and gets none (its notice days are its events);
when an agreement's own text sets such a deadline it is an obligation with a ``before_end`` due
rule instead, an agreed time limit with a legal last day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopctl.dates.arithmetic import add_months

if TYPE_CHECKING:
    from iopctl.deadlines.builder import EventBuilder

__all__ = ["reminder_events"]

_WHAT = {
    "renewal_decision": ("Påminnelse: beslut om förlängning", "besluta om överenskommelsen ska förlängas"),
    "review": ("Påminnelse: översyn av överenskommelsen", "se över överenskommelsen"),
}


def reminder_events(b: EventBuilder) -> None:
    """One reminder per policy rule that applies to this fixed-term agreement."""
    end = b.a.period.end
    if end is None or not b.policy.reminders:
        return
    public = [p for p in b.a.parties if p.kind == "public"]
    names = {p.name for p in public} | {p.legal_entity for p in public if p.legal_entity}
    owners = tuple(p.id for p in public) or b.parties
    for r in b.policy.reminders:
        if r.party_name is not None and r.party_name not in names:
            continue
        title, act = _WHAT[r.what]
        day = add_months(end, -r.months_before_end)
        months = f"{r.months_before_end} {'månad' if r.months_before_end == 1 else 'månader'}"
        source = f" ({r.source})" if r.source else ""
        b.add(
            "reminder",
            f"reminder:{r.what}",
            title,
            day,
            covers=None,
            owners=owners,
            description=(
                f"Påminnelse enligt lokal policy{source}: {months} före avtalets slut"
                f" ({end.isoformat()}) är {day.isoformat()} (lag 1930:173 1 §). Dags att {act}."
                " Ingen frist i överenskommelsen."
            ),
        )
