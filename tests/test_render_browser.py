"""The HTML drafts (`iopctl render --format html`) in a real browser: Debian's chromium,
headless, driven by Playwright, each draft opened from disk as a reader would open it.

Checked for each of the five shipped agreements: the page asks for nothing over the network
(every request other than the file itself is recorded and fails the test: a draft must open
offline and leak nothing), has no script and logs no error, is Swedish (`lang="sv"`) with
its title as the one h1, shows the figures the schedule has (parsed from `funding --format
json`, as the reader sees them: grouped with a no-break space), every in-page link has its
target, axe-core finds no serious or critical violation, and chromium prints it to a PDF of
A4 pages. Without /usr/bin/chromium the tests skip (`make setup` installs it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from iopctl.cli.app import app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
AGREEMENTS = sorted(p for p in (ROOT / "agreements").glob("*.yaml") if not p.name.startswith("_"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (make setup installs Debian's chromium)"
)
runner = CliRunner()


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    result = runner.invoke(
        app, ["render", str(ROOT / "agreements"), "--format", "html", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def opened(browser: Any) -> Iterator[Any]:
    """A page that records every request that is not a local file, and every error. Script
    runs (axe needs it; a draft has none: `test_a_draft_runs_no_script`)."""
    context = browser.new_context(viewport={"width": 1000, "height": 1400}, locale="sv-SE")
    page = context.new_page()
    page.outside = []
    page.errors = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _amounts(path: Path) -> set[str]:
    """The yearly sums per payer the schedule has, as the draft writes them ('1 000 000')."""
    result = runner.invoke(app, ["funding", str(path), "--by", "payer", "--format", "json"], catch_exceptions=False)
    totals = json.loads(result.stdout)["totals"]
    out = set()
    for t in totals:
        if t["amount"] is None or "index-pending" in t["flags"] or "population-pending" in t["flags"]:
            continue
        whole = Decimal(t["amount"])
        if whole == whole.to_integral():
            out.add(f"{int(whole):,}".replace(",", "\u00a0"))
    return out


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_a_draft_opens_offline_and_reads_as_the_schedule(opened: Any, drafts: Path, path: Path) -> None:
    draft = drafts / f"{path.stem}.html"
    opened.goto(draft.as_uri())
    assert opened.outside == [], opened.outside
    assert opened.errors == [], opened.errors
    assert opened.get_attribute("html", "lang") == "sv"
    headings = opened.locator("h1").all_inner_texts()
    assert len(headings) == 1 and headings[0].strip() == opened.title().strip()
    assert opened.locator("h2").count() >= 5
    tables = opened.locator("table").count()
    if tables:  # the money table, where the draft has one, holds the schedule's yearly sums
        money = opened.locator("table").first.inner_text()
        amounts = _amounts(path)
        assert amounts, "a money table, but no stated yearly sum to look for"
        for amount in amounts:
            assert amount in money, (amount, money)
    signatures = opened.locator(".signatures")
    signers = yaml.safe_load(path.read_text(encoding="utf-8")).get("signatories") or []
    lines = re.findall(r"_{8,}", signatures.inner_text()) if signatures.count() == 1 else []
    assert len(signers) >= 2 and len(lines) >= len(signers)  # a line to sign on for each signatory
    for href in opened.eval_on_selector_all("a[href^='#']", "els => els.map(e => e.getAttribute('href'))"):
        assert opened.locator(f"[id='{href[1:]}']").count() == 1, href


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_a_draft_has_no_serious_accessibility_violations(opened: Any, drafts: Path, path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    opened.goto((drafts / f"{path.stem}.html").as_uri())
    results = Axe().run(opened)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_a_draft_runs_no_script(opened: Any, drafts: Path, path: Path) -> None:
    opened.goto((drafts / f"{path.stem}.html").as_uri())
    assert opened.locator("script, [onload], [onclick], [onerror], iframe, object, embed").count() == 0
    assert (
        opened.eval_on_selector_all("a[href]", "els => els.filter(e => e.href.startsWith('javascript:')).length") == 0
    )


def test_chromium_prints_a_draft_to_a4(opened: Any, drafts: Path) -> None:
    opened.goto((drafts / "kalmar-kvinnojouren-2025.html").as_uri())
    pdf = opened.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(pages) >= 3  # a long agreement: several pages
    width, height = (float(x) for x in pages[0])
    assert abs(width - 595.28) < 2 and abs(height - 841.89) < 2  # A4 in points


def test_the_harness_sees_a_request_leave_and_an_error(opened: Any, tmp_path: Path) -> None:
    """The checks above can fail: a page that fetches a remote image and throws is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="sv"><title>x</title><img alt="" src="https://example.org/x.png">'
        "<script>throw new Error('boom')</script></html>",
        encoding="utf-8",
    )
    opened.goto(bad.as_uri())
    assert opened.outside == ["https://example.org/x.png"]
    assert any("boom" in e for e in opened.errors)
