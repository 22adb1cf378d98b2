"""`iopctl record`: write down that an event was done, approved, given a date, or paid."""

from pathlib import Path
from typing import Annotated, Any

import typer


def _opt(name: str, help: str, metavar: str = "YYYY-MM-DD") -> Any:
    return typer.Option(name, help=help, show_default=False, metavar=metavar)


def record(
    agreement: Annotated[str, typer.Argument(help="Agreement id (or its file).", show_default=False)],
    key: Annotated[
        str,
        typer.Argument(
            help="Event key, as `iopctl deadlines --keys` shows it; 'remark' with --remark.",
            show_default=False,
        ),
    ],
    done: Annotated[str | None, _opt("--done", "Day it was done (received, held).")] = None,
    approved: Annotated[str | None, _opt("--approved", "Day a report or plan was approved (godkänd).")] = None,
    scheduled: Annotated[str | None, _opt("--scheduled", "Day agreed for an undated event.")] = None,
    paid: Annotated[str | None, _opt("--paid", "Day the money was paid (utbetald); needs --amount.")] = None,
    amount: Annotated[str | None, _opt("--amount", "Kronor paid, e.g. 500000 or 190000.50.", "SUM")] = None,
    remark: Annotated[
        str | None, _opt("--remark", "Day a written remark (anmärkning) was given; KEY 'remark', --by PARTY.")
    ] = None,
    by: Annotated[str | None, _opt("--by", "Who recorded or approved it (a remark: party or unit id).", "NAME")] = None,
    note: Annotated[str | None, _opt("--note", "Anything worth keeping.", "TEXT")] = None,
    folder: Annotated[Path, typer.Option("--in", help="Folder with the agreements.", metavar="DIR")] = Path(
        "agreements"
    ),
) -> None:
    """Record fulfilment in _records/<id>.yaml (atomically, comments and order kept).

    The key is checked against the agreement's events (with a suggestion when it is close),
    a personal identity number (personnummer) in --by or --note is refused, and the new file
    is validated before it replaces the old. Prints what changed; running it again changes
    nothing.

    Example: iopctl record kalmar-kvinnojouren-2025 payment:ersattning:kalmar-kommun:2025:1
    --paid 2025-03-27 --amount 1000000
    """
    from iopctl.cli.options import parse_day
    from iopctl.cli.recording import run

    def day(text: str | None, option: str) -> Any:
        if text is None:
            return None
        if len(text.strip()) == 4:
            raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint=option)
        return parse_day(text, option=option)

    given = {
        "done": day(done, "--done"),
        "approved": day(approved, "--approved"),
        "scheduled": day(scheduled, "--scheduled"),
        "paid": day(paid, "--paid"),
        "remark": day(remark, "--remark"),
    }
    if all(v is None for v in given.values()):
        raise typer.BadParameter("give --done, --approved, --scheduled, --paid or --remark", param_hint="KEY")
    if (paid is None) != (amount is None):
        raise typer.BadParameter("--paid and --amount go together", param_hint="--amount")
    code = run(agreement, key, folder, given, amount=amount, by=by, note=note)
    raise typer.Exit(code)
