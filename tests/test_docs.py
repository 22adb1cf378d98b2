"""Guard: every command has help text with an example and is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    "validate",
    "funding",
    "deadlines",
    "status",
    "record",
    "follow-up",
    "render",
    "site",
    "schema",
    "new",
    "renew",
    "diff",
]
runner = CliRunner()


def test_every_registered_command_is_listed_here() -> None:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert names == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_with_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example: iopctl " + command in " ".join(result.output.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_in_readme(command: str) -> None:
    assert f"`iopctl {command}" in README


@pytest.mark.parametrize(
    "option",
    [
        "--format",
        "--strict",
        "--by",
        "--within",
        "--needs-date",
        "--remind",
        "--check",
        "--today",
        "--jobs",
        "--out",
        "--party",
        "--keys",
    ],
)
def test_options_are_in_readme(option: str) -> None:
    assert option in README


def test_readme_first_two_commands_are_run_and_test() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    first = [line.split("#")[0].strip() for line in blocks[0].splitlines() if line.strip()]
    assert first[:2] == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_version() -> None:
    result = runner.invoke(app, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.startswith("iopctl ")


def test_no_arguments_shows_usage() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 2 and "Usage" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", "--nope"])
    assert result.exit_code == 2
