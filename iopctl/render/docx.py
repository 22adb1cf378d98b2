"""Markdown → DOCX with pandoc (shipped by pypandoc-binary) and the template's reference.docx.

pandoc writes real Word structure: Heading 1–4 styles, numbered and bulleted lists, tables
with the "Table" style, no direct formatting, so a coordinator can edit the draft and a
municipality can restyle it by editing `templates/reference.docx` in Word.

Three things are neutralised:
- time: pandoc stamps docProps/core.xml and the zip entries with the clock (or 1970/1980
  under --sandbox, where it ignores SOURCE_DATE_EPOCH); the package is rewritten with every
  date set to the agreement's document date (`restamp`), so the same input gives the same
  bytes;
- file access: without `--sandbox` pandoc embeds any file an image points at
  (`![x](/etc/passwd)` puts the file into word/media); with it, pandoc reads nothing but its
  input and the reference document;
- raw HTML: pandoc's CommonMark reader keeps `<script>` as raw HTML (and drops it from
  DOCX) even with `-raw_html`; a Lua filter turns raw HTML back into the text it is, and
  images into their alt text, exactly as the HTML output shows them.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.render.meta import DocumentMeta

INSTALL_HINT = "DOCX output needs pandoc: pip install 'iopctl[docx]'"
REFERENCE_DOC = "reference.docx"
READER = "commonmark+pipe_tables"

#: Raw HTML is text; images are their description; links only to the web, mail, telephone
#: or within the document (as render_html.SAFE_LINK), others print as written, as in HTML.
LUA_FILTER = r"""
local function safe(target)
  local t = target:lower():gsub("^%s+", "")
  return t:match("^https?:") or t:match("^mailto:") or t:match("^tel:") or t:match("^#")
end
function RawInline(el) return pandoc.Str(el.text) end
function RawBlock(el) return pandoc.Para({pandoc.Str((el.text:gsub("%s+$", "")))}) end
function Image(el)
  if safe(el.src) then return el.caption end
  return pandoc.Str("![" .. pandoc.utils.stringify(el.caption) .. "](" .. el.src .. ")")
end
function Link(el)
  if not safe(el.target) then
    return pandoc.Str("[" .. pandoc.utils.stringify(el.content) .. "](" .. el.target .. ")")
  end
end
"""


def pandoc_path() -> str:
    """The pandoc binary pypandoc-binary ships (or the one pypandoc finds)."""
    from iopctl.render.templates import MissingDependency

    try:
        import pypandoc
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise MissingDependency(f"{INSTALL_HINT} (pandoc itself was not found)") from None


def reference_doc(meta: DocumentMeta) -> Path:
    """The template's reference.docx, else the shipped one."""
    from iopctl.files.discover import SHIPPED_TEMPLATES
    from iopctl.render.templates import TemplateProblem

    for folder in (meta.templates, SHIPPED_TEMPLATES):
        candidate = folder / REFERENCE_DOC
        if candidate.is_file():
            return candidate
    raise TemplateProblem(REFERENCE_DOC, "reference.docx not found in the templates folder")


def markdown_to_docx(markdown: str, meta: DocumentMeta) -> bytes:
    """The DOCX of a Markdown draft, byte-identical for the same input."""
    pandoc = pandoc_path()
    reference = reference_doc(meta)
    with tempfile.TemporaryDirectory(prefix="iopctl-docx-") as tmp:
        lua = Path(tmp) / "safe.lua"
        lua.write_text(LUA_FILTER, encoding="utf-8")
        args = [
            pandoc,
            "--from",
            READER,
            "--to",
            "docx",
            "--output",
            "-",
            "--sandbox",
            f"--reference-doc={reference}",
            f"--lua-filter={lua}",
            "--metadata=lang:sv-SE",
            f"--metadata=description:{meta.agreement_id} · mall {meta.template} · SHA-256 {meta.fingerprint}",
        ]
        done = subprocess.run(args, input=markdown.encode("utf-8"), capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed ({done.returncode}): {done.stderr.decode('utf-8', 'replace').strip()}")
    from iopctl.render.word import finish

    return restamp(finish(done.stdout, meta), meta.created)


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def restamp(docx: bytes, day: date) -> bytes:
    """The same package with every date set to `day`: zip entries and docProps/core.xml.

    pandoc stamps core.xml and the zip entries with the clock, or with SOURCE_DATE_EPOCH, but
    under --sandbox it reads no environment and writes 1970/1980, while the entries it copies
    from the reference document keep that file's dates. Rewriting the package fixes all of
    them to the document date, whatever the pandoc version does.
    """
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode() + rb"\g<2>", data)
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
