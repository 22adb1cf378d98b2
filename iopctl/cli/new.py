"""`iopctl new`: a new agreement file from the folder's local defaults, asking for what it needs."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from iopctl.versions.starting import Answers


def _ask(value: str | None, question: str, interactive: bool, default: str = "") -> str | None:
    if value is not None or not interactive:
        return value
    answer = str(typer.prompt(question, default=default, show_default=bool(default)))
    return answer.strip() or None


def new(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Id of the new agreement (= its file name).", show_default=False)
    ],
    start: Annotated[str | None, typer.Option("--start", help="First day (YYYY-MM-DD).", show_default=False)] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Last day (YYYY-MM-DD); '-' for open-ended.", show_default=False)
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="The non-profit's name (idéburen part).", show_default=False)
    ] = None,
    partner_id: Annotated[str, typer.Option("--partner-id", help="Id for the non-profit in the file.")] = "ideell-part",
    org_number: Annotated[
        str | None, typer.Option("--org-number", help="The non-profit's organisation number.", show_default=False)
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", help="Kronor per year, e.g. 380000.", show_default=False)
    ] = None,
    folder: Annotated[Path, typer.Option("--folder", help="Agreements folder (with _defaults.yaml).")] = Path(
        "agreements"
    ),
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--input/--no-input",
            help="Prompt for what the flags leave out (default: when on a terminal); --no-input marks it instead.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a new agreement file from the folder's _defaults.yaml, prompting for what it needs.

    On a terminal it asks for the start, end, the non-profit and the amount (each also a
    flag); unattended, what is not given is marked (TODO / needs:), which validate lists as
    *needs a value*. The file validates; an existing file is never overwritten.

    Example: iopctl new lund-exempel-2025 --start 2025-01-01 --end 2027-12-31 --partner "Exempeljouren"
    """
    from iopctl.errors import UserError
    from iopctl.report.console import error, report_problems
    from iopctl.report.newfile import new_file
    from iopctl.versions.newfile import check_and_write
    from iopctl.versions.starting import load_defaults, new_agreement

    _check_id(ident)
    asking = sys.stdin.isatty() if interactive is None else interactive
    defaults, problems = load_defaults(folder)
    if problems:
        report_problems(problems)
        raise typer.Exit(1)
    answers = _answers(ident, start, end, partner, partner_id, org_number, amount, asking)
    target = folder / f"{ident}.yaml"
    try:
        _, found = check_and_write(target, new_agreement(defaults, answers), "New agreement, written by iopctl new.")
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    new_file(target, found)


def _check_id(ident: str) -> None:
    """A usage error when the id cannot be a portable file name."""
    from iopctl.files.atomic import _check_stem

    try:
        _check_stem(ident)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="ID") from None


def _answers(
    ident: str,
    start: str | None,
    end: str | None,
    partner: str | None,
    partner_id: str,
    org_number: str | None,
    amount: str | None,
    interactive: bool,
) -> "Answers":
    """What the new file needs, from the flags or (`interactive`) asked for; usage errors if bad."""
    from decimal import Decimal, InvalidOperation

    from iopctl.cli.options import parse_day
    from iopctl.versions.starting import Answers

    start = _ask(start, "First day (YYYY-MM-DD)", interactive)
    if start is None:
        raise typer.BadParameter("the first day is needed", param_hint="--start")
    end = _ask(end, "Last day (YYYY-MM-DD, '-' for open-ended)", interactive, "-")
    partner = _ask(partner, "The non-profit's name (blank: fill in later)", interactive)
    org_number = _ask(org_number, "Its organisation number (blank: later)", interactive)
    amount = _ask(amount, "Kronor per year (blank: later)", interactive)
    first = parse_day(start, option="--start")
    last = None if end in (None, "-") else parse_day(end, option="--end", end=True)
    money = None
    if amount is not None:
        try:
            money = Decimal(amount.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise typer.BadParameter(f"{amount!r} is not an amount in kronor", param_hint="--amount") from None
    return Answers(ident, first, last, partner, partner_id, org_number, money)
