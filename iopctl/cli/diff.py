"""`iopctl diff`: what changed between two versions of agreements, and what it does to money and dates."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from iopctl.batch.revisions import Pair


class DiffFormat(StrEnum):
    """Output formats of diff."""

    text = "text"
    json = "json"
    markdown = "markdown"


def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="OLD NEW (two files), or with --rev the files or folders to compare.", show_default=False),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev", help="Compare this git revision (e.g. HEAD~1, main) with the working tree.", show_default=False
        ),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, json or markdown (for a PR comment).")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are changes (like git diff --exit-code).")
    ] = False,
) -> None:
    """The semantic change between two versions: fields, money per year, deadlines, prose words.

    Both versions are compared as amended (tilläggsavtal applied). Prints only "no changes"
    when there are none. Exit 0 (also with changes) unless --exit-code; 1 for bad input.

    Example: iopctl diff old.yaml new.yaml; iopctl diff --rev HEAD~1 --format markdown
    """
    from iopctl.batch.revisions import changed, unreadable
    from iopctl.errors import UserError
    from iopctl.report.console import error, report_problems
    from iopctl.report.diff import write

    try:
        pairs = _pairs(paths, rev)
        problems = unreadable(pairs)
        if problems:
            report_problems(problems)
            raise typer.Exit(1)
        results = changed(pairs)
        write(results, format.value)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None
    if exit_code and results:
        raise typer.Exit(1)


def _pairs(paths: list[Path] | None, rev: str | None) -> list["Pair"]:
    """The versions to compare: OLD and NEW files (usage errors if not), or those of --rev."""
    from iopctl.batch.revisions import file_pair, revision_pairs

    if rev is not None:
        return revision_pairs(rev, paths)
    if not paths or len(paths) != 2:
        raise typer.BadParameter("give OLD and NEW files, or --rev REV", param_hint="PATHS")
    for p in paths:
        if not p.is_file():
            raise typer.BadParameter(f"{p} is not a file", param_hint="PATHS")
    return [file_pair(paths[0], paths[1])]
