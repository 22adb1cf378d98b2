"""What `iopctl render` tells: progress on a terminal, each file written, problems, stale outputs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from iopctl.report.console import error

if TYPE_CHECKING:
    from iopctl.batch.outputs import RenderRun
    from iopctl.errors import Problem


@contextmanager
def progress(total: int, fmt: str) -> Iterator[Callable[[], None]]:
    """A transient progress bar on stderr (a terminal, more than one output); yields `advance`."""
    if total <= 1 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    from iopctl.report.console import console

    bar = Progress(console=console(stderr=True), transient=True)
    task = bar.add_task(f"rendering {fmt}", total=total)
    bar.start()
    try:
        yield lambda: bar.advance(task)
    finally:
        bar.stop()


def wrote(path: Path) -> None:
    """Said as it goes: an interrupted batch has told what it wrote."""
    print(f"wrote {path}", flush=True)


def report(run: RenderRun, unplanned: list[Problem], planned: int, fmt: str, out: Path, check: bool) -> int:
    """Problems, stale outputs and a failed write to stderr; the exit code."""
    for p in sorted([*unplanned, *run.problems], key=lambda p: (p.file, p.line, p.col)):
        error(p.text())
    for path in run.stale:
        state = "stale" if path.is_file() else "missing"
        error(f"{path} is {state}; run: iopctl render --format {fmt} --out {out}")
    if run.failed is not None:
        error(f"error: {run.failed}; {len(run.written)} of {planned} written, the rest not")
        return 1
    if check and not run.stale and not run.problems and not unplanned:
        print(f"{planned} {fmt} rendering{'s' if planned != 1 else ''} in {out} up to date")
    return 1 if unplanned or run.problems or run.stale else 0
