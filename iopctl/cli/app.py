"""The `iopctl` command line: a thin typer layer; every command imports its work lazily.

Start-up is felt on every commit hook, so nothing here imports more than typer and the
command modules' signatures. Errors the user can fix print one message and exit 1; usage
errors exit 2 (typer); anything else is a bug and shows a traceback.
"""

from collections.abc import Iterable
from typing import Annotated, Any

import typer

from iopctl import __version__
from iopctl.cli import startup

COMMANDS = {
    "validate": "iopctl.cli.validate",
    "funding": "iopctl.cli.funding",
    "deadlines": "iopctl.cli.deadlines",
    "status": "iopctl.cli.status",
    "record": "iopctl.cli.record",
    "follow-up": "iopctl.cli.follow_up",
    "render": "iopctl.cli.render",
    "site": "iopctl.cli.site",
    "schema": "iopctl.cli.schema",
    "new": "iopctl.cli.new",
    "renew": "iopctl.cli.renew",
    "diff": "iopctl.cli.diff",
}
"""Every command, in help order: its name and the module with the function of that name."""


def _version(value: bool) -> None:
    if value:
        print(f"iopctl {__version__}")
        raise typer.Exit(0)


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """iopctl: IOP agreements kept as YAML, checked and turned into schedules, calendars and drafts."""


def build_app(names: Iterable[str] = COMMANDS) -> typer.Typer:
    """The typer application with the named commands (all by default).

    `main` builds it with the invoked command only: the others' modules are not imported and
    their options not built (~4.5 ms of every start). Options before a command name, a
    mistyped name and `--help` get every command.
    """
    from importlib import import_module

    app = typer.Typer(
        name="iopctl",
        help="Swedish IOP agreements (idéburet offentligt partnerskap) as code: validate, funding, deadlines, drafts.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        add_completion=False,
        rich_markup_mode=None,
    )
    app.callback()(_root)
    for name in names:
        app.command(name)(startup.with_gc(getattr(import_module(COMMANDS[name]), name.replace("-", "_"))))
    return app


def __getattr__(name: str) -> Any:
    """`iopctl.cli.app.app`, with every command, built on first use (for tests and embedding)."""
    if name == "app":
        app = globals()["app"] = build_app()
        return app
    raise AttributeError(name)


def _invoked(args: list[str]) -> Iterable[str]:
    """The commands `main` needs for these arguments: the one named first, else all."""
    if args and args[0] in COMMANDS:
        return (args[0],)
    return COMMANDS


def main() -> None:
    """Console-script entry point with the one error boundary.

    `startup.begin` and `startup.end` only make the start cheaper (see cli/startup.py).
    """
    import sys

    from iopctl.errors import UserError

    startup.begin()
    from iopctl.signals import Stopped, check, install

    install()
    try:
        try:
            build_app(_invoked(sys.argv[1:]))()
        finally:
            check()  # a stop swallowed on its way (iopctl.signals) still ends the run as a stop
    except UserError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(1) from None
    except Stopped as stop:  # Ctrl-C (130) or SIGTERM (143); temp files are already gone
        if stop.exit_code == 130:
            sys.stderr.write("\ninterrupted\n")
        _quiet_exit(stop.exit_code)
    except BrokenPipeError:  # `iopctl … | head`: the reader left; nothing more to say
        _quiet_exit(1)
    finally:
        startup.end()


def _quiet_exit(code: int) -> None:
    """Exit without the interpreter's own complaint about a stdout it cannot flush."""
    import os
    import sys

    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(code)
