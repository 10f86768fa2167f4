"""HTML → PDF with WeasyPrint, with a URL fetcher that can only read Panel's own static files.

WeasyPrint is imported once at module level: the worker pays its import cost (about a second)
once per process, not per report (DESIGN pitfalls).
"""

from __future__ import annotations

import mimetypes
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


def html_to_pdf(*, html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render a complete HTML document to PDF bytes; resources come only through ``fetcher``."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = weasyprint.HTML(string=html, base_url=STATIC_SCHEME, url_fetcher=fetcher)
    return document.write_pdf()
