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

Rendered documents found in the output folder (`<id>.pdf`, `<id>.docx`, `<id>.html`, as
`iopctl render --out DIR` names them) are linked from the agreement's page. Templates are
`templates/site/*.html.j2`, rendered through the one sandboxed environment
(`iopctl.render.templates`): autoescaped HTML, text from YAML is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iopctl.site.data import Entry, gather
from iopctl.site.manifest import Writer, build_salt, digest

__all__ = ["BuildResult", "build_site"]

SITE_TEMPLATES = "site"
ASSET_NAMES = ("site.css", "site.js")
_DOC_SUFFIXES = ((".pdf", "PDF"), (".docx", "Word (DOCX)"), (".html", "HTML"))


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


def build_site(files: list[Path], out: Path, *, today: date, internal: bool) -> BuildResult:
    """Build the register of `files` into `out`; with problems in any file, build nothing."""
    result = BuildResult(out)
    gathered = gather(files, today=today, internal=internal)
    if gathered.problems:
        result.problems = gathered.problems
        return result
    entries = sorted(gathered.entries, key=lambda e: e.id)
    result.agreements = len(entries)
    writer = Writer(out, result)
    salt = _salt()
    _pages(writer, entries, today, internal, salt)
    _downloads(writer, entries, today, internal, salt)
    for name in ASSET_NAMES:
        writer.put(f"assets/{name}", _asset(name))
    writer.finish()
    return result


def _pages(writer: Writer, entries: list[Entry], today: date, internal: bool, salt: str) -> None:
    from iopctl.site.pages import agreement_page, index_row, overview_page

    rows = [index_row(e) for e in entries]
    facets = {
        "public": sorted({p.name for e in entries for p in e.agreement.parties if p.kind == "public"}),
        "phases": _phases(entries),
        "years": [str(y) for y in _year_span(entries)],
    }
    _page(
        writer, salt, "index.html", "index.html.j2", {**_common("", today, internal, "index"), "rows": rows, **facets}
    )
    overview = overview_page(entries, today)
    _page(writer, salt, "oversikt.html", "overview.html.j2", {**_common("", today, internal, "overview"), **overview})
    known = {e.id for e in entries}
    for e in entries:
        page = agreement_page(e, internal=internal, known=known, docs=_docs(writer.out, e.id))
        context = {**_common("../", today, internal, "agreement"), "a": page}
        _page(writer, salt, f"overenskommelser/{e.id}.html", "agreement.html.j2", context)


def _phases(entries: list[Entry]) -> list[str]:
    from iopctl.followup.status import PHASES

    present = {e.phase for e in entries}
    return [p for p in PHASES if p in present]


def _year_span(entries: list[Entry]) -> range:
    if not entries:
        return range(0)
    first = min(e.agreement.period.start.year for e in entries)
    last = max((e.agreement.period.end or e.until).year for e in entries)
    return range(first, last + 1)


def _downloads(writer: Writer, entries: list[Entry], today: date, internal: bool, salt: str) -> None:
    from iopctl.report.console import to_json
    from iopctl.site.downloads import agreement_json, calendars, data_csv, data_json, data_xlsx, xlsx_sheets
    from iopctl.site.giving import package

    writer.put("data/overenskommelser.csv", data_csv(entries))
    sheets = xlsx_sheets(entries)
    writer.make("data/overenskommelser.xlsx", digest(salt, sheets), lambda: data_xlsx(sheets))
    writer.put("data/overenskommelser.json", data_json(entries, internal=internal))
    writer.put("data/360giving.json", to_json(package(entries)) + "\n")
    whole, singles = calendars(entries, today, "IOP-registret")
    writer.put("data/kalender.ics", whole)
    for e, single in zip(entries, singles, strict=True):
        writer.put(f"data/kalender/{e.id}.ics", single)
        writer.put(f"data/overenskommelser/{e.id}.json", to_json(agreement_json(e, internal=internal)) + "\n")
