"""`--jobs 2` gives what `--jobs 1` gives, byte for byte: validate, deadlines and render through the CLI.

The batches are big enough for the process pool (`iopctl.batch.pool.pool_map`): validate pools
64 files or more, deadlines two tasks of `FILES_PER_TASK` files or more, render two jobs or more.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench.corpus import generate

from iopctl.batch.deadlines import FILES_PER_TASK
from iopctl.batch.pool import pool_map

ROOT = Path(__file__).resolve().parent.parent
COUNT = 2 * FILES_PER_TASK + 10
TODAY = ("--today", "2025-06-01")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = generate(tmp_path_factory.mktemp("pool") / "corpus", COUNT) / "agreements"
    assert sum(1 for _ in folder.rglob("*.yaml")) >= COUNT > 64
    return folder


def iopctl(*args: str | Path) -> tuple[int, bytes, bytes]:
    """Run the installed entry point (`python -m iopctl`) as a user does: exit code, stdout, stderr."""
    env = {**os.environ, "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-m", "iopctl", *map(str, args)], cwd=ROOT, env=env, capture_output=True)
    return done.returncode, done.stdout, done.stderr


def test_pool_map_keeps_the_order_in_processes_and_here() -> None:
    tasks = list(range(40))
    assert list(pool_map(abs, [-t for t in tasks], 2, chunksize=3)) == tasks
    assert list(pool_map(abs, [-t for t in tasks], 1)) == tasks
    assert list(pool_map(abs, [-1], 2)) == [1]  # below `at_least`: no pool


def _big(n: int) -> bytes:
    return bytes(200_000) + n.to_bytes(4, "big")  # larger than a pipe's buffer: read in pieces


def test_the_pools_worker_handler_sleeps_while_results_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    """multiprocessing's own pool wakes its worker handler for every result waiting in the pipe,
    and again at once until it is read: hundreds of rounds for these 300 results (it spins).
    Ours wakes when a worker ends or the pool's notifier says so: a handful of rounds."""
    import multiprocessing as mp
    import multiprocessing.pool

    rounds = [0]
    maintain = multiprocessing.pool.Pool.__dict__["_maintain_pool"].__func__

    def counted(*args: object) -> None:
        rounds[0] += 1  # the handler is Pool's own, for any subclass: counted here
        maintain(*args)

    monkeypatch.setattr(multiprocessing.pool.Pool, "_maintain_pool", staticmethod(counted))
    tasks = list(range(300))
    assert [x[-4:] for x in pool_map(_big, tasks, 2)] == [t.to_bytes(4, "big") for t in tasks]
    quiet, rounds[0] = rounds[0], 0
    with multiprocessing.pool.Pool(2, context=mp.get_context("fork")) as pool:
        assert len(list(pool.imap(_big, tasks))) == len(tasks)
    stock = rounds[0]
    assert quiet < 30, (quiet, stock)
    assert stock > 3 * quiet, (quiet, stock)  # what the quiet pool is for


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_with_two_jobs_equals_one(corpus: Path, fmt: str) -> None:
    # the corpus of invalid files too: many problems, in file order
    args = ("validate", corpus, ROOT / "tests" / "corpus", "--format", fmt, "--show", "info")
    one, two = iopctl(*args, "--jobs", "1"), iopctl(*args, "--jobs", "2")
    assert one[0] == 1 and one[1]
    assert two == one


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_deadlines_with_two_jobs_equals_one(corpus: Path, fmt: str) -> None:
    args = ("deadlines", corpus, "--from", "2020", "--to", "2030", "--format", fmt, *TODAY)
    one, two = iopctl(*args, "--jobs", "1"), iopctl(*args, "--jobs", "2")
    assert one[0] == 0 and one[1].count(b"\n") > COUNT
    assert two == one


def test_render_with_two_jobs_equals_one(corpus: Path, tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        code, stdout, stderr = iopctl("render", corpus, "--format", "md", "--out", out, "--jobs", jobs)
        files = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        outputs.append((code, stdout.replace(str(out).encode(), b"OUT"), stderr, files))
    assert outputs[0][0] == 0 and len(outputs[0][3]) >= COUNT
    assert outputs[1] == outputs[0]


_HELD: list[int] = []
"""What `_from_memory` reads: set before `Later` forks, never pickled."""


def _from_memory(offset: int) -> int:
    if offset < 0:
        from iopctl.files.atomic import WriteError

        raise WriteError(Path("/nowhere/x.html"), PermissionError(13, "Permission denied"))
    return sum(_HELD) + offset + os.getpid() * 0


def _its_pid(_: None) -> int:
    return os.getpid()


def test_later_runs_in_another_process_with_this_ones_memory() -> None:
    from iopctl.batch.pool import Later

    _HELD[:] = [1, 2, 3]
    try:
        with Later(_from_memory, 10) as later:
            assert later.get() == 16
        with Later(_its_pid, None) as other:
            assert other.get() != os.getpid()
    finally:
        _HELD.clear()


def test_later_brings_back_a_write_error_whole() -> None:
    """A worker's `WriteError` reaches the parent as itself (it pickles): message, path, errno."""
    from iopctl.batch.pool import Later
    from iopctl.files.atomic import WriteError

    with Later(_from_memory, -1) as later, pytest.raises(WriteError) as caught:
        later.get()
    assert str(caught.value) == "cannot write /nowhere/x.html: Permission denied"
    assert caught.value.path == Path("/nowhere/x.html") and caught.value.errno == 13


def test_later_runs_here_where_there_is_no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from iopctl.batch.pool import Later

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with Later(_its_pid, None) as later:
        assert later.get() == os.getpid()


def test_every_error_of_ours_crosses_processes_whole() -> None:
    """An error raised in a pool worker is pickled back to the parent: each of ours unpickles
    with its message and attributes (the default would call `__init__` with the message alone
    and hang the pool's parent)."""
    import pickle

    from iopctl.errors import InputError, Problem, UserError
    from iopctl.files.atomic import WriteError
    from iopctl.files.text import YamlProblem
    from iopctl.model.amendments import AmendmentError
    from iopctl.render.markup import RenderError
    from iopctl.render.templates import MissingDependency, TemplateProblem

    problem = Problem("a.yaml", 3, 5, "period.start", "not a date", rule="schema")
    errors: list[BaseException] = [
        UserError("plain"),
        InputError([problem]),
        WriteError(Path("/x/a.html"), PermissionError(13, "Permission denied")),
        YamlProblem(3, 5, "a tab", ("period",)),
        AmendmentError(("amendments", 0), "does not apply"),
        RenderError(("funding",), "cannot be written"),
        TemplateProblem("html.j2", "syntax error", 4, "html.j2"),
        MissingDependency("pandoc is missing"),
    ]
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error), error
        assert vars(back) == vars(error), error


def test_collector_paused_turns_the_collector_off_inside_and_back_as_it_was() -> None:
    import gc

    from iopctl.batch.pool import collector_paused

    was = gc.isenabled()
    try:
        gc.enable()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # off before: off after
        gc.enable()
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError
        assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()


def _collector_on(_: int) -> bool:
    import gc

    return gc.isenabled()


def test_pool_workers_have_the_collector_on_inside_a_pause() -> None:
    """Their objects live for one task: the pause is for the processes that hold them all."""
    import gc

    from iopctl.batch.pool import Later, collector_paused

    with collector_paused():
        assert list(pool_map(_collector_on, [1, 2, 3, 4], 2, at_least=2)) == [True] * 4
        with Later(_collector_on, 0) as later:  # it holds what this process holds: off too
            assert later.get() is False
        assert not gc.isenabled()  # and here it stays off
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused(), collector_paused():  # off outside: the workers keep it off
            assert list(pool_map(_collector_on, [1, 2, 3, 4], 2, at_least=2)) == [False] * 4
    finally:
        gc.enable()


def test_the_site_build_pauses_the_collector_and_restores_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    from datetime import date

    from iopctl.site import build

    seen: list[bool] = []
    real = build._build

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "_build", spy)
    assert gc.isenabled()
    files = sorted(
        p for p in (Path(__file__).parent.parent / "agreements").glob("*.yaml") if not p.name.startswith("_")
    )
    result = build.build_site(files, tmp_path / "site", today=date(2025, 6, 1), internal=False, cache=False)
    assert seen == [False] and not result.problems and result.agreements == len(files)
    assert gc.isenabled()
