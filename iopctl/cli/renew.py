"""`iopctl renew`: the next term of an agreement as a new file that names the one it replaces."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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
    from iopctl.cli.options import parse_day
    from iopctl.errors import UserError
    from iopctl.load.read import read_agreement
    from iopctl.report.console import error, report_problems, write_json
    from iopctl.versions.newfile import check_and_write
    from iopctl.versions.renewal import default_id
    from iopctl.versions.renewal import renew as renew_data

    source = find_agreement(agreement)
    first = parse_day(start, option="--start")
    last = parse_day(end, option="--end", end=True) if end is not None else None
    if last is not None and last < first:
        raise typer.BadParameter(f"{end} is before --start {start}", param_hint="--end")
    result = read_agreement(source)
    if result.agreement is None:
        report_problems(result.problems)
        raise typer.Exit(1)
    old = result.agreement
    ident = new_id or default_id(old.id, first)
    if ident is None:
        raise typer.BadParameter(f"'{old.id}' ends in no year to replace; give the new id", param_hint="--id")
    if ident == old.id:
        raise typer.BadParameter(f"the new id equals the old one ('{ident}')", param_hint="--id")
    renewal = renew_data(old, first, last, ident)
    target = (out or source.parent) / f"{ident}.yaml"
    header = f"Renewal of {old.id} ({source.name}), written by iopctl renew; see `needs:` for what to supply."
    try:
        check_policy(target, renewal.data, ignore_policy)
        _, problems = check_and_write(target, renewal.data, header)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    problems.sort(key=lambda p: (p.line, p.col))
    if format == RenewFormat.json:
        write_json(
            {
                "file": str(target),
                "replaces": old.id,
                "moved_years": renewal.moved_years,
                "problems": [p.as_json() for p in problems],
            }
        )
    else:
        report_problems(problems)
        moved = (
            f"dates moved {renewal.moved_years} years"
            if renewal.moved_years is not None
            else "dates not moved (the term is not the old one moved by whole years)"
        )
        print(f"wrote {target} (replaces {old.id}; {moved}; {len(renewal.needs)} values to supply or check)")


def check_policy(target: Path, data: dict[str, Any], ignore_policy: bool) -> None:
    """The local-policy check before writing (term-limit findings refuse, unless ignored)."""
    from iopctl.errors import UserError
    from iopctl.load.data_files import policy_for
    from iopctl.model.agreement import Agreement
    from iopctl.rules.guidance import term_limit
    from iopctl.rules.registry import Context

    policy, _ = policy_for(target)
    breaches = list(term_limit(Agreement.model_validate(data), Context(data=data, policy=policy)))
    if breaches and not ignore_policy:
        raise UserError(
            f"not written: {target}: " + "; ".join(f.message for f in breaches) + " (--ignore-policy writes it anyway)"
        )
