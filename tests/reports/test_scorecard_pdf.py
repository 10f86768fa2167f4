"""A panelist's printed scorecard."""

import pytest

from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_pages

pytestmark = pytest.mark.django_db


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
