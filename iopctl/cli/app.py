"""The `iopctl` command line: a thin typer layer; every command imports its work lazily.

Start-up is felt on every commit hook, so nothing here imports more than typer and the
command modules' signatures. Errors the user can fix print one message and exit 1; usage
errors exit 2 (typer); anything else is a bug and shows a traceback.
"""

import gc
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Annotated, Any

import typer

from iopctl import __version__

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


def _with_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose work runs with the garbage collector on (see `main`)."""

    @wraps(fn)
    def work(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # started by main(): start-up is over
            gc.freeze()
            gc.enable()
        return fn(*args, **kwargs)

    return work


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
        app.command(name)(_with_gc(getattr(import_module(COMMANDS[name]), name.replace("-", "_"))))
    return app


def __getattr__(name: str) -> Any:
    """`iopctl.cli.app.app`, with every command, built on first use (for tests and embedding)."""
    if name == "app":
        app = globals()["app"] = build_app()
        return app
    raise AttributeError(name)


_PLUGIN_LOADER = "pydantic.plugin._loader"


def _stand_in(name: str, **answers: Any) -> None:
    """Put a stand-in for module `name` in sys.modules, to be imported only when used.

    The stand-in gives `answers` itself; any other name loads the real module (which then
    replaces the stand-in in sys.modules) and comes from it. A module already loaded is left
    alone. For modules a dependency imports at start but seldom uses (importlib's LazyLoader
    would not do: the `import` statement itself reads the module's spec, which loads it).
    """
    import sys
    import types

    if name in sys.modules:
        return

    def real(attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system asks for __path__ and the like
            raise AttributeError(attribute)
        import importlib

        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in = types.ModuleType(name, "iopctl's stand-in, until the module is used")
    for key, value in answers.items():
        setattr(stand_in, key, value)
    setattr(stand_in, "__getattr__", real)  # noqa: B010 (a module attribute, set as such)
    sys.modules[name] = stand_in


def _skip_plugin_discovery() -> None:
    """Stand in for pydantic's plugin loader while plugins are off.

    The loader imports importlib.metadata at module level (with email, zipfile, csv and
    tempfile: ~10 ms of every `validate`) only to look for plugins, which
    PYDANTIC_DISABLE_PLUGINS turns off. The stand-in answers `get_plugins()` with `()`, as
    pydantic itself does then, and hands any other name to the real module, loaded on first
    use. tests/test_startup.py checks both against the installed pydantic.
    """
    import os

    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ("__all__", "1", "true"):
        _stand_in(_PLUGIN_LOADER, get_plugins=tuple)


def _defer_secrets() -> None:
    """Load `secrets` when it is used, not when pydantic.types imports it.

    pydantic uses it only to compare secret values (SecretStr, which no agreement has), and
    importing it loads hashlib, hmac and OpenSSL: ~5 ms of every `validate`.
    """
    _stand_in("secrets")


def _invoked(args: list[str]) -> Iterable[str]:
    """The commands `main` needs for these arguments: the one named first, else all."""
    if args and args[0] in COMMANDS:
        return (args[0],)
    return COMMANDS


def main() -> None:
    """Console-script entry point with the one error boundary.

    The garbage collector is off while iopctl starts: start-up leaves ~50 000 objects that
    live until exit (typer, pydantic's schema machinery, the model classes), and collections
    would only walk them again. When a command's own work begins they are frozen (never
    walked again) and the collector is on, so cycles made by the work itself (WeasyPrint
    makes ~13 MB of them per PDF) are freed. `gc.freeze()` at exit spares the interpreter's
    final full collection. Together ~45 ms of every start (`make bench`).

    pydantic plugins are off (PYDANTIC_DISABLE_PLUGINS, unless set): iopctl uses none, and
    looking for them reads the metadata of every installed package (~3-7 ms a start);
    `_skip_plugin_discovery` spares the import of the machinery that would look, and
    `_defer_secrets` that of hashlib and OpenSSL, which only secret-valued fields need.
    """
    import os
    import sys

    from iopctl.errors import UserError

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_discovery()
    _defer_secrets()
    from iopctl.signals import Stopped, install

    install()
    gc.disable()
    try:
        build_app(_invoked(sys.argv[1:]))()
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
        gc.freeze()


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
