"""Provenance every format carries: the agreement's fingerprint and the document metadata.

Fingerprint: SHA-256 of the agreement's canonical JSON (the validated model dumped in JSON
mode, keys sorted, no whitespace, UTF-8). It names the data a document was made from and does
not change with comments, key order, quoting, line endings or Unicode normalisation of the
file; series values (population, index) are not part of it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement


_UNFINGERPRINTED_WHEN_EMPTY = ("replaces", "amendments", "needs")


_LATER_LINE_KEYS: dict[str, object] = {"amount_note": None, "per": "year", "pro_rata": None}
_LATER_COMMITMENT_KEYS: dict[str, object] = {"payees": [], "payee_split": None}


def _drop_defaults(data: dict[str, object], later: dict[str, object]) -> None:
    """Keys added later, at their default: absent, so an unchanged file keeps its fingerprint."""
    for key, default in later.items():
        if key in data and data[key] == default:
            data.pop(key)


def fingerprint(agreement: Agreement) -> str:
    """SHA-256 of the agreement's canonical JSON (see the module docstring)."""
    data = agreement.model_dump(mode="json")
    for key in _UNFINGERPRINTED_WHEN_EMPTY:  # keys added later: absent, the fingerprint is as before
        if not data.get(key):
            data.pop(key, None)
    for commitment in data.get("funding", {}).get("commitments", []):  # money shapes came later too
        _drop_defaults(commitment, _LATER_COMMITMENT_KEYS)
        _drop_defaults(commitment.get("payments", {}), {"years": []})
        for line in commitment.get("amounts", []):
            _drop_defaults(line, _LATER_LINE_KEYS)
        if commitment.get("payments", {}).get("after", "") is None:  # so did a due rule after an event
            commitment["payments"].pop("after")
    _drop_later_defaults(data)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What every format carries besides the text: provenance and fixed metadata."""

    agreement_id: str
    template: str
    fingerprint: str
    title: str
    created: date
    """The document date put in PDF and DOCX metadata, from the data, never the clock."""
    templates: Path
    subject: str = ""
    """What the agreement is about (the subtitle, else its id), for the DOCX Subject property."""
    author: str = ""
    """The public parties, for the DOCX Author property."""


def document_meta(agreement: Agreement, templates: Path) -> DocumentMeta:
    """Provenance and metadata date: the date line, else the last signing date, else the start."""
    signed = [s.date for s in agreement.signatories if s.date is not None]
    created = agreement.document.date_line or (max(signed) if signed else agreement.period.start)
    return DocumentMeta(
        agreement.id,
        agreement.template,
        fingerprint(agreement),
        agreement.document.title,
        created,
        templates,
        agreement.document.subtitle or agreement.id,
        ", ".join(p.name for p in agreement.parties if p.kind == "public"),
    )


def _drop_later_defaults(data: dict[str, Any]) -> None:
    """Fields added for the drafts' own words (issue 16), dropped at their default so that an
    agreement without them keeps its fingerprint."""
    for commitment in data.get("funding", {}).get("commitments", []):
        if commitment.get("contribution") == "bidrag":
            commitment.pop("contribution", None)
    for obligation in data.get("obligations", []):
        if obligation.get("wording") is None:
            obligation.pop("wording", None)
    group = data.get("steering_group")
    if isinstance(group, dict) and group.get("text") is None:
        group.pop("text", None)
    for section in data.get("document", {}).get("sections", []):
        if "generated" in section and section.get("obligations") is None:
            section.pop("obligations", None)
