"""An agreement back as plain data: what its file would say, for patches, renewals and diffs.

`model_dump(mode="json")` writes a day of the year as `[3, 31]`, which the model does not
read back; this writes every value as the file writes it (dates ISO, days `MM-DD`, money and
shares as their exact decimal text, with no float on the way), leaves out fields at their
defaults, and keeps the model's field order, which is the order the files use.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return f"{value[0]:02d}-{value[1]:02d}"  # MonthDay
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text
    return value


def to_data(model: Any) -> dict[str, Any]:
    """The model as the data of its file (fields at their defaults left out)."""
    data: dict[str, Any] = _plain(model.model_dump(mode="python", exclude_defaults=True))
    return data
