"""Ctrl-C and SIGTERM: stop cleanly, quietly, with the shell's exit codes (130 and 143).

The handlers raise `Stopped`, a BaseException that click does not catch (it would print
"Aborted!" and exit 1 for a KeyboardInterrupt), so every `finally` and the temp-file cleanup of
`iopctl.files.atomic.write_atomic` run before `cli.main` exits.

A stop is also remembered (`check`): Python runs a handler between any two bytecodes, also
inside a callback that a library calls and whose exceptions it swallows — pydantic turns an
exception raised in a callable discriminator during serialization into a "serializer
warnings" UserWarning and carries on. So the handler silences that warning, and `check` raises
the stop again where iopctl next writes a file (`held`) and when the command ends (`cli.main`);
without it such a stop was lost (the handlers ignore a second signal) and the run ended 0.
Where Python itself cannot raise it (a destructor, a callback from C: "Exception ignored in
…"), the stop is not printed (`sys.unraisablehook`) and `check` raises it the same way.

Worker processes ignore SIGINT (the terminal sends it to the whole process group; the parent
stops them) and die by SIGTERM's default when the parent's pool terminates them, so neither
prints a traceback.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["Stopped", "check", "held", "install", "worker_init"]

_held = 0
_pending: int | None = None
_requested: int | None = None
"""The stop signal received, if any (kept after `Stopped` is raised: see the module's note)."""


class Stopped(BaseException):
    """Raised in the main thread by SIGINT (exit 130) or SIGTERM (exit 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def _stop(signum: int, frame: FrameType | None) -> None:
    global _pending, _requested
    import warnings

    # once is enough: a second signal while cleaning up must not interrupt the cleanup
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _requested = signum
    warnings.filterwarnings("ignore", message="Pydantic serializer warnings", category=UserWarning)
    if _held:
        _pending = signum
        return
    raise Stopped(signum)


@contextmanager
def held() -> Iterator[None]:
    """A stop signal waits until the block ends (then `Stopped` is raised there).

    Python runs a handler in the main thread whichever thread the signal reached, so masking
    the signal is not enough once a process pool has started its threads; this is.
    """
    global _held, _pending
    check()
    _held += 1
    try:
        yield
    finally:
        _held -= 1
        if not _held and _pending is not None:
            signum, _pending = _pending, None
            raise Stopped(signum)


def check() -> None:
    """Raise `Stopped` for a stop signal received earlier (one a library may have swallowed)."""
    if _requested is not None and not _held:
        raise Stopped(_requested)


def install() -> None:
    """Turn SIGINT and SIGTERM into `Stopped` (main thread only, as `signal` requires)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        if sys.unraisablehook is not _unraisable:
            global _previous_hook
            _previous_hook = sys.unraisablehook
            sys.unraisablehook = _unraisable


_previous_hook = sys.unraisablehook


def _unraisable(unraisable: Any) -> None:
    """A `Stopped` Python could not raise is remembered already (`check` raises it): not printed."""
    if isinstance(unraisable.exc_value, Stopped):
        return
    _previous_hook(unraisable)


def worker_init() -> None:
    """A pool worker: the parent handles Ctrl-C; SIGTERM (the pool's terminate) just ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
