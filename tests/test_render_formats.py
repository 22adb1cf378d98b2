"""Every format for every reference agreement: what the PDF says, how the DOCX is built,
what the PDF fetcher refuses, and that rendering twice gives the same bytes."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest

from iopctl.files.discover import SHIPPED_TEMPLATES, templates_dir
from iopctl.funding.schedule import payment_schedule
from iopctl.funding.views import totals
from iopctl.load.read import iter_agreement_files, read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.render.document import FORMATS, render
from iopctl.render.meta import document_meta
from iopctl.swedish import format as sv

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = sorted(iter_agreement_files([ROOT / "agreements"]))
IDS = [p.stem for p in AGREEMENTS]
TYPOS = ("Kvinnojuren", "Läggerverksamhet", "KVINNOJOURN", "Södersläotts")


def _agreement(path: Path):  # type: ignore[no-untyped-def]
    result = read_agreement(path)
    assert result.agreement is not None, result.problems
    return result.agreement


@cache
def rendered(agreement_id: str, fmt: str) -> bytes:
    """Each agreement in each format, rendered once per test session."""
    path = ROOT / "agreements" / f"{agreement_id}.yaml"
    return render(_agreement(path), fmt, templates_dir(path), workspace_for(path).series)


def flat(text: str) -> str:
    """Text compared loosely: NFC, no-break and other spaces and line breaks as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@cache
def pdf_text(agreement_id: str) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered(agreement_id, "pdf")))
    return flat(" ".join(page.extract_text() for page in reader.pages))


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return flat(" ".join([p.text for p in document.paragraphs] + cells))


def facts(agreement_id: str) -> list[str]:
    """What the signed document must say, read from the data: parties, org numbers, amounts,
    dates, duties and signatories."""
    path = ROOT / "agreements" / f"{agreement_id}.yaml"
    a = _agreement(path)
    out: list[str] = []
    for p in a.parties:
        out.append(p.name)
        if p.org_number:
            out.append(sv.org_number(p.org_number))
        for c in p.contacts:
            out += [x for x in (c.name, c.email, c.phone) if x]
    for c in a.funding.commitments:
        for line in c.amounts:
            out.append(sv.amount(line.rate if line.basis == "per_capita" else line.amount))
    # A per-capita sum is computed (population × rate), not agreed text: the draft states the
    # rule only (issue 16), so its totals are no fact of the signed document.
    if not any(line.basis == "per_capita" for c in a.funding.commitments for line in c.amounts):
        for t in totals(payment_schedule(a, workspace_for(path).series), by="payer"):
            out.append(sv.amount(t.amount))
    out.append(sv.date_long(a.period.start))
    if a.period.end:
        out.append(sv.date_long(a.period.end))
    out += [sv.date_long(r.by) for r in a.period.reviews]
    # A follow-up section may list the duties it writes; the others are in the text's own words.
    listed = [
        s.obligations for s in a.document.sections if getattr(s, "generated", None) == "follow_up" and s.obligations
    ]
    out += [o.title for o in a.obligations if not listed or any(o.id in ids for ids in listed)]
    for s in a.signatories:
        out.append(s.name)
        if s.date:
            out.append(sv.date_long(s.date))
    return [flat(x) for x in out]


# --- every format ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("agreement_id", IDS)
def test_every_format_renders_and_is_byte_stable(agreement_id: str, fmt: str) -> None:
    first = rendered(agreement_id, fmt)
    assert len(first) > 1000
    path = ROOT / "agreements" / f"{agreement_id}.yaml"
    again = render(_agreement(path), fmt, templates_dir(path), workspace_for(path).series)
    assert again == first, f"{agreement_id}.{fmt} differs between two renders"


@pytest.mark.parametrize("agreement_id", IDS)
def test_no_original_typos_in_any_format(agreement_id: str) -> None:
    texts = {
        "md": rendered(agreement_id, "md").decode("utf-8"),
        "html": rendered(agreement_id, "html").decode("utf-8"),
        "pdf": pdf_text(agreement_id),
        "docx": docx_text(rendered(agreement_id, "docx")),
    }
    for fmt, text in texts.items():
        for typo in TYPOS:
            assert typo.lower() not in text.lower(), f"{typo!r} in {agreement_id}.{fmt}"


# --- PDF ------------------------------------------------------------


@pytest.mark.parametrize("agreement_id", IDS)
def test_pdf_holds_every_party_amount_date_duty_and_signatory(agreement_id: str) -> None:
    text = pdf_text(agreement_id)
    missing = [f for f in facts(agreement_id) if f not in text]
    assert not missing, f"{agreement_id}.pdf lacks {missing}"


@pytest.mark.parametrize(
    ("agreement_id", "wording"),
    [
        ("kalmar-kvinnojouren-2025", "1 000 000 kronor per år under åren 2025–2027"),
        ("kalmar-kvinnojouren-2025", "upphör utan uppsägning vid avtalstidens utgång"),
        ("kalmar-kvinnojouren-2025", "inom 30 dagar efter skriftligt påpekande"),
        ("trelleborg-kvinnojouren-soderslatt-2024", "tre månader före varje nytt årsskifte"),
        (
            "trelleborg-kvinnojouren-soderslatt-2024",
            "Kvinnojouren ska varje år, senast den 30 mars, avseende föregående kalenderår",
        ),
        (
            "trelleborg-kvinnojouren-soderslatt-2024",
            "den verksamhet som Kvinnojouren Söderslätt ska bedriva",
        ),
        ("lund-kvinnojouren-2021", "380 000 kronor per år under åren 2021"),
        ("lund-kvinnojouren-2021", "minst fyra gånger per år"),
        ("lund-vanskapens-hus-2021", "62 500 kronor för tiden 1 oktober–31 december 2021"),
        ("lund-vanskapens-hus-2021", "Bredgatan 19 och 21"),
        ("lund-individuell-manniskohjalp-2019", "58 000 kronor för tiden 1 januari–30 juni 2019"),
    ],
)
def test_pdf_says_it_in_correct_swedish(agreement_id: str, wording: str) -> None:
    assert wording in pdf_text(agreement_id)


def test_pdf_metadata_is_fixed_by_the_data() -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered("trelleborg-kvinnojouren-soderslatt-2024", "pdf")))
    meta = reader.metadata
    assert meta is not None
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20230828"
    assert "trelleborg-kvinnojouren-soderslatt-2024" in meta["/Subject"]
    assert meta["/Title"] == "Överenskommelse om idéburet offentligt partnerskap (IOP)"


def test_pdf_fetcher_serves_assets_and_data_urls_only(tmp_path: Path) -> None:
    from weasyprint.urls import FatalURLFetchingError

    from iopctl.render.pdf import make_fetcher

    assets = tmp_path / "templates" / "assets"
    shutil.copytree(SHIPPED_TEMPLATES / "assets", assets)
    fetcher = make_fetcher([assets])
    css = (assets / "print.css").resolve()
    assert fetcher(css.as_uri()).read() == css.read_bytes()
    assert fetcher("data:text/plain;base64,aGVq").read() == b"hej"
    secret = tmp_path / "hemlig.txt"
    secret.write_text("lösenord", encoding="utf-8")
    (assets / "länk-ut.txt").symlink_to(secret)
    refused = [
        secret.as_uri(),
        "file:///etc/passwd",
        (SHIPPED_TEMPLATES / "base.md.j2").resolve().as_uri(),
        assets.resolve().as_uri() + "/../../hemlig.txt",
        assets.resolve().as_uri() + "/%2e%2e/%2e%2e/hemlig.txt",
        (assets / "länk-ut.txt").absolute().as_uri(),  # a symlink in assets/ pointing outside
        assets.resolve().as_uri(),  # the folder itself
        "http://example.org/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/x",
    ]
    for url in refused:
        with pytest.raises(FatalURLFetchingError, match="refused"):
            fetcher(url)
    # FatalURLFetchingError is a BaseException: `except Exception` would not stop it.
    assert not issubclass(FatalURLFetchingError, Exception)


def test_pdf_of_a_template_reaching_outside_its_assets_is_refused(tmp_path: Path) -> None:
    """End to end: a user's page template that attaches a file from outside assets/."""
    from pypdf import PdfReader

    from iopctl.render.pdf import RefusedURL

    secret = tmp_path / "hemlig.txt"
    secret.write_text("lösenord", encoding="utf-8")
    folder = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements", folder)
    templates = folder / "templates"
    templates.mkdir()
    shutil.copy(SHIPPED_TEMPLATES / "numbered.md.j2", templates / "numbered.md.j2")
    wrapper = (SHIPPED_TEMPLATES / "html.html.j2").read_text(encoding="utf-8")
    wrapper = wrapper.replace("</head>", f'<link rel="attachment" href="{secret.as_uri()}">\n</head>')
    (templates / "html.html.j2").write_text(wrapper, encoding="utf-8")
    path = folder / "kalmar-kvinnojouren-2025.yaml"
    with pytest.raises(RefusedURL, match="hemlig.txt"):
        render(_agreement(path), "pdf", templates_dir(path), workspace_for(path).series)
    # An attachment from the assets is what a template may embed, and all it may embed.
    (templates / "html.html.j2").write_text(wrapper.replace(secret.as_uri(), "print.css"), encoding="utf-8")
    data = render(_agreement(path), "pdf", templates_dir(path), workspace_for(path).series)
    assert list(PdfReader(io.BytesIO(data)).attachments) == ["print.css"]


# --- DOCX -----------------------------------------------------------


@pytest.mark.parametrize("agreement_id", IDS)
def test_docx_has_word_headings_lists_and_tables_without_direct_formatting(
    agreement_id: str,
) -> None:
    import docx

    document = docx.Document(io.BytesIO(rendered(agreement_id, "docx")))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 1
    assert styles.count("Heading 2") >= 8
    assert "Compact" in styles  # list items
    # Trelleborg's per-capita sums are computed, so its draft has no amounts table (issue 16).
    assert document.tables or agreement_id.startswith("trelleborg")
    assert all(t.style.name == "Table" for t in document.tables)
    for p in document.paragraphs:
        for run in p.runs:
            assert run.font.name is None and run.font.size is None and run.font.color.rgb is None
    text = docx_text(rendered(agreement_id, "docx"))
    missing = [f for f in facts(agreement_id) if f not in text]
    assert not missing, f"{agreement_id}.docx lacks {missing}"


def test_docx_heading_texts_follow_the_house_style() -> None:
    import docx

    numbered = docx.Document(io.BytesIO(rendered("trelleborg-kvinnojouren-soderslatt-2024", "docx")))
    headings = [p.text for p in numbered.paragraphs if p.style.name.startswith("Heading")]
    # The numbers "6." and "7.1" are Word's own numbering now (tests/test_docx_word.py), not typed.
    assert "Målsättningar" in headings and "Finansiering och förutsättningar för parternas bidrag" in headings
    assert not [h for h in headings if h[:1].isdigit()]
    lund = docx.Document(io.BytesIO(rendered("lund-kvinnojouren-2021", "docx")))
    assert "Ekonomi" in [p.text for p in lund.paragraphs if p.style.name == "Heading 2"]


def test_docx_metadata_and_zip_dates_come_from_the_data() -> None:
    data = rendered("trelleborg-kvinnojouren-soderslatt-2024", "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        assert {i.date_time[:3] for i in z.infolist()} == {(2023, 8, 28)}
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert "2023-08-28T00:00:00Z" in core and "<dc:language>sv-SE</dc:language>" in core


def test_docx_embeds_no_file_and_keeps_raw_html_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(ROOT / "agreements", folder)
    path = folder / "kalmar-kvinnojouren-2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "har funnits i 40 år.",
            "har funnits i 40 år. ![logga](/etc/passwd) <script>alert(1)</script>",
            1,
        ),
        encoding="utf-8",
    )
    data = render(_agreement(path), "docx", templates_dir(path), workspace_for(path).series)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
    assert "40 år. logga <script>alert(1)</script>" in docx_text(data)


def test_missing_optional_dependency_gives_the_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    from iopctl.batch.render import check_dependency
    from iopctl.render.templates import MissingDependency

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(MissingDependency, match=re.escape("pip install 'iopctl[pdf]'")):
        check_dependency("pdf")
    monkeypatch.setattr("pypandoc.get_pandoc_path", lambda: (_ for _ in ()).throw(OSError("no pandoc")))
    with pytest.raises(MissingDependency, match=re.escape("pip install 'iopctl[docx]'")):
        check_dependency("docx")


def test_source_date_epoch_is_restored_after_a_render(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    path = ROOT / "agreements" / "kalmar-kvinnojouren-2025.yaml"
    a = _agreement(path)
    assert render(a, "pdf", templates_dir(path), workspace_for(path).series) == rendered(a.id, "pdf")
    assert os.environ["SOURCE_DATE_EPOCH"] == "42"
    assert document_meta(a, SHIPPED_TEMPLATES).created.isoformat() == "2025-01-01"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_a_fresh_process_later_gives_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    """No clock, hash seed or process state in the output: render in another process, at
    least a second later, with another hash seed, and compare."""
    import os
    import subprocess
    import sys
    import time

    agreement_id = "trelleborg-kvinnojouren-soderslatt-2024"
    here = rendered(agreement_id, fmt)
    time.sleep(1.1)
    env = dict(os.environ, PYTHONHASHSEED="12345")
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "iopctl",
            "render",
            str(ROOT / "agreements" / f"{agreement_id}.yaml"),
            "--format",
            fmt,
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / f"{agreement_id}.{fmt}").read_bytes() == here
