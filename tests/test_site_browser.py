"""`iopctl site` in a real browser: Debian's chromium, headless, driven by Playwright.

The built register is served by a local http.server thread. Checked: the index loads, the
filter narrows the list, an agreement page shows its money table and timeline, every link
within the site resolves (no 404), axe-core finds no serious or critical violation, and
screenshots match the references in tests/golden/site/ within a tolerance (`--update-golden`
rewrites them). Nothing downloads a browser: without /usr/bin/chromium the tests skip
(`make setup` installs it).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from typer.testing import CliRunner

from iopctl.cli.app import app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "site"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PAGES = ["index.html", "oversikt.html", "overenskommelser/kalmar-kvinnojouren-2025.html"]
TOLERANCE = 0.02
"""Share of pixels that may differ (by more than a small amount) from the reference."""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (make setup installs Debian's chromium)"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("site")
    result = CliRunner().invoke(
        app, ["site", str(ROOT / "agreements"), "--out", str(out), "--today", "2025-06-01"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE", reduced_motion="reduce")
    pg = context.new_page()
    yield pg
    context.close()


def _visible_rows(page: Any) -> int:
    return int(page.locator("#register tbody tr:not([hidden])").count())


def test_index_loads_and_filter_narrows(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    assert page.title() == "Alla överenskommelser – IOP-registret"
    assert _visible_rows(page) == 5
    page.fill("#f-text", "kvinnojour")
    assert 0 < _visible_rows(page) < 5
    assert "av 5 överenskommelser" in page.text_content("#antal")
    page.fill("#f-text", "")
    page.select_option("#f-public", "Kalmar kommun")
    assert _visible_rows(page) == 1
    page.select_option("#f-public", "")
    page.fill("#f-min", "100000000")
    assert _visible_rows(page) == 0


def test_sort_by_amount(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.click("button[data-key=amount]")
    amounts = [float(a) for a in page.eval_on_selector_all("#register tbody tr", "rs => rs.map(r => r.dataset.amount)")]
    assert amounts == sorted(amounts)
    page.click("button[data-key=amount]")
    again = [float(a) for a in page.eval_on_selector_all("#register tbody tr", "rs => rs.map(r => r.dataset.amount)")]
    assert again == sorted(amounts, reverse=True)


def test_agreement_page_shows_money_and_timeline(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.click("text=Kvinnojouren & Ungdomsjouren Kalmar")
    assert page.url.endswith("overenskommelser/kalmar-kvinnojouren-2025.html")
    money = page.locator("#pengar-tabell tbody tr")
    assert money.count() == 3  # one payer (Kalmar kommun) a year, 2025–2027
    assert page.locator("#pengar-tabell").is_visible()
    timeline = page.locator("#tidslinje-bild svg")
    assert timeline.is_visible() and timeline.bounding_box()["height"] > 20
    assert page.locator("#tidslinje-bild svg rect.period").count() == 1


def test_every_internal_link_resolves(page: Any, base_url: str) -> None:
    seen: set[str] = set()
    todo = [base_url + "index.html"]
    broken: list[str] = []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if response is None or response.status != 200:
            broken.append(url)
            continue
        if not url.endswith(".html"):
            continue
        refs = page.eval_on_selector_all(
            "a[href], link[href], script[src]", "es => es.map(e => e.getAttribute('href') || e.getAttribute('src'))"
        )
        for ref in refs:
            target = urljoin(url, ref).split("#")[0]
            if target.startswith(base_url) and not ref.startswith("mailto:"):
                if target.endswith(".html"):
                    todo.append(target)
                elif target not in seen:
                    seen.add(target)
                    status = page.request.get(target).status
                    if status != 200:
                        broken.append(f"{target} ({status}) from {urlsplit(url).path}")
    assert len(seen) > 20
    assert not broken, broken


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page: Any, base_url: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + name)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def _differing(a: Path, b: bytes) -> float:
    import io

    from PIL import Image, ImageChops

    left = Image.open(a).convert("RGB")
    right = Image.open(io.BytesIO(b)).convert("RGB")
    if left.size != right.size:
        return 1.0
    diff = ImageChops.difference(left, right).convert("L").point(lambda v: 255 if v > 48 else 0)
    histogram = diff.histogram()
    return histogram[255] / (left.size[0] * left.size[1])


@pytest.mark.parametrize("name", PAGES)
def test_screenshots_match_references(page: Any, base_url: str, name: str, update_golden: bool) -> None:
    page.goto(base_url + name)
    shot = page.screenshot(full_page=False)
    reference = GOLDEN / (name.replace("/", "-").removesuffix(".html") + ".png")
    if update_golden or not reference.exists():
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_bytes(shot)
        if not update_golden:
            pytest.fail(f"no reference screenshot: wrote {reference.relative_to(ROOT)}; check it and commit it")
        return
    share = _differing(reference, shot)
    assert share <= TOLERANCE, f"{name}: {share:.1%} of the pixels differ from {reference.name}"
