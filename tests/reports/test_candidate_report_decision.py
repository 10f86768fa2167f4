"""The candidate report prints the candidate's current decision, and a new decision makes a
ready report stale."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.people import display_name
from scorecards.models import Decision, ReportKind, ReportStatus
from scorecards.reports import Subject, report_is_stale

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def _decide(interview, *, by, outcome, rationale, ago=timedelta(0)):
    return Decision.objects.create(
        candidate=interview.candidate,
        interview=interview,
        outcome=outcome,
        rationale=rationale,
        decided_by=by,
        decided_at=timezone.now() - ago,
    )


def test_it_prints_the_current_decision_its_rationale_who_and_when(
    render_now, recruiter, hiring_manager, scored_interview
):
    _decide(
        scored_interview,
        by=recruiter,
        outcome="hold",
        rationale="Earlier: wait for the second round.",
        ago=timedelta(hours=2),
    )
    current = _decide(
        scored_interview,
        by=hiring_manager,
        outcome="advance",
        rationale="Advance to the system-design round; the panel agrees on the ORM.",
    )
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    assert report.status == ReportStatus.READY, report.error
    text = pdf_text(report.file.read())
    assert "Decision: Advance" in text
    assert "Advance to the system-design round; the panel agrees on the ORM." in text
    when = timezone.localtime(current.decided_at).strftime("%Y-%m-%d %H:%M %Z")
    assert f"Recorded by {display_name(hiring_manager)} on {when}" in text
    assert "replaces 1 earlier decision" in text
    assert "Earlier: wait for the second round." not in text


def test_it_prints_no_decision_block_without_a_decision(render_now, recruiter, scored_interview):
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=scored_interview.candidate),
    )
    assert "Decision:" not in pdf_text(report.file.read())


def test_a_new_decision_makes_the_ready_report_stale(render_now, recruiter, scored_interview):
    subject = Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=scored_interview.candidate)
    before = render_now(user=recruiter, subject=subject)
    assert not report_is_stale(report=before)

    _decide(scored_interview, by=recruiter, outcome="reject", rationale="Not this time.")
    assert report_is_stale(report=before)
    after = render_now(user=recruiter, subject=subject)
    assert after.pk != before.pk
    assert "Decision: Reject" in pdf_text(after.file.read())
