"""HTML → PDF with WeasyPrint, fetching nothing but the template's own assets.

WeasyPrint's default fetcher reads any local file and any URL: `<link rel="attachment"
href="file:///etc/passwd">` would embed the file in the PDF. `AssetFetcher` serves only
files under the templates' `assets/` folders (after resolving symlinks) and `data:` URLs,
and stops the render on anything else. Its refusal is a `FatalURLFetchingError`, which
derives from BaseException (WeasyPrint catches every Exception from a fetcher and goes on),
so it is caught by name here. The stylesheet is passed as a string, the PDF is written to
bytes, and its dates come from the agreement, so the same input gives the same bytes.
"""

from __future__ import annotations

import calendar
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from iopctl.errors import UserError

if TYPE_CHECKING:
    from iopctl.render.meta import DocumentMeta

INSTALL_HINT = "PDF output needs WeasyPrint: pip install 'iopctl[pdf]'"


def _weasyprint() -> Any:
    from iopctl.render.templates import MissingDependency

    try:
        with warnings.catch_warnings():
            # WeasyPrint 70 warns at import when the system lacks HarfBuzz-Subset (it then
            # subsets fonts with fontTools; see source_date). Not the user's concern here.
            warnings.simplefilter("ignore", DeprecationWarning)
            import weasyprint
    except ImportError:
        raise MissingDependency(INSTALL_HINT) from None
    except OSError as exc:  # the library's system dependencies (Pango) are missing
        raise MissingDependency(f"{INSTALL_HINT} (and its system libraries: {exc})") from None
    return weasyprint


class RefusedURL(UserError):
    """A document asked for a resource outside the template's assets."""


def make_fetcher(assets: list[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves only files under `assets` and `data:` URLs."""
    _weasyprint()  # the install hint, not an ImportError, when it is missing
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    roots = [a.resolve() for a in assets]

    class Refused(FatalURLFetchingError):  # type: ignore[misc]
        """Stops the render: WeasyPrint would otherwise skip the resource and go on."""

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the template's assets and data: URLs; refuses everything else."""

        refused = Refused

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    import mimetypes

                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise Refused(
                f"refused to fetch {url!r}: a document may use only files in the "
                "template's assets/ folder and data: URLs"
            )

    return AssetFetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)


def html_to_pdf(html: str, meta: DocumentMeta) -> bytes:
    """The PDF of an HTML page, byte-identical for the same page and metadata."""
    weasyprint = _weasyprint()
    from iopctl.render.html import page_css
    from iopctl.render.templates import assets_dirs

    assets = assets_dirs(meta.templates)
    fetcher = make_fetcher(assets)
    base = (assets[0] if assets else meta.templates).resolve().as_uri() + "/"
    try:
        with source_date(meta):
            document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(
                stylesheets=[weasyprint.CSS(string=page_css(meta), base_url=base, url_fetcher=fetcher)],
            )
            # The info dates come from the page's <meta> (the agreement's date), the file
            # identifier from the provenance: nothing from the clock or a random source.
            return bytes(document.write_pdf(pdf_identifier=meta.fingerprint[:32].encode("ascii")))
    except fetcher.refused as exc:
        raise RefusedURL(str(exc)) from None


@contextmanager
def source_date(meta: DocumentMeta) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for the duration of a render.

    Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which stamps each
    embedded font's `head.modified` with the clock unless SOURCE_DATE_EPOCH is set, so two
    renders a second apart differ. fontTools reads the variable from os.environ, so it is set
    there and restored afterwards (renders run one per process).
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.combine(meta.created, time(0), tzinfo=UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(moment.utctimetuple()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
