"""The one sandboxed Jinja environment: its filters, running a template, and the template's assets.

The only module that imports Jinja (see `iopctl.render.document` for what the environment
refuses and why); the HTML, PDF and DOCX formats import it, and nothing here imports them.
"""

from __future__ import annotations

import base64
import mimetypes
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopctl.errors import Portable, UserError
from iopctl.files.discover import SHIPPED_TEMPLATES, TEMPLATE_SUFFIX
from iopctl.render.markup import Md, RenderError, md_escape
from iopctl.swedish import format as sv

if TYPE_CHECKING:
    from jinja2 import Environment

HTML_WRAPPER = "html.html.j2"


ASSETS = "assets"


class MissingDependency(UserError):
    """An optional library a format needs is not installed: one line with the install command."""


class TemplateProblem(Portable, Exception):
    """A template that cannot be used: missing, broken, or doing something the sandbox refuses."""

    def __init__(self, template: str, message: str, line: int | None = None, file: str | None = None) -> None:
        self.template = template
        self.line = line
        self.file = file
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        super().__init__(f"{where}template '{template}': {message}")


def _finalize(eval_ctx: Any, value: Any) -> Any:
    """What `{{ … }}` may print: escaped text and numbers; never a raw amount, date or None."""
    if value.__class__ is str and eval_ctx.autoescape:  # nearly every value of an HTML page
        return value
    if value is None:
        raise RenderError((), "a template printed a missing value (None); test it with {% if … %} first")
    if isinstance(value, bool):
        raise RenderError((), "a template printed a truth value; use {% if … %}")
    if isinstance(value, Decimal | float):
        raise RenderError((), "a template printed an amount without a money filter; use | kronor(money_style)")
    if isinstance(value, date):
        raise RenderError((), "a template printed a date object; use | date_long")
    if eval_ctx.autoescape or isinstance(value, Md) or not isinstance(value, str):
        return value
    return md_escape(value)


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
"""iopctl.swedish.format as Jinja filters (the only way a template formats money, dates and counts), and
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

    folders = [templates] if templates.resolve() == SHIPPED_TEMPLATES.resolve() else [templates, SHIPPED_TEMPLATES]
    env = Sandbox(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False, default=False),
        finalize=pass_eval_context(_finalize),
    )
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(FILTERS)

    def asset_data_url(name: str) -> str:
        """A file of the template's assets/ as a data: URL (logos in html.html.j2)."""
        from iopctl.render.templates import asset_data_url

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
    raise TemplateProblem(name, f"asset '{name}' not found in {templates / ASSETS} or the shipped assets")


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
        raise TemplateProblem(name, f"template file '{missing}' not found in {templates} (known: {known})") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(name, f"syntax error: {exc.message}", exc.lineno, exc.filename) from None
    except SecurityError as exc:
        raise TemplateProblem(name, f"not allowed in a template: {exc}", *_template_line(exc)) from None
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


def asset_data_url(templates: Any, name: str) -> str:
    """A file from the template's assets as a `data:` URL, so the HTML stays one file."""
    for folder in assets_dirs(templates):
        path = (folder / name).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    raise TemplateProblem(name, f"asset '{name}' not found in the template's assets/")
