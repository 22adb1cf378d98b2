"""The semantic difference between two versions of an agreement (`iopctl diff`).

Pure: two agreements (either may be None: added or removed) in, a list of changes out, each
with its area, path, before, after and a Swedish line a reviewer reads ("Finansiering 2024:
250 000 kr → 262 500 kr", "Avtalstid: slut 2023-12-31 → 2024-06-30"). Both versions are
compared consolidated with their amendments, so an added amendment shows as what it does.
Besides the fields: the money per year of the schedule before and after, and the deadlines
(dates of the calendar) added and removed. Prose is compared word by word per section.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from iopctl.model.agreement import Agreement

_KEYS = ("id", "heading", "generated", "number", "party")


@dataclass(frozen=True, slots=True)
class Change:
    """One change a reviewer should see."""

    area: str
    """period, funding, schedule, deadlines, obligations, prose, amendments, fields."""
    path: str
    before: Any
    after: Any
    text: str
    """The change in Swedish, one line."""

    def as_json(self) -> dict[str, Any]:
        return {"area": self.area, "path": self.path, "before": self.before, "after": self.after, "text": self.text}


def _name(item: Any, i: int) -> str:
    if isinstance(item, dict):
        for key in _KEYS:
            if key in item:
                return str(item[key])
    return str(i)


def _walk(before: Any, after: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            _walk(before.get(key), after.get(key), f"{path}.{key}" if path else key, out)
        return
    if isinstance(before, list) and after is None or before is None and isinstance(after, list):
        before, after = before or [], after or []
    if isinstance(before, list) and isinstance(after, list):
        named_b = {_name(x, i): x for i, x in enumerate(before)}
        named_a = {_name(x, i): x for i, x in enumerate(after)}
        if len(named_b) == len(before) and len(named_a) == len(after):
            for key in [*named_b, *(k for k in named_a if k not in named_b)]:
                _walk(named_b.get(key), named_a.get(key), f"{path}[{key}]", out)
            return
    out.append((path, before, after))


def _words(before: str, after: str) -> str:
    """A word diff: [-removed-] {+added+}, with a few words of context around each change."""
    a, b = before.split(), after.split()
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            parts.append(" ".join(words) if len(words) <= 6 else " ".join([*words[:3], "…", *words[-3:]]))
        else:
            if i2 > i1:
                parts.append("[-" + " ".join(a[i1:i2]) + "-]")
            if j2 > j1:
                parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)


def _kr(value: Decimal | None) -> str:
    from iopctl.swedish.format import kronor

    return "–" if value is None else kronor(value, "kr")


_WHOLE_COMMITMENT = re.compile(r"funding\.commitments\[([^\]]+)\]")


def _field_text(path: str, before: Any, after: Any, old: Agreement | None, new: Agreement | None) -> Change:
    labels = {"period.start": "Avtalstid: start", "period.end": "Avtalstid: slut"}
    if path in labels:
        return Change(
            "period", path, before, after, f"{labels[path]} {before or 'tills vidare'} → {after or 'tills vidare'}"
        )
    if path.startswith("period.reviews"):
        return Change("period", path, before, after, f"Översyn: {_short(before)} → {_short(after)}")
    if path.startswith("obligations["):
        key = path[len("obligations[") : path.index("]")]
        rest = path[path.index("]") + 1 :].lstrip(".")
        title = _title(new, key) or _title(old, key) or key
        if not rest and before is None:
            return Change("obligations", path, None, after, f"Nytt åtagande: {title}")
        if not rest and after is None:
            return Change("obligations", path, before, None, f"Borttaget åtagande: {title}")
        if rest.startswith("due"):
            return Change(
                "obligations",
                path,
                before,
                after,
                f"Åtagande {title}: förfalloregel {_short(before)} → {_short(after)}",
            )
        return Change(
            "obligations", path, before, after, f"Åtagande {title}: {rest} {_short(before)} → {_short(after)}"
        )
    whole = _WHOLE_COMMITMENT.fullmatch(path)  # the commitment itself, not one of its lists' items
    if whole is not None and (before is None or after is None):
        key = whole.group(1)
        item = after if before is None else before
        lines = ", ".join(
            _short(x.get("amount") or x.get("rate")) + f" kr {x.get('from_year')}" for x in item.get("amounts", [])
        )
        word = "Ny finansiering" if before is None else "Borttagen finansiering"
        return Change("funding", path, before, after, f"{word}: {key} ({lines})")
    if path.startswith("document.sections[") and isinstance(before, str) and isinstance(after, str):
        key = path[len("document.sections[") : path.index("]")]
        return Change("prose", path, before, after, f"Avsnitt {key}: {_words(before, after)}")
    if path.startswith("amendments["):
        key = path[len("amendments[") : path.index("]")]
        if before is None and isinstance(after, dict):
            title = f" – {after['title']}" if after.get("title") else ""
            return Change(
                "amendments",
                path,
                None,
                after,
                f"Nytt tilläggsavtal nr {key}, gäller från {after.get('effective')}{title}",
            )
        return Change("amendments", path, before, after, f"Tilläggsavtal nr {key}: {_short(before)} → {_short(after)}")
    area = path.split(".")[0].split("[")[0]
    return Change(area, path, before, after, f"{path}: {_short(before)} → {_short(after)}")


def _short(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"


def _title(a: Agreement | None, key: str) -> str | None:
    if a is None:
        return None
    return next((o.title for o in a.obligations if o.id == key), None)


def money_per_year(a: Agreement | None, series: Any, until: date) -> dict[int, Decimal]:
    """The schedule's money per year (all commitments and payers)."""
    from iopctl.funding.schedule import payment_schedule

    out: dict[int, Decimal] = defaultdict(Decimal)
    if a is None:
        return out
    for p in payment_schedule(a, series, until=until):
        if p.amount is not None:  # an amount not stated is not a change of money
            out[p.year] += p.amount
    return out


def dated_events(a: Agreement | None, policy: Any, series: Any, until: date) -> dict[str, tuple[str, str, str]]:
    """Event key → (title, date or 'datum saknas', sort date) of the agreement's events to `until`."""
    from iopctl.deadlines.calendar import deadlines
    from iopctl.funding.schedule import payment_schedule

    if a is None:
        return {}
    events = deadlines(a, None, until, policy=policy, payments=payment_schedule(a, series, until=until), today=until)
    return {
        e.key: (e.title, e.effective.isoformat() if e.effective else "datum saknas", e.sort_date.isoformat())
        for e in events
    }


def semantic_diff(old: Agreement | None, new: Agreement | None, series: Any, policy: Any) -> list[Change]:
    """The changes from `old` to `new`, fields first, then money per year and deadlines."""
    from iopctl.model.plain import to_data

    raw: list[tuple[str, Any, Any]] = []
    _walk(to_data(old) if old else None, to_data(new) if new else None, "", raw)
    if old is None or new is None:
        name = (new or old).id  # type: ignore[union-attr]
        changes = [
            Change(
                "agreement",
                "",
                None if old is None else name,
                None if new is None else name,
                f"Nytt avtal: {name}" if old is None else f"Borttaget avtal: {name}",
            )
        ]
    else:
        changes = [_field_text(path, b, a, old, new) for path, b, a in raw]
    ends = [x.period.end or date(x.period.start.year + 1, 12, 31) for x in (old, new) if x is not None]
    until = date(max(ends).year + 1, 12, 31)  # reports on the last year fall due after the end
    before, after = money_per_year(old, series, until), money_per_year(new, series, until)
    for year in sorted(set(before) | set(after)):
        b, a = before.get(year), after.get(year)
        if b != a:
            changes.append(
                Change(
                    "schedule",
                    f"funding.{year}",
                    str(b) if b is not None else None,
                    str(a) if a is not None else None,
                    f"Finansiering {year}: {_kr(b)} → {_kr(a)}",
                )
            )
    eb, ea = dated_events(old, policy, series, until), dated_events(new, policy, series, until)
    for key in sorted(set(eb) | set(ea), key=lambda k: ((ea.get(k) or eb[k])[2], k)):
        if key not in ea:
            changes.append(Change("deadlines", key, eb[key][1], None, f"Borttagen händelse: {eb[key][0]} {eb[key][1]}"))
        elif key not in eb:
            changes.append(Change("deadlines", key, None, ea[key][1], f"Ny händelse: {ea[key][0]} {ea[key][1]}"))
        elif eb[key][1] != ea[key][1]:
            changes.append(
                Change("deadlines", key, eb[key][1], ea[key][1], f"{ea[key][0]}: {eb[key][1]} → {ea[key][1]}")
            )
    return changes
