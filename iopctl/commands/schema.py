"""`iopctl schema`: the JSON Schema of agreement files, for editors, written from the models."""

from typing import Annotated

import typer


def schema(
    check: Annotated[
        bool, typer.Option("--check", help="Fail (exit 1) if the committed schema is stale instead of writing it.")
    ] = False,
    out: Annotated[str, typer.Option("--out", help="Where to write the schema.")] = "schemas/agreement.schema.json",
) -> None:
    """Write the JSON Schema of agreement files (for editors) from the models.

    Example: iopctl schema --check
    """
    from pathlib import Path

    from iopctl.atomic import write_atomic
    from iopctl.output import error
    from iopctl.schema import schema_text

    target = Path(out)
    text = schema_text()
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            error(f"{target} is {'missing' if current is None else 'stale'}; run: iopctl schema")
            raise typer.Exit(1)
        print(f"{target} is up to date")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    print(f"wrote {target}")
