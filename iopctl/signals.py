"""Ctrl-C and SIGTERM: stop cleanly, quietly, with the shell's exit codes (130 and 143).

The handlers raise `Stopped`, a BaseException that click does not catch (it would print
"Aborted!" and exit 1 for a KeyboardInterrupt), so every `finally` and the temp-file cleanup of
`iopctl.atomic.write_atomic` run before `cli.main` exits. Worker processes ignore SIGINT (the
terminal sends it to the whole process group; the parent stops them) and die by SIGTERM's
default when the parent's pool terminates them, so neither prints a traceback.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

__all__ = ["Stopped", "install", "worker_init"]


class Stopped(BaseException):
    """Raised in the main thread by SIGINT (exit 130) or SIGTERM (exit 143)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def _stop(signum: int, frame: FrameType | None) -> None:
    # once is enough: a second signal while cleaning up must not interrupt the cleanup
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stopped(signum)


def install() -> None:
    """Turn SIGINT and SIGTERM into `Stopped` (main thread only, as `signal` requires)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)


def worker_init() -> None:
    """A pool worker: the parent handles Ctrl-C; SIGTERM (the pool's terminate) just ends it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
