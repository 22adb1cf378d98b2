"""`iopctl diff`: what changed between two versions of agreements, and what it does to money and dates."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class DiffFormat(StrEnum):
    """Output formats of diff."""

    text = "text"
    json = "json"
    markdown = "markdown"


def _read_text(text: str, name: str, stem: str) -> Any:
    """An agreement (consolidated) from text, or the located problems (UserError-free)."""
    from iopctl.load.read import _consolidate, validate_text
    from iopctl.model.agreement import Agreement

    result = validate_text(text, name, Agreement, expected_id=stem, positions=False)
    if result.agreement is not None and result.agreement.amendments:
        _consolidate(result)
    return result


def _git(args: list[str]) -> str:
    import subprocess

    from iopctl.errors import UserError

    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed; diff --rev needs it") from None
    if done.returncode != 0:
        raise UserError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


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
    from iopctl.errors import UserError
    from iopctl.report.console import error

    try:
        _diff(paths, rev, format, exit_code)
    except UserError as exc:
        error(str(exc))
        raise typer.Exit(1) from None


def _diff(paths: list[Path] | None, rev: str | None, format: DiffFormat, exit_code: bool) -> None:
    from iopctl.errors import UserError
    from iopctl.load.workspace import workspace_for
    from iopctl.report.console import report_problems, write_json
    from iopctl.versions.diff import semantic_diff

    pairs: list[tuple[str, Any, Any, Path]] = []  # (name, old result or None, new result or None, path)
    if rev is None:
        if not paths or len(paths) != 2:
            raise typer.BadParameter("give OLD and NEW files, or --rev REV", param_hint="PATHS")
        for p in paths:
            if not p.is_file():
                raise typer.BadParameter(f"{p} is not a file", param_hint="PATHS")
        from iopctl.load.read import read_agreement

        a, b = read_agreement(paths[0]), read_agreement(paths[1])
        pairs.append((f"{paths[0]} → {paths[1]}", a, b, paths[1]))
    else:
        from iopctl.load.read import iter_agreement_files, read_agreement

        try:
            _git(["rev-parse", "--is-inside-work-tree"])
        except UserError:
            raise UserError(
                f"{Path.cwd()} is not in a git repository; diff --rev compares a git revision with it"
            ) from None
        targets = paths or [Path("agreements")]
        listed = _git(["ls-tree", "-r", "--name-only", "--full-name", rev, "--", *map(str, targets)]).splitlines()
        top = Path(_git(["rev-parse", "--show-toplevel"]).strip())
        here = Path.cwd().resolve()
        names: dict[str, str | None] = {}  # path as shown → path in the revision (None: not in it)
        for full in listed:
            shown = Path(top / full).resolve()
            rel = str(shown.relative_to(here)) if shown.is_relative_to(here) else str(shown)
            parts = Path(full).parts
            if full.endswith((".yaml", ".yml")) and not any(x.startswith(("_", ".")) for x in parts):
                names[rel] = full
        for p in iter_agreement_files([t for t in targets if t.exists()]):
            names.setdefault(str(p), None)
        for display, in_rev in sorted(names.items()):
            path = Path(display)
            old = _read_text(_git(["show", f"{rev}:{in_rev}"]), f"{rev}:{in_rev}", path.stem) if in_rev else None
            new = read_agreement(path) if path.exists() else None
            pairs.append((display, old, new, path))
    problems = [p for _, a, b, _ in pairs for r in (a, b) if r is not None and r.agreement is None for p in r.problems]
    if problems:
        report_problems(problems)
        raise typer.Exit(1)
    results = []
    for name, a, b, path in pairs:
        ws = workspace_for(path)
        changes = semantic_diff(a.agreement if a else None, b.agreement if b else None, ws.series, ws.policy)
        if changes:
            results.append((name, changes))
    if format == DiffFormat.json:
        write_json({"files": [{"file": n, "changes": [c.as_json() for c in cs]} for n, cs in results]})
    elif not results:
        print("no changes")
    elif format == DiffFormat.markdown:
        out = []
        for name, changes in results:
            out.append(f"### `{name}`\n")
            out.extend(f"- {c.text}" for c in changes)
            out.append("")
        print("\n".join(out).rstrip())
    else:
        for name, changes in results:
            print(name)
            for c in changes:
                print(f"  {c.text}")
    if exit_code and results:
        raise typer.Exit(1)
