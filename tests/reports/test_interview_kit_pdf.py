"""The printed interview kit: full pages, labelled rating boxes, overall boxes, a named version."""

import re

import pytest

from questionbank.models import RatingScale
from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject, report_content

from .conftest import pdf_pages
from .panel_data import bank_questions_create, scored_interview_create

pytestmark = pytest.mark.django_db

QUESTION_HEAD = re.compile(r"\bQ(\d+) [^·]+ · (?:junior|mid|senior) · \d+ minutes?")


def kit_pages(render_now, user, interview):
    report = render_now(
        user=user, subject=Subject(kind=ReportKind.INTERVIEW_KIT, interview=interview)
    )
    assert report.status == ReportStatus.READY, report.error
    return report, pdf_pages(report.file.read())


@pytest.fixture
def bank_interview(lead, panelist):
    """An interview with the default bank's first eight questions: long rubrics and lists."""
    interview = scored_interview_create(panelists=[lead, panelist], questions=0, submitted=[])
    bank_questions_create(interview=interview, count=8)
    return interview


def test_it_leaves_no_page_mostly_empty_before_the_next_question(render_now, lead, bank_interview):
    _report, pages = kit_pages(render_now, lead, bank_interview)

    assert len(pages) > 2
    for number, page in enumerate(pages[:-1], start=1):
        assert page.filled > 2 / 3, f"page {number} of {len(pages)} is {page.filled:.0%} full"


def test_it_keeps_a_short_question_whole_on_one_page(render_now, lead, panelist):
    interview = scored_interview_create(panelists=[lead, panelist], questions=12, submitted=[])
    _report, pages = kit_pages(render_now, lead, interview)

    assert len(pages) > 1
    for page in pages:
        # Every question that starts on a page has its rubric and notes box there too.
        starts = len(QUESTION_HEAD.findall(page.body_text))
        assert page.body_text.count("4 · Strong evidence") == starts
        assert page.body_text.count("Notes") == starts


def test_it_labels_every_rating_box_with_the_rating_scale(render_now, lead, scored_interview):
    scale = RatingScale.load()
    scale.label_3 = "Solid, with an example"
    scale.save()

    _report, pages = kit_pages(render_now, lead, scored_interview)
    text = " ".join(page.text for page in pages)

    for level, label in [(1, "No evidence"), (2, "Some evidence"), (4, "Strong evidence")]:
        assert text.count(f"{level} · {label}") == 4
    assert text.count("3 · Solid, with an example") == 4
    assert text.count("Not asked") == 4


def test_it_is_stale_when_a_rating_label_changes(lead, scored_interview):
    subject = Subject(kind=ReportKind.INTERVIEW_KIT, interview=scored_interview)
    before = report_content(subject=subject, paper_size="A4").fingerprint
    scale = RatingScale.load()
    scale.label_4 = "Teaches it"
    scale.save()

    assert report_content(subject=subject, paper_size="A4").fingerprint != before


def test_it_ends_with_the_overall_recommendation_and_summary_boxes(
    render_now, lead, scored_interview
):
    _report, pages = kit_pages(render_now, lead, scored_interview)
    last = pages[-1].body_text

    overall = last[last.index("Overall") :]
    assert "Recommendation Strong no No Yes Strong yes" in overall
    assert "Summary" in overall


def test_it_names_the_kit_version_in_every_footer(render_now, lead, scored_interview):
    report, pages = kit_pages(render_now, lead, scored_interview)
    version = report.rendered_fingerprint[:12]

    for page in pages:
        assert f"Kit version {version}" in page.text
        assert version not in page.body_text
    assert f"content {version}" not in pages[0].text
