"""Optional weights: the weighted total beside the category means, on the panel summary and in
the candidate report, with its formula; no weights, no total."""

from decimal import Decimal

import pytest

from interviews.models import InterviewStatus, InterviewWeight
from interviews.weights import weighted_total
from scorecards.models import ReportKind
from scorecards.reports import Subject, report_content
from scorecards.selectors import panel_summary
from tests.factories import CategoryFactory, InterviewFactory, QuestionFactory

from .test_summary import _panel_submits

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(lead, panelist):
    """Models: 4, 2 (lead) and 3, 3 (panelist), mean 3.00; Security: 1 and 2, mean 1.50."""
    models = CategoryFactory(name="Models")
    security = CategoryFactory(name="Security")
    questions = [QuestionFactory(category=models) for _ in range(2)]
    questions.append(QuestionFactory(category=security))
    interview = InterviewFactory(panel=[lead, panelist], questions=questions)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    _panel_submits(interview, {lead: [4, 2, 1], panelist: [3, 3, 2]}, {lead: "no", panelist: "yes"})
    return interview


def _weigh(interview, **weights):
    for name, weight in weights.items():
        InterviewWeight.objects.create(
            interview=interview, category_name=name, weight=Decimal(weight)
        )


def test_it_weighs_the_category_means(rated):
    _weigh(rated, Models="2", Security="1")
    total = weighted_total(interview=rated, categories=panel_summary(interview=rated).categories)
    assert total.value == 2.5  # (2 × 3.00 + 1 × 1.50) / (2 + 1)
    assert [(row.category, row.weight, row.mean) for row in total.rows] == [
        ("Models", Decimal("2.00"), 3.0),
        ("Security", Decimal("1.00"), 1.5),
    ]


def test_it_leaves_out_categories_without_a_weight_and_says_so(rated):
    _weigh(rated, Security="3")
    total = weighted_total(interview=rated, categories=panel_summary(interview=rated).categories)
    assert total.value == 1.5
    assert total.unweighted == ["Models"]


def test_it_has_no_total_without_weights(rated):
    assert weighted_total(interview=rated, categories=[]) is None


def test_the_summary_shows_the_total_and_its_formula(client, recruiter, rated):
    _weigh(rated, Models="2", Security="0.5")
    client.force_login(recruiter)
    html = client.get(f"/scoring/{rated.pk}/summary/").content.decode()
    # (2 × 3.00 + 0.5 × 1.50) / 2.5 = 2.70
    assert "<strong>Weighted total:</strong> 2.70 of 4" in html
    assert "Weighted total = sum(weight × category mean) / sum(weights)" in html
    assert "2 × 3.00 (Models) + 0.5 × 1.50 (Security), divided by 2 + 0.5" in html


def test_the_summary_shows_no_total_without_weights(client, recruiter, rated):
    client.force_login(recruiter)
    assert "Weighted total" not in client.get(f"/scoring/{rated.pk}/summary/").content.decode()


def test_the_candidate_report_carries_the_total_and_its_fingerprint_the_weights(rated):
    subject = Subject(kind=ReportKind.CANDIDATE_REPORT, interview=rated)
    unweighted = report_content(subject=subject, paper_size="A4")
    assert unweighted.context["blocks"][0]["weighted"] is None
    _weigh(rated, Models="2", Security="1")
    weighted = report_content(subject=subject, paper_size="A4")
    assert weighted.context["blocks"][0]["weighted"].value == 2.5
    # The fingerprint covers the frozen weights (the total derives from them and the ratings).
    assert weighted.canonical["interviews"][0]["weights"] == {"Models": "2.00", "Security": "1.00"}
    assert weighted.fingerprint != unweighted.fingerprint
    InterviewWeight.objects.filter(interview=rated, category_name="Security").update(weight=3)
    assert report_content(subject=subject, paper_size="A4").fingerprint != weighted.fingerprint


def test_the_candidate_report_html_states_the_formula(rated):
    from django.utils import timezone

    from scorecards.reports import report_html

    _weigh(rated, Models="2", Security="1")
    content = report_content(
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=rated), paper_size="A4"
    )
    html = report_html(content=content, paper_size="A4", generated_at=timezone.now())
    assert "<strong>Weighted total:</strong> 2.50 of 4" in html
    assert "2 × 3.00 (Models) + 1 × 1.50 (Security), divided by 2 + 1" in html
