"""The one vocabulary for "something is wrong with the input": located findings and user errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; `error` fails validation, `warning` fails only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one file, located at a 1-based line and column."""

    file: str
    line: int
    col: int
    path: str
    message: str
    rule: str = "schema"
    severity: Severity = Severity.ERROR

    def text(self) -> str:
        """The `file:line:col: path: message` form every command prints."""
        where = f"{self.path}: " if self.path else ""
        place = f"{visible(self.file)}:{self.line}:{self.col}"
        return f"{place}: {self.severity}: {where}{visible(self.message)} [{self.rule}]"

    def as_json(self) -> dict[str, Any]:
        """Stable key order for `--format json`."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "severity": str(self.severity),
            "rule": self.rule,
            "message": self.message,
        }


def under_rule(problems: Iterable[Problem], rule: str) -> list[Problem]:
    """A data file's schema problems under its own rule ('series', 'records'), not 'schema'."""
    return [replace(p, rule=rule) if p.rule == "schema" else p for p in problems]


class Portable:
    """An exception that crosses processes whole: unpickled from its `args` and attributes
    without calling `__init__` (the default calls `__init__(*args)`, which fails for one that
    takes other arguments, and the process pool's parent then hangs)."""

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(getattr(self, "__dict__", {}))
        if isinstance(self, OSError):  # its errno is a field of OSError's, not in __dict__
            state["errno"] = self.errno
        return _restore, (type(self), getattr(self, "args", ()), state)


def _restore(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    error = cls.__new__(cls)
    error.args = args
    for name, value in state.items():
        setattr(error, name, value)
    return error


class UserError(Portable, Exception):
    """A problem the user can fix: printed as one message, exit code 1, never a traceback."""


class InputError(UserError):
    """An input file that cannot be used at all; carries its located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


def visible(text: str) -> str:
    """`text` with invisible and control characters written as \\uXXXX, so a message shows them."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)


def github_property(text: str) -> str:
    """`text` escaped as a property of a workflow command (`file=`, `title=`), as GitHub's
    toolkit does: `%`, CR, LF, `:` and `,`, so no name can end the command or add a property."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def github_data(text: str) -> str:
    """`text` escaped as the message of a workflow command: `%`, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_path(path: tuple[str | int, ...]) -> str:
    """`funding.commitments[0].amount` from a path tuple (invisible characters made visible)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = visible(str(part))
            out += f".{part}" if out else part
    return out
