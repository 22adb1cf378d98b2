"""Start-up tricks for the console script: alone, so that deleting them costs only time.

Start-up is felt on every commit hook. `main` in cli/app.py calls `begin` first and `end`
last, and `build_app` wraps each command in `with_gc`; without these three calls (and this
module) iopctl behaves the same, only ~60 ms slower a start (`make bench`).

The garbage collector is off while iopctl starts: start-up leaves ~50 000 objects that
live until exit (typer, pydantic's schema machinery, the model classes), and collections
would only walk them again. When a command's own work begins they are frozen (never
walked again) and the collector is on, so cycles made by the work itself (WeasyPrint
makes ~13 MB of them per PDF) are freed. `gc.freeze()` at exit spares the interpreter's
final full collection. Together ~45 ms of every start.

pydantic plugins are off (PYDANTIC_DISABLE_PLUGINS, unless set): iopctl uses none, and
looking for them reads the metadata of every installed package (~3-7 ms a start);
`_skip_plugin_discovery` spares the import of the machinery that would look, and
`_defer_secrets` that of hashlib and OpenSSL, which only secret-valued fields need.
tests/test_startup.py checks the stand-ins against the installed pydantic.
"""

import gc
from collections.abc import Callable
from functools import wraps
from typing import Any

_PLUGIN_LOADER = "pydantic.plugin._loader"


def begin() -> None:
    """Before anything else is imported: plugins off, the stand-ins in place, the collector off."""
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_discovery()
    _defer_secrets()
    gc.disable()


def with_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A command whose work runs with the garbage collector on (start-up's objects frozen)."""

    @wraps(fn)
    def work(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():  # started by main(): start-up is over
            gc.freeze()
            gc.enable()
        return fn(*args, **kwargs)

    return work


def end() -> None:
    """At exit: nothing left for the interpreter's final full collection to walk."""
    gc.freeze()


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
    use.
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
