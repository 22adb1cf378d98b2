"""Printing: rich tables for people, JSON and CSV for scripts, all from the same plain rows.

rich and json are imported lazily (the text output of `validate` needs neither); JSON is
written with `ensure_ascii=False`, ISO dates and money as strings, keys in a stable order.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iopctl.errors import Problem


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "as_json"):
        return value.as_json()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_pieces(obj: Any) -> Iterator[str]:
    """The JSON of every `--format json`, in pieces: one top-level key a line, and each item
    of a top-level list on a line of its own.

    Scripts get ordinary JSON; people get a file that `grep`, `diff` and `head` work on, one
    payment or event or file a line. Each line is written by json's C encoder, which a pretty
    printer (`indent=2`) cannot use: funding's JSON for 10 000 agreements took 5 s of 20 that
    way. UTF-8 text, money as strings, ISO dates, keys in the order given.
    """
    encode = _encoder()
    if not isinstance(obj, dict) or not obj:
        yield encode(obj) + "\n"
        return
    yield "{\n"
    last = len(obj) - 1
    for i, (key, value) in enumerate(obj.items()):
        yield f"  {encode(key)}: "
        if isinstance(value, list) and value:
            yield "[\n    "
            yield from _joined((encode(item) for item in value), ",\n    ")
            yield "\n  ]"
        else:
            yield encode(value)
        yield ",\n" if i < last else "\n"
    yield "}\n"


def _joined(items: Iterable[str], separator: str, batch: int = 1000) -> Iterator[str]:
    """`separator.join(items)` in pieces of `batch` items (a list may be hundreds of MB)."""
    pending: list[str] = []
    first = True
    for item in items:
        pending.append(item)
        if len(pending) >= batch:
            yield ("" if first else separator) + separator.join(pending)
            pending.clear()
            first = False
    if pending:
        yield ("" if first else separator) + separator.join(pending)


def json_line(obj: Any) -> str:
    """`obj` as one line of JSON, as `json_pieces` writes each item of a top-level list."""
    return _encoder()(obj)


@lru_cache(maxsize=1)
def _encoder() -> Callable[[Any], str]:
    """`json.JSONEncoder(ensure_ascii=False, default=_default).encode`, made once.

    Where the json module has its C encoder (CPython has), the encoder is made once and
    called directly: `JSONEncoder.encode` makes a new one on every call, a third of the time
    a line of a payment takes (funding's and the site's JSON encode one line per payment).
    Without its check for circular data, which YAML agreements cannot have (aliases are refused).
    """
    import json
    from json import encoder as json_encoder

    plain = json.JSONEncoder(ensure_ascii=False, default=_default)
    make = getattr(json_encoder, "c_make_encoder", None)
    if make is not None:
        sample = {"a": [1, "å\n", None, True, 1.5], "b": Decimal("1.50"), "c": date(2025, 1, 1)}
        try:  # its arguments are CPython's own business: any other signature or output, the plain way
            c_encode = make(None, _default, json_encoder.encode_basestring, None, ": ", ", ", False, False, True)

            def fast(obj: Any) -> str:
                return "".join(c_encode(obj, 0))

            if fast(sample) == plain.encode(sample):
                return fast
        except Exception:  # noqa: BLE001, S110 - the plain encoder is always right
            pass
    return plain.encode


def to_json(obj: Any) -> str:
    """`obj` as the JSON text of `json_pieces`."""
    return "".join(json_pieces(obj))


def write_json(obj: Any) -> None:
    """`to_json(obj)` to stdout in pieces: the same bytes without building one huge string."""
    out = sys.stdout.buffer
    for piece in json_pieces(obj):
        out.write(piece.encode("utf-8"))
    out.flush()


def write_stdout(text: str) -> None:
    """Write data to stdout as UTF-8 whatever the terminal's encoding."""
    sys.stdout.buffer.write(text.encode("utf-8")) if hasattr(sys.stdout, "buffer") else sys.stdout.write(text)
    sys.stdout.flush()


@lru_cache(maxsize=2)
def console(stderr: bool = False) -> Any:
    """A rich console; soft_wrap keeps long file:line:col lines whole."""
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True, highlight=False)


def error(message: str) -> None:
    """A message to stderr (messages never go to stdout, where data goes)."""
    sys.stderr.write(message.rstrip("\n") + "\n")


def report_problems(problems: Iterable[Problem]) -> None:
    """Located problems to stderr, one `file:line:col: severity: …` line each."""
    for p in problems:
        error(p.text())


def table(
    title: str | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    right: Sequence[int] = (),
    caption: str | None = None,
    drop_order: Sequence[str] = (),
    foldable: Sequence[str] = (),
    wide: bool = True,
) -> None:
    """Print a rich table of already formatted cells.

    Unless `wide`, it is fitted to the terminal (or `iopctl.report.fit.DEFAULT_WIDTH` when piped):
    columns not in `foldable` never wrap, and those of `drop_order` are dropped, least
    important first, until it fits; the caption names what was dropped.
    """
    from rich.table import Table

    from iopctl.report.fit import fit_columns, max_widths, needed_width, target_width

    width = target_width(wide)
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    keep, dropped, needs = fit_columns(headers, cells, width, drop_order=drop_order, foldable=foldable)
    if width is not None:
        width = max(width, needed_width(keep, needs))  # whole ids and dates over a squeezed column
    if dropped:
        note = f"Utelämnade kolumner: {', '.join(dropped)} (--wide visar alla)"
        caption = f"{caption}\n{note}" if caption else note
    right = [keep.index(i) for i in right if i in keep]
    least = [needs.get(i) for i in keep]
    most_of = max_widths(headers, keep, needs, width, foldable)
    most = [most_of.get(i) for i in keep]
    headers = [headers[i] for i in keep]
    rows = [[row[i] for i in keep] for row in cells]

    t = Table(
        title=title,
        caption=caption,
        show_lines=False,
        header_style="bold",
        title_justify="left",
        caption_justify="left",
    )
    for i, h in enumerate(headers):
        t.add_column(
            h,
            justify="right" if i in right else "left",
            overflow="fold",
            no_wrap=width is not None and h not in foldable,
            min_width=least[i] if width is not None else None,
            max_width=most[i],
        )
    for row in rows:
        t.add_row(*row)
    print_table(t, width=width)


def print_table(renderable: Any, *, width: int | None = None) -> None:
    """A table to stdout: as wide as the terminal (or `width` when that is wider: the terminal
    wraps the lines), or, when piped, `width` wide (whole when None) without colour and
    trailing spaces."""
    if sys.stdout.isatty():
        terminal = console()
        terminal.print(renderable, width=max(width or 0, terminal.width))
        return
    write_stdout(plain_text(renderable, width=width or 10_000))


def plain_text(renderable: Any, *, width: int = 10_000) -> str:
    """A rich renderable as plain text: no colour, no wrapping, no trailing spaces."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, highlight=False).print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n") + "\n"
