"""Outputs are whole or absent, keep their folder, and carry portable names."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iopctl.files import atomic
from iopctl.files.atomic import (
    OutputBatch,
    UnsafePathError,
    WriteError,
    check_case_collisions,
    safe_output_path,
    write_atomic,
)
from iopctl.files.names import RESERVED_NAMES

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@pytest.fixture
def set_umask() -> Iterator[Callable[[int], None]]:
    """Run a test under a chosen umask, with the module's cached reading reset around it."""
    original = os.umask(0o022)
    os.umask(original)

    def _set(mask: int) -> None:
        os.umask(mask)
        atomic._process_umask.cache_clear()

    yield _set
    os.umask(original)
    atomic._process_umask.cache_clear()


def _names(folder: Path) -> list[str]:
    """Every entry in the folder, hidden temp files included."""
    return sorted(os.listdir(folder))


# write_atomic ------------------------------------------------------------------------------


@posix_only
def test_write_atomic_bytes_leaves_one_file_with_mode_0644(tmp_path: Path, set_umask: Callable[[int], None]) -> None:
    """Exactly the target, exactly the bytes, and readable by others as plain open() would be."""
    set_umask(0o022)
    target = tmp_path / "avtal.md"
    write_atomic(target, b"hej\n")
    assert _names(tmp_path) == ["avtal.md"]
    assert target.read_bytes() == b"hej\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@posix_only
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o027, 0o640), (0o077, 0o600)])
def test_write_atomic_mode_follows_umask(
    tmp_path: Path, set_umask: Callable[[int], None], mask: int, mode: int
) -> None:
    """0o666 minus the umask, never mkstemp's 0o600."""
    set_umask(mask)
    target = tmp_path / "out.txt"
    write_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_write_atomic_text_is_not_newline_translated(tmp_path: Path) -> None:
    """Text goes out byte for byte: "\\n" stays "\\n", a given "\\r\\n" stays too."""
    target = tmp_path / "a.md"
    write_atomic(target, "rad 1\nrad 2\r\nslut\n")
    assert target.read_bytes() == b"rad 1\nrad 2\r\nslut\n"


def test_write_atomic_text_encoding(tmp_path: Path) -> None:
    """UTF-8 by default; another encoding when asked."""
    target = tmp_path / "a.txt"
    write_atomic(target, "Malmö")
    assert target.read_bytes() == "Malmö".encode()
    write_atomic(target, "Malmö", encoding="latin-1")
    assert target.read_bytes() == b"Malm\xf6"


def test_write_atomic_replaces_existing_file(tmp_path: Path) -> None:
    """A second write replaces the content whole, including a shorter one."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"a much longer previous content\n")
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert _names(tmp_path) == ["a.txt"]


def test_write_atomic_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare file name writes (and makes its temp file) in the current folder."""
    monkeypatch.chdir(tmp_path)
    write_atomic(Path("a.txt"), "x")
    assert _names(tmp_path) == ["a.txt"]


def _raise_oserror(*args: object, **kwargs: object) -> None:
    raise OSError("disk on fire")


def _raise_interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("function", "fault", "expected"),
    [
        ("replace", _raise_oserror, WriteError),
        ("replace", _raise_interrupt, KeyboardInterrupt),
        ("fsync", _raise_oserror, WriteError),
        ("fsync", _raise_interrupt, KeyboardInterrupt),
        ("chmod", _raise_oserror, WriteError),
    ],
)
def test_failure_keeps_previous_content_and_no_temp_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    function: str,
    fault: Callable[..., None],
    expected: type[BaseException],
) -> None:
    """Any failure, Ctrl-C included, leaves the old file as it was and nothing else behind."""
    target = tmp_path / "avtal.md"
    target.write_bytes(b"old\n")
    monkeypatch.setattr(os, function, fault)
    with pytest.raises(expected) as raised:
        write_atomic(target, b"new content\n")
    if expected is WriteError:  # an OSError becomes one message naming the path
        assert str(raised.value) == f"cannot write {target}: disk on fire"
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n"
    assert _names(tmp_path) == ["avtal.md"]


@pytest.mark.parametrize("interrupt", [OSError("ENOSPC"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_previous_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interrupt: BaseException
) -> None:
    """Stopped after part of the data reached the temp file: the target still holds the old text."""
    target = tmp_path / "avtal.md"
    target.write_bytes(b"old\n")
    real_write = os.write
    calls = 0

    def partial_write(fd: int, data: bytes | memoryview) -> int:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise interrupt
        return real_write(fd, bytes(data[:4]))  # a short write, so a second call follows

    monkeypatch.setattr(os, "write", partial_write)
    with pytest.raises(type(interrupt)):
        write_atomic(target, b"0123456789" * 10)
    monkeypatch.undo()
    assert calls == 2
    assert target.read_bytes() == b"old\n"
    assert _names(tmp_path) == ["avtal.md"]


def test_failure_without_previous_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new output that fails is simply absent."""
    monkeypatch.setattr(os, "replace", _raise_oserror)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "new.md", "x")
    monkeypatch.undo()
    assert _names(tmp_path) == []


def test_encoding_error_creates_no_temp_file(tmp_path: Path) -> None:
    """Text that cannot be encoded fails before anything touches the folder."""
    target = tmp_path / "a.txt"
    target.write_bytes(b"old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "\u2212", encoding="latin-1")
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["a.txt"]


def test_target_is_a_directory(tmp_path: Path) -> None:
    """os.replace refuses to replace a folder; the temp file still goes away."""
    (tmp_path / "d").mkdir()
    with pytest.raises(OSError):
        write_atomic(tmp_path / "d", "x")
    assert _names(tmp_path) == ["d"]


@settings(max_examples=300, derandomize=True)
@given(data=st.binary(max_size=4096) | st.text(max_size=1024))
def test_write_atomic_round_trips(data: bytes | str) -> None:
    """Whatever is written is read back exactly, and it is the only file in the folder."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.bin"
        write_atomic(target, data)
        expected = data.encode("utf-8") if isinstance(data, str) else data
        assert target.read_bytes() == expected
        assert os.listdir(folder) == ["out.bin"]


# safe_output_path ----------------------------------------------------------------------------

UNSAFE_STEMS = [
    "../x",
    "/abs",
    "CON",
    "con",
    "con.md",
    "Con.tar.gz",
    "PRN",
    "aux",
    "NUL",
    "nul.txt",
    "COM1",
    "com9.pdf",
    "LPT1",
    "lpt9",
    "com0",
    "LPT0.pdf",
    "a/b",
    "a\\b",
    "",
    ".",
    "..",
    ".hidden",
    "x\x00",
    "x\ty",
    "x\x7f",
    "-rf",
    "-",
    "a" * 200,
    "a" * 121,
    "name.",
    "name ",
    "a b",
    "a:b",
    "C:x",
    "Malmö",
    "x*y",
    "x?y",
    'x"y',
    "x<y>",
    "x|y",
]


@pytest.mark.parametrize("stem", UNSAFE_STEMS)
def test_unsafe_stems_are_refused(tmp_path: Path, stem: str) -> None:
    """Escapes, hidden files, options, Windows device names and non-portable characters."""
    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, stem, ".md")


def test_unsafe_path_error_is_a_value_error() -> None:
    """Callers that catch ValueError for bad input also catch this."""
    assert issubclass(UnsafePathError, ValueError)


@pytest.mark.parametrize(
    "stem",
    [
        "Lund-A",
        "lund_2025",
        "iop-2025-001",
        "v1.2",
        "a.b.c",
        "a" * 120,
        "CONSOLE",
        "console.md",
        "com10",
        "LPT",
        "nullable",
        "x-",
        "x_",
        "_x",
    ],
)
def test_safe_stems_are_accepted(tmp_path: Path, stem: str) -> None:
    """Ordinary ids pass and land directly in the output folder."""
    path = safe_output_path(tmp_path, stem, ".md")
    assert path == tmp_path / f"{stem}.md"


@pytest.mark.parametrize("suffix", ["", ".md", ".pdf", ".tar.gz", ".html"])
def test_safe_suffixes(tmp_path: Path, suffix: str) -> None:
    """No suffix or ordinary extensions."""
    assert safe_output_path(tmp_path, "avtal", suffix).name == f"avtal{suffix}"


@pytest.mark.parametrize("suffix", ["md", "/../x", ".md/..", ". md", "..", ".", ".m\x00d"])
def test_unsafe_suffixes(tmp_path: Path, suffix: str) -> None:
    """The suffix cannot smuggle in what the stem may not contain."""
    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, "avtal", suffix)


@posix_only
def test_symlink_escaping_out_dir_is_refused(tmp_path: Path) -> None:
    """A link already sitting at the target name must not redirect the write outside."""
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "avtal.md").symlink_to(elsewhere / "avtal.md")
    with pytest.raises(UnsafePathError):
        safe_output_path(out, "avtal", ".md")


@posix_only
def test_out_dir_reached_through_a_symlink_is_fine(tmp_path: Path) -> None:
    """Only the final name is confined; the folder itself may be a link."""
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    assert safe_output_path(tmp_path / "link", "a", ".md") == tmp_path / "link" / "a.md"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the property test (hypothesis cannot reuse function-scoped fixtures)."""
    return tmp_path_factory.mktemp("out")


_PORTABLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


@settings(max_examples=300, derandomize=True)
@given(stem=st.text(max_size=130) | st.from_regex(r"[A-Za-z0-9._\- ]{0,12}", fullmatch=True))
def test_any_accepted_stem_is_a_plain_name_in_out_dir(out_dir: Path, stem: str) -> None:
    """Whatever passes is one portable name directly inside the folder; the rest is refused."""
    try:
        path = safe_output_path(out_dir, stem, ".md")
    except UnsafePathError:
        return
    assert path.parent == out_dir
    assert path.name == f"{stem}.md"
    assert _PORTABLE.fullmatch(stem) and not stem.endswith(".")
    assert len(stem) <= atomic.MAX_STEM_LENGTH
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert path.resolve().is_relative_to(out_dir.resolve())


# check_case_collisions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stems", "expected"),
    [
        (["Lund-A", "lund-a"], [("Lund-A", "lund-a")]),
        (["lund-a", "LUND-A", "Lund-a"], [("lund-a", "LUND-A"), ("lund-a", "Lund-a")]),
        (["a", "b", "c"], []),
        ([], []),
        (["a", "a"], [("a", "a")]),
        (["Malm\u00f6", "MALMO\u0308"], [("Malm\u00f6", "MALMO\u0308")]),
        (["x", "Lund-A", "y", "lund-a"], [("Lund-A", "lund-a")]),
    ],
)
def test_case_collisions(stems: list[str], expected: list[tuple[str, str]]) -> None:
    """Names that are one file on macOS/Windows, after NFC and case folding, in input order."""
    assert check_case_collisions(stems) == expected


def test_case_collisions_accepts_any_iterable() -> None:
    """A generator of ids works as well as a list."""
    assert check_case_collisions(s for s in ("A", "a")) == [("A", "a")]


# OutputBatch ---------------------------------------------------------------------------------


def test_batch_writes_files_in_order(tmp_path: Path) -> None:
    """Each write completes at once and is reported in order."""
    with OutputBatch() as batch:
        first = batch.write(tmp_path / "a.md", "A\n")
        batch.write(tmp_path / "b.pdf", b"%PDF")
    assert first == tmp_path / "a.md"
    assert batch.written == (tmp_path / "a.md", tmp_path / "b.pdf")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "A\n"
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF"
    assert _names(tmp_path) == ["a.md", "b.pdf"]


def test_batch_failure_mid_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Done files stay complete, the failing one keeps its old content, later ones are untouched."""
    (tmp_path / "b.md").write_text("old b\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("old c\n", encoding="utf-8")
    real_replace = os.replace

    def fail_on_b(src: str, dst: str | Path) -> None:
        if Path(dst).name == "b.md":
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_b)
    with pytest.raises(KeyboardInterrupt), OutputBatch() as batch:
        for name in ("a.md", "b.md", "c.md"):
            batch.write(tmp_path / name, f"new {name}\n")
    monkeypatch.undo()
    assert batch.written == (tmp_path / "a.md",)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "new a.md\n"
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == "old b\n"
    assert (tmp_path / "c.md").read_text(encoding="utf-8") == "old c\n"
    assert _names(tmp_path) == ["a.md", "b.md", "c.md"]


def test_batch_refuses_two_outputs_to_one_name(tmp_path: Path) -> None:
    """A second output to the same file, even differing in case only, fails before overwriting."""
    with pytest.raises(UnsafePathError), OutputBatch() as batch:
        batch.write(tmp_path / "Lund-A.md", "first\n")
        batch.write(tmp_path / "lund-a.md", "second\n")
    assert (tmp_path / "Lund-A.md").read_text(encoding="utf-8") == "first\n"
    assert _names(tmp_path) == ["Lund-A.md"]


def test_batch_is_closed_after_the_with_block(tmp_path: Path) -> None:
    """Writing after the batch ended is a bug."""
    with OutputBatch() as batch:
        pass
    with pytest.raises(RuntimeError):
        batch.write(tmp_path / "late.md", "x")
    assert _names(tmp_path) == []


@pytest.mark.parametrize("name", sorted(RESERVED_NAMES))
def test_every_reserved_name_is_refused_as_an_id_and_as_a_file_name(tmp_path: Path, name: str) -> None:
    """One list of Windows device names: what the writer refuses, the model refuses as an id."""
    from pydantic_core import PydanticCustomError

    from iopctl.model.scalars import parse_ident

    with pytest.raises(UnsafePathError):
        safe_output_path(tmp_path, name.upper(), ".md")
    with pytest.raises(PydanticCustomError, match="reserved device name"):
        parse_ident(name)
