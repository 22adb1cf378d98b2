"""Safe file output: a generated agreement is either complete or absent, never half written.

Readers (a diff, a mail merge, a signing service) may look at an output while we write it, and
a crash or Ctrl-C may stop us anywhere. So every file goes to a temporary sibling first and is
renamed over the target, which POSIX and Windows both do atomically within one folder. File
names come from agreement ids, so they are checked to be portable and to stay in their folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from iopctl.errors import UserError
from iopctl.files.names import is_reserved_name

__all__ = [
    "MAX_STEM_LENGTH",
    "STDOUT",
    "OutputBatch",
    "UnsafePathError",
    "WriteError",
    "check_case_collisions",
    "is_stdout",
    "make_out_dir",
    "safe_output_path",
    "write_atomic",
    "write_output",
]

#: Long enough for any sensible id, short enough that folder + stem + suffix stays far below
#: Windows' 260-character MAX_PATH and the 255-byte name limit of common file systems.
MAX_STEM_LENGTH = 120
#: Ids become file names on Windows, macOS and Linux alike, and are typed in shells: ASCII
#: letters, digits, "-", "_" and "." are the characters all three accept without quoting,
#: escaping or Unicode normalisation surprises (macOS stores names decomposed).
_STEM_CHARS = re.compile(r"[A-Za-z0-9._-]+")
#: A suffix is one or more ".ext" parts: ".md", ".pdf", ".tar.gz".
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,16}){0,3}")


class UnsafePathError(ValueError):
    """An output name that could escape its folder or break on some platform: fix the id."""


@functools.cache
def _process_umask() -> int:
    """The umask, read once: os.umask can only be read by setting it, which races with threads."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable on POSIX; other systems cannot open a folder for it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def make_out_dir(out: Path) -> None:
    """Create the output folder, or a UserError saying why it cannot be written to."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = "it is a file, not a folder" if out.exists() else (exc.strerror or str(exc))
        raise UserError(f"cannot write to {out}: {reason}") from None


STDOUT = "-"
"""An `--out FILE` of '-' is standard output, as for most command-line tools."""


def is_stdout(path: Path | str | None) -> bool:
    """Whether an `--out` value names standard output ('-')."""
    return path is not None and str(path) == STDOUT


def write_output(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """`write_atomic`, or to standard output when `path` is '-' (`is_stdout`)."""
    if is_stdout(path):
        import sys

        sys.stdout.buffer.write(data.encode(encoding) if isinstance(data, str) else data)
        sys.stdout.flush()
        return
    write_atomic(path, data, encoding=encoding)


def write_atomic(path: Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace `path` with `data` all at once, so no reader or crash ever sees a partial file.

    Text is encoded as given, without newline translation, so outputs are byte-identical on
    every platform. The file gets the mode a plain `open()` would give (0o666 minus the
    umask), not mkstemp's 0o600. On any failure, KeyboardInterrupt included, the temporary
    file is removed and the previous content of `path` is left as it was.
    """
    path = Path(path)
    # Encode first: an encoding error must not even create a temporary file.
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    try:
        _write_replace(path, payload)
    except OSError as exc:
        raise WriteError(path, exc) from None
    _fsync_dir(path.parent)


class WriteError(UserError, OSError):
    """An output that could not be written (a read-only folder, a full disk, a folder where the
    file should go): one message naming the path; the previous content is left as it was.
    Still an `OSError`, for callers that catch those."""

    def __init__(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        if isinstance(exc, IsADirectoryError) or (path.is_dir() and not path.is_symlink()):
            reason = "it is a folder"
        elif isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
            reason = f"the folder {path.parent} does not exist"
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.errno = exc.errno

    def __str__(self) -> str:
        return str(self.args[0])


def _write_replace(path: Path, payload: bytes) -> None:
    from iopctl.signals import held

    tmp_name: str | None = None
    try:
        # a stop signal waits until the file is created and named: between mkstemp and the
        # try it would leave the file behind
        with held():
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp_name, 0o666 & ~_process_umask())
        os.replace(tmp_name, path)
    except BaseException:
        if tmp_name is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
        raise


def _check_stem(stem: str) -> None:
    """Raise UnsafePathError naming the first reason `stem` is not a portable file name."""
    reason = None
    if not isinstance(stem, str) or not stem:
        reason = "it is empty"
    elif any(ord(c) < 32 or ord(c) == 127 for c in stem):
        reason = "it contains a control character"
    elif "/" in stem or "\\" in stem:
        reason = "it contains a path separator"
    elif os.path.isabs(stem):
        reason = "it is an absolute path"
    elif stem in (".", ".."):
        reason = "it names a folder"
    elif len(stem) > MAX_STEM_LENGTH:
        reason = f"it is longer than {MAX_STEM_LENGTH} characters"
    elif stem[0] in ".-":
        reason = "it starts with '.' or '-' (hidden file or command-line option)"
    elif stem[-1] in ". ":
        reason = "it ends with '.' or a space, which Windows drops"
    elif not _STEM_CHARS.fullmatch(stem):
        reason = "only ASCII letters, digits, '-', '_' and '.' are allowed"
    elif is_reserved_name(stem):
        reason = "it is a reserved device name on Windows"
    if reason is not None:
        raise UnsafePathError(f"unsafe output name {stem!r}: {reason}")


def safe_output_path(out_dir: Path, stem: str, suffix: str) -> Path:
    """`out_dir/stem+suffix`, refusing names that escape `out_dir` or break on some platform."""
    _check_stem(stem)
    if not _SUFFIX.fullmatch(suffix):
        raise UnsafePathError(f"unsafe output suffix {suffix!r}: expected e.g. '.md' or '.pdf'")
    name = stem + suffix
    out_dir = Path(out_dir)
    base = out_dir.resolve()
    # resolve() follows a symlink already sitting at the target name.
    if not (base / name).resolve().is_relative_to(base):
        raise UnsafePathError(f"unsafe output name {name!r}: it resolves outside {out_dir}")
    return out_dir / name


def _fold(text: str) -> str:
    """The key under which case-insensitive file systems (APFS, NTFS defaults) compare names."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def check_case_collisions(stems: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs (first, later) of stems that name one file on macOS or Windows, e.g. "Lund-A"/"lund-a".

    Exact duplicates are reported too: they would overwrite each other on every system.
    """
    first_seen: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for stem in stems:
        key = _fold(stem)
        if key in first_seen:
            pairs.append((first_seen[key], stem))
        else:
            first_seen[key] = stem
    return pairs


class OutputBatch:
    """Write many outputs so that a failure never leaves a half-written file or a temp file.

    Each file is written atomically as it goes (no cross-file transaction: no file system
    offers one). If the batch stops, the files already written are complete, the failing one
    is absent or unchanged, and the rest are untouched. Writing two outputs to the same name,
    even differing only in case, is refused before anything is overwritten.
    """

    def __init__(self) -> None:
        """Start empty and open."""
        self._written: list[Path] = []
        self._keys: set[str] = set()
        self._closed = False

    def __enter__(self) -> OutputBatch:
        """Use as `with OutputBatch() as batch:`."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the batch; exceptions propagate, since completed files need no rollback."""
        self._closed = True

    @property
    def written(self) -> tuple[Path, ...]:
        """The paths completed so far, in order, for the "wrote …" report."""
        return tuple(self._written)

    def write(self, path: Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
        """Write one output atomically; refuse a second output to the same (case-folded) path."""
        if self._closed:
            raise RuntimeError("OutputBatch.write() after the batch was closed")
        path = Path(path)
        key = _fold(os.path.abspath(path))
        if key in self._keys:
            raise UnsafePathError(f"two outputs of one batch would both be written to {path}")
        write_atomic(path, data, encoding=encoding)
        self._keys.add(key)
        self._written.append(path)
        return path
