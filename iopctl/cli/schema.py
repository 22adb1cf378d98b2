"""`iopctl schema`: the JSON Schemas of agreement files and their data files, for editors."""

from typing import Annotated

import typer


def schema(
    check: Annotated[
        bool,
        typer.Option("--check", help="Fail (exit 1) if a committed schema is missing or stale instead of writing."),
    ] = False,
    out: Annotated[
        str,
        typer.Option("--out", help="Where to write the agreement schema; the data files' schemas go beside it."),
    ] = "schemas/agreement.schema.json",
) -> None:
    """Write the JSON Schemas (for editors) from the models: agreements, `_policy.yaml`,
    `_series/*.yaml` and `_records/*.yaml`.

    Example: iopctl schema --check
    """
    from pathlib import Path

    from iopctl.cli.options import check_folder_out
    from iopctl.files.atomic import write_atomic
    from iopctl.model.schema import SCHEMA_NAMES, schema_text
    from iopctl.report.console import error

    check_folder_out(out)  # the data files' schemas go beside it: never one file
    first = Path(out)
    targets = [(first, schema_text(SCHEMA_NAMES[0]))]
    targets += [(first.parent / name, schema_text(name)) for name in SCHEMA_NAMES[1:]]
    if check:
        bad = 0
        for target, text in targets:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != text:
                error(f"{target} is {'missing' if current is None else 'stale'}; run: iopctl schema")
                bad += 1
        if bad:
            raise typer.Exit(1)
        print(f"{len(targets)} schemas in {first.parent} up to date")
        return
    first.parent.mkdir(parents=True, exist_ok=True)
    for target, text in targets:
        write_atomic(target, text)
        print(f"wrote {target}")
