"""A long report is drawn in chunks joined with pypdf (scorecards/reports/chunked.py): the joined
PDF has the pages of one document, numbered n / N, its sections in order, and its outline."""

import io
import re
from collections import Counter

import pytest
from django.utils import timezone

from scorecards.models import ReportKind, ReportStatus
from scorecards.rendering import html_to_pdf
from scorecards.reports import Subject, report_content, report_html
from scorecards.reports.chunked import chunks_of

from .conftest import pdf_pages
from .panel_data import scored_interview_create

pytestmark = pytest.mark.django_db

# Small chunks, so a 12-question report is drawn as several documents.
CHUNK_CHARS = 4_000


@pytest.fixture
def long_interview(lead, panelist, second_panelist):
    return scored_interview_create(panelists=[lead, panelist, second_panelist], questions=12)


@pytest.fixture
def chunked_report(settings, render_now, recruiter, long_interview):
    settings.PANEL_REPORT_CHUNK_CHARS = CHUNK_CHARS
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=long_interview),
    )
    assert report.status == ReportStatus.READY, report.error
    return report.file.read()


def _html(interview=None, *, candidate=None) -> str:
    subject = Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview, candidate=candidate)
    content = report_content(subject=subject, paper_size="A4")
    return report_html(content=content, paper_size="A4", generated_at=timezone.now())


def _assert_same_pages(whole: bytes, joined: bytes) -> None:
    """Page by page the same words (the generation time aside): pages still run on where a chunk
    ends, nothing is repeated or lost at a seam."""
    whole_pages, joined_pages = pdf_pages(whole), pdf_pages(joined)
    assert len(joined_pages) == len(whole_pages) > 3
    for number, (one, other) in enumerate(zip(whole_pages, joined_pages, strict=True), start=1):
        words = Counter(re.sub(r"\d\d:\d\d", "", one.text).split())
        assert Counter(re.sub(r"\d\d:\d\d", "", other.text).split()) == words, f"page {number}"


def test_the_report_is_cut_into_several_chunks(long_interview):
    _head, runs = chunks_of(_html(long_interview), size=CHUNK_CHARS)
    assert len(runs) >= 3


def test_a_short_report_stays_one_document(scored_interview):
    _head, runs = chunks_of(_html(scored_interview), size=100_000)
    assert len(runs) == 1


def test_chunks_join_into_the_pages_of_one_document(chunked_report, long_interview):
    _assert_same_pages(html_to_pdf(html=_html(long_interview)), chunked_report)


def test_a_candidates_interviews_join_into_the_pages_of_one_document(
    settings, render_now, recruiter, lead, panelist, second_panelist
):
    """Each interview of a candidate report starts on a new page, also when a chunk starts it."""
    settings.PANEL_REPORT_CHUNK_CHARS = CHUNK_CHARS
    first = scored_interview_create(panelists=[lead, panelist, second_panelist], questions=6)
    second = scored_interview_create(
        panelists=[lead, panelist], questions=5, position=first.candidate.position
    )
    second.candidate = first.candidate
    second.save(update_fields=["candidate"])
    html = _html(candidate=first.candidate)
    assert len(chunks_of(html, size=CHUNK_CHARS)[1]) >= 3

    report = render_now(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=first.candidate)
    )
    _assert_same_pages(html_to_pdf(html=html), report.file.read())


def test_every_page_is_numbered_of_all_pages_and_marked_once(chunked_report):
    pages = pdf_pages(chunked_report)
    total = len(pages)

    for number, page in enumerate(pages, start=1):
        assert f"{number} / {total}" in page.text
        assert page.text.upper().count("CONFIDENTIAL") == 1
        assert page.text.count("Candidate report: Grace Hopper") >= 1
        assert "Report version" in page.text
    assert f"{total} / {total}" in pages[-1].text


def test_sections_and_questions_come_in_order(chunked_report):
    text = " ".join(page.body_text for page in pdf_pages(chunked_report))

    starts = [text.index(f"Question {number}: how does") for number in range(1, 13)]
    assert starts == sorted(starts)
    assert text.index("Ratings by category") < starts[0]
    assert text.index("Ratings by panelist") > starts[-1]
    assert text.count("Ratings by panelist") == 1


def test_the_outline_points_at_the_headings_pages(chunked_report):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(chunked_report))
    pages = pdf_pages(chunked_report)
    (title, sections) = reader.outline
    assert title.title == "Candidate report: Grace Hopper"
    headings = [item for item in sections if not isinstance(item, list)]
    assert [item.title for item in headings] == [
        "Recommendations",
        "Ratings by category",
        "Questions",
        "Ratings by panelist",
    ]
    for item in headings:
        page = reader.get_destination_page_number(item)
        assert item.title in pages[page].body_text
    assert reader.get_destination_page_number(headings[-1]) > 0
