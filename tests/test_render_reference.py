"""templates/reference.docx, the Word styles of DOCX drafts, is made here from pandoc's own.

pandoc's default reference document (`pandoc --print-default-data-file reference.docx`) with
the house look: Times New Roman body, Arial headings in black kept with the next paragraph,
bordered tables, A4 with the PDF's margins, a header with the TITLE field and a footer "Sida X
av Y" (PAGE, NUMPAGES), fixed package dates. The committed file must
equal what this builds; `pytest --update-golden` rewrites it (after a pandoc upgrade, say).
A municipality may instead edit its own copy in Word: its styles, header and footer are used.
"""

from __future__ import annotations

import datetime
import io
import subprocess
from pathlib import Path

from iopctl.render.docx import pandoc_path, restamp

REFERENCE = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
SERIF, SANS = "Times New Roman", "Arial"
HEADINGS = (
    ("Title", 20),
    ("Heading 1", 18),
    ("Heading 2", 13),
    ("Heading 3", 11.5),
    ("Heading 4", 11),
)


def _fonts(style, name: str) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _field(paragraph, instruction: str, shown: str, element, qn) -> None:  # type: ignore[no-untyped-def]
    """A complex field (begin, instruction, separate, last result, end) at the paragraph's end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = element("w:r")
        if kind is not None:
            char = element("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        else:
            node = element("w:instrText" if text == instruction else "w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} " if text == instruction else text
            run.append(node)
        paragraph._p.append(run)


def _header_and_footer(section, element, qn) -> None:  # type: ignore[no-untyped-def]
    """Header: the TITLE field (iopctl sets the shown text to the agreement's title); footer:
    "Sida X av Y" with PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(header, "TITLE \\* MERGEFORMAT", "Överenskommelse om idéburet offentligt partnerskap", element, qn)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    _field(footer, "PAGE \\* MERGEFORMAT", "1", element, qn)
    footer.add_run(" av ")
    _field(footer, "NUMPAGES \\* MERGEFORMAT", "1", element, qn)


def build_reference() -> bytes:
    """The house reference document, from the default of the pandoc iopctl runs."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    default = subprocess.run(
        [pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    document = docx.Document(io.BytesIO(default))
    styles = document.styles
    black = RGBColor(0, 0, 0)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        _fonts(styles[name], SERIF)
        styles[name].font.size = Pt(11)
    for name, size in HEADINGS:
        style = styles[name]
        _fonts(style, SANS)
        style.font.size, style.font.color.rgb, style.font.bold = Pt(size), black, True
        style.paragraph_format.keep_with_next = True
    styles["Heading 4"].font.italic = True
    for name in (
        "Heading 5",
        "Heading 6",
        "Heading 7",
        "Heading 8",
        "Heading 9",
        "Subtitle",
        "TOC Heading",
        "Heading 1 Char",
        "Heading 2 Char",
        "Heading 3 Char",
        "Heading 4 Char",
    ):
        styles[name].font.color.rgb = black
    table = styles["Table"].element
    properties = table.find(qn("w:tblPr"))
    if properties is None:
        properties = OxmlElement("w:tblPr")
        table.append(properties)
    for old in properties.findall(qn("w:tblBorders")):
        properties.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "888888"),
        ):
            line.set(qn(key), value)
        borders.append(line)
    properties.append(borders)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(25)
        section.left_margin, section.right_margin = Mm(25), Mm(22)
    _header_and_footer(document.sections[0], OxmlElement, qn)
    core = document.core_properties
    core.created = core.modified = datetime.datetime(2025, 1, 1)
    core.author = core.last_modified_by = "iopctl"
    core.title = core.subject = core.keywords = core.comments = ""
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return restamp(out.getvalue(), datetime.date(2025, 1, 1))


def test_reference_docx_is_built_from_pandocs_default(update_golden: bool) -> None:
    built = build_reference()
    if update_golden:
        REFERENCE.write_bytes(built)
        return
    assert REFERENCE.read_bytes() == built, "templates/reference.docx is stale; run pytest --update-golden"


def test_reference_docx_styles() -> None:
    import docx

    styles = docx.Document(str(REFERENCE)).styles
    assert styles["Normal"].font.name == SERIF
    assert all(styles[name].font.name == SANS and styles[name].font.color.rgb == (0, 0, 0) for name, _ in HEADINGS)
