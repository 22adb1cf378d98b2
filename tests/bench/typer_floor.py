"""A reference for the start-up table: the least a typer 0.29 command with pydantic models costs.

`python typer_floor.py cmd FILE` runs one command with iopctl's parameter shapes (a list of
paths, two enum options, an int option, an optional path): typer 0.29 builds a pydantic
TypeAdapter for each non-flag parameter when the command runs, which imports pydantic's
schema machinery. With `--model`, the command also defines one small frozen model with a
validator and validates a dict, the least any pydantic-backed `validate` does.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, pretty_exceptions_show_locals=False, rich_markup_mode=None)


class Format(StrEnum):
    text = "text"
    json = "json"


@app.callback()
def _root() -> None:
    """Reference app."""


@app.command()
def cmd(
    paths: Annotated[list[Path] | None, typer.Argument()] = None,
    format: Annotated[Format, typer.Option("--format")] = Format.text,
    show: Annotated[Format, typer.Option("--show")] = Format.text,
    jobs: Annotated[int, typer.Option("--jobs", min=0)] = 0,
    templates: Annotated[Path | None, typer.Option("--templates")] = None,
    model: Annotated[bool, typer.Option("--model")] = False,
) -> None:
    """Read the files; with --model also validate one small pydantic model."""
    for p in paths or []:
        p.read_bytes()
    if model:
        from pydantic import BaseModel, BeforeValidator, ConfigDict

        class Small(BaseModel):
            model_config = ConfigDict(extra="forbid", frozen=True)
            id: Annotated[str, BeforeValidator(str)]
            n: int = 0

        Small.model_validate({"id": "x", "n": 1})


if __name__ == "__main__":
    sys.exit(app())
