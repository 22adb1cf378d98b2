"""Markdown → HTML: one self-contained file with its print stylesheet inlined.

markdown-it-py (CommonMark plus tables) with raw HTML disabled, so `<script>` in agreement
text prints as text. Images in agreement text print as their alt text: a draft fetches
nothing, and logos belong in the template's `assets/` (inlined as `data:` URLs). The page
around the body is the `html.html.j2` template, autoescaped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from iopctl.render.meta import DocumentMeta

STYLESHEET = "print.css"
SAFE_LINK = re.compile(r"(https?:|mailto:|tel:|#)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

    def image_as_text(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        from markdown_it.common.utils import escapeHtml

        return escapeHtml(self.renderInlineAsText(tokens[idx].children or [], options, env))

    md.add_render_rule("image", image_as_text)
    # Links only to the web, mail, telephone or within the page; anything else (a relative
    # path, file:, javascript:) prints as the text it is and never names a local file.
    md.validateLink = lambda url: SAFE_LINK.match(url.strip()) is not None  # type: ignore[method-assign]
    return md


def markdown_html(markdown: str) -> str:
    """The HTML body of a Markdown document."""
    html: str = _parser().render(markdown)
    return keep_signatures_together(html)


def keep_signatures_together(html: str) -> str:
    """From the heading before the first signature block to the last block, one
    `<div class="signatures">` that the print stylesheet keeps on one page, so that no
    signature is alone on a page without agreement text (issue 16)."""
    blocks = [m for m in re.finditer(r"<p>(?:(?!</p>).)*?Namnteckning(?:(?!</p>).)*?</p>", html, re.S)]
    if not blocks:
        return html
    headings = [m.start() for m in re.finditer(r"<h[1-6][ >]", html[: blocks[0].start()])]
    start = headings[-1] if headings else blocks[0].start()
    end = blocks[-1].end()
    return f'{html[:start]}<div class="signatures">\n{html[start:end]}\n</div>{html[end:]}'


def page_css(meta: DocumentMeta) -> str:
    """The print stylesheet from the template's assets."""
    from iopctl.render.templates import read_asset

    return read_asset(meta.templates, STYLESHEET)


def markdown_to_html(markdown: str, meta: DocumentMeta, *, for_pdf: bool) -> str:
    """The whole HTML page. For PDF the stylesheet is left out (WeasyPrint gets it as a string)
    and a running footer with the provenance is added for every page."""
    from markupsafe import Markup

    from iopctl.render.templates import HTML_WRAPPER, run_template

    context = {
        "lang": "sv",
        "title": meta.title,
        "agreement_id": meta.agreement_id,
        "template": meta.template,
        "fingerprint": meta.fingerprint,
        "created": meta.created.isoformat(),
        "css": None if for_pdf else Markup(page_css(meta)),
        "for_pdf": for_pdf,
        "body": Markup(markdown_html(markdown)),
    }
    return run_template(meta.templates, HTML_WRAPPER, context)
