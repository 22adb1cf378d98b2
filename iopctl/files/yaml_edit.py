"""Edit a `_records/<id>.yaml` file for `iopctl record`, keeping its comments and order.

The file is read and written with ruamel.yaml's round-trip mode (comments, key order and
flow style survive); the new text is then validated with the same strict reader as every
records file and checked against the agreement before it replaces the old one atomically.
Pure apart from `write`: `apply` takes the text and returns the new text and the changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["Change", "RecordRequest", "apply"]


@dataclass(frozen=True, slots=True)
class RecordRequest:
    """What the command line asks to record."""

    key: str
    done: date | None = None
    approved: date | None = None
    scheduled: date | None = None
    paid: date | None = None
    amount: Decimal | None = None
    remark: date | None = None
    by: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One field set: where, its old value (None: new) and its new value."""

    where: str
    field: str
    old: Any
    new: Any

    def text(self) -> str:
        if self.old is None:
            return f"{self.where}: {self.field} = {_show(self.new)}"
        return f"{self.where}: {self.field} {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)

    def decimal(representer: Any, value: Decimal) -> Any:
        text = format(value, "f")
        if text.endswith(".00"):
            text = text[:-3]
        tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
        return representer.represent_scalar(tag, text)

    y.representer.add_representer(Decimal, decimal)
    return y


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, Decimal):
        try:
            return Decimal(str(old)) == new
        except Exception:  # noqa: BLE001 (any unreadable old value differs)
            return False
    if isinstance(new, date):
        return str(old) == new.isoformat()
    return old is not None and str(old) == str(new)


def _set(entry: Any, field: str, value: Any, where: str, changes: list[Change]) -> None:
    if value is None:
        return
    old = entry.get(field)
    if old is not None and _same(old, value):
        return
    entry[field] = value
    changes.append(Change(where, field, old, value))


def apply(text: str | None, agreement_id: str, req: RecordRequest) -> tuple[str, list[Change]]:
    """The records text with the request applied, and what changed (empty: nothing to do)."""
    from io import StringIO

    from ruamel.yaml.comments import CommentedMap

    y = _yaml()
    data = y.load(text) if text else None
    if data is None:
        data = CommentedMap()
        data["agreement"] = agreement_id
    changes: list[Change] = []
    if req.done or req.approved or req.scheduled or (req.paid is None and req.remark is None and (req.by or req.note)):
        _apply_event(_section(data, "events"), req, changes)
    if req.paid is not None:
        _apply_payment(_section(data, "payments"), req, changes)
    if req.remark is not None:
        _apply_remark(_section(data, "remarks"), req, changes)
    if not changes:
        return text or "", []
    buffer = StringIO()
    y.dump(data, buffer)
    return buffer.getvalue(), changes


def _section(data: Any, name: str) -> Any:
    """The records file's list `name`, created empty when it is missing."""
    from ruamel.yaml.comments import CommentedSeq

    if data.get(name) is None:
        data[name] = CommentedSeq()
    return data[name]


def _apply_event(events: Any, req: RecordRequest, changes: list[Change]) -> None:
    """The event entry for `req.key`, added when missing: done, scheduled, approved, by, note."""
    from ruamel.yaml.comments import CommentedMap

    entry = next((e for e in events if isinstance(e, dict) and e.get("key") == req.key), None)
    i = len(events)
    if entry is None:
        entry = CommentedMap()
        entry["key"] = req.key
        events.append(entry)
        changes.append(Change(f"events[{i}]", "key", None, req.key))
    else:
        i = list(events).index(entry)
    where = f"events[{i}] ({req.key})"
    _set(entry, "done", req.done, where, changes)
    _set(entry, "scheduled", req.scheduled, where, changes)
    _set(entry, "approved", req.approved, where, changes)
    if req.paid is None and req.remark is None:
        _set(entry, "by", req.by, where, changes)
        _set(entry, "note", req.note, where, changes)


def _apply_payment(payments: Any, req: RecordRequest, changes: list[Change]) -> None:
    """The payment of `req.key` on `req.paid`, added when missing: amount, by, note."""
    from ruamel.yaml.comments import CommentedMap

    match = next(
        (p for p in payments if isinstance(p, dict) and p.get("key") == req.key and _same(p.get("date"), req.paid)),
        None,
    )
    if match is None:
        match = CommentedMap()
        match["key"] = req.key
        match["date"] = req.paid
        match["amount"] = req.amount
        i = len(payments)
        payments.append(match)
        changes.append(Change(f"payments[{i}]", "key", None, req.key))
        changes.append(Change(f"payments[{i}]", "date", None, req.paid))
        changes.append(Change(f"payments[{i}]", "amount", None, req.amount))
    else:
        i = list(payments).index(match)
        _set(match, "amount", req.amount, f"payments[{i}] ({req.key})", changes)
    _set(match, "by", req.by, f"payments[{i}] ({req.key})", changes)
    _set(match, "note", req.note, f"payments[{i}] ({req.key})", changes)


def _apply_remark(remarks: Any, req: RecordRequest, changes: list[Change]) -> None:
    """The written remark of `req.remark`, added when missing: by, note."""
    from ruamel.yaml.comments import CommentedMap

    match = next((r for r in remarks if isinstance(r, dict) and _same(r.get("date"), req.remark)), None)
    if match is None:
        match = CommentedMap()
        match["date"] = req.remark
        i = len(remarks)
        remarks.append(match)
        changes.append(Change(f"remarks[{i}]", "date", None, req.remark))
    else:
        i = list(remarks).index(match)
    _set(match, "by", req.by, f"remarks[{i}]", changes)
    _set(match, "note", req.note, f"remarks[{i}]", changes)
