"""The build's record of what it wrote: skip what is known unchanged, remove what is no longer built.

The output folder holds `.iopctl-site.json`, written last by every build: for each file the
build produced, the SHA-256 of its bytes and, for the costly ones (pages, the workbook), a key
made from everything the file is made from (its template context or rows, and the code,
`iopctl.site.cache.code_key`).
The next build

- does not make a file again whose key is the same when the file on disk still has the bytes
  the manifest records (a file changed by hand is made and written again);
- writes a file only when its bytes differ from those on disk, atomically (a temporary sibling
  renamed over it: a web server never serves half a page) but without `fsync` per file, which
  costs ~10 ms a file and would make a first build of 10 000 agreements take minutes. Only the
  manifest is written durably (`iopctl.files.atomic`), last: after a crash, a file whose bytes
  are not those the manifest records is made and written again by the next build;
- removes a file the earlier build wrote and this one does not (an agreement deleted or
  renamed), but only when it still has the bytes recorded: a file the build did not write
  (rendered documents, a hand-made page) or one changed since is never deleted, it is kept and
  reported. Names in the manifest are checked to stay inside the output folder.

A missing or unreadable manifest only means that nothing is skipped and nothing is removed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, Protocol

__all__ = [
    "MANIFEST",
    "STAGING",
    "Staged",
    "Tally",
    "Writer",
    "digest",
    "digest_bytes",
    "file_sha",
    "seen_of",
    "stage",
    "stage_chunks",
]

MANIFEST = ".iopctl-site.json"
STAGING = ".iopctl-staging"
"""Where the workers put the files they made until the build is known good (`stage`)."""
_FORMAT = 1


def digest(*parts: object) -> str:
    """A key for the things a file is made from (their `repr`, which is stable for the plain
    data the pages and the workbook are made of: str, Decimal, date, dict, list, dataclasses)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def digest_bytes(data: bytes) -> str:
    """The SHA-256 of bytes, as the manifest records a file's."""
    return hashlib.sha256(data).hexdigest()


def file_sha(path: Path) -> str | None:
    """The SHA-256 of the file's bytes, read a block at a time; None when there is none."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _inside(name: str) -> bool:
    """A manifest name the build could have written: relative, no '..', no hidden parts."""
    p = PurePosixPath(name)
    return (
        bool(p.parts)
        and not p.is_absolute()
        and "\\" not in name
        and all(part not in ("", "..") and not part.startswith(".") for part in p.parts)
    )


class Tally(Protocol):
    """What a build reports (`iopctl.site.build.BuildResult`)."""

    written: list[str]
    unchanged: int
    removed: list[str]
    kept: list[str]


class Staged(NamedTuple):
    """A file a worker made: its name, the SHA-256 of its bytes, its key, the staged file to
    rename over it (None: the file on disk has these bytes already), and the size and
    modification time (ns) the file has once in place (renaming keeps them)."""

    name: str
    sha256: str
    key: str
    tmp: str | None
    seen: tuple[int, int] | None = None
    written: bool = False
    """Written in place already (`stage(direct=True)`)."""


def stage(
    out: Path,
    old: dict[str, str] | None,
    name: str,
    key: str,
    produce: Callable[[], bytes | str],
    *,
    direct: bool = False,
) -> Staged:
    """`Writer.make` for a worker: the file is made (unless `old`, its entry in the last
    manifest, has the same key and the file still has those bytes) and, when its bytes differ
    from those on disk, written to `out/STAGING` for `Writer.adopt` to put in place once the
    whole build is known good (a file with errors builds nothing). `direct`: the output folder
    is this build's own (it did not exist), so the file is put in place at once (atomically);
    a build that fails removes the whole folder."""
    import tempfile

    from iopctl.files.atomic import WriteError

    path = out / name
    if old is not None and key and old.get("key") == key:
        try:
            if digest_bytes(path.read_bytes()) == old.get("sha256"):
                return Staged(name, old["sha256"], key, None, seen_of(path))
        except OSError:
            pass
    data = produce()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    sha = digest_bytes(payload)
    if direct:
        return Staged(name, sha, key, None, _create(path, payload), written=True)
    try:
        if path.read_bytes() == payload:
            return Staged(name, sha, key, None, seen_of(path))
    except OSError:
        pass
    try:
        fd, tmp = tempfile.mkstemp(dir=out / STAGING, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())
    except OSError as exc:
        raise WriteError(path, exc) from None
    return Staged(name, sha, key, tmp, seen_of(Path(tmp)))


def stage_chunks(out: Path, name: str, chunks: Callable[[], Iterable[bytes]], *, direct: bool = False) -> Staged:
    """`stage` of the bytes the iterables `chunks()` give together, never one string in memory
    (a calendar or JSON document of 10 000 agreements), for `Writer.adopt`: hashed first and
    compared with the file there (unchanged: nothing written), else streamed to `out/STAGING`,
    or, `direct`, in place (see `stage`). It may run in a process of its own (`Later`): it
    writes nothing outside `STAGING` but in a folder the build made, which a failure removes."""
    import contextlib
    import tempfile

    from iopctl.files.atomic import WriteError

    path = out / name
    there = None if direct else file_sha(path)
    if there is not None:
        h = hashlib.sha256()
        for chunk in chunks():
            h.update(chunk)
        if h.hexdigest() == there:
            return Staged(name, there, "", None, seen_of(path))
    h = hashlib.sha256()
    target = path
    try:
        if direct:
            fd = os.open(path, _IN_PLACE, 0o666)
        else:
            fd, tmp = tempfile.mkstemp(dir=out / STAGING, suffix=".tmp")
            target = Path(tmp)
    except OSError as exc:
        raise WriteError(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks():
                h.update(chunk)
                f.write(chunk)
        if not direct:
            os.chmod(target, 0o666 & ~_umask())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise
    if direct:
        return Staged(name, h.hexdigest(), "", None, seen_of(path), written=True)
    return Staged(name, h.hexdigest(), "", str(target), seen_of(target))


def seen_of(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time in nanoseconds (None when it is gone)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class Writer:
    """Writes a file only when its bytes differ, records it, and ends the build (`finish`)."""

    def __init__(self, out: Path, result: Tally) -> None:
        self.out = out
        self.result = result
        self.old = _load(out)
        self.new: dict[str, dict[str, str]] = {}
        self.staged: dict[str, str] = {}

    def adopt(self, made: Staged) -> None:
        """A file a worker made (`stage`): recorded, and put in place by `finish`."""
        self.new[made.name] = {"sha256": made.sha256, "key": made.key}
        if made.written:
            self.staged.pop(made.name, None)
            self.result.written.append(made.name)
        elif made.tmp is None:
            self.staged.pop(made.name, None)
            self.result.unchanged += 1
        else:
            self.staged[made.name] = made.tmp

    def put(self, name: str, data: bytes | str, key: str = "") -> None:
        """`data` as `name`, written only when different from what is there."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self.new[name] = {"sha256": digest_bytes(payload), "key": key}
        path = self.out / name
        try:
            if path.read_bytes() == payload:
                self.result.unchanged += 1
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, payload)
        self.result.written.append(name)

    def make(self, name: str, key: str, produce: Callable[[], bytes | str]) -> None:
        """`produce()` as `name`, unless the last build made it from the same `key` and the
        file still has the bytes it wrote then."""
        old = self.old.get(name)
        if old is not None and old.get("key") == key:
            try:
                same = digest_bytes((self.out / name).read_bytes()) == old.get("sha256")
            except OSError:
                same = False
            if same:
                self.new[name] = {"sha256": old["sha256"], "key": key}
                self.result.unchanged += 1
                return
        self.put(name, produce(), key)

    def finish(self) -> None:
        """Remove what the last build wrote and this one did not; write the manifest."""

        from iopctl.files.atomic import WriteError, write_atomic

        for name, tmp in self.staged.items():
            path = self.out / name
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, path)
            except OSError as exc:
                raise WriteError(path, exc) from None
            self.result.written.append(name)
        self.staged.clear()
        for name in sorted(set(self.old) - set(self.new)):
            path = self.out / name
            if not path.resolve().is_relative_to(self.out.resolve()):
                self.result.kept.append(name)
                continue
            try:
                info = path.lstat()
                ours = stat.S_ISREG(info.st_mode) and digest_bytes(path.read_bytes()) == self.old[name].get("sha256")
            except OSError:
                continue  # gone already
            if not ours:
                self.result.kept.append(name)
                continue
            path.unlink()
            self.result.removed.append(name)
        body = {"format": _FORMAT, "files": {n: self.new[n] for n in sorted(self.new)}}
        write_atomic(self.out / MANIFEST, (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8"))


_IN_PLACE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | getattr(os, "O_BINARY", 0)
"""How a file in a folder the build made is opened: written in place (`_create`, `stage_chunks`)."""


def _create(path: Path, payload: bytes) -> tuple[int, int]:
    """`path` written with `payload` in place; its size and modification time.

    For a folder the build made itself (`stage(direct=True)`): nobody serves or reads it
    before the build ends, and a build that fails removes it, so the file is written in place,
    without the temporary sibling and rename that `_replace` needs for a file in use (a
    third of the time a file costs). It may be there already only because this build made it
    (a page made again, `iopctl.site.build._relink`). The mode is the one a plain `open()` gives."""
    import contextlib

    from iopctl.files.atomic import WriteError

    made = False
    try:
        fd = os.open(path, _IN_PLACE, 0o666)
        made = True
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        info = os.stat(path)  # after close: a network file system may set the time then
    except BaseException as exc:
        if made:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise
    return info.st_size, info.st_mtime_ns


def _replace(path: Path, payload: bytes) -> None:
    """`path` replaced by `payload` at once (temporary sibling, renamed), with the mode a plain
    `open()` gives; not flushed to disk (see the module's note). Failures are `WriteError`."""
    import contextlib
    import tempfile

    from iopctl.files.atomic import WriteError
    from iopctl.signals import held

    tmp: str | None = None
    try:
        with held():  # a stop between mkstemp and the try would leave the file behind
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(path, exc) from None
        raise


@functools.cache
def _umask() -> int:
    """The umask, read once (it can only be read by setting it)."""

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _load(out: Path) -> dict[str, dict[str, str]]:
    try:
        body: Any = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(body, dict) or body.get("format") != _FORMAT or not isinstance(body.get("files"), dict):
        return {}
    return {
        name: entry
        for name, entry in body["files"].items()
        if isinstance(name, str) and _inside(name) and isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
    }
