"""A report's fingerprint is made of what it says, never of how it is drawn: a new chart or
template leaves ready reports fresh, a changed summary makes them stale."""

import pytest

from scorecards.models import ReportKind, Scorecard, ScorecardStatus
from scorecards.reports import Subject, report_fingerprint, report_is_stale

pytestmark = pytest.mark.django_db


def _subject(interview):
    return Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)


def test_it_keeps_the_fingerprint_when_only_the_drawing_changes(monkeypatch, scored_interview):
    before = report_fingerprint(subject=_subject(scored_interview), paper_size="A4")
    monkeypatch.setattr(
        "scorecards.reports.content.candidate_report.category_chart_svg",
        lambda *args, **kwargs: "<svg>another chart</svg>",
    )
    monkeypatch.setattr(
        "scorecards.reports.content.candidate_report.rich_text", lambda html: "drawn differently"
    )
    assert report_fingerprint(subject=_subject(scored_interview), paper_size="A4") == before


def test_it_changes_the_fingerprint_when_a_summary_changes(scored_interview):
    before = report_fingerprint(subject=_subject(scored_interview), paper_size="A4")
    Scorecard.objects.filter(interview=scored_interview, status=ScorecardStatus.SUBMITTED).update(
        summary="A changed summary."
    )
    assert report_fingerprint(subject=_subject(scored_interview), paper_size="A4") != before


def test_it_finds_a_ready_report_stale_only_when_its_content_changed(
    monkeypatch, render_now, recruiter, scored_interview
):
    report = render_now(user=recruiter, subject=_subject(scored_interview))
    monkeypatch.setattr(
        "scorecards.reports.content.candidate_report.category_chart_svg",
        lambda *args, **kwargs: "<svg>another chart</svg>",
    )
    assert not report_is_stale(report=report)
    Scorecard.objects.filter(interview=scored_interview, status=ScorecardStatus.SUBMITTED).update(
        summary="A changed summary."
    )
    assert report_is_stale(report=report)
