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
back in file order; the workers write what they made to `.iopctl-staging/` and send back only
what the index, the overview and the downloads of all agreements need (small rows; the long
parts go to a spool file). The build holds no agreement's model, page or calendar after it
is done with it, and puts the staged files in place only when no file has errors. An
agreement's page shows which agreements replace it: a worker cannot know that, so it assumes
none (and that the one it replaces is in the build); the few pages where that was wrong are
made again once every file is read.

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
from typing import IO, Any

from iopctl.site.manifest import STAGING, Staged, Writer, build_salt, digest, stage
from iopctl.site.pages import LaneInfo

__all__ = ["BuildResult", "build_site"]

SITE_TEMPLATES = "site"
ASSET_NAMES = ("site.css", "site.js")
_DOC_SUFFIXES = ((".pdf", "PDF"), (".docx", "Word (DOCX)"), (".html", "HTML"))
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
    kept: list[str] = field(default_factory=list)
    """Files an earlier build wrote, no longer made, but changed since: left where they are."""
    problems: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Stable keys for `--format json`."""
        return {
            "out": str(self.out),
            "agreements": self.agreements,
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "kept": self.kept,
        }


def _render(name: str, context: dict[str, Any]) -> str:
    """A site template through the sandbox; a missing or broken template is the user's error to see."""
    from iopctl.errors import UserError
    from iopctl.files.discover import SHIPPED_TEMPLATES
    from iopctl.render.templates import TemplateProblem, run_template

    try:
        return run_template(SHIPPED_TEMPLATES, f"{SITE_TEMPLATES}/{name}", context)
    except TemplateProblem as exc:
        raise UserError(f"{exc} (is iopctl installed with its templates?)") from None


def _salt() -> str:
    from iopctl.files.discover import SHIPPED_TEMPLATES

    return build_salt(SHIPPED_TEMPLATES / SITE_TEMPLATES)


def _page(writer: Writer, salt: str, name: str, template: str, context: dict[str, Any]) -> None:
    """A page rendered only when its context (or the templates and code, `salt`) changed."""
    writer.make(name, digest(salt, template, context), lambda: _render(template, context))


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


def _docs(out: Path, agreement_id: str) -> Any:
    from iopctl.site.pages import Docs

    links = tuple(
        (f"../{agreement_id}{suffix}", label)
        for suffix, label in _DOC_SUFFIXES
        if (out / f"{agreement_id}{suffix}").is_file()
    )
    return Docs(links)


def _common(root: str, today: date, internal: bool, page: str) -> dict[str, Any]:
    return {"root": root, "today": today.isoformat(), "internal": internal, "page": page}


# --- one agreement (in a worker) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Task:
    path: Path
    out: Path
    today: date
    internal: bool
    salt: str
    lineage: tuple[bool, tuple[str, ...]] = (True, ())
    """Whether the agreement it replaces is in the build, and the ids of those replacing it."""


@dataclass(slots=True)
class _Part:
    """What the build of all agreements keeps of one: small rows, and the spooled long parts."""

    id: str
    replaces: str | None
    problems: list[Any]
    series_folder: Path | None
    series_problems: list[Any]
    files: list[Staged] = field(default_factory=list)
    row: dict[str, str] = field(default_factory=dict)
    publics: list[str] = field(default_factory=list)
    phase: str = ""
    years: tuple[int, int] = (0, 0)
    sums: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    lane: LaneInfo | None = None
    rows_key: str = ""
    csv: str = ""
    long: bytes = b""
    """Its JSON line, 360Giving line, calendar events and pickled workbook rows, back to back
    (`sizes`); spooled by the build (`offset`)."""
    sizes: tuple[int, int, int, int] = (0, 0, 0, 0)
    grant: bool = False
    payments: int = 0
    """Its rows of the workbook's sheet of payments."""
    offset: int = 0


_OLD: dict[str, dict[str, str]] = {}
"""The last build's manifest, for the workers (forked, they have the parent's; started any other
way they have none and only skip writing files whose bytes are the same)."""


def _one(task: _Task) -> _Part:
    """Everything of one agreement file: its files staged, the rest for the build of all."""
    from iopctl.report.console import json_line, to_json
    from iopctl.site.data import gather_one
    from iopctl.site.downloads import agreement_json, calendar_parts, csv_row, xlsx_encoded, xlsx_rows
    from iopctl.site.giving import grant, has_grant
    from iopctl.site.pages import agreement_page, index_row, lane_info, payer_sums

    g = gather_one(task.path, today=task.today, internal=task.internal)
    e = g.entry
    if e is None or g.problems:
        return _Part("", None, g.problems, g.series_folder, g.series_problems)
    a = e.agreement
    linked, e.replaced_by = task.lineage[0], list(task.lineage[1])
    known = {a.replaces} if linked and a.replaces else set()

    def page() -> dict[str, Any]:
        context = agreement_page(e, internal=task.internal, known=known, docs=_docs(task.out, e.id))
        return {**_common("../", task.today, task.internal, "agreement"), "a": context}

    context = page()
    name = f"overenskommelser/{e.id}.html"
    files = [
        stage(
            task.out,
            _OLD.get(name),
            name,
            digest(task.salt, "agreement.html.j2", context),
            lambda: _render("agreement.html.j2", context),
        )
    ]
    data = agreement_json(e, internal=task.internal)
    single, ahead = calendar_parts(e, task.today)
    text = (to_json(data) + "\n").encode("utf-8")
    files.append(stage(task.out, None, f"data/kalender/{e.id}.ics", "", lambda: single))
    files.append(stage(task.out, None, f"data/overenskommelser/{e.id}.json", "", lambda: text))
    rows = xlsx_rows(e)
    pieces = (
        json_line(data).encode("utf-8"),
        json_line(grant(e)).encode("utf-8") if has_grant(e) else b"",
        ahead,
        pickle.dumps((rows, xlsx_encoded(rows)), protocol=pickle.HIGHEST_PROTOCOL),
    )
    first, last = a.period.start.year, (a.period.end or e.until).year
    return _Part(
        e.id,
        a.replaces,
        [],
        g.series_folder,
        g.series_problems,
        files,
        index_row(e),
        [p.name for p in a.parties if p.kind == "public"],
        e.phase,
        (first, last),
        payer_sums(e, by_party=True),
        lane_info(e),
        digest(rows),
        csv_row(e),
        b"".join(pieces),
        (len(pieces[0]), len(pieces[1]), len(pieces[2]), len(pieces[3])),
        has_grant(e),
        len(rows[1]),
    )


# --- the build --------------------------------------------------------------------------------


def build_site(files: list[Path], out: Path, *, today: date, internal: bool, jobs: int = 1) -> BuildResult:
    """Build the register of `files` into `out` with `jobs` processes; with problems in any
    file, build nothing."""
    import contextlib
    import shutil
    import tempfile

    global _OLD
    result = BuildResult(out)
    created = not out.exists()
    writer = Writer(out, result)
    salt = _salt()
    done = False
    try:
        (out / STAGING).mkdir(parents=True, exist_ok=True)
        _OLD = writer.old
        with tempfile.TemporaryFile() as spool:
            parts = _gather(files, out, today, internal, salt, jobs, spool, result)
            if result.problems:
                return result
            result.agreements = len(parts)
            _relink(parts, files, out, today, internal, salt)
            parts.sort(key=lambda x: x.id)
            for x in parts:
                for made in x.files:
                    writer.adopt(made)
            _pages(writer, parts, today, internal, salt)
            _downloads(writer, parts, salt, spool)
        for name in ASSET_NAMES:
            writer.put(f"assets/{name}", _asset(name))
        writer.finish()
        done = True
    finally:
        _OLD = {}
        shutil.rmtree(out / STAGING, ignore_errors=True)
        if created and not done:
            with contextlib.suppress(OSError):
                out.rmdir()
    return result


def _gather(
    files: list[Path],
    out: Path,
    today: date,
    internal: bool,
    salt: str,
    jobs: int,
    spool: IO[bytes],
    result: BuildResult,
) -> list[_Part]:
    """Every file's part, in file order; the long parts spooled (`_Part.long` holds the spool's
    offset and length then); problems, the series folders' once, in `result.problems`."""
    from iopctl.batch.pool import pool_map
    from iopctl.load.workspace import clear_workspaces

    clear_workspaces()
    tasks = [_Task(path, out, today, internal, salt) for path in files]
    parts: list[_Part] = []
    reported: set[Path | None] = set()
    for x in pool_map(_one, tasks, jobs, chunksize=8, at_least=64):
        if x.series_folder not in reported:
            reported.add(x.series_folder)
            result.problems.extend(x.series_problems)
        result.problems.extend(x.problems)
        if x.problems or result.problems:
            continue
        x.offset = spool.tell()
        spool.write(x.long)
        x.long = b""
        parts.append(x)
    return parts


def _relink(parts: list[_Part], files: list[Path], out: Path, today: date, internal: bool, salt: str) -> None:
    """Make again the pages of agreements replaced by another in the build, or replacing one
    not in it: the workers assumed neither (see the module's docstring)."""
    from iopctl.site.data import link_lineage

    replaced_by = link_lineage([(x.id, x.replaces) for x in parts])
    ids = set(replaced_by)
    for i, x in enumerate(parts):
        lineage = (x.replaces is None or x.replaces in ids, tuple(replaced_by[x.id]))
        if lineage != (True, ()):
            again = _one(_Task(files[i], out, today, internal, salt, lineage))
            x.files[0] = again.files[0]


def _pages(writer: Writer, parts: list[_Part], today: date, internal: bool, salt: str) -> None:
    from iopctl.site.pages import add_sums, overview_page

    facets = {
        "public": sorted({name for x in parts for name in x.publics}),
        "phases": _phases(parts),
        "years": [str(y) for y in _year_span(parts)],
    }
    rows = [x.row for x in parts]
    _page(
        writer, salt, "index.html", "index.html.j2", {**_common("", today, internal, "index"), "rows": rows, **facets}
    )
    sums: dict[tuple[int, str], Decimal] = {}
    for x in parts:
        add_sums(sums, x.sums)
    overview = overview_page(sums, [x.lane for x in parts if x.lane is not None], today)
    _page(writer, salt, "oversikt.html", "overview.html.j2", {**_common("", today, internal, "overview"), **overview})


def _phases(parts: list[_Part]) -> list[str]:
    from iopctl.followup.status import PHASES

    present = {x.phase for x in parts}
    return [p for p in PHASES if p in present]


def _year_span(parts: list[_Part]) -> range:
    if not parts:
        return range(0)
    return range(min(x.years[0] for x in parts), max(x.years[1] for x in parts) + 1)


def _downloads(writer: Writer, parts: list[_Part], salt: str, spool: IO[bytes]) -> None:
    """The downloads of all agreements, each read from the spool in id order and streamed."""
    from iopctl.site.downloads import calendar_all, csv_head, data_xlsx, json_document, xlsx_of_encoded, xlsx_sheets

    def piece(x: _Part, k: int) -> bytes:
        spool.seek(x.offset + sum(x.sizes[:k]))
        return spool.read(x.sizes[k])

    writer.put("data/overenskommelser.csv", (csv_head() + "".join(x.csv for x in parts)).encode("utf-8"))

    def workbook() -> bytes:
        def encoded() -> Iterator[Any]:
            for x in parts:
                made = pickle.loads(piece(x, 3))[1]
                if made is None:
                    raise LookupError
                yield made

        try:
            return xlsx_of_encoded(encoded, [len(parts), sum(x.payments for x in parts)])
        except LookupError:  # a text the workbook's XML leaves to openpyxl
            rows: list[list[Any]] = []
            payments: list[list[Any]] = []
            for x in parts:
                row, theirs = pickle.loads(piece(x, 3))[0]
                rows.append(row)
                payments.extend(theirs)
            return data_xlsx(xlsx_sheets(rows, payments))

    writer.make("data/overenskommelser.xlsx", digest(salt, [x.rows_key for x in parts]), workbook)
    writer.put_chunks("data/overenskommelser.json", lambda: json_document("agreements", (piece(x, 0) for x in parts)))
    writer.put_chunks("data/360giving.json", lambda: json_document("grants", (piece(x, 1) for x in parts if x.grant)))
    writer.put_chunks("data/kalender.ics", lambda: calendar_all(CALENDAR_NAME, (piece(x, 2) for x in parts)))
