"""`iopctl site`: the register as a static site, written so a rebuild touches only what changed.

The layout under the output folder (links are relative, so the folder can be served from
anywhere, opened from disk or copied to an intranet)::

    index.html                     every agreement: one table, filtered and sorted by site.js
    oversikt.html                  money per year per public party; a timeline of the periods
    overenskommelser/<id>.html     one page per agreement
    data/overenskommelser.{csv,xlsx,json}, data/360giving.json, data/kalender.ics
    data/kalender/<id>.ics         one calendar per agreement
    assets/site.css, assets/site.js
    .iopctl-site.json              the manifest: what the build wrote

Every file is compared with what is already there and written (atomically) only when its
bytes differ, so a web server's caches and a `rsync` see only the real changes. The folder's
manifest (`.iopctl-site.json`, `iopctl.site.manifest`) records what the build wrote: a page or
the workbook whose inputs did not change is not even made again, and a file an earlier build
wrote that is no longer made (an agreement deleted) is removed; files the build did not write
are never touched.

Calendars (decision): the calendars, the whole (`data/kalender.ics`) and each agreement's
(`data/kalender/<id>.ics`), hold what is ahead, from 1 January of today's year on; the
agreement's page lists every event. With all events (as `iopctl deadlines --format ics` gives
them) the calendars would hold about twice as many components (42 000 for the 1 000-file bench
corpus), a third of the build's time that the 3× target cannot spare, and the whole would grow
without bound (11 MB for 300 agreements, some 370 MB for 10 000), more than a calendar
application imports or a subscriber wants. Past events are in `iopctl deadlines --format ics`.

The work per agreement (reading, rules, schedule, deadlines, records, its page, calendar and
JSON) runs in `--jobs` processes (`iopctl.batch.pool.pool_map`), each file's results streamed
back in file order; the workers write what they made to `.iopctl-staging/` (or, in a folder
the build has just made, put it in place at once: a failed build removes that folder) and send
back only what the index, the overview and the downloads of all agreements need: small rows,
its 360Giving line and workbook rows; its calendar and JSON file go into the downloads of all
as the files it wrote have them (read back, checked against their SHA-256). The build
holds no agreement's model, page or calendar after it is done with it, and puts the staged
files in place only when no file has errors. An agreement's page shows which agreements
replace it: a worker cannot know that, so it assumes none (and that the one it replaces is in
the build); the few pages where that was wrong are made again once every file is read.

A rebuild works out again only the agreements whose inputs changed since the last build of
the same day (`iopctl.site.cache`, which says what the inputs are and where the cache is
kept); the others come from the cache with their files as they are. While the index, the
overview and the downloads are made, the workbook is made in a process of its own and the
cache written in another (`iopctl.batch.pool.Later`). A write failure (a full disk, a file
where a folder goes) is one message naming the file; every file is written aside and renamed,
so none is half-written, but the files put in place before it stay (the manifest, written
last, is not, so the next build makes them again where needed).

Rendered documents found in the output folder (`<id>.pdf`, `<id>.docx`, `<id>.html`, as
`iopctl render --out DIR` names them) are linked from the agreement's page. Templates are
`templates/site/*.html.j2`, rendered through the one sandboxed environment
(`iopctl.render.templates`): autoescaped HTML, text from YAML is data.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopctl.site import worker
from iopctl.site.manifest import STAGING, Staged, Writer, digest, stage
from iopctl.site.worker import SITE_TEMPLATES, Part, Task, calendar_events, common, made_bytes, work_one

if TYPE_CHECKING:
    from iopctl.site.cache import Cached, SiteCache

__all__ = ["BuildResult", "build_site"]

ASSET_NAMES = ("site.css", "site.js")
CALENDAR_NAME = "IOP-registret"


@dataclass(slots=True)
class BuildResult:
    """What a build did: the agreements in it, files written and files left as they were."""

    out: Path
    agreements: int = 0
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    """Files an earlier build wrote that this one no longer makes (an agreement deleted)."""
    reused: int = 0
    """Agreements taken from the cache: nothing they are made from changed (`iopctl.site.cache`)."""
    kept: list[str] = field(default_factory=list)
    """Files an earlier build wrote, no longer made, but changed since: left where they are."""
    problems: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Stable keys for `--format json`."""
        return {
            "out": str(self.out),
            "agreements": self.agreements,
            "reused": self.reused,
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "kept": self.kept,
        }


def _salt() -> str:
    """What every page's and the workbook's key also depends on: the code and the templates."""
    from iopctl.site.cache import code_key

    return code_key()


def _page(writer: Writer, salt: str, name: str, template: str, context: dict[str, Any]) -> None:
    """A page rendered only when its context (or the templates and code, `salt`) changed."""
    writer.make(name, digest(salt, template, context), lambda: worker.render(template, context))


def _asset(name: str) -> bytes:
    from iopctl.errors import UserError
    from iopctl.files.discover import SHIPPED_TEMPLATES

    path = SHIPPED_TEMPLATES / SITE_TEMPLATES / "assets" / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(
            f"{path}: cannot read the site's asset ({exc.strerror}; is iopctl installed with its templates?)"
        ) from None


_SAVING: SiteCache | None = None
"""The cache `_save` writes (forked, the process has it without pickling it)."""

# --- the build --------------------------------------------------------------------------------


def build_site(
    files: list[Path], out: Path, *, today: date, internal: bool, jobs: int = 1, cache: bool = True
) -> BuildResult:
    """Build the register of `files` into `out` with `jobs` processes; with problems in any
    file, build nothing. With `cache`, agreements whose inputs did not change since the last
    build are taken from it (`iopctl.site.cache`)."""
    from iopctl.batch.pool import collector_paused

    with collector_paused():  # the parts of 10 000 agreements are held, and hold no cycles
        return _build(files, out, today=today, internal=internal, jobs=jobs, cache=cache)


def _build(files: list[Path], out: Path, *, today: date, internal: bool, jobs: int, cache: bool) -> BuildResult:
    import contextlib
    import shutil

    from iopctl.batch.pool import Later
    from iopctl.files.atomic import make_out_dir
    from iopctl.site.cache import SiteCache

    global _SAVING
    result = BuildResult(out)
    result.problems = _same_ids(files)
    if result.problems:
        return result
    created = not out.exists()
    writer = Writer(out, result)
    salt = _salt()
    kept = SiteCache.load(out, today=today, internal=internal, enabled=cache)
    done = False
    try:
        make_out_dir(out)  # a file in the way, no permission: one message
        make_out_dir(out / STAGING)
        if created:
            for folder in ("overenskommelser", "data/kalender", "data/overenskommelser"):
                (out / folder).mkdir(parents=True, exist_ok=True)
        worker.OLD, worker.DIRECT = writer.old, created
        parts, sent = _gather(files, out, today, internal, salt, jobs, result, kept)
        if result.problems:
            return result
        result.agreements = len(parts)
        _relink(parts, sent, files, out, today, internal, salt)
        for path, x, blob in zip(files, parts, sent, strict=True):
            if x.key is not None:
                seen = {f.name: f.seen for f in x.files}
                kept.keep(path, x.key, x.id, x.records, x.docs, seen, x if blob is None else blob)
        _SAVING = kept
        # The cache is written while the rest is made (a build that fails after it leaves a cache
        # whose files are not in place: its agreements are worked out again next time).
        with Later(_save, None) if kept.path is not None else contextlib.nullcontext() as saving:
            ordered = sorted(parts, key=lambda x: x.id)
            _pages_and_downloads(writer, ordered, today, internal, salt, out)
            for x in ordered:
                for made in x.files:
                    writer.adopt(made)
            for name in ASSET_NAMES:
                writer.put(f"assets/{name}", _asset(name))
            writer.finish()
            if saving is not None:
                saving.get()
        done = True
    finally:
        worker.OLD, worker.DIRECT, _SAVING = {}, False, None
        shutil.rmtree(out / STAGING, ignore_errors=True)
        if created and not done:
            shutil.rmtree(out, ignore_errors=True)
    return result


def _same_ids(files: list[Path]) -> list[Any]:
    """An error for each file whose agreement id (its file name: `iopctl.load.read`) another
    file has too: the register has one page, calendar and JSON file per id."""
    from iopctl.errors import Problem
    from iopctl.load.read import locate_in_file

    first: dict[str, Path] = {}
    problems = []
    for path in files:
        there = first.setdefault(path.stem, path)
        if there is not path:
            line, col = locate_in_file(path, ("id",))
            message = f"the agreement id '{path.stem}' is also the id in {there}; the register needs one of each"
            problems.append(Problem(str(path), line, col, "id", message, rule="site-unique-ids"))
    return problems


def _save(_: None) -> None:
    """The cache `_SAVING` written (`Later`: in a process of its own, which has the parts).

    Each entry's payload is its part pickled as the cache keeps it, its files as they will be
    once in place: most are the bytes its worker sent (`worker.work_sent`), written as they
    are; a part made again here (`_relink`) is pickled now, from a copy (for where the
    platform cannot fork this runs in the build's own process)."""
    import copy

    cache = _SAVING
    if cache is None or cache.path is None:
        return
    for entry in cache.kept.values():
        if not isinstance(entry.payload, bytes):
            entry.payload = worker.kept_bytes(copy.copy(entry.payload))
    cache.save()


def _gather(
    files: list[Path],
    out: Path,
    today: date,
    internal: bool,
    salt: str,
    jobs: int,
    result: BuildResult,
    cache: SiteCache,
) -> tuple[list[Part], list[bytes | None]]:
    """Every file's part, in file order, and each part as the cache keeps it (pickled: the
    bytes it came in, `worker.work_sent`): from the cache where nothing it is made from
    changed, else worked out in `jobs` processes; problems, the series folders' once, in
    `result.problems` (and then no parts)."""
    from iopctl.batch.pool import pool_map
    from iopctl.load.workspace import clear_workspaces

    clear_workspaces()
    worker.forget_inputs()
    found = [cache.lookup(path) for path in files]
    parts: list[Part | None] = [_reused(f) for f in found]
    sent: list[bytes | None] = [
        f.payload if x is not None and f is not None else None for x, f in zip(parts, found, strict=True)
    ]
    result.reused = sum(x is not None for x in parts)
    todo = [i for i, x in enumerate(parts) if x is None]
    tasks = [Task(files[i], out, today, internal, salt) for i in todo]
    reported: set[Path | None] = set()
    for i, (blob, made) in zip(todo, pool_map(worker.work_sent, tasks, jobs, chunksize=8, at_least=64), strict=True):
        x = pickle.loads(blob)
        x.files = made
        if x.series_folder not in reported:
            reported.add(x.series_folder)
            result.problems.extend(x.series_problems)
        result.problems.extend(x.problems)
        parts[i], sent[i] = x, blob
    if result.problems:
        return [], []
    return [x for x in parts if x is not None], sent


def _reused(found: Cached | None) -> Part | None:
    """A part from the cache (its files as they are: unchanged); None when there is none, or
    its payload is not a part (a cache of another kind: worked out again)."""
    if found is None or not isinstance(found.payload, bytes):
        return None
    try:
        x = pickle.loads(found.payload)
    except Exception:  # noqa: BLE001 - a damaged entry is no entry
        return None
    return x if isinstance(x, Part) else None


def _relink(
    parts: list[Part], sent: list[bytes | None], files: list[Path], out: Path, today: date, internal: bool, salt: str
) -> None:
    """Make again the pages whose lineage is not the one they were made with: a worker assumes
    none (see the module's docstring), and one from the cache has the last build's; their
    parts as they came (`sent`) are then out of date."""
    from iopctl.site.data import link_lineage

    replaced_by = link_lineage([(x.id, x.replaces) for x in parts])
    ids = set(replaced_by)
    for i, x in enumerate(parts):
        lineage = (x.replaces is None or x.replaces in ids, tuple(replaced_by[x.id]))
        if lineage != x.lineage:
            again = work_one(Task(files[i], out, today, internal, salt, lineage))
            x.files = again.files  # all three: written again in place, they have new times
            x.lineage = lineage
            sent[i] = None


def _pages(writer: Writer, parts: list[Part], today: date, internal: bool, salt: str) -> None:
    from iopctl.site.pages import add_sums, overview_page

    facets = {
        "public": sorted({name for x in parts for name in x.publics}),
        "phases": _phases(parts),
        "years": [str(y) for y in _year_span(parts)],
    }
    rows = [x.row for x in parts]
    _page(writer, salt, "index.html", "index.html.j2", {**common("", today, internal, "index"), "rows": rows, **facets})
    sums: dict[tuple[int, str], Decimal] = {}
    for x in parts:
        add_sums(sums, x.sums)
    overview = overview_page(sums, [x.lane for x in parts if x.lane is not None], today)
    _page(writer, salt, "oversikt.html", "overview.html.j2", {**common("", today, internal, "overview"), **overview})


def _phases(parts: list[Part]) -> list[str]:
    from iopctl.followup.status import PHASES

    present = {x.phase for x in parts}
    return [p for p in PHASES if p in present]


def _year_span(parts: list[Part]) -> range:
    if not parts:
        return range(0)
    return range(min(x.years[0] for x in parts), max(x.years[1] for x in parts) + 1)


def _indented(text: bytes) -> bytes:
    """An agreement's JSON file as an item of the document of all (one level deeper)."""
    return text.rstrip(b"\n").replace(b"\n", b"\n    ")


WORKBOOK = "data/overenskommelser.xlsx"
_BOOK: tuple[list[Part], Path, str, dict[str, str] | None] | None = None
"""What `_workbook` makes the workbook of (forked, the process has it without pickling it)."""


def _workbook(_: None) -> Staged:
    """The workbook of all agreements, staged (`Later`: in a process of its own)."""
    from iopctl.site.downloads import data_xlsx, xlsx_of_encoded, xlsx_sheets

    assert _BOOK is not None
    parts, out, key, old = _BOOK

    def make() -> bytes:
        def encoded() -> Iterator[Any]:
            for x in parts:
                made = pickle.loads(x.book)[1]
                if made is None:
                    raise LookupError
                yield made

        try:
            return xlsx_of_encoded(encoded, [len(parts), sum(x.payments for x in parts)])
        except LookupError:  # a text the workbook's XML leaves to openpyxl
            rows: list[list[Any]] = []
            payments: list[list[Any]] = []
            for x in parts:
                row, theirs = pickle.loads(x.book)[0]
                rows.append(row)
                payments.extend(theirs)
            return data_xlsx(xlsx_sheets(rows, payments))

    return stage(out, old, WORKBOOK, key, make)


def _combined(_: None) -> list[Staged]:
    """The JSON, 360Giving and calendar files of all agreements, staged (`Later`: in a process
    of its own, beside the workbook's, while this one makes the index); the agreements'
    calendars and JSON files streamed from the files their work made (`made_bytes`)."""
    from iopctl.site.downloads import calendar_all, json_document
    from iopctl.site.manifest import stage_chunks

    assert _BOOK is not None
    parts, out = _BOOK[0], _BOOK[1]
    direct = worker.DIRECT
    return [
        stage_chunks(
            out,
            "data/overenskommelser.json",
            lambda: json_document("agreements", (_indented(made_bytes(out, x.files[2])) for x in parts)),
            direct=direct,
        ),
        stage_chunks(
            out,
            "data/360giving.json",
            lambda: json_document("grants", (x.grant for x in parts if x.grant)),
            direct=direct,
        ),
        stage_chunks(
            out,
            "data/kalender.ics",
            lambda: calendar_all(CALENDAR_NAME, (calendar_events(out, x) for x in parts)),
            direct=direct,
        ),
    ]


def _pages_and_downloads(writer: Writer, parts: list[Part], today: date, internal: bool, salt: str, out: Path) -> None:
    """The index, the overview and the downloads of all agreements, in id order: the workbook
    and the other downloads of all (`_combined`) each made in a process of its own meanwhile
    (`Later`); on two CPUs the three take about as long as the index alone took after them."""
    from iopctl.batch.pool import Later
    from iopctl.site.downloads import csv_head

    global _BOOK
    _BOOK = (parts, out, digest(salt, [x.rows_key for x in parts]), writer.old.get(WORKBOOK))
    try:
        with Later(_workbook, None) as book, Later(_combined, None) as combined:
            _pages(writer, parts, today, internal, salt)
            writer.put("data/overenskommelser.csv", (csv_head() + "".join(x.csv for x in parts)).encode("utf-8"))
            for made in combined.get():
                writer.adopt(made)
            writer.adopt(book.get())
    finally:
        _BOOK = None
