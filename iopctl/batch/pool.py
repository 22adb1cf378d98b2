"""The processes behind `validate`, `deadlines`, `render --jobs` and `site`: a map in input order, and `Later`.

Workers are forked where the platform can (start-up is then nearly free and the parent's
imports and caches come along), else started the platform's way (spawn on macOS and
Windows, which pickles the task function by its module path: it must be a top-level function).
Workers ignore Ctrl-C and end by SIGTERM's default (`iopctl.signals.worker_init`): the parent
handles the stop and terminates the pool when the `with` block ends. Below `at_least` tasks,
or with one job, the work runs in this process, with the same results.

The pools are multiprocessing's, but for one thing (`_quiet_pool`): its thread that looks
after the workers also wakes whenever a result waits to be read (CPython's `Pool._get_sentinels`
lists the results' pipe since 3.8), and while the result is not yet read it wakes again at
once, so it spins, taking the interpreter's lock from the thread that reads the results: a
site build of 10 000 agreements spent 1.0 CPU-s in it (its main process: 1.5 CPU-s with it,
0.5 without; validation 0.5 CPU-s). Here it wakes only when a worker ends or the pool's own
notifier says so (a task list drained, the pool closed or terminated), as CPython's ThreadPool does.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

__all__ = ["Later", "collector_paused", "pool_map"]

T = TypeVar("T")
R = TypeVar("R")


def pool_map(
    fn: Callable[[T], R], tasks: Sequence[T], jobs: int, *, chunksize: int = 1, at_least: int = 2
) -> Iterator[R]:
    """`fn` over `tasks` in order, over `jobs` processes (at most one a task) when there are
    `at_least` tasks, else here; `chunksize` tasks are handed to a worker at a time."""
    if jobs <= 1 or len(tasks) < at_least:
        yield from map(fn, tasks)
        return
    import multiprocessing as mp

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with _quiet_pool()(min(jobs, len(tasks)), initializer=_worker_start, context=context) as pool:
        yield from pool.imap(fn, tasks, chunksize=chunksize)


@functools.cache
def _quiet_pool() -> type[Any]:
    """multiprocessing's `Pool`, its worker handler woken only by a worker's end or the pool's
    notifier, not by every result (see the module's docstring). Where the pool has no
    notifier (another Python), it is the pool as it is."""
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list[Any]:
            notifier = getattr(self, "_change_notifier", None)
            reader = getattr(notifier, "_reader", None)
            if reader is None:
                found: list[Any] = super()._get_sentinels()  # type: ignore[misc]  # private, CPython's
                return found
            return [reader]

    return QuietPool


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off in this process while a bulk phase holds many objects
    (and in a `Later` process it forks, which holds them too); on again after, as it was.
    Workers of `pool_map` started meanwhile have it as it was outside the outermost pause
    (`_worker_start`; normally on): their objects live for one task.

    A site build that keeps a small part of each of 10 000 agreements spent a third of its main
    process's time in collections walking those parts again and again (1.0 s of 3.5 s, with
    `gc.callbacks`), for no garbage: the parts hold no reference cycles. In the workers the
    collector's 3 % bought nothing back when it was off (measured), so it stays on there, and
    whatever cycles a task makes are freed as before. The objects of start-up are frozen
    already (`iopctl.cli.startup`).
    """
    global _outside
    before, outer = gc.isenabled(), _outside
    if outer is None:
        _outside = before
    gc.disable()
    try:
        yield
    finally:
        _outside = outer
        if before:
            gc.enable()


_outside: bool | None = None
"""Whether the collector was on outside the outermost `collector_paused` (None: no pause);
a forked worker of `pool_map` takes that setting back."""


def _worker_start() -> None:
    """A worker of `pool_map` begins: signals as a worker's, the collector as it was outside a pause."""
    from iopctl.signals import worker_init

    worker_init()
    if _outside:
        gc.enable()


class Later(Generic[R]):
    """`fn(arg)` in one forked process while this one goes on; `get()` waits for its result
    (or raises what it raised). Where the platform cannot fork, `fn` runs here at once. The
    process has this one's memory as it is now, so `fn` may read what a module holds; only
    `arg` and the result are pickled. Use it as a context manager: leaving it ends the process."""

    def __init__(self, fn: Callable[[T], R], arg: T) -> None:
        import multiprocessing as mp

        self._pool: Any = None
        if "fork" not in mp.get_all_start_methods():
            self._value = fn(arg)
            return
        from iopctl.signals import worker_init

        self._pool = _quiet_pool()(1, initializer=worker_init, context=mp.get_context("fork"))
        self._async = self._pool.apply_async(fn, (arg,))

    def get(self) -> R:
        """The result (waiting for it)."""
        if self._pool is None:
            return self._value
        value: R = self._async.get()
        return value

    def __enter__(self) -> Later[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
