"""A panelist's printed scorecard: labelled ratings, no question left alone on the last page."""

import re

import pytest

from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_pages
from .panel_data import CATEGORIES, scored_interview_create

pytestmark = pytest.mark.django_db

_CATEGORY = "|".join(map(re.escape, CATEGORIES))
QUESTION_HEAD = re.compile(rf"\bQ\d+ (?:{_CATEGORY}) · mid")


def scorecard_pages(render_now, scorecard):
    report = render_now(
        user=scorecard.panelist, subject=Subject(kind=ReportKind.SCORECARD, scorecard=scorecard)
    )
    assert report.status == ReportStatus.READY, report.error
    return pdf_pages(report.file.read())


def test_it_prints_each_rating_with_its_scale_label(render_now, lead, scored_interview):
    own = scored_interview.scorecards.get(panelist=lead)
    text = " ".join(page.text for page in scorecard_pages(render_now, own))

    # The lead's ratings of Q1 to Q4 (panel_data.rating_for): 4, 3, 2, 1.
    for rating, label in [(4, "Strong"), (3, "Good"), (2, "Some"), (1, "No")]:
        assert f"Rating {rating} · {label} evidence" in text
    assert " / 4" not in text


@pytest.mark.parametrize("summary_lines", [0, 1, 2, 3, 4])
def test_it_never_leaves_a_question_alone_on_the_last_page(render_now, lead, summary_lines):
    # Each extra summary line moves the questions down by less than one question's height, so
    # one of these runs lands the last question alone on a page unless the layout prevents it.
    interview = scored_interview_create(panelists=[lead], questions=7)
    scorecard = interview.scorecards.get()
    scorecard.summary = "\n".join(["Solid fundamentals, weaker on deployment."] * summary_lines)
    scorecard.save(update_fields=["summary"])

    pages = scorecard_pages(render_now, scorecard)

    assert len(pages) > 1
    assert len(QUESTION_HEAD.findall(pages[-1].body_text)) > 1
