"""Fulfilment records: what was done and when, kept in git beside the agreement it belongs to.

"Overdue" only means something if "done" can be written down. A records file sits in the
`_records/` folder beside (or above) the agreements, one per agreement, named after it:
``agreements/_records/<agreement-id>.yaml``. It is read with the same strict YAML reader as
agreements, so every problem is reported as ``file:line:col``.

Format::

    agreement: kalmar-kvinnojouren-2025        # must equal the file name
    events:
      # by the event's key, as `iopctl deadlines --format json` shows it
      - key: payment:ersattning:kalmar-kommun:2025:1
        done: 2025-03-27                       # paid, received, held …
        note: Utbetald enligt faktura 2025-017
      # or by kind, obligation id and period (+ n for the n:th meeting of a year)
      - kind: report
        obligation: verksamhetsberattelse
        covers: "2025"
        done: 2026-02-20
      # an undated event can be given its date (it then counts like a dated one)
      - key: follow_up_meeting:uppfoljningsmoten:2026:1
        scheduled: 2026-04-15
      # a report received and then approved (godkänd)
      - key: report:verksamhetsberattelse:2025
        done: 2026-02-20
        approved: 2026-03-10
        by: Anna Flink                         # who recorded or approved it
    remarks:
      # a written remark (skriftlig anmärkning) starts the agreement's cure period
      - date: 2025-05-12
        by: kalmar-kommun                      # party or unit that gave it
        against: kvinnojouren-kalmar           # optional; default: the other parties
        note: Verksamhetsberättelsen saknar statistik över stödsamtal.
    payments:
      # money actually paid (utbetalt), against a planned payment's key
      - key: payment:ersattning:kalmar-kommun:2025:1
        date: 2025-03-27
        amount: 1000000
        reference: Faktura 2025-017
    claims:
      # a repayment claim (återbetalningskrav), and when it was repaid
      - date: 2026-05-02
        commitment: ersattning
        amount: 25000
        reason: Medel som inte använts för ändamålet 2025.
        repaid: 2026-06-01

Every entry needs ``done``, ``scheduled`` or ``approved``. Keys are checked against the
agreement (unknown kinds, obligations, commitments, payers and reviews are errors) and may
appear only once. Cure deadlines themselves are events with keys ``cure:<remark date>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from iopctl.model.base import Strict, new_list
from iopctl.model.scalars import Count, Ident, IsoDate, Markdown, Money, Text

if TYPE_CHECKING:
    pass

RULE = "records"
"""The rule name records problems carry."""

_KEY_PATTERN = r"^[a-z_]+(:[A-Za-z0-9~-]+){0,4}$"
_PERIOD_PATTERN = r"^[0-9]{4}(-H[12]|-Q[1-4])?$"


class RecordEntry(Strict):
    """One event recorded as done, or given a date."""

    key: Text | None = Field(
        None,
        pattern=_KEY_PATTERN,
        description="The event's key from `iopctl deadlines --format json`, e.g. 'report:verksamhetsberattelse:2025'.",
    )
    kind: Text | None = Field(None, description="Instead of key: the event kind, e.g. 'report'.")
    obligation: Ident | None = Field(
        None,
        description="Instead of key: the obligation id ('styrgrupp' for steering-group meetings).",
    )
    covers: Text | None = Field(
        None,
        pattern=_PERIOD_PATTERN,
        description="Instead of key: the period, '2025', '2025-H1' or '2025-Q1' (omit for once).",
    )
    n: Count | None = Field(None, description="Instead of key: the meeting's number within the year.")
    done: IsoDate | None = Field(None, description="Day it was done: report received, payment made, meeting held.")
    scheduled: IsoDate | None = Field(None, description="Date agreed for an event the agreement leaves undated.")
    approved: IsoDate | None = Field(
        None, description="Day a report or plan was approved (godkänd); it counts as received."
    )
    by: Text | None = Field(None, description="Who recorded or approved it (a name or a role).")
    note: Markdown | None = Field(None, description="Anything worth keeping, e.g. a registration number.")

    @model_validator(mode="after")
    def _shape(self) -> RecordEntry:
        from pydantic_core import PydanticCustomError

        def fail(message: str) -> PydanticCustomError:
            return PydanticCustomError("record_entry", message)

        if self.key is None and (self.kind is None or self.obligation is None):
            raise fail("give key, or kind and obligation (with covers for a recurring one)")
        named = (self.kind, self.obligation, self.covers, self.n)
        if self.key is not None and any(v is not None for v in named):
            raise fail("give either key, or kind/obligation/covers/n, not both")
        if self.n is not None and self.covers is None:
            raise fail("n needs covers (the year)")
        if self.done is None and self.scheduled is None and self.approved is None:
            raise fail("give done (the day it was done), scheduled (the day agreed) or approved")
        if self.done is not None and self.approved is not None and self.approved < self.done:
            raise fail("approved cannot be before done (the day it was received)")
        return self

    @property
    def event_key(self) -> str:
        """The key this entry refers to."""
        if self.key is not None:
            return self.key
        parts = [str(self.kind), str(self.obligation)]
        if self.covers is not None:
            parts.append(self.covers)
        if self.n is not None:
            parts.append(str(self.n))
        return ":".join(parts)


class Remark(Strict):
    """A written remark (skriftlig anmärkning) about a breach; it starts the cure period."""

    date: IsoDate = Field(description="Day the remark was given.")
    by: Ident = Field(description="Party or unit id that gave it.")
    against: Ident | None = Field(None, description="Party or unit id that must cure; default: the other parties.")
    note: Markdown | None = Field(None, description="What the remark is about.")


class PaymentMade(Strict):
    """Money actually paid (utbetalt), against the planned payment it settles."""

    key: Text = Field(
        pattern=_KEY_PATTERN,
        description="The planned payment's key from `iopctl deadlines --format json`.",
    )
    date: IsoDate = Field(description="Day the money was paid.")
    amount: Money = Field(description="Kronor paid, at most two decimals.")
    reference: Text | None = Field(None, description="Invoice or voucher number (verifikation).")
    by: Text | None = Field(None, description="Who recorded it.")
    note: Markdown | None = Field(None, description="Anything worth keeping.")


class RepaymentClaim(Strict):
    """A repayment claim (återbetalningskrav) on money paid under a commitment."""

    date: IsoDate = Field(description="Day the claim was made.")
    commitment: Ident = Field(description="The funding commitment the money was paid under.")
    amount: Money = Field(description="Kronor claimed back.")
    reason: Markdown | None = Field(None, description="Why, in the agreement's terms.")
    repaid: IsoDate | None = Field(None, description="Day the money came back, when it has.")
    by: Text | None = Field(None, description="Who recorded it.")


class Records(Strict):
    """The contents of `_records/<agreement-id>.yaml`."""

    agreement: Ident = Field(description="The agreement id; must equal the file name without .yaml.")
    events: list[RecordEntry] = Field(default_factory=new_list, description="Events done or given a date.")
    remarks: list[Remark] = Field(default_factory=new_list, description="Written remarks (anmärkningar).")
    payments: list[PaymentMade] = Field(default_factory=new_list, description="Payments made (utbetalningar).")
    claims: list[RepaymentClaim] = Field(default_factory=new_list, description="Repayment claims (återbetalningskrav).")

    def sets_dates(self) -> bool:
        """Whether any entry gives an undated event its date (such a date may lie anywhere)."""
        return any(entry.scheduled is not None for entry in self.events)

    def by_key(self) -> dict[str, RecordEntry]:
        """Entries by event key (the first entry wins; duplicates are reported when read)."""
        out: dict[str, RecordEntry] = {}
        for entry in self.events:
            out.setdefault(entry.event_key, entry)
        # A payment made marks its planned payment done (on the first day money was paid),
        # unless an events entry says otherwise.
        for made in sorted(self.payments, key=lambda m: m.date):
            if made.key not in out:
                out[made.key] = RecordEntry(key=made.key, done=made.date, by=made.by, note=made.note)
        return out


__all__ = [
    "PaymentMade",
    "Records",
    "RecordEntry",
    "RepaymentClaim",
    "Remark",
]
