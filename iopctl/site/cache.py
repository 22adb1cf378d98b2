"""What each agreement gave the last build, reused while everything it was made from is the same.

A rebuild of the register reads, checks and works out only the agreements whose inputs
changed; for the others it takes what the last build kept (the index row, the sums, the
lane of the timeline, the workbook's rows, the 360Giving grant) and the files it wrote then
(the page, the calendar and the JSON file, still on disk). An agreement is taken from the
cache only when all of these are as they were:

- the code: iopctl's version and every one of its source files, the site's templates, the
  versions of Python and of the libraries the output depends on (`code_key`);
- the build: the output folder, `--today` (statuses, phases and calendar stamps depend on
  the day, so a build on another day works everything out again) and `--internal`;
- the agreement file's bytes, and its folder's companions: the governing `_policy.yaml`,
  every file of `_series/`, which `_records/` folder and templates folder govern it and the
  templates' names there (`Inputs.folder_key`);
- its `_records/<id>.yaml` (present or not, and its bytes), and which rendered documents
  (`<id>.pdf`, `.docx`, `.html`) are beside the site;
- its files in the output folder: each still has the size and modification time (in
  nanoseconds) it had when the last build ended, as `git` and `make` decide, so a page
  edited or deleted by hand is made again.

The outcome of reading and checking a file depends on nothing else, so a file taken from
the cache is refused or accepted exactly as a fresh read would be (only files of a build
without problems are kept). Decision: the cache is a file in the user's cache folder
(`$XDG_CACHE_HOME/iopctl/site/`, else `~/.cache/iopctl/site/`), one per output folder and
build kind, not in the output folder: it is pickled Python data, and a folder that is
published or shared must not hold something that runs code when it is loaded. A cache that
is missing, unreadable, from another version or damaged only means that everything is
worked out again; one that cannot be written is skipped silently (it saves time, nothing
else). The folder keeps the caches of the 16 output folders built last, none older than 60
days (`prune`). `iopctl site --no-cache` neither reads nor writes it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iopctl.site.manifest import MANIFEST, digest_bytes, file_sha, seen_of

__all__ = [
    "DOC_SUFFIXES",
    "KEEP_CACHES",
    "KEEP_DAYS",
    "Cached",
    "Inputs",
    "SiteCache",
    "cache_folder",
    "code_key",
    "prune",
]

_FORMAT = 2
_DISTRIBUTIONS = ("jinja2", "markupsafe", "openpyxl", "pydantic", "pydantic-core", "pyyaml", "python-dateutil")
DOC_SUFFIXES = (".pdf", ".docx", ".html")
"""The rendered documents (`iopctl render --out`) an agreement's page links when they are beside the site."""


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/iopctl/site`, else `~/.cache/iopctl/site`."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "iopctl" / "site"


@functools.cache
def code_key() -> str:
    """iopctl's version and source files, the site's templates, Python's and the libraries' versions."""
    from importlib import metadata

    import iopctl
    from iopctl.files.discover import SHIPPED_TEMPLATES

    h = hashlib.sha256(f"{_FORMAT}\0{iopctl.__version__}\0{sys.version}\0".encode())
    for dist in _DISTRIBUTIONS:
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=-\0".encode())
    package = Path(iopctl.__file__).parent
    site_templates = SHIPPED_TEMPLATES / "site"
    for root in (package, site_templates):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
            h.update(str(path.relative_to(root)).encode("utf-8", "surrogatepass") + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def _file_sha(path: Path | None) -> str:
    """The SHA-256 of a file's bytes; '-' when there is no file."""
    return (file_sha(path) if path is not None else None) or "-"


class Inputs:
    """What a build's agreements are made from, found once per folder (`folder_key`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._folders: dict[str, tuple[str, Path | None]] = {}

    def _folder(self, path: Path) -> tuple[str, Path | None]:
        written = os.path.dirname(path)
        found = self._folders.get(written)
        if found is None:
            from iopctl.files.discover import (
                POLICY_FILE,
                find_beside,
                records_dir,
                series_dir,
                template_names,
                templates_dir,
            )

            h = hashlib.sha256(str(path.parent.resolve()).encode("utf-8", "surrogatepass"))
            policy = find_beside(path, POLICY_FILE)
            h.update(f"\0policy {policy}\0{_file_sha(policy)}".encode("utf-8", "surrogatepass"))
            series = series_dir(path)
            h.update(f"\0series {series}".encode("utf-8", "surrogatepass"))
            if series is not None and series.is_dir():
                for item in sorted(series.iterdir()):
                    h.update(f"\0{item.name}\0{_file_sha(item)}".encode("utf-8", "surrogatepass"))
            records = records_dir(path)
            templates = templates_dir(path)
            names = ",".join(sorted(template_names(templates)))
            h.update(f"\0records {records}\0templates {templates}\0{names}".encode("utf-8", "surrogatepass"))
            found = self._folders[written] = (h.hexdigest(), records)
        return found

    def key(self, path: Path, data: bytes | None = None) -> str | None:
        """The key of the file's bytes (`data`, else read) and its folder's companions; None
        when it cannot be read."""
        if data is None:
            from iopctl.load.read import read_file_bytes

            data, _ = read_file_bytes(path, str(path))
            if data is None:
                return None
        folder, _ = self._folder(path)
        return digest_bytes(folder.encode() + b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0" + data)

    def records(self, path: Path, agreement_id: str) -> str:
        """The SHA-256 of the agreement's `_records/<id>.yaml`, '-' when there is none."""
        _, folder = self._folder(path)
        return "-" if folder is None else _file_sha(folder / f"{agreement_id}.yaml")

    def docs(self, agreement_id: str, *, none: bool = False) -> tuple[bool, ...]:
        """Which rendered documents are beside the site (its page links them); `none`: the
        caller knows there are none (the folder is the build's own)."""
        if none:
            return (False,) * len(DOC_SUFFIXES)
        return tuple((self.out / f"{agreement_id}{suffix}").is_file() for suffix in DOC_SUFFIXES)


@dataclass(slots=True)
class Cached:
    """One agreement as the last build left it."""

    key: str
    id: str
    records: str
    docs: tuple[bool, ...]
    files: dict[str, tuple[int, int] | None]
    """Each of its files in the output folder: size and modification time when the build ended."""
    payload: Any
    """What the build keeps of it (`iopctl.site.build`: its part, pickled)."""


@dataclass(slots=True)
class SiteCache:
    """The cache of one output folder and build kind (`load`, `lookup`, `save`)."""

    path: Path | None
    """Where it is kept; None: `--no-cache` (nothing is read or written)."""
    key: str
    inputs: Inputs
    entries: dict[str, Cached] = field(default_factory=dict)
    kept: dict[str, Cached] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path, *, today: date, internal: bool, enabled: bool = True) -> SiteCache:
        """The cache for `out` (empty when there is none, or it is of another code or day)."""
        resolved = out.resolve()
        key = digest_bytes(
            f"{code_key()}\0{resolved}\0{today.isoformat()}\0{internal}".encode("utf-8", "surrogatepass")
        )
        if not enabled:
            return cls(None, key, Inputs(out))
        name = digest_bytes(f"{resolved}\0{internal}".encode("utf-8", "surrogatepass"))[:32]
        cache = cls(cache_folder() / f"{name}.pickle", key, Inputs(out))
        if not (out / MANIFEST).is_file():  # no build there to take anything from (a first build)
            return cache
        try:
            with cache.path.open("rb") as f:  # type: ignore[union-attr]
                body = pickle.load(f)
            if isinstance(body, dict) and body.get("key") == key and isinstance(body.get("entries"), dict):
                cache.entries = body["entries"]
        except Exception:  # noqa: BLE001 - a damaged or foreign cache is no cache
            cache.entries = {}
        return cache

    def lookup(self, path: Path) -> Cached | None:
        """What the last build kept of the file, when nothing it is made from changed."""
        found = self.entries.get(str(path))
        if found is None or self.inputs.key(path) != found.key:
            return None
        if self.inputs.records(path, found.id) != found.records or self.inputs.docs(found.id) != found.docs:
            return None
        for name, seen in found.files.items():
            if seen is None or seen_of(self.inputs.out / name) != seen:
                return None
        return found

    def keep(
        self,
        path: Path,
        key: str,
        agreement_id: str,
        records: str,
        docs: tuple[bool, ...],
        files: dict[str, tuple[int, int] | None],
        payload: Any,
    ) -> None:
        """What to keep of an agreement of this build: its key, the `records` and `docs` it was
        made with, and each of its `files`' size and modification time once in place."""
        if self.path is not None:
            self.kept[str(path)] = Cached(key, agreement_id, records, docs, files, payload)

    def save(self) -> None:
        """Write what this build kept (each of its files' size and time once in place), then
        prune the folder (`prune`)."""
        if self.path is None:
            return
        from iopctl.files.atomic import write_atomic

        body = {"key": self.key, "entries": self.kept}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001 - a cache that cannot be written only costs time next build
            return
        prune(self.path.parent, keep=self.path)


KEEP_CACHES = 16
"""How many output folders' caches the cache folder keeps (the most recently written)."""
KEEP_DAYS = 60
"""A cache not written for this many days is removed (its output folder is not built any more)."""


def prune(folder: Path, *, keep: Path, now: float | None = None) -> None:
    """Remove the caches of output folders not built for `KEEP_DAYS` days and all but the
    `KEEP_CACHES` most recent (builds into passing folders would fill the disk otherwise), and
    temporary files of a cache older than a day; `keep` is never removed. Files that are not
    caches are left alone."""
    import contextlib
    import time

    moment = time.time() if now is None else now
    limit = moment - KEEP_DAYS * 86400
    try:
        found = [(p.stat().st_mtime, p) for p in folder.glob("*.pickle") if len(p.stem) == 32 and p != keep]
        # a cache's temporary file left by a build stopped while writing it (a day is long enough)
        for tmp in folder.glob(".*.pickle.*.tmp"):
            if tmp.stat().st_mtime < moment - 86400:
                with contextlib.suppress(OSError):
                    tmp.unlink()
    except OSError:
        return
    found.sort(reverse=True)
    for rank, (mtime, path) in enumerate(found, start=1):
        if rank >= KEEP_CACHES or mtime < limit:
            with contextlib.suppress(OSError):
                path.unlink()
