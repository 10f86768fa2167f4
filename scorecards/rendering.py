"""HTML → PDF with WeasyPrint, with a URL fetcher that can only read Panel's own static files.

WeasyPrint is imported once at module level: the worker pays its import cost (about a second)
once per process, not per report (DESIGN pitfalls).
"""

from __future__ import annotations

import gc
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import weasyprint
from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SCHEME = "panel-static:"
PAPER_SIZES = {"A4": "A4", "Letter": "letter"}


class RefusedURL(ValueError):
    """A document asked for a resource outside Panel's static files."""


def _static_roots() -> list[Path]:
    roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Serves ``panel-static:css/x.css`` from our static folders and refuses everything else.

    Notes written by users can carry ``<img src="file:///etc/passwd">`` or CSS ``url(...)``
    pointing at internal hosts; WeasyPrint's default fetcher would follow them. Every URL
    asked for is recorded in ``calls``, every one answered in ``served``.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.calls: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        self.calls.append(url)
        if not url.startswith(STATIC_SCHEME):
            raise RefusedURL(f"refused to fetch {url[:200]!r}: only panel-static: URLs are served")
        relative = url.removeprefix(STATIC_SCHEME).lstrip("/").split("?")[0].split("#")[0]
        for root in _static_roots():
            path = (root / relative).resolve()
            if path.is_relative_to(root) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                self.served.append(url)
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        raise RefusedURL(f"no static file {relative[:200]!r}")


def paper_size_css(paper_size: str) -> str:
    """The CSS ``size`` value of a paper-size setting; unknown values are a programming error."""
    try:
        return PAPER_SIZES[paper_size]
    except KeyError:
        raise ValueError(
            f"unknown paper size {paper_size!r}; use one of {list(PAPER_SIZES)}"
        ) from None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off while WeasyPrint lays out and draws.

    A long report allocates millions of objects and each allocation burst triggered a full
    collection walking all of them: 3.0 s of a 9.3 s render of the 10 x 200 report, in ten
    collections (bench/report_render.py). Reference counting frees the document when it is
    dropped; the collector runs again as usual afterwards. Safe with threads: it is only turned
    back on by the caller that found it on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def html_document(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> weasyprint.HTML:
    """A complete HTML document for WeasyPrint; resources come only through ``fetcher``."""
    return weasyprint.HTML(
        string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher or StaticOnlyFetcher()
    )


def html_to_pdf(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a complete HTML document to PDF bytes; resources come only through ``fetcher``."""
    with collector_paused():
        return html_document(html=html, fetcher=fetcher).write_pdf()
