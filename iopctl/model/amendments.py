"""Amendments (tilläggsavtal): consolidate an agreement with its numbered, dated changes.

An amendment is kept inside the agreement file (`amendments:`), so the text the parties
signed, its decision and its effect travel together in one reviewed file and `git log` of
that file is the agreement's whole history. Each change is a patch of the agreement's
generic fields (lists of commitments and amount lines, the period, obligations, clauses,
sections), addressed by a path such as `funding.commitments[ersattning].amounts`; it does not
know the funding model's inner shape, so it survives changes to that model.

`consolidated(agreement, as_of)` is pure: it applies the amendments in number order (those
effective on or before `as_of`, all of them by default) to the agreement's data and validates
the result as an agreement; the amendments stay in the result, as its history. A change that
does not apply (a path that names nothing, a value the model refuses) raises
`AmendmentError` with the amendment's and the change's position, for a located error.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from iopctl.errors import Portable
from iopctl.model.agreement import Agreement, Amendment

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)$")
_INDEX = re.compile(r"\[([^\]]+)\]")
_KEYS = ("id", "heading", "generated")
"""How a list item is named in a path: by its id, a section's heading or a generated kind."""


class AmendmentError(Portable, ValueError):
    """A change that does not apply; `path` locates it in the file."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


Step = str | int | tuple[str, str]
"""A path step: a mapping key, a list position, or a list item named by key and value."""


def parse_path(text: str) -> list[Step]:
    """`funding.commitments[ersattning].amounts[0]` → keys, positions and named items."""
    steps: list[Step] = []
    for part in text.split("."):
        match = _SEGMENT.match(part.strip())
        if not match:
            raise ValueError(f"'{part}' is not a field name (letters, digits, '_', then optional [item])")
        steps.append(match.group(1))
        for item in _INDEX.findall(match.group(2)):
            item = item.strip()
            steps.append(int(item) if item.isdigit() else ("", item))
    if steps and steps[0] in ("amendments", "needs", "schema_version", "id"):
        raise ValueError(f"'{steps[0]}' cannot be changed by an amendment")
    return steps


def _item(items: list[Any], step: int | tuple[str, str], where: str) -> int:
    if isinstance(step, int):
        if not 0 <= step < len(items):
            raise ValueError(f"{where} has {len(items)} items; there is no item {step}")
        return step
    name = step[1]
    for i, item in enumerate(items):
        if isinstance(item, dict) and any(str(item.get(k)) == name for k in _KEYS if k in item):
            return i
    raise ValueError(f"{where} has no item '{name}' (by id, heading or generated kind)")


def _walk(data: Any, steps: list[Step], where: list[str]) -> Any:
    node = data
    for step in steps:
        label = ".".join(where) or "the agreement"
        if isinstance(step, str):
            if not isinstance(node, dict):
                raise ValueError(f"{label} is not a mapping; '{step}' cannot be looked up in it")
            if step not in node:
                raise ValueError(f"{label} has no field '{step}'")
            node = node[step]
        else:
            if not isinstance(node, list):
                raise ValueError(f"{label} is not a list")
            node = node[_item(node, step, label)]
        where.append(str(step if not isinstance(step, tuple) else f"[{step[1]}]"))
    return node


def apply_change(data: dict[str, Any], op: str, path: str, value: Any) -> None:
    """Apply one change to the agreement's data in place; ValueError says why it does not apply."""
    steps = parse_path(path)
    *parents, last = steps
    where: list[str] = []
    parent = _walk(data, parents, where)
    label = ".".join(where) or "the agreement"
    if op == "add":
        if isinstance(last, str) and isinstance(parent, dict) and last not in parent:
            parent[last] = [value]  # a list that was empty (left out of the file)
            return
        target = _walk(parent, [last], where)
        if not isinstance(target, list):
            raise ValueError(f"{path} is not a list; use op: set")
        target.append(value)
        return
    if isinstance(last, str):
        if not isinstance(parent, dict):
            raise ValueError(f"{label} is not a mapping")
        if op == "set":
            parent[last] = value
        elif last in parent:
            del parent[last]
        else:
            raise ValueError(f"{label} has no field '{last}' to remove")
        return
    if not isinstance(parent, list):
        raise ValueError(f"{label} is not a list")
    i = _item(parent, last, label)
    if op == "set":
        parent[i] = value
    else:
        del parent[i]


def _data(agreement: Agreement) -> dict[str, Any]:
    from iopctl.model.plain import to_data

    return to_data(agreement)


def in_force(agreement: Agreement, as_of: date | None = None) -> list[Amendment]:
    """The amendments effective on `as_of` (all when None), in number order."""
    found = sorted(agreement.amendments, key=lambda a: a.number)
    return [a for a in found if as_of is None or a.effective <= as_of]


def consolidated(agreement: Agreement, as_of: date | None = None) -> Agreement:
    """The agreement as amended on `as_of` (all amendments when None); pure.

    The amendments stay in the result (its history). Raises AmendmentError for a change that
    does not apply or gives an agreement the model refuses.
    """
    if not agreement.amendments:
        return agreement
    from pydantic import ValidationError

    data = _data(agreement)
    positions = {id(a): i for i, a in enumerate(agreement.amendments)}
    for amendment in in_force(agreement, as_of):
        i = positions[id(amendment)]
        for j, change in enumerate(amendment.changes):
            try:
                apply_change(data, change.op, change.path, change.value)
            except ValueError as exc:
                raise AmendmentError(
                    ("amendments", i, "changes", j, "path"),
                    f"amendment {amendment.number} (tilläggsavtal nr {amendment.number}): {exc}",
                ) from None
        try:
            Agreement.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
            raise AmendmentError(
                ("amendments", i, "changes"),
                f"amendment {amendment.number} (tilläggsavtal nr {amendment.number}) gives an agreement "
                f"that does not validate: {where}: {message}",
            ) from None
    return Agreement.model_validate(data)
