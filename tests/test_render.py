"""Rendering: the template sandbox, escaping, the context's Swedish, provenance."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from iopctl.files.discover import SHIPPED_TEMPLATES
from iopctl.load.read import read_agreement
from iopctl.load.workspace import workspace_for
from iopctl.render.document import render, render_markdown
from iopctl.render.markup import RenderError, count_phrase, date_span, md_escape, months_phrase
from iopctl.render.meta import document_meta, fingerprint
from iopctl.render.templates import TemplateProblem
from iopctl.swedish import format as sv

ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = ROOT / "agreements"
KALMAR = "kalmar-kvinnojouren-2025"


def copy_agreements(tmp_path: Path) -> Path:
    """The shipped agreements folder (with _series and _policy.yaml), copied to edit freely."""
    folder = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(path: Path):  # type: ignore[no-untyped-def]
    result = read_agreement(path)
    assert result.agreement is not None, result.problems
    return result.agreement


def markdown_of(path: Path, templates: Path = SHIPPED_TEMPLATES) -> str:
    return render_markdown(load(path), templates, workspace_for(path).series)


# --- Markdown escaping -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Kvinnojouren & Ungdomsjouren Kalmar", "Kvinnojouren & Ungdomsjouren Kalmar"),
        ("*fet* _kursiv_", r"\*fet\* \_kursiv\_"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("[länk](https://example.org)", r"\[länk\](https://example.org)"),
        ("# rubrik", r"\# rubrik"),
        ("- punkt", r"\- punkt"),
        ("+ punkt", r"\+ punkt"),
        ("2021. Året", r"2021\. Året"),
        ("1) första", r"1\) första"),
        ("7.1 Målsättningar", "7.1 Målsättningar"),
        ("a | b", r"a \| b"),
        ("&amp; &#169;", r"\&amp; &\#169;"),
        ("rad ett\nrad två\tflik", "rad ett rad två flik"),
        ("`kod` ~streck~", r"\`kod\` \~streck\~"),
        ("c:\\temp", r"c:\\temp"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_escaped_text_renders_as_the_text() -> None:
    from iopctl.render.html import markdown_html

    text = "*x* _y_ <b>z</b> [a](b) # 1. - & &amp; | ` ~"
    html = markdown_html(md_escape(text))
    assert html == "<p>*x* _y_ &lt;b&gt;z&lt;/b&gt; [a](b) # 1. - &amp; &amp;amp; | ` ~</p>\n"


# --- the context's Swedish ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "singular", "plural", "neuter", "expected"),
    [
        (1, "gång", "gånger", False, "en gång"),
        (2, "gång", "gånger", False, "två gånger"),
        (1, "år", "år", True, "ett år"),
        (30, "dag", "dagar", False, "30 dagar"),
        (20, "dag", "dagar", False, "tjugo dagar"),
    ],
)
def test_count_phrase(n: int, singular: str, plural: str, neuter: bool, expected: str) -> None:
    assert count_phrase(n, singular, plural, neuter=neuter) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [(3, "tre månader"), (1, "en månad"), (12, "ett år"), (24, "två år"), (18, "arton månader")],
)
def test_months_phrase(months: int, expected: str) -> None:
    assert months_phrase(months) == expected


def test_date_span() -> None:
    from datetime import date

    assert date_span(date(2021, 10, 1), date(2021, 12, 31)) == "1 oktober–31 december 2021"
    assert date_span(date(2021, 10, 1), date(2022, 3, 31)) == "1 oktober 2021–31 mars 2022"


def test_period_wording_open_ended_and_fixed() -> None:
    trelleborg = markdown_of(AGREEMENTS / "trelleborg-kvinnojouren-soderslatt-2024.yaml")
    assert (
        "Denna överenskommelse gäller från och med den 1 januari 2024 och tills vidare med en "
        "ömsesidig uppsägningstid om tre månader före varje nytt årsskifte. Sägs "
        "överenskommelsen inte upp inom denna tid förlängs den automatiskt med ett år i taget."
    ) in trelleborg
    kalmar = markdown_of(AGREEMENTS / f"{KALMAR}.yaml")
    assert (
        "Denna överenskommelse gäller från och med den 1 januari 2025 till och med den "
        "31 december 2027. "
        "Överenskommelsen upphör utan uppsägning vid avtalstidens utgång."
    ) in kalmar


def test_generated_wording_from_data() -> None:
    trelleborg = markdown_of(AGREEMENTS / "trelleborg-kvinnojouren-soderslatt-2024.yaml")
    # The written account is the text's own sentence (obligation wording), not the due rule's.
    assert "Kvinnojouren ska varje år, senast den 30 mars, avseende föregående kalenderår" in " ".join(
        trelleborg.split()
    )
    # The state-aid sentence names the real non-profit party, not "Brottsofferjouren".
    assert "den verksamhet som Kvinnojouren Söderslätt ska bedriva" in trelleborg
    assert "ska för att vara gällande ha godkänts av respektive parts behöriga beslutsorgan" in trelleborg
    assert "2,25\u00a0kronor per invånare och år" in trelleborg
    assert "prisindex för kommunal verksamhet (PKV)" in trelleborg
    kalmar = markdown_of(AGREEMENTS / f"{KALMAR}.yaml")
    assert "inte vidtar rättelse inom 30 dagar efter skriftligt påpekande" in " ".join(kalmar.split())
    assert "1\u00a0000\u00a0000\u00a0kronor per år under åren 2025–2027" in kalmar
    assert "Beloppet delas lika mellan Kommunledningskontoret och Socialförvaltningen." in kalmar
    assert "| 2025 | Kommunledningskontoret | 500\u00a0000\u00a0kronor | senast den 31 mars 2025 |" in kalmar
    assert "tillsammans med verksamhetsberättelse, verksamhetsplan och årsredovisning" in kalmar
    # An obligation without the text's own sentence gets one from the due rule.
    assert "lämnas av Kvinnojouren & Ungdomsjouren Kalmar till Kalmar kommun varje år, senast den 31 mars." in kalmar
    assert (
        "Denna överenskommelse har upprättats i två likalydande exemplar, varav parterna har tagit var sitt." in kalmar
    )
    assert "Ort och datum ____________" in kalmar
    lund = markdown_of(AGREEMENTS / "lund-kvinnojouren-2021.yaml")
    assert "Styrgruppen sammanträder minst fyra gånger per år." in lund
    assert "Beloppet betalas ut vid två (2) tillfällen per år." in lund
    assert "Lund den ____________\\\nFör Socialförvaltningen i Lund" in lund
    assert "I sådana fall är uppsägningstiden tre månader." in " ".join(lund.split())
    im = markdown_of(AGREEMENTS / "lund-individuell-manniskohjalp-2019.yaml")
    assert "Styrgruppen sammanträder en gång per halvår." in im
    assert "58\u00a0000\u00a0kronor för tiden 1 januari–30 juni 2019" in im


def test_money_style_per_template() -> None:
    """Both house styles write "kronor" (Svenska skrivregler; 000: "380 000 kronor per år"),
    every amount, in text and tables — no "kr" in running text (issue 16)."""
    kalmar = markdown_of(AGREEMENTS / f"{KALMAR}.yaml")
    assert "\u00a0kr " not in kalmar and "\u00a0kr|" not in kalmar and "\u00a0kronor" in kalmar
    for name in (
        "lund-kvinnojouren-2021",
        "lund-vanskapens-hus-2021",
        "lund-individuell-manniskohjalp-2019",
    ):
        lund = markdown_of(AGREEMENTS / f"{name}.yaml")
        assert "\u00a0kr " not in lund and "\u00a0kr|" not in lund and "\u00a0kronor" in lund


def test_copies_counted_only_when_the_data_counts_them(tmp_path: Path) -> None:
    # 000/003: "upprättat i likalydande exemplar" — no number where the text gives none.
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(path, "copies: 2\n", "")
    assert "upprättats i likalydande exemplar, varav" in markdown_of(path)
    edit(path, "signatories:\n", "copies: 3\nsignatories:\n")
    assert "upprättats i tre likalydande exemplar" in markdown_of(path)


def test_listed_section_without_data_is_a_located_error(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(
        path,
        "    - generated: period\n",
        "    - generated: steering_group\n    - generated: period\n",
    )
    with pytest.raises(RenderError) as caught:
        markdown_of(path)
    assert caught.value.path[:3] == ("document", "sections", 10)
    assert "steering_group" in caught.value.message


def test_unplaced_facts_are_written_in_their_host_section(tmp_path: Path) -> None:
    """Kalmar's change clause has no section of its own: it is written under termination."""
    kalmar = markdown_of(AGREEMENTS / f"{KALMAR}.yaml")
    termination = kalmar.split("## 13. Ändringar och uppsägning")[1].split("## 14.")[0]
    assert "Om betydande avvikelser från innehållet i avtalet" in termination
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(path, "clauses:\n", "clauses:\n  disputes: Tvister löses i första hand genom förhandling.\n")
    assert "Tvister löses i första hand genom förhandling." in markdown_of(path).split("## 14.")[0]


# --- agreement text is data, never a template ------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Kalmar with Jinja syntax, HTML and Markdown in its prose and in a party name."""
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(
        path,
        "Kvinnojouren & Ungdomsjouren Kalmar har funnits i 40 år.",
        "{{ 7*7 }} {% if true %}JA{% endif %} {# kommentar #} <script>alert(1)</script> har funnits i 40 år.",
    )
    edit(
        path,
        "    name: Kvinnojouren & Ungdomsjouren Kalmar\n",
        '    name: "*Kvinnojouren* {{ 6*7 }} <script>x()</script> [länk](javascript:alert(1))"\n',
    )
    return path


def test_jinja_syntax_in_data_prints_literally(hostile: Path) -> None:
    text = markdown_of(hostile)
    assert "{{ 7*7 }} {% if true %}JA{% endif %} {# kommentar #}" in text
    assert "49" not in text.split("Avtals-id:")[0] and "{{ 6\\*7 }}" in text
    assert "JA" not in text.replace("{% if true %}JA{% endif %}", "")


def test_html_escapes_script_from_data(hostile: Path) -> None:
    html = render(load(hostile), "html", SHIPPED_TEMPLATES, workspace_for(hostile).series).decode("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "javascript:" not in html.split("<main>")[1].replace("(javascript:alert(1))", "")
    assert "{{ 7*7 }}" in html
    assert "<em>Kvinnojouren</em>" not in html and "*Kvinnojouren*" in html


def test_links_only_to_the_web_mail_or_the_page(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(
        path,
        "har funnits i 40 år.",
        "har funnits i 40 år. [a](/etc/passwd) [b](https://kalmar.se) [c](file:///x) [d](mailto:a@b.se)",
    )
    html = render(load(path), "html", SHIPPED_TEMPLATES, workspace_for(path).series).decode("utf-8")
    assert '<a href="https://kalmar.se">b</a>' in html and '<a href="mailto:a@b.se">d</a>' in html
    assert "[a](/etc/passwd)" in html and "[c](file:///x)" in html and 'href="/etc' not in html
    import io

    import docx

    data = render(load(path), "docx", SHIPPED_TEMPLATES, workspace_for(path).series)
    paragraphs = " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "40 år. [a](/etc/passwd) b [c](file:///x) d" in " ".join(paragraphs.split())


def test_goal_target_is_said_once(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path)
    path = folder / "trelleborg-kvinnojouren-soderslatt-2024.yaml"
    text = markdown_of(path)
    assert "ökar med 10 % per år." in text.replace("\u00a0", " ") and "(mål:" not in text
    edit(
        path,
        "Att antalet personer som erhåller stöd och hjälp ökar med 10 % per år.",
        "Att antalet personer som erhåller stöd och hjälp ökar.",
    )
    assert "- Att antalet personer som erhåller stöd och hjälp ökar. (mål: 10\u00a0% per år)" in markdown_of(path)


def test_images_in_prose_print_as_text(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(
        path,
        "har funnits i 40 år.",
        "har funnits i 40 år. ![logga](https://example.org/spårning.png) ![fil](/etc/passwd)",
    )
    html = render(load(path), "html", SHIPPED_TEMPLATES, workspace_for(path).series).decode("utf-8")
    assert "<img" not in html and "example.org" not in html
    assert "40 år. logga fil" in html and "passwd" not in html


# --- templates cannot be turned against the user ------------------------------------------------


def user_template(tmp_path: Path, body: str, name: str = "kommunen") -> Path:
    """An agreement folder whose templates/ holds one user template; returns the agreement."""
    folder = copy_agreements(tmp_path)
    templates = folder / "templates"
    templates.mkdir()
    (templates / f"{name}.md.j2").write_text(body, encoding="utf-8")
    path = folder / f"{KALMAR}.yaml"
    edit(path, "template: numbered", f"template: {name}")
    return path


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ sections.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% set x = parties.append(1) %}",
        "{{ '%s' % 1 }}",
    ],
)
def test_sandbox_refuses_unsafe_template_code(tmp_path: Path, expression: str) -> None:
    path = user_template(tmp_path, f"# {{{{ title }}}}\n\n{expression}\n")
    with pytest.raises(TemplateProblem) as caught:
        markdown_of(path, path.parent / "templates")
    assert "kommunen.md.j2" in str(caught.value)


def test_template_may_not_print_money_without_a_filter(tmp_path: Path) -> None:
    path = user_template(tmp_path, "{{ economy.commitments[0].lines[0].amount }}\n")
    with pytest.raises(TemplateProblem, match="money filter"):
        markdown_of(path, path.parent / "templates")
    with pytest.raises(TemplateProblem):
        markdown_of(
            user_template(tmp_path / "b", "{{ economy.commitments[0].lines[0].amount | format }}\n"),
            tmp_path / "b" / "agreements" / "templates",
        )


def test_strict_undefined_names_the_template_line(tmp_path: Path) -> None:
    path = user_template(tmp_path, "# {{ title }}\n\n{{ no_such_value }}\n")
    with pytest.raises(TemplateProblem) as caught:
        markdown_of(path, path.parent / "templates")
    assert caught.value.line == 3 and "no_such_value" in str(caught.value)


def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    path = user_template(tmp_path, "# {{ title }}\n{% if %}\n")
    with pytest.raises(TemplateProblem) as caught:
        markdown_of(path, path.parent / "templates")
    assert caught.value.line == 2 and "syntax error" in str(caught.value)


def test_unknown_template_is_a_problem_naming_the_known_ones(tmp_path: Path) -> None:
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    edit(path, "template: numbered", "template: malmo")
    with pytest.raises(TemplateProblem, match=r"malmo\.md\.j2.*known: .*lund, numbered"):
        markdown_of(path)


def test_user_template_extends_the_shipped_base_without_code(tmp_path: Path) -> None:
    path = user_template(
        tmp_path,
        '{% extends "base.md.j2" %}\n{% set money_style = "kr" %}\n'
        "{% block title %}\n# {{ title }} – Kommunens version\n\n{% endblock %}\n",
    )
    text = markdown_of(path, path.parent / "templates")
    assert text.startswith("# Överenskommelse om idéburet offentligt partnerskap (IOP) – Kommunens version\n")
    assert "500\u00a0000\u00a0kr " in text
    assert "Mall: kommunen" in text


def test_page_template_embeds_assets_only_as_data_urls(tmp_path: Path) -> None:
    path = user_template(tmp_path, '{% extends "numbered.md.j2" %}\n')
    templates = path.parent / "templates"
    wrapper = (SHIPPED_TEMPLATES / "html.html.j2").read_text(encoding="utf-8")
    (templates / "html.html.j2").write_text(
        wrapper.replace("<main>", "<img src=\"{{ asset_data_url('print.css') }}\"><main>"),
        encoding="utf-8",
    )
    html = render(load(path), "html", templates, workspace_for(path).series).decode("utf-8")
    assert '<img src="data:text/css;base64,' in html
    (templates / "html.html.j2").write_text(
        wrapper.replace("<main>", "{{ asset_data_url('../base.md.j2') }}<main>"), encoding="utf-8"
    )
    with pytest.raises(TemplateProblem, match="not found in the template's assets"):
        render(load(path), "html", templates, workspace_for(path).series)


def test_template_cannot_include_files_outside_its_folder(tmp_path: Path) -> None:
    path = user_template(tmp_path, '{% include "../../../../../../etc/passwd" %}\n')
    with pytest.raises(TemplateProblem, match="not found"):
        markdown_of(path, path.parent / "templates")


# --- provenance ----------------------------------------------------------------------------------


def test_fingerprint_is_of_the_data_not_the_file_layout(tmp_path: Path) -> None:
    original = load(AGREEMENTS / f"{KALMAR}.yaml")
    folder = copy_agreements(tmp_path)
    path = folder / f"{KALMAR}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(("# en kommentar\n" + text).replace("\n", "\r\n").encode("utf-8"))
    assert fingerprint(load(path)) == fingerprint(original)
    path.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    assert fingerprint(load(path)) == fingerprint(original)
    edit(path, "amount: 1000000", "amount: 1000001")
    assert fingerprint(load(path)) != fingerprint(original)


def test_every_format_carries_the_provenance() -> None:
    path = AGREEMENTS / f"{KALMAR}.yaml"
    agreement = load(path)
    fp = fingerprint(agreement)
    text = markdown_of(path)
    assert text.endswith(f"Avtals-id: {KALMAR} · Mall: numbered · Fingeravtryck (SHA-256): {fp}\n")
    html = render(agreement, "html", SHIPPED_TEMPLATES, workspace_for(path).series).decode("utf-8")
    assert fp in html and KALMAR in html


def test_document_date_comes_from_the_data() -> None:
    from datetime import date

    kalmar = document_meta(load(AGREEMENTS / f"{KALMAR}.yaml"), SHIPPED_TEMPLATES)
    assert kalmar.created == date(2025, 1, 1)  # no date line, no signing date: the start
    trelleborg = document_meta(load(AGREEMENTS / "trelleborg-kvinnojouren-soderslatt-2024.yaml"), SHIPPED_TEMPLATES)
    assert trelleborg.created == date(2023, 8, 28)  # the signing date
    vh = document_meta(load(AGREEMENTS / "lund-vanskapens-hus-2021.yaml"), SHIPPED_TEMPLATES)
    assert vh.created == date(2021, 6, 1)  # the date line


def test_unknown_format_is_refused() -> None:
    path = AGREEMENTS / f"{KALMAR}.yaml"
    with pytest.raises(ValueError, match="unknown format"):
        render(load(path), "rtf", SHIPPED_TEMPLATES, workspace_for(path).series)


def test_sv_filters_are_the_template_filters() -> None:
    from iopctl.render.templates import environment

    env = environment(SHIPPED_TEMPLATES)
    assert env.filters["date_long"] is sv.date_long
    assert "format" not in env.filters and "float" not in env.filters
