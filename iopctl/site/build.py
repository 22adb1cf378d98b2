"""`iopctl site`: the register as a static site, written so a rebuild touches only what changed.

The layout under the output folder (links are relative, so the folder can be served from
anywhere, opened from disk or copied to an intranet)::

    index.html                     every agreement: one table, filtered and sorted by site.js
    oversikt.html                  money per year per public party; a timeline of the periods
    overenskommelser/<id>.html     one page per agreement
    data/overenskommelser.{csv,xlsx,json}, data/360giving.json, data/kalender.ics
    data/kalender/<id>.ics         one calendar per agreement
    assets/site.css, assets/site.js

Every file is compared with what is already there and written (atomically,
`iopctl.files.atomic`) only when its bytes differ, so a web server's caches and a `rsync`
see only the real changes. Rendered documents found in the output folder (`<id>.pdf`,
`<id>.docx`, `<id>.html`, as `iopctl render --out DIR` names them) are linked from the
agreement's page. Templates are `templates/site/*.html.j2`, rendered through the one
sandboxed environment (`iopctl.render.templates`): autoescaped HTML, text from YAML is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from iopctl.site.data import Entry, gather

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
    problems: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Stable keys for `--format json`."""
        return {
            "out": str(self.out),
            "agreements": self.agreements,
            "written": self.written,
            "unchanged": self.unchanged,
        }


class _Writer:
    """Writes a file only when its bytes differ from those already there."""

    def __init__(self, out: Path, result: BuildResult) -> None:
        self.out = out
        self.result = result

    def put(self, name: str, data: bytes | str) -> None:
        from iopctl.files.atomic import write_atomic

        payload = data.encode("utf-8") if isinstance(data, str) else data
        path = self.out / name
        try:
            if path.read_bytes() == payload:
                self.result.unchanged += 1
                return
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, payload)
        self.result.written.append(name)


def _render(name: str, context: dict[str, Any]) -> str:
    """A site template through the sandbox; a missing or broken template is the user's error to see."""
    from iopctl.errors import UserError
    from iopctl.files.discover import SHIPPED_TEMPLATES
    from iopctl.render.templates import TemplateProblem, run_template

    try:
        return run_template(SHIPPED_TEMPLATES, f"{SITE_TEMPLATES}/{name}", context)
    except TemplateProblem as exc:
        raise UserError(f"{exc} (is iopctl installed with its templates?)") from None


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
    writer = _Writer(out, result)
    _pages(writer, entries, today, internal)
    _downloads(writer, entries, today, internal)
    for name in ASSET_NAMES:
        writer.put(f"assets/{name}", _asset(name))
    return result


def _pages(writer: _Writer, entries: list[Entry], today: date, internal: bool) -> None:
    from iopctl.site.pages import agreement_page, index_row, overview_page

    rows = [index_row(e) for e in entries]
    facets = {
        "public": sorted({p.name for e in entries for p in e.agreement.parties if p.kind == "public"}),
        "phases": _phases(entries),
        "years": [str(y) for y in _year_span(entries)],
    }
    writer.put(
        "index.html", _render("index.html.j2", {**_common("", today, internal, "index"), "rows": rows, **facets})
    )
    overview = overview_page(entries, today)
    writer.put("oversikt.html", _render("overview.html.j2", {**_common("", today, internal, "overview"), **overview}))
    known = {e.id for e in entries}
    for e in entries:
        page = agreement_page(e, internal=internal, known=known, docs=_docs(writer.out, e.id))
        context = {**_common("../", today, internal, "agreement"), "a": page}
        writer.put(f"overenskommelser/{e.id}.html", _render("agreement.html.j2", context))


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


def _downloads(writer: _Writer, entries: list[Entry], today: date, internal: bool) -> None:
    from iopctl.report.console import to_json
    from iopctl.site.downloads import agreement_json, calendars, data_csv, data_json, data_xlsx
    from iopctl.site.giving import package

    writer.put("data/overenskommelser.csv", data_csv(entries))
    writer.put("data/overenskommelser.xlsx", data_xlsx(entries))
    writer.put("data/overenskommelser.json", data_json(entries, internal=internal))
    writer.put("data/360giving.json", to_json(package(entries)) + "\n")
    whole, singles = calendars(entries, today, "IOP-registret")
    writer.put("data/kalender.ics", whole)
    for e, single in zip(entries, singles, strict=True):
        writer.put(f"data/kalender/{e.id}.ics", single)
        writer.put(f"data/overenskommelser/{e.id}.json", to_json(agreement_json(e, internal=internal)) + "\n")
