"""Signable drafts: an agreement rendered through its template to Markdown, HTML, PDF or DOCX.

Markdown is the canonical rendering (pinned by the golden files); HTML is made from it by
markdown-it, PDF from the HTML by WeasyPrint, DOCX from the Markdown by pandoc. Heavy
libraries are imported by their format's module only when that format is asked for.

Templates are edited by municipalities, so they run in one Jinja environment built to be
safe with them: Jinja's immutable sandbox, `StrictUndefined` (a blank in a contract is a
bug), and output that is escaped for its target. In Markdown templates every printed string
is Markdown-escaped unless it is agreement Markdown (`Md`), so a name cannot open a list, a
link or raw HTML; HTML templates autoescape. Agreement text is data, never template source:
nothing from the YAML is ever compiled. Money is printed only through the `kronor`/`amount`
filters (printing a Decimal raw, or using `format`/`%`, is refused), dates are precomputed.

The fingerprint and the document metadata are in `iopctl.render.meta`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from iopctl.files.discover import TEMPLATE_SUFFIX
from iopctl.render.context import build_context
from iopctl.render.meta import DocumentMeta, document_meta, fingerprint
from iopctl.render.templates import run_template

if TYPE_CHECKING:
    from iopctl.model.agreement import Agreement
    from iopctl.model.series_store import SeriesStore


FORMATS = {"md": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}
"""Output formats and the file suffix each is written with."""


# --- Markdown escaping -------------------------------------------------------------------------


# --- the environment ---------------------------------------------------------------------------


# --- documents ---------------------------------------------------------------------------------


def render_markdown(agreement: Agreement, templates: Path, series: SeriesStore) -> str:
    """The canonical Markdown draft of an agreement through the template it names."""
    from iopctl.funding.schedule import payment_schedule

    payments = payment_schedule(agreement, series)
    context = build_context(agreement, payments, series, fingerprint=fingerprint(agreement))
    if agreement.amendments:
        from iopctl.render.history import history

        context["amendments"] = history(agreement)
    text = run_template(templates, agreement.template + TEMPLATE_SUFFIX, context)
    # One trailing newline and no trailing spaces, whatever the template's whitespace.
    lines = [line.rstrip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def render(agreement: Agreement, fmt: str, templates: Path, series: SeriesStore) -> bytes:
    """The agreement as the bytes of one output format."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return convert(render_markdown(agreement, templates, series), fmt, document_meta(agreement, templates))


def convert(markdown: str, fmt: str, meta: DocumentMeta) -> bytes:
    """Canonical Markdown as the bytes of one output format."""
    if fmt == "md":
        return markdown.encode("utf-8")
    if fmt == "docx":
        from iopctl.render.docx import markdown_to_docx

        return markdown_to_docx(markdown, meta)
    from iopctl.render.html import markdown_to_html

    if fmt == "html":
        return markdown_to_html(markdown, meta, for_pdf=False).encode("utf-8")
    from iopctl.render.pdf import html_to_pdf

    return html_to_pdf(markdown_to_html(markdown, meta, for_pdf=True), meta)
