"""A long report drawn in chunks: a few WeasyPrint documents in turn, joined with pypdf.

One WeasyPrint document holds the layout of all its pages until it is written: a 96-page
candidate report took about 155 MB above the process's own size. Here the report's HTML is cut
where its template allows (``BREAK``, between questions) into chunks of about
``PANEL_REPORT_CHUNK_CHARS`` characters, each drawn as its own document and dropped before the
next one:

- pages run on across chunks: a chunk starts with an empty block as tall as the text on the
  previous chunk's last page, and its first page is laid over that last page;
- the margin boxes (title, "Confidential", the footer, page n / N) are left out of the chunks
  (``NO_MARGIN_BOXES``; a named page would change where WeasyPrint truncates margins) and
  drawn once at the end by the same template as a document of N empty pages
  (``frame_pages``), laid under the joined pages, so "n / N" counts them all;
- the outline (bookmarks of h1-h3) is rebuilt from the chunks' bookmarks.

A report with one chunk's worth of text or less is drawn as one document (``html_to_pdf``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from django.conf import settings
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    Fit,
    FloatObject,
    IndirectObject,
    NameObject,
)

from ..rendering import collector_paused, html_document, html_to_pdf

BODY = "<!--panel:body-->"
BREAK = "<!--panel:break-->"
PX_TO_PT = 0.75
NO_MARGIN_BOXES = (
    "<style>@page { @top-left { content: none } @top-right { content: none }"
    " @bottom-left { content: none } @bottom-right { content: none } }</style>"
)


def chunks_of(html: str, *, size: int) -> tuple[str, list[str]]:
    """The document's head (up to ``<body``) and its body cut at ``BREAK`` into runs of about
    ``size`` characters; one run if the body has no break or is short."""
    head, marker, body = html.partition(BODY)
    if not marker:
        return html, []
    head = head[: head.rindex("<body")]
    runs: list[str] = []
    current: list[str] = []
    length = 0
    for piece in body.split(BREAK):
        current.append(piece)
        length += len(piece)
        if length >= size:
            runs.append("".join(current))
            current, length = [], 0
    if current:
        # A short tail goes with the run before it rather than cost a document of its own.
        if runs and length < size // 2:
            runs[-1] += "".join(current)
        else:
            runs.append("".join(current))
    return head, runs


def _content_bottom(page) -> float:
    """Where the body's blocks end on a laid-out WeasyPrint page (their border boxes, so the next
    block's own top margin still applies), in CSS px from the top of the page's content area."""
    page_box = page._page_box
    top = page_box.content_box_y()
    root = page_box.children[0]
    body = root.children[0] if root.children else root
    return max(
        (box.position_y + box.margin_top + box.border_height() - top for box in body.children),
        default=0.0,
    )


def _drawn_chunks(head: str, runs: list[str]) -> Iterator[tuple[bytes, list]]:
    """Each chunk's PDF and its bookmarks per page."""
    offset = 0.0
    for run in runs:
        spacer = f'<div style="height: {offset:.3f}px"></div>' if offset else ""
        html = f"{head}<body>{NO_MARGIN_BOXES}{spacer}{run}</body></html>"
        with collector_paused():
            document = html_document(html=html).render()
            bookmarks = [page.bookmarks for page in document.pages]
            offset = _content_bottom(document.pages[-1])
            pdf = document.write_pdf()
            del document
        yield pdf, bookmarks


def _as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A page of another PDF as a form XObject of ``writer``: its content stream as it is (still
    compressed) with its own resources, so nothing is parsed or renamed (pypdf's merge_page
    parses and rewrites the content of the page it lays over another)."""
    form = page["/Contents"].get_object().clone(writer)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(value) for value in page.mediabox)
    form[NameObject("/Resources")] = page["/Resources"].get_object().clone(writer)
    return form.indirect_reference


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _lay(writer: PdfWriter, target: PageObject, page: PageObject, *, name: str, under: bool):
    """Draw ``page`` (of another PDF) on the writer's page ``target``, under or over its content."""
    resources = DictionaryObject(target["/Resources"].get_object())
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    xobjects[NameObject(name)] = _as_form(writer, page)
    resources[NameObject("/XObject")] = xobjects
    target[NameObject("/Resources")] = resources
    contents = target.raw_get("/Contents")
    if isinstance(contents.get_object(), ArrayObject):
        own = list(contents.get_object())
    else:  # a content stream must be an indirect object to stand in an array
        own = [contents if isinstance(contents, IndirectObject) else writer._add_object(contents)]
    draw = _stream(writer, f"q {name} Do Q\n".encode())
    if under:
        target[NameObject("/Contents")] = ArrayObject([draw, *own])
    else:
        # The page's own content may leave its coordinates changed (WeasyPrint flips the y axis).
        before, after = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
        target[NameObject("/Contents")] = ArrayObject([before, *own, after, draw])
    for annotation in page.get("/Annots", ArrayObject()):
        copy = annotation.get_object().clone(writer, ignore_fields=("/P",))
        copy[NameObject("/P")] = target.indirect_reference
        if "/Annots" not in target:
            target[NameObject("/Annots")] = ArrayObject()
        target["/Annots"].get_object().append(copy.indirect_reference or writer._add_object(copy))


def _outline(writer: PdfWriter, entries: list[tuple[int, str, int, float, float]]) -> None:
    """Bookmarks (level, label, page index, x, y in px) as the PDF outline, nested by level."""
    parents: list[tuple[int, object]] = []
    for level, label, page_index, x, y in entries:
        while parents and parents[-1][0] >= level:
            parents.pop()
        height = float(writer.pages[page_index].mediabox.height)
        item = writer.add_outline_item(
            title=label,
            page_number=page_index,
            parent=parents[-1][1] if parents else None,
            fit=Fit.xyz(left=x * PX_TO_PT, top=height - y * PX_TO_PT),
        )
        parents.append((level, item))


def chunked_pdf(*, html: str, frame_html: Callable[[int], str]) -> bytes:
    """The PDF of ``html`` drawn in chunks; ``frame_html(n)``: the margin boxes of n pages."""
    # About 17 pages of the candidate report by default: a chunk's layout stays a few tens of MB,
    # and the cost of each document (stylesheet, fonts, subsetting, joining) stays small.
    head, runs = chunks_of(html, size=settings.PANEL_REPORT_CHUNK_CHARS)
    if len(runs) < 2:
        return html_to_pdf(html=html)
    writer = PdfWriter()
    outline: list[tuple[int, str, int, float, float]] = []
    for pdf, bookmarks in _drawn_chunks(head, runs):
        pages = PdfReader(io.BytesIO(pdf)).pages
        # From the second chunk on, the first page continues the previous chunk's last page.
        first = len(writer.pages) - 1 if len(writer.pages) else 0
        if len(writer.pages):
            _lay(writer, writer.pages[-1], pages[0], name="/PanelNext", under=False)
            rest = pages[1:]
        else:
            rest = pages
        for page in rest:
            writer.add_page(page)
        for number, marks in enumerate(bookmarks, start=first):
            outline.extend((level, label, number, x, y) for level, label, (x, y), _ in marks)
    frame = PdfReader(io.BytesIO(html_to_pdf(html=frame_html(len(writer.pages)))))
    for page, margins in zip(writer.pages, frame.pages, strict=True):
        _lay(writer, page, margins, name="/PanelFrame", under=True)
    _outline(writer, outline)
    if frame.metadata:
        writer.add_metadata(frame.metadata)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
