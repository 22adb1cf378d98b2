"""The one process-pool map behind `validate`, `deadlines` and `render --jobs`: results in input order.

Workers are forked where the platform can (start-up is then nearly free and the parent's
imports and caches come along), else started the platform's way (spawn on macOS and
Windows, which pickles the task function by its module path: it must be a top-level function).
Workers ignore Ctrl-C and end by SIGTERM's default (`iopctl.signals.worker_init`): the parent
handles the stop and terminates the pool when the `with` block ends. Below `at_least` tasks,
or with one job, the work runs in this process, with the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

__all__ = ["pool_map"]

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

    from iopctl.signals import worker_init

    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(min(jobs, len(tasks)), initializer=worker_init) as pool:
        yield from pool.imap(fn, tasks, chunksize=chunksize)
