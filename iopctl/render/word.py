"""The finishing touches pandoc's DOCX lacks, so that a lawyer can edit the draft in Word.

pandoc writes headings, lists and tables with styles; this module rewrites its package so that
- headings typed "7." / "7.1" are numbered by Word's own numbering (a multi-level list tied to
  Heading 2 and Heading 3), so that inserting a section renumbers the rest;
- the typed table of contents under "Innehållsförteckning" is a TOC field (its entries stay as
  the field's last result until Word updates it; settings ask Word to update fields on open);
- the header and footer come from the reference document (pandoc copies them): the title is a
  TITLE field, whose shown text is set to the agreement's title, and the core properties hold
  Title, Subject and Author so the field updates to the same words;
- the signatures, from the heading before the first signature block to the last block, are
  kept together (keep with next, keep lines), so no block is split and none is alone on a page;
- a table spans the text width with columns no narrower than their longest word, so a unit
  name ("Kommunledningskontoret") is not broken mid-word.

Plain string work on WordprocessingML that pandoc writes in a fixed form; no XML library
parses untrusted input here (the input is pandoc's own output).
"""

from __future__ import annotations

import io
import re
import zipfile
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iopctl.render.meta import DocumentMeta

#: Numbering ids far above the ones pandoc gives its lists.
HEADING_NUM = 9001
TEXT_WIDTH = 9242  # twips: A4 (11906) less the reference document's margins (1417 + 1247)
TOC_TITLE = "Innehållsförteckning"
SIGNATURE_MARK = "Namnteckning"

_PARA = re.compile(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", re.S)
_HEADING = re.compile(
    r'(<w:p><w:pPr><w:pStyle w:val="Heading([23])" />)(</w:pPr><w:r><w:t xml:space="preserve">)'
    r"(\d+)(?:\.(\d+))?\.?\s+"
)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")

NUMBERING = (
    f'<w:abstractNum w:abstractNumId="{HEADING_NUM}"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>'
    '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading3"/>'
    '<w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
    "</w:abstractNum>"
)


def finish(docx: bytes, meta: DocumentMeta) -> bytes:
    """The package with Word numbering, a TOC field, header title, properties and layout."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        parts = {i.filename: source.read(i.filename) for i in source.infolist()}
        body = parts["word/document.xml"].decode("utf-8")
        body, numbered = _numbered_headings(body)
        body = _layout(_toc_field(body))
        parts["word/document.xml"] = body.encode("utf-8")
        if numbered and "word/numbering.xml" in parts:
            parts["word/numbering.xml"] = _add_numbering(parts["word/numbering.xml"].decode("utf-8")).encode("utf-8")
        for name in [n for n in parts if re.fullmatch(r"word/header\d+\.xml", n)]:
            parts[name] = _title_field(parts[name].decode("utf-8"), meta.title).encode("utf-8")
        parts["docProps/core.xml"] = _core(parts["docProps/core.xml"].decode("utf-8"), meta).encode("utf-8")
        if "word/settings.xml" in parts:
            settings = parts["word/settings.xml"].decode("utf-8")
            if "<w:updateFields" not in settings:
                settings = re.sub(r"(<w:settings[^>]*>)", r'\1<w:updateFields w:val="true"/>', settings, count=1)
            parts["word/settings.xml"] = settings.encode("utf-8")
        for item in source.infolist():
            target.writestr(item, parts[item.filename])
    return out.getvalue()


def _numbered_headings(body: str) -> tuple[str, bool]:
    """Typed "7." and "7.1" heading numbers replaced by Word numbering."""
    found = False

    def number(m: re.Match[str]) -> str:
        nonlocal found
        found = True
        level = 0 if m[2] == "2" and m[5] is None else 1
        return f'{m[1]}<w:numPr><w:ilvl w:val="{level}" /><w:numId w:val="{HEADING_NUM}" /></w:numPr>{m[3]}'

    return _HEADING.sub(number, body), found


def _add_numbering(numbering: str) -> str:
    """The heading list: its abstract definition before the first <w:num>, its instance last."""
    instance = f'<w:num w:numId="{HEADING_NUM}"><w:abstractNumId w:val="{HEADING_NUM}"/></w:num>'
    if "<w:num " in numbering:
        at = numbering.index("<w:num ")
        numbering = numbering[:at] + NUMBERING + numbering[at:]
    else:
        numbering = numbering.replace("</w:numbering>", NUMBERING + "</w:numbering>")
    return numbering.replace("</w:numbering>", instance + "</w:numbering>")


def _toc_field(body: str) -> str:
    """The paragraph after the "Innehållsförteckning" heading becomes a TOC field over
    Heading 2–3 (its typed entries are the field's shown result until Word updates it)."""
    heading = re.search(rf'<w:pStyle w:val="Heading2" /></w:pPr><w:r><w:t xml:space="preserve">{TOC_TITLE}</w:t>', body)
    if heading is None:
        return body
    para = _PARA.search(body, heading.end())
    if para is None:
        return body
    p = para.group(0)
    start = p.index("</w:pPr>") + len("</w:pPr>") if "</w:pPr>" in p else p.index(">") + 1
    field = (
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "2-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r>'
    )
    p = p[:start] + field + p[start : -len("</w:p>")] + '<w:r><w:fldChar w:fldCharType="end" /></w:r></w:p>'
    return body[: para.start()] + p + body[para.end() :]


def _layout(body: str) -> str:
    """Signatures kept together; tables across the text width, columns by their longest word."""
    paras = list(_PARA.finditer(body))
    signed = [i for i, m in enumerate(paras) if SIGNATURE_MARK in m.group(0)]
    if signed:
        first = next(
            (i for i in range(signed[0], -1, -1) if re.search(r'w:val="Heading\d"', paras[i].group(0))), signed[0]
        )
        chosen = {i: i < signed[-1] for i in range(first, signed[-1] + 1)}
        pieces, last = [], 0
        for i, m in enumerate(paras):
            if i in chosen:
                pieces.append(body[last : m.start()])
                pieces.append(_keep(m.group(0), with_next=chosen[i]))
                last = m.end()
        body = "".join(pieces) + body[last:]
    return re.sub(r"<w:tbl>.*?</w:tbl>", lambda m: _table(m.group(0)), body, flags=re.S)


def _keep(p: str, *, with_next: bool) -> str:
    keep = ("<w:keepNext />" if with_next else "") + "<w:keepLines />"
    if "<w:pPr>" in p:
        # keepNext and keepLines come right after the paragraph style (CT_PPr order).
        styled = re.sub(r"(<w:pPr>(?:<w:pStyle [^>]*/>)?)", r"\1" + keep, p, count=1)
        return styled
    return p.replace("<w:p>", f"<w:p><w:pPr>{keep}</w:pPr>", 1)


def _table(table: str) -> str:
    """Columns in proportion to their text, none narrower than its longest word."""
    rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
    cols = len(re.findall(r"<w:gridCol ", table))
    if not rows or cols == 0:
        return table
    longest = [1] * cols
    total = [1] * cols
    for row in rows:
        for j, cell in enumerate(re.findall(r"<w:tc>.*?</w:tc>", row, re.S)[:cols]):
            text = "".join(_TEXT.findall(cell))
            longest[j] = max([longest[j], *(len(w) for w in text.split())])
            total[j] = max(total[j], len(text))
    weights = [max(longest[j] * 1.15, min(total[j], 40)) for j in range(cols)]
    widths = [int(TEXT_WIDTH * w / sum(weights)) for w in weights]
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in widths) + "</w:tblGrid>"
    table = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", grid, table, count=1, flags=re.S)
    return table.replace('<w:tblW w:type="auto" w:w="0" />', f'<w:tblW w:type="dxa" w:w="{TEXT_WIDTH}" />', 1)


def _title_field(header: str, title: str) -> str:
    """The TITLE field's shown text set to the agreement's title."""
    return re.sub(
        r'(TITLE[^<]*</w:instrText>.*?w:fldCharType="separate" ?/>.*?<w:t(?: [^>]*)?>)[^<]*(</w:t>)',
        lambda m: m[1] + escape(title, quote=False) + m[2],
        header,
        count=1,
        flags=re.S,
    )


def _core(core: str, meta: DocumentMeta) -> str:
    """Title, Subject and Author (dc:creator) in the core properties."""
    for tag, value in (("title", meta.title), ("subject", meta.subject), ("creator", meta.author)):
        text = escape(value, quote=False)
        if re.search(rf"<dc:{tag}>.*?</dc:{tag}>|<dc:{tag} ?/>", core, re.S):
            core = re.sub(rf"<dc:{tag}>.*?</dc:{tag}>|<dc:{tag} ?/>", f"<dc:{tag}>{text}</dc:{tag}>", core, flags=re.S)
        else:
            core = core.replace("</cp:coreProperties>", f"<dc:{tag}>{text}</dc:{tag}></cp:coreProperties>")
    return core
