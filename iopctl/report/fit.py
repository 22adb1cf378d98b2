"""Tables that fit a terminal: which columns to show in a given width.

A table's columns are ranked by importance; ids, dates and amounts never wrap (a whole word
or nothing), text columns may wrap down to their longest word (at most `FOLD_MIN`). When
even that is too wide, the least important columns are dropped, one at a time, and the caption
names them. Piped output without a width (no terminal, no ``COLUMNS``) gets `DEFAULT_WIDTH`;
``--wide`` shows every column unfolded, as wide as it takes.

When the columns that are never dropped (ids, dates, statuses, `deadlines --keys`' keys) do
not fit even then, the table is printed as wide as they need (`needed_width`) and the
terminal wraps its lines: a key or a date cut short, or a column squeezed out of sight, would
be worse than a wrapped line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

__all__ = ["DEFAULT_WIDTH", "FOLD_MIN", "fit_columns", "max_widths", "needed_width", "target_width"]

DEFAULT_WIDTH = 120
"""Width of piped output when neither a terminal nor ``COLUMNS`` gives one."""

FOLD_MIN = 30
"""A foldable column is as narrow as its longest word, but at most this (a longer word folds)."""

_GAP = 3  # what a column costs beyond its text in the tables here (padding and a rule)


def target_width(wide: bool = False) -> int | None:
    """The width to fit to: None with --wide (everything), the terminal's, ``COLUMNS``, or
    `DEFAULT_WIDTH` when piped."""
    if wide:
        return None
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def fit_columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None,
    *,
    drop_order: Sequence[str],
    foldable: Sequence[str],
) -> tuple[list[int], list[str], dict[int, int]]:
    """The indexes of the columns to show in `width`, the headings of those dropped, and each
    column's least width (a foldable one's longest word, so no word is broken).

    `drop_order` lists headings from the least important; `foldable` those that may wrap.
    A column not in `drop_order` is always kept.
    """
    keep = list(range(len(headers)))
    if width is None:
        return keep, [], {}

    def need(i: int) -> int:
        cells = [headers[i], *(r[i] for r in rows)]
        if headers[i] in foldable:
            words = max((len(w) for c in cells for w in c.split()), default=0)
            natural = max(len(c) for c in cells)
            return min(natural, max(len(headers[i]), min(words, FOLD_MIN)))
        return max(len(c) for c in cells)

    needs = {i: need(i) for i in keep}
    dropped: list[str] = []
    for heading in drop_order:
        if sum(needs[i] + _GAP for i in keep) + 1 <= width:  # + the outer edge
            break
        if heading in headers:
            i = list(headers).index(heading)
            if i in keep:
                keep.remove(i)
                dropped.append(heading)
    return keep, dropped, needs


def max_widths(
    headers: Sequence[str],
    keep: Sequence[int],
    needs: dict[int, int],
    width: int | None,
    foldable: Sequence[str],
) -> dict[int, int]:
    """The most each kept foldable column may take: its least width plus an equal share of
    what is left of `width` (rich, left to itself, can overshoot a tight width by a column
    and crop the table's right edge)."""
    if width is None:
        return {}
    folding = [i for i in keep if headers[i] in foldable]
    if not folding:
        return {}
    slack = max(0, width - 1 - sum(needs[i] + _GAP for i in keep))
    return {i: needs[i] + slack // len(folding) for i in folding}


def needed_width(keep: Sequence[int], needs: dict[int, int]) -> int:
    """The width the kept columns take at their least (`fit_columns`' needs)."""
    return sum(needs[i] + _GAP for i in keep) + 1
