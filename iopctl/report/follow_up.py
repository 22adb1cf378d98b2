"""The follow-up pack as Markdown (the sandboxed template) or PDF (the drafts' HTML → PDF path)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.followup.pack import FollowUp

__all__ = ["TEMPLATE", "markdown", "write"]

TEMPLATE = "_follow_up.md.j2"
"""The pack's template (a leading '_' keeps it out of the agreement templates)."""


def markdown(pack: FollowUp, templates: Path) -> str:
    """The pack as Markdown, one trailing newline, no runs of blank lines."""
    from iopctl.errors import UserError
    from iopctl.render.templates import TemplateProblem, run_template

    try:
        text = run_template(templates, TEMPLATE, pack.context())
    except TemplateProblem as exc:
        raise UserError(str(exc)) from None
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def write(pack: FollowUp, fmt: str, out: Path, first_file: Path | None) -> Path:
    """Write `uppfoljning-YEAR[-PARTY].md|pdf` in `out` atomically; the path written."""
    import hashlib

    from iopctl.files.atomic import write_atomic
    from iopctl.files.discover import SHIPPED_TEMPLATES, templates_dir

    templates = templates_dir(first_file) if first_file is not None else SHIPPED_TEMPLATES
    text = markdown(pack, templates)
    name = f"uppfoljning-{pack.year}" + (f"-{pack.party}" if pack.party else "")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        target = out / f"{name}.md"
        write_atomic(target, text)
        return target
    from iopctl.render.html import markdown_to_html
    from iopctl.render.meta import DocumentMeta
    from iopctl.render.pdf import html_to_pdf

    meta = DocumentMeta(
        name,
        "follow-up",
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        f"Uppföljning av idéburna offentliga partnerskap {pack.year}",
        pack.today if pack.today.year == pack.year else date(pack.year, 12, 31),
        templates,
    )
    target = out / f"{name}.pdf"
    write_atomic(target, html_to_pdf(markdown_to_html(text, meta, for_pdf=True), meta))
    return target
