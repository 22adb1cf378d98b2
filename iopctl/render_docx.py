"""Markdown → DOCX with pandoc (shipped by pypandoc-binary) and the template's reference.docx.

pandoc writes real Word structure: Heading 1–4 styles, numbered and bulleted lists, tables
with the "Table" style, no direct formatting, so a coordinator can edit the draft and a
municipality can restyle it by editing `templates/reference.docx` in Word.

Three things are neutralised:
- time: pandoc stamps docProps/core.xml and every zip entry with the clock unless
  SOURCE_DATE_EPOCH is set; it is set to the agreement's document date, so the same input
  gives the same bytes;
- file access: without `--sandbox` pandoc embeds any file an image points at
  (`![x](/etc/passwd)` puts the file into word/media); with it, pandoc reads nothing but its
  input and the reference document;
- raw HTML: pandoc's CommonMark reader keeps `<script>` as raw HTML (and drops it from
  DOCX) even with `-raw_html`; a Lua filter turns raw HTML back into the text it is, and
  images into their alt text, exactly as the HTML output shows them.
"""

from __future__ import annotations

import calendar
import os
import subprocess
import tempfile
from datetime import datetime, time, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.render import DocumentMeta

INSTALL_HINT = "DOCX output needs pandoc: pip install 'iopctl[docx]'"
REFERENCE_DOC = "reference.docx"
READER = "commonmark+pipe_tables"

#: Raw HTML is text; images are their description; links only to the web or mail.
LUA_FILTER = r"""
function RawInline(el) return pandoc.Str(el.text) end
function RawBlock(el) return pandoc.Para({pandoc.Str((el.text:gsub("%s+$", "")))}) end
function Image(el) return el.caption end
function Link(el)
  local t = el.target:lower()
  if t:match("^javascript:") or t:match("^vbscript:") or t:match("^file:") or t:match("^data:") then
    return el.content
  end
end
"""


def pandoc_path() -> str:
    """The pandoc binary pypandoc-binary ships (or the one pypandoc finds)."""
    from iopctl.render import MissingDependency

    try:
        import pypandoc
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError:
        raise MissingDependency(f"{INSTALL_HINT} (pandoc itself was not found)") from None


def source_date_epoch(meta: DocumentMeta) -> str:
    """Midnight UTC of the document date, as pandoc reads SOURCE_DATE_EPOCH."""
    moment = datetime.combine(meta.created, time(0), tzinfo=timezone.utc)
    return str(calendar.timegm(moment.utctimetuple()))


def reference_doc(meta: DocumentMeta) -> Path:
    """The template's reference.docx, else the shipped one."""
    from iopctl.render import SHIPPED_TEMPLATES, TemplateProblem

    for folder in (meta.templates, SHIPPED_TEMPLATES):
        candidate = folder / REFERENCE_DOC
        if candidate.is_file():
            return candidate
    raise TemplateProblem(REFERENCE_DOC, "reference.docx not found in the templates folder")


def markdown_to_docx(markdown: str, meta: DocumentMeta) -> bytes:
    """The DOCX of a Markdown draft, byte-identical for the same input."""
    pandoc = pandoc_path()
    reference = reference_doc(meta)
    # pandoc is run directly (not through pypandoc.convert_text) so that SOURCE_DATE_EPOCH is
    # set for this one process instead of in os.environ for everyone.
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(meta))
    with tempfile.TemporaryDirectory(prefix="iopctl-docx-") as tmp:
        lua = Path(tmp) / "safe.lua"
        lua.write_text(LUA_FILTER, encoding="utf-8")
        args = [
            pandoc,
            "--from", READER,
            "--to", "docx",
            "--output", "-",
            "--sandbox",
            f"--reference-doc={reference}",
            f"--lua-filter={lua}",
            "--metadata=lang:sv-SE",
            f"--metadata=subject:{meta.agreement_id}",
            f"--metadata=description:{meta.agreement_id} · mall {meta.template} · SHA-256 {meta.fingerprint}",
        ]
        done = subprocess.run(args, input=markdown.encode("utf-8"), capture_output=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed ({done.returncode}): {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout
