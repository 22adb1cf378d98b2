"""Helpers shared by the subcommands: the PATHS argument, files, jobs, dates and spans given."""

import os
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_FOLDER = Path("agreements")

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Agreement files or folders (default: agreements/).", show_default=False),
]
"""The PATHS argument every subcommand takes (files, or folders searched for agreements)."""


def agreement_files(paths: list[Path] | None) -> list[Path]:
    """Agreement files under the paths (default agreements/); a missing path is a usage error."""
    from iopctl.load.read import iter_agreement_files

    targets = paths or [DEFAULT_FOLDER]
    for p in targets:
        if not p.exists():
            raise typer.BadParameter(f"{p} does not exist", param_hint="PATH")
    return list(iter_agreement_files(targets))


def default_jobs(n_files: int) -> int:
    """All cores for large batches; one process when the hand-over would cost more than it saves."""
    return (os.cpu_count() or 1) if n_files >= 200 else 1


def today_in_stockholm() -> date:
    """Today's date in Sweden (CI runs in UTC; a deadline day is a Swedish day)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def parse_day(text: str, *, end: bool = False, option: str = "--from") -> date:
    """A date 'YYYY-MM-DD' or a year 'YYYY' (its first day, or its last with end=True)."""
    from iopctl.model.scalars import FIRST_DATE, LAST_DATE

    text = text.strip()
    try:
        if len(text) == 4 and text.isdigit():
            day = date(int(text), 12, 31) if end else date(int(text), 1, 1)
        else:
            day = date.fromisoformat(text)
    except ValueError:
        message = f"{text!r} is not a date (YYYY-MM-DD) or a year (YYYY)"
        raise typer.BadParameter(message, param_hint=option) from None
    if not FIRST_DATE <= day <= LAST_DATE:
        message = (
            f"{text} is outside the years iopctl works with ({FIRST_DATE.year}–{LAST_DATE.year}, as in the agreements)"
        )
        raise typer.BadParameter(message, param_hint=option)
    return day


MAX_WINDOW_DAYS = 36_525
"""The longest window a command works out: 100 years (README "Limits and bounds")."""


def check_window(start: date | None, end: date | None, option: str = "--to") -> None:
    """A usage error when the window is longer than 100 years."""
    if start is not None and end is not None and (end - start).days > MAX_WINDOW_DAYS:
        message = f"the window {start}–{end} is longer than 100 years, the most iopctl works out"
        raise typer.BadParameter(message, param_hint=option)


def parse_today(today: str | None) -> date:
    """--today, by default today in Sweden."""
    return parse_day(today, option="--today") if today is not None else today_in_stockholm()


def parse_dates(today: str | None, start: str | None, end: str | None) -> tuple[date, date | None, date | None]:
    """--today (default: today in Sweden), --from (a year: its first day), --to (its last)."""
    day = parse_today(today)
    first = parse_day(start, option="--from") if start is not None else None
    last = parse_day(end, end=True, option="--to") if end is not None else None
    return day, first, last


def check_order(start: date | None, end: date | None, message: str) -> None:
    """A usage error (on --to) when the range ends before it starts."""
    if start is not None and end is not None and end < start:
        raise typer.BadParameter(message, param_hint="--to")


def parse_span(text: str, option: str = "--within") -> int:
    """Days in a span written '30d', '6w', '3m' (months as 30 days) or '90'."""
    import re

    m = re.fullmatch(r"\s*([0-9]{1,4})\s*([dwm]?)\s*", text)
    if m is None:
        raise typer.BadParameter(f"{text!r} is not a span such as 30d, 6w or 3m", param_hint=option)
    days = int(m.group(1)) * {"": 1, "d": 1, "w": 7, "m": 30}[m.group(2)]
    if days > MAX_WINDOW_DAYS:
        message = f"{text.strip()!r} is longer than 100 years ({MAX_WINDOW_DAYS:,} days), the most iopctl works out"
        raise typer.BadParameter(message, param_hint=option)
    return days


def check_folder_out(out: Path | str | None, option: str = "--out") -> None:
    """A usage error for '-' where `option` names a folder (or files beside each other):
    standard output, which '-' names where the output is one file, cannot hold them."""
    from iopctl.files.atomic import is_stdout

    if is_stdout(out):
        message = "names a folder here; '-' (standard output) holds one file only: give a folder"
        raise typer.BadParameter(message, param_hint=option)


def check_xlsx_out(xlsx: bool, out: Path | None) -> None:
    """Usage errors: a workbook needs --out FILE, and --out is for workbooks only."""
    if xlsx and out is None:
        raise typer.BadParameter("--format xlsx writes a file: give --out FILE", param_hint="--out")
    if out is not None and not xlsx:
        raise typer.BadParameter("--out is for --format xlsx", param_hint="--out")


PartyOpt = Annotated[
    str | None,
    typer.Option(
        "--party",
        "-p",
        help="Only what this party or unit (id) pays, receives, owes or is owed: the treasurer's view.",
        show_default=False,
        metavar="ID",
    ),
]
"""The --party option of funding, deadlines, status and follow-up (`iopctl.batch.party`)."""


def check_party(party: str | None, found: bool, known: list[str]) -> None:
    """A usage error (exit 2) when --party names no party or unit of the agreements read."""
    if party is not None and not found:
        from iopctl.batch.party import unknown_party_message

        raise typer.BadParameter(unknown_party_message(party, known), param_hint="--party")
