"""The register's pictures as inline SVG drawn here: a timeline of periods and key dates, and
money per year and payer as stacked bars. No charting library or service: the site works offline.

Each picture is `role="img"` with a Swedish title; the page beside it has the same facts as a
table or a list, which is the accessible text and what a screen reader gets. Colours are the
Okabe–Ito palette (told apart with colour blindness); every shape has a `<title>` tooltip.
Output is deterministic: the same data give the same bytes (the rebuild writes only changes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape
from typing import NamedTuple

__all__ = ["PALETTE", "Bar", "Lane", "Mark", "money_chart", "timeline"]

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8F7700", "#000000")
"""Okabe–Ito, darkened yellow: one colour a payer, in order of first appearance."""

_W, _LEFT, _RIGHT = 760, 150, 20


class Mark(NamedTuple):
    """A key date on a lane: a review, a notice day, the end."""

    day: date
    label: str


class Lane(NamedTuple):
    """One row of a timeline: a period (open end drawn to the horizon) and its key dates."""

    label: str
    start: date
    end: date | None
    marks: Sequence[Mark] = ()


class Bar(NamedTuple):
    """One payer's money in one year."""

    year: int
    payer: str
    amount: Decimal


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return _LEFT + (day - first).days / span * (_W - _LEFT - _RIGHT)


def _head(title: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]


def timeline(lanes: Sequence[Lane], horizon: date, title: str) -> str:
    """Periods as bars on a shared year axis, key dates as ticks; an open end runs to `horizon`."""
    if not lanes:
        return ""
    first = date(min(lane.start for lane in lanes).year, 1, 1)
    last = date(max([horizon, *(lane.end or horizon for lane in lanes)]).year, 12, 31)
    row = 28
    height = 30 + row * len(lanes)
    out = _head(title, height)
    for year in range(first.year, last.year + 2):
        x = _x(date(year, 1, 1), first, date(last.year + 1, 1, 1))
        out.append(f'<line x1="{x:.1f}" y1="14" x2="{x:.1f}" y2="{height}" class="grid"/>')
        if year <= last.year:
            out.append(f'<text x="{x + 3:.1f}" y="12" class="axis">{year}</text>')
    end_axis = date(last.year + 1, 1, 1)
    for i, lane in enumerate(lanes):
        y = 22 + i * row
        x0 = _x(lane.start, first, end_axis)
        x1 = _x(lane.end or horizon, first, end_axis)
        open_end = "" if lane.end else " open"
        span = f"{lane.start.isoformat()}–{lane.end.isoformat() if lane.end else 'tills vidare'}"
        label = escape(lane.label[:22] + ("…" if len(lane.label) > 22 else ""))
        out.append(f'<text x="4" y="{y + 13}" class="lane">{label}</text>')
        out.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 2):.1f}" height="18" class="period{open_end}">'
            f"<title>{escape(lane.label)}: {span}</title></rect>"
        )
        for m in lane.marks:
            xm = _x(m.day, first, end_axis)
            out.append(
                f'<path d="M{xm:.1f} {y - 3}l5 -6h-10z" class="mark">'
                f"<title>{escape(m.label)}: {m.day.isoformat()}</title></path>"
            )
    out.append("</svg>")
    return "\n".join(out)


def _nice(top: Decimal) -> Decimal:
    """A round axis maximum at or above `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(top))) - 1)
    for step in (1, 2, 5, 10):
        if step * power >= top:
            return step * power
    return 10 * power


def money_chart(bars: Sequence[Bar], payers: Sequence[str], title: str) -> str:
    """Stacked bars: one a year, one colour a payer (in `payers` order), with a legend."""
    if not bars:
        return ""
    from iopctl.swedish.format import kr

    have = {b.year for b in bars}
    years = list(range(min(have), max(have) + 1))  # a year without money keeps its place on the axis
    totals = {y: sum((b.amount for b in bars if b.year == y), start=Decimal(0)) for y in years}
    top = _nice(max(totals.values()))
    plot_h, base = 200, 230
    legend_rows = (len(payers) + 1) // 2
    out = _head(title, base + 30 + 20 * legend_rows)
    for k in range(5):
        value = top * k / 4
        y = base - plot_h * k / 4
        out.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" class="axis end">{escape(kr(value))}</text>')
    slot = (_W - _LEFT - _RIGHT) / len(years)
    width = min(slot * 0.7, 60)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(payers)}
    for i, year in enumerate(years):
        x = _LEFT + i * slot + (slot - width) / 2
        y = float(base)
        for payer in payers:
            amount = sum((b.amount for b in bars if b.year == year and b.payer == payer), start=Decimal(0))
            if amount <= 0:
                continue
            h = float(amount / top) * plot_h
            y -= h
            tip = f"{payer} {year}: {kr(amount)}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{colour[payer]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
        out.append(f'<text x="{x + width / 2:.1f}" y="{base + 16}" class="axis mid">{year}</text>')
    for i, payer in enumerate(payers):
        lx = 10 + (i % 2) * (_W // 2)
        ly = base + 34 + (i // 2) * 20
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour[payer]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly}" class="legend">{escape(payer[:48])}</text>')
    out.append("</svg>")
    return "\n".join(out)
