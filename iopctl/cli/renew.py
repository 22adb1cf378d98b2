"""`iopctl renew`: the next term of an agreement as a new file that names the one it replaces."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class RenewFormat(StrEnum):
    """Output formats of renew."""

    text = "text"
    json = "json"


def find_agreement(ref: str) -> Path:
    """An agreement file from a path or an id (agreements/<id>.yaml); a usage error if neither."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    candidate = Path("agreements") / f"{ref}.yaml"
    if candidate.exists():
        return candidate
    raise typer.BadParameter(f"no agreement file {ref} or {candidate}", param_hint="ID")


def renew(
    agreement: Annotated[
        str, typer.Argument(help="The agreement: its id (agreements/ID.yaml) or file.", show_default=False)
    ],
    start: Annotated[str, typer.Option("--start", help="First day of the new term (YYYY-MM-DD).", show_default=False)],
    end: Annotated[
        str | None,
        typer.Option(
            "--end", help="Last day of the new term (YYYY-MM-DD); leave out for open-ended.", show_default=False
        ),
    ] = None,
    new_id: Annotated[
        str | None,
        typer.Option(
            "--id", help="Id of the new agreement (default: the old id with the new start year).", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write to (default: the old file's folder).", show_default=False),
    ] = None,
    ignore_policy: Annotated[
        bool, typer.Option("--ignore-policy", help="Write even if the new term breaks local policy (_policy.yaml).")
    ] = False,
    format: Annotated[RenewFormat, typer.Option("--format", "-f", help="text or json.")] = RenewFormat.text,
) -> None:
    """Write the next term of an agreement as a new file (ID-YYYY.yaml, `replaces: ID`).

    Parties, obligations, clauses and prose carry over; years and dates move when the term
    moves by whole years, else each is listed as *needs a value*; index base years are kept
    and listed for you; records are not carried. Local policy (term limits) is checked: a
    breach is refused unless --ignore-policy. Never overwrites a file.

    Example: iopctl renew lund-kvinnojouren-2021 --start 2024-01-01 --end 2026-12-31
    """
    from iopctl.cli.options import check_folder_out
    from iopctl.errors import UserError
    from iopctl.load.read import read_agreement
    from iopctl.report.console import error, report_problems
    from iopctl.report.newfile import renewal
    from iopctl.versions.renewing import write_renewal

    check_folder_out(out)
    source = find_agreement(agreement)
    term = _term(start, end)
    result = read_agreement(source)
    if result.agreement is None:
        report_problems(result.problems)
        raise typer.Exit(1)
    ident = _new_id(result.agreement.id, new_id, term[0])
    try:
        renewed = write_renewal(source, result.agreement, term, ident, out, ignore_policy)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    renewal(renewed, format.value)


def _term(start: str, end: str | None) -> tuple[date, date | None]:
    """--start and --end as days (usage errors if not, or if the term ends before it starts)."""
    from iopctl.cli.options import parse_day

    first = parse_day(start, option="--start")
    last = parse_day(end, option="--end", end=True) if end is not None else None
    if last is not None and last < first:
        raise typer.BadParameter(f"{end} is before --start {start}", param_hint="--end")
    return first, last


def _new_id(old: str, given: str | None, first: date) -> str:
    """The new agreement's id: --id, else the old one with the new start year (usage errors)."""
    from iopctl.versions.renewal import default_id

    ident = given or default_id(old, first)
    if ident is None:
        raise typer.BadParameter(f"'{old}' ends in no year to replace; give the new id", param_hint="--id")
    if ident == old:
        raise typer.BadParameter(f"the new id equals the old one ('{ident}')", param_hint="--id")
    return ident
