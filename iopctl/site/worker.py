"""One agreement's work for `iopctl site`, done in a worker process: its files staged, and the
part the build of all agreements keeps of it (`Part`).

`work_one` reads the file as every command does (`iopctl.site.data.gather_one`), makes its page,
calendar and JSON file and stages them (`iopctl.site.manifest.stage`), and returns the small
rows the index, the overview and the downloads need. Its calendar and JSON file go into the
downloads of all as the files it staged have them (`made_bytes`): they are most of what those
downloads are made of, and kept in memory (or compressed) they would cost the workers
more than reading them back costs the build. The build sets `OLD` and `DIRECT`
before its processes start (forked, they have its values).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from iopctl.site.manifest import Staged, digest, digest_bytes, stage
from iopctl.site.pages import LaneInfo

if TYPE_CHECKING:
    from iopctl.site.cache import Inputs

__all__ = [
    "DIRECT",
    "OLD",
    "SITE_TEMPLATES",
    "Part",
    "Task",
    "calendar_events",
    "common",
    "forget_inputs",
    "kept_bytes",
    "made_bytes",
    "render",
    "work_one",
    "work_sent",
]

SITE_TEMPLATES = "site"
_DOC_LABELS = {".pdf": "PDF", ".docx": "Word (DOCX)", ".html": "HTML"}


def render(name: str, context: dict[str, Any]) -> str:
    """A site template through the sandbox; a missing or broken template is the user's error to see."""
    from iopctl.errors import UserError
    from iopctl.files.discover import SHIPPED_TEMPLATES
    from iopctl.render.templates import TemplateProblem, run_template

    try:
        return run_template(SHIPPED_TEMPLATES, f"{SITE_TEMPLATES}/{name}", context)
    except TemplateProblem as exc:
        raise UserError(f"{exc} (is iopctl installed with its templates?)") from None


def _docs(agreement_id: str, present: tuple[bool, ...]) -> Any:
    """Links to the rendered documents beside the site (`present`: `iopctl.site.cache.Inputs.docs`)."""
    from iopctl.site.cache import DOC_SUFFIXES
    from iopctl.site.pages import Docs

    return Docs(
        tuple(
            (f"../{agreement_id}{suffix}", _DOC_LABELS[suffix])
            for suffix, there in zip(DOC_SUFFIXES, present, strict=True)
            if there
        )
    )


def common(root: str, today: date, internal: bool, page: str) -> dict[str, Any]:
    return {"root": root, "today": today.isoformat(), "internal": internal, "page": page}


class Task(NamedTuple):
    """One agreement file to work out, and how (the build's day, kind, salt and its lineage)."""

    path: Path
    out: Path
    today: date
    internal: bool
    salt: str
    lineage: tuple[bool, tuple[str, ...]] = (True, ())
    """Whether the agreement it replaces is in the build, and the ids of those replacing it."""


@dataclass(slots=True)
class Part:
    """What the build of all agreements keeps of one: small rows, and the files it made."""

    id: str
    replaces: str | None
    problems: list[Any]
    series_folder: Path | None
    series_problems: list[Any]
    files: list[Staged] = field(default_factory=list)
    """Its page, calendar and JSON file (in that order), staged or as they are."""
    row: dict[str, str] = field(default_factory=dict)
    publics: list[str] = field(default_factory=list)
    phase: str = ""
    years: tuple[int, int] = (0, 0)
    sums: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    lane: LaneInfo | None = None
    rows_key: str = ""
    csv: str = ""
    grant: bytes = b""
    """Its line of the 360Giving export (b"": it has no grant)."""
    book: bytes = b""
    """Its rows of the workbook, pickled (`iopctl.site.downloads.xlsx_rows`, `xlsx_encoded`)."""
    ics_head: int = 0
    """The length of its calendar's head: its events follow it (`calendar_events`)."""
    payments: int = 0
    """Its rows of the workbook's sheet of payments."""
    key: str | None = None
    """The key of everything it is made from (`iopctl.site.cache`); None: not to be kept."""
    records: str = "-"
    """The SHA-256 of its `_records/` file ('-': none), as it was read."""
    docs: tuple[bool, ...] = ()
    """Which rendered documents its page links (`iopctl.site.cache.Inputs.docs`)."""
    lineage: tuple[bool, tuple[str, ...]] = (True, ())
    """The lineage its page was made with (`Task.lineage`)."""

    def __getstate__(self) -> tuple[Any, ...]:
        """Its values in order (pickled to and from the workers and into the cache: a tuple is
        quicker than the slots' dictionary)."""
        return tuple(getattr(self, name) for name in _SLOTS)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_SLOTS, state, strict=True):
            setattr(self, name, value)


_SLOTS: tuple[str, ...] = Part.__slots__


OLD: dict[str, dict[str, str]] = {}
"""The last build's manifest, for the workers (forked, they have the parent's; started any other
way they have none and only skip writing files whose bytes are the same)."""

DIRECT = False
"""The output folder is this build's own: the workers put their files in place at once
(`iopctl.site.manifest.stage`); forked, they have the parent's value, else False."""

_INPUTS: dict[Path, Inputs] = {}
"""Per output folder, what its agreements are made from (`iopctl.site.cache.Inputs`), per process."""


def work_one(task: Task) -> Part:
    """Everything of one agreement file: its files staged, the rest for the build of all."""
    from iopctl.load.read import read_file_bytes
    from iopctl.report.console import json_line, to_json
    from iopctl.site.cache import Inputs
    from iopctl.site.data import gather_one
    from iopctl.site.downloads import agreement_json, calendar_parts, csv_row, xlsx_encoded, xlsx_rows
    from iopctl.site.giving import grant, has_grant
    from iopctl.site.pages import agreement_page, index_row, lane_info, payer_sums, years_of

    inputs = _INPUTS.get(task.out)
    if inputs is None:
        inputs = _INPUTS[task.out] = Inputs(task.out)
    raw, _ = read_file_bytes(task.path, str(task.path))  # once: its key is of the bytes it is made from
    input_key = inputs.key(task.path, raw) if raw is not None else None
    g = gather_one(task.path, today=task.today, internal=task.internal, raw=raw)
    e = g.entry
    if e is None or g.problems:
        return Part("", None, g.problems, g.series_folder, g.series_problems)
    records = inputs.records(task.path, e.id)  # read after the records were: a change shows next time
    docs = inputs.docs(e.id, none=DIRECT)  # a folder this build made holds no rendered documents
    a = e.agreement
    linked, e.replaced_by = task.lineage[0], list(task.lineage[1])
    known = {a.replaces} if linked and a.replaces else set()

    def page() -> dict[str, Any]:
        context = agreement_page(e, internal=task.internal, known=known, docs=_docs(e.id, docs))
        return {**common("../", task.today, task.internal, "agreement"), "a": context}

    context = page()
    name = f"overenskommelser/{e.id}.html"
    old = OLD.get(name)
    # The page's key (its context) is worth making only where an earlier build may have made the
    # same page: a first build would spend a fifth of the page's time on it for nothing.
    key = digest(task.salt, "agreement.html.j2", context) if old is not None else ""
    files = [stage(task.out, old, name, key, lambda: render("agreement.html.j2", context), direct=DIRECT)]
    data = agreement_json(e, internal=task.internal)
    single, head = calendar_parts(e, task.today)
    text = (to_json(data) + "\n").encode("utf-8")
    files.append(stage(task.out, None, f"data/kalender/{e.id}.ics", "", lambda: single, direct=DIRECT))
    files.append(stage(task.out, None, f"data/overenskommelser/{e.id}.json", "", lambda: text, direct=DIRECT))
    rows = xlsx_rows(e)
    line = json_line(grant(e)).encode("utf-8") if has_grant(e) else b""
    workbook = pickle.dumps((rows, xlsx_encoded(rows)), protocol=pickle.HIGHEST_PROTOCOL)
    first, last = years_of(e)
    return Part(
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
        line,
        workbook,
        head,
        len(rows[1]),
        input_key,
        records,
        docs,
        task.lineage,
    )


def kept_bytes(x: Part) -> bytes:
    """`x` pickled as the cache keeps it: its files as they will be once in place (renamed
    from the staging folder, which keeps their size and time). `x` is changed: pass a copy
    where it is still needed as it is."""
    x.files = [made._replace(tmp=None, written=False) for made in x.files]
    return pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)


def work_sent(task: Task) -> tuple[bytes, list[Staged]]:
    """`work_one` as a worker sends it back: its part pickled as the cache keeps it
    (`kept_bytes`) and its files as they are now. The build unpickles the part once and the
    cache writes the same bytes (`iopctl.site.build._save`): no part is pickled twice, and
    the cache's process has only bytes to write."""
    x = work_one(task)
    files = x.files
    return kept_bytes(x), files


def made_bytes(out: Path, made: Staged) -> bytes:
    """A file an agreement's work made (staged, or in place), with the bytes it made: a file
    changed since (its SHA-256) is an error, not a download of all with other data."""
    from iopctl.errors import UserError
    from iopctl.files.atomic import WriteError

    path = Path(made.tmp) if made.tmp is not None else out / made.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        raise WriteError(path, exc) from None
    if data is None or digest_bytes(data) != made.sha256:
        raise UserError(f"{out / made.name}: changed or removed while the site was built; build it again")
    return data


def calendar_events(out: Path, x: Part) -> bytes:
    """An agreement's events as they go into the calendar of all: its calendar without its head
    and end (`iopctl.site.downloads.calendar_parts`)."""
    from iopctl.report.ics import CALENDAR_END

    return made_bytes(out, x.files[1])[x.ics_head : -len(CALENDAR_END)]


def forget_inputs() -> None:
    """A build starts: what its agreements are made from is found afresh."""
    _INPUTS.clear()
