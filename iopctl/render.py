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

Fingerprint: SHA-256 of the agreement's canonical JSON (the validated model dumped in JSON
mode, keys sorted, no whitespace, UTF-8). It names the data a document was made from and does
not change with comments, key order, quoting, line endings or Unicode normalisation of the
file; series values (population, index) are not part of it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopctl import sv
from iopctl.problems import UserError
from iopctl.render_context import Md, RenderError, build_context
from iopctl.workspace import SHIPPED_TEMPLATES, TEMPLATE_SUFFIX

if TYPE_CHECKING:
    from jinja2 import Environment

    from iopctl.model import Agreement
    from iopctl.series import SeriesStore

__all__ = [
    "FORMATS",
    "DocumentMeta",
    "MissingDependency",
    "RenderError",
    "TemplateProblem",
    "document_meta",
    "environment",
    "fingerprint",
    "md_escape",
    "render",
    "render_markdown",
]

FORMATS = {"md": ".md", "html": ".html", "pdf": ".pdf", "docx": ".docx"}
"""Output formats and the file suffix each is written with."""
HTML_WRAPPER = "html.html.j2"
ASSETS = "assets"


class MissingDependency(UserError):
    """An optional library a format needs is not installed: one line with the install command."""


class TemplateProblem(Exception):
    """A template that cannot be used: missing, broken, or doing something the sandbox refuses."""

    def __init__(
        self, template: str, message: str, line: int | None = None, file: str | None = None
    ) -> None:
        self.template = template
        self.line = line
        self.file = file
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(f"{where}template '{template}': {message}")


# --- Markdown escaping -------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_ORDERED = re.compile(r"^([0-9]{1,9})([.)])(?=\s|$)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def md_escape(text: str) -> str:
    """Text as Markdown that reads exactly as the text: no emphasis, link, HTML, list or heading.

    Every ASCII punctuation mark CommonMark gives a meaning to is backslash-escaped where it
    could take effect; control characters (line breaks included) become one space, since a
    one-line value must not start a new block.
    """
    text = _CONTROL.sub(" ", text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    if text[:1] in ("-", "+", "="):
        text = "\\" + text
    return _MD_ORDERED.sub(r"\1\\\2", text)


def _finalize(eval_ctx: Any, value: Any) -> Any:
    """What `{{ … }}` may print: escaped text and numbers; never a raw amount, date or None."""
    if value is None:
        raise RenderError(
            (), "a template printed a missing value (None); test it with {% if … %} first"
        )
    if isinstance(value, bool):
        raise RenderError((), "a template printed a truth value; use {% if … %}")
    if isinstance(value, Decimal | float):
        raise RenderError(
            (), "a template printed an amount without a money filter; use | kronor(money_style)"
        )
    if isinstance(value, date):
        raise RenderError((), "a template printed a date object; use | date_long")
    if eval_ctx.autoescape or isinstance(value, Md) or not isinstance(value, str):
        return value
    return md_escape(value)


# --- the environment ---------------------------------------------------------------------------


def _kronor(value: Decimal | int | None, style: str = "kronor") -> str:
    """The money filter: `{{ x | kronor(money_style) }}`; None (not stated) is 'belopp ej fastställt'."""
    if style not in ("kronor", "kr"):
        raise RenderError((), f"money_style must be 'kronor' or 'kr', not {style!r}")
    if value is None:
        return "belopp ej fastställt"
    return sv.kronor(value, "kr" if style == "kr" else "kronor")


def _markdown(value: str) -> Md:
    """Mark template-made Markdown (a macro's or block's output) as already escaped."""
    return Md(value)


FILTERS = {
    "markdown": _markdown,
    "amount": sv.amount,
    "kronor": _kronor,
    "per_capita": sv.per_capita,
    "percent": sv.percent,
    "date_long": sv.date_long,
    "date_iso": sv.date_iso,
    "month_name": sv.month_name,
    "org_number": sv.org_number,
    "count_words": sv.count_words,
    "count_with_digit": sv.count_with_digit,
    "join_list": sv.join_list,
    "year_span": sv.year_span,
    "year_range": sv.year_range,
}
"""iopctl.sv as Jinja filters (the only way a template formats money, dates and counts), and
`markdown`, which marks a macro's output as Markdown the template made: `{{ m(x) | markdown }}`."""

#: Jinja built-ins that turn a Decimal into a float (format, float, round) or compute.
REMOVED_FILTERS = ("format", "float", "round", "sum")


@lru_cache(maxsize=16)
def environment(templates: Path) -> Environment:
    """The one Jinja environment for a templates folder (the shipped folder is the fallback).

    A municipality's folder may hold only its own template and extend the shipped
    `base.md.j2`; names are looked up in its folder first.
    """
    from jinja2 import (
        ChoiceLoader,
        FileSystemLoader,
        StrictUndefined,
        pass_eval_context,
        select_autoescape,
    )
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        """The immutable sandbox, with `%` refused: it formats Decimals through float."""

        intercepted_binops = frozenset(["%"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "%":
                raise SecurityError("the % operator is not allowed in templates; use the filters")
            return super().call_binop(context, operator, left, right)

    folders = (
        [templates]
        if templates.resolve() == SHIPPED_TEMPLATES.resolve()
        else [templates, SHIPPED_TEMPLATES]
    )
    env = Sandbox(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(
            enabled_extensions=("html.j2", "html"), default_for_string=False, default=False
        ),
        finalize=pass_eval_context(_finalize),
    )
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(FILTERS)

    def asset_data_url(name: str) -> str:
        """A file of the template's assets/ as a data: URL (logos in html.html.j2)."""
        from iopctl.render_html import asset_data_url

        return asset_data_url(templates, name)

    env.globals["asset_data_url"] = asset_data_url
    return env


def assets_dirs(templates: Path) -> list[Path]:
    """The asset folders a document may use: the templates folder's, then the shipped one."""
    dirs = [templates / ASSETS, SHIPPED_TEMPLATES / ASSETS]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [s.resolve() for s in seen]:
            seen.append(d)
    return seen


def read_asset(templates: Path, name: str) -> str:
    """A text asset (the print stylesheet), from the first asset folder that has it."""
    for folder in assets_dirs(templates):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise TemplateProblem(
        name, f"asset '{name}' not found in {templates / ASSETS} or the shipped assets"
    )


def run_template(templates: Path, name: str, context: dict[str, Any]) -> str:
    """Render one template; every failure becomes a TemplateProblem naming file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = environment(templates)
    try:
        template = env.get_template(name)
        return template.render(context)
    except TemplateNotFound as exc:
        known = ", ".join(sorted(_template_names(templates))) or "none"
        missing = exc.name if isinstance(exc.name, str) else name
        raise TemplateProblem(
            name, f"template file '{missing}' not found in {templates} (known: {known})"
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            name, f"syntax error: {exc.message}", exc.lineno, exc.filename
        ) from None
    except SecurityError as exc:
        raise TemplateProblem(
            name, f"not allowed in a template: {exc}", *_template_line(exc)
        ) from None
    except UndefinedError as exc:
        raise TemplateProblem(name, f"{exc.message}", *_template_line(exc)) from None
    except RenderError as exc:
        if exc.path:
            raise
        raise TemplateProblem(name, exc.message, *_template_line(exc)) from None
    except TemplateError as exc:
        raise TemplateProblem(name, str(exc), *_template_line(exc)) from None


def _template_line(exc: BaseException) -> tuple[int | None, str | None]:
    """The innermost template frame of a traceback (Jinja rewrites frames to template lines)."""
    tb = exc.__traceback__
    found: tuple[int | None, str | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (tb.tb_lineno, filename)
        tb = tb.tb_next
    return found


def _template_names(templates: Path) -> set[str]:
    names: set[str] = set()
    for folder in {templates, SHIPPED_TEMPLATES}:
        if folder.is_dir():
            names |= {
                p.name[: -len(TEMPLATE_SUFFIX)]
                for p in folder.glob(f"*{TEMPLATE_SUFFIX}")
                if not p.name.startswith("_")
            }
    return names


# --- documents ---------------------------------------------------------------------------------


_UNFINGERPRINTED_WHEN_EMPTY = ("replaces", "amendments", "needs")


def fingerprint(agreement: Agreement) -> str:
    """SHA-256 of the agreement's canonical JSON (see the module docstring)."""
    data = agreement.model_dump(mode="json")
    for key in _UNFINGERPRINTED_WHEN_EMPTY:  # keys added later: absent, the fingerprint is as before
        if not data.get(key):
            data.pop(key, None)
    for commitment in data.get("funding", {}).get("commitments", []):  # amount_note came later too
        for line in commitment.get("amounts", []):
            if line.get("amount_note") is None:
                line.pop("amount_note", None)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What every format carries besides the text: provenance and fixed metadata."""

    agreement_id: str
    template: str
    fingerprint: str
    title: str
    created: date
    """The document date put in PDF and DOCX metadata, from the data, never the clock."""
    templates: Path


def document_meta(agreement: Agreement, templates: Path) -> DocumentMeta:
    """Provenance and metadata date: the date line, else the last signing date, else the start."""
    signed = [s.date for s in agreement.signatories if s.date is not None]
    created = agreement.document.date_line or (max(signed) if signed else agreement.period.start)
    return DocumentMeta(
        agreement.id,
        agreement.template,
        fingerprint(agreement),
        agreement.document.title,
        created,
        templates,
    )


def render_markdown(agreement: Agreement, templates: Path, series: SeriesStore) -> str:
    """The canonical Markdown draft of an agreement through the template it names."""
    from iopctl.schedule import payment_schedule

    payments = payment_schedule(agreement, series)
    context = build_context(agreement, payments, series, fingerprint=fingerprint(agreement))
    if agreement.amendments:
        from iopctl.render_amendment import history

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
        from iopctl.render_docx import markdown_to_docx

        return markdown_to_docx(markdown, meta)
    from iopctl.render_html import markdown_to_html

    if fmt == "html":
        return markdown_to_html(markdown, meta, for_pdf=False).encode("utf-8")
    from iopctl.render_pdf import html_to_pdf

    return html_to_pdf(markdown_to_html(markdown, meta, for_pdf=True), meta)
