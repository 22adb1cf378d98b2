"""The outputs of a render plan written, or with --check compared with those already there.

Each output is written atomically as its outcome arrives, and said as it goes (`wrote`), so
an interrupted batch has told what it wrote and left complete files and no temporary ones;
a write that fails stops the batch, the files written so far staying complete. With
--check nothing is written: an output whose file is missing or differs is stale.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iopctl.batch.render import Job, render_all
from iopctl.errors import Problem
from iopctl.files.atomic import OutputBatch, WriteError

__all__ = ["RenderRun", "processes", "write_or_check"]


@dataclass(slots=True)
class RenderRun:
    """What writing (or checking) the outputs of a plan came to."""

    written: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    """With --check: outputs whose file is missing or differs."""
    problems: list[Problem] = field(default_factory=list)
    """Of the agreements that rendered nothing."""
    failed: WriteError | None = None
    """The write that stopped the batch."""


def processes(fmt: str, jobs: int) -> int:
    """Processes to render with: `jobs`, else all CPUs for PDF (CPU-bound) and one otherwise."""
    return jobs or ((os.cpu_count() or 1) if fmt == "pdf" else 1)


def write_or_check(
    planned: list[Job],
    jobs: int,
    *,
    check: bool,
    advance: Callable[[], None],
    wrote: Callable[[Path], None],
) -> RenderRun:
    """Render the jobs; write each output (calling `wrote`) or, with `check`, compare it.

    `advance` is called once a job, for a progress bar.
    """
    run = RenderRun()
    with OutputBatch() as batch:
        for outcome in render_all(planned, jobs):
            advance()
            if outcome.data is None:
                run.problems.extend(outcome.problems)
                continue
            for name, data in [(outcome.job.out, outcome.data), *outcome.extra]:
                target = Path(name)
                if check:
                    if not target.is_file() or target.read_bytes() != data:
                        run.stale.append(target)
                    continue
                try:
                    run.written.append(batch.write(target, data))
                except WriteError as exc:
                    run.failed = exc  # the files written so far stay complete
                    return run
                wrote(target)
    return run
