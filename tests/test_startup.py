"""Which modules the installed `iopctl` console script loads: start-up stays cheap.

Start-up is felt on every commit hook. `--help` and `--version` load typer and the command
modules' signatures only: not pydantic's schema machinery, not YAML, not rich. `validate` of
one file loads the models and the reader, but none of the rendering, calendar or document
libraries. The real console script runs in a subprocess with `-X importtime`, which lists
every module imported. No timing here: `make bench` measures time against its floors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KALMAR = ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml"
SCRIPT = Path(sys.executable).with_name("iopctl")

HEAVY = frozenset(
    {"jinja2", "weasyprint", "pypandoc", "babel", "holidays", "icalendar", "markdown_it"}
)
"""Needed only to render, to build calendars or to count working days."""
NOT_FOR_HELP = HEAVY | {"rich", "pydantic", "yaml", "stdnum", "dateutil"}
"""`--help` and `--version` need none of these (typer 0.29 imports pydantic to run a command)."""
NOT_FOR_VALIDATE = HEAVY | {"rich", "stdnum"}
"""`validate` prints plain lines (rich is for the tables of other commands) and checks org
numbers with its own Luhn (stdnum's imports cost ~7 ms)."""

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="no iopctl console script installed")


def loaded(*args: str) -> set[str]:
    """Top-level packages the console script imports for `iopctl ARGS` (it must exit 0)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "iopctl.cli" in names, "importtime listed no modules"
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [("--help",), ("--version",)], ids=["help", "version"])
def test_help_and_version_load_only_typer(args: tuple[str, ...]) -> None:
    assert loaded(*args) & NOT_FOR_HELP == set()


def test_validate_of_one_file_loads_no_rendering_or_calendar_library() -> None:
    modules = loaded("validate", str(KALMAR))
    assert {"pydantic", "yaml", "iopctl"} <= modules  # the check really ran
    assert modules & NOT_FOR_VALIDATE == set()
