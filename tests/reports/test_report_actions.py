"""The "PDF documents" card on the interview and candidate pages offers only allowed reports."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_offers_a_panelist_who_has_not_submitted_only_the_kit(
    client, panelist, scored_interview
):
    client.force_login(panelist)
    page = client.get(reverse("interviews:interview", args=[scored_interview.pk])).content
    assert b"PDF documents" in page
    assert reverse("reports:request", args=["kit", scored_interview.pk]).encode() in page
    assert b"interview-report" not in page


def test_it_offers_a_recruiter_every_report_of_a_candidate(client, recruiter, scored_interview):
    client.force_login(recruiter)
    candidate = scored_interview.candidate
    page = client.get(reverse("interviews:candidate", args=[candidate.pk])).content
    assert reverse("reports:request", args=["candidate-report", candidate.pk]).encode() in page
    page = client.get(reverse("interviews:interview", args=[scored_interview.pk])).content
    assert (
        reverse("reports:request", args=["interview-report", scored_interview.pk]).encode() in page
    )


def test_it_shows_the_latest_report_with_its_download(
    client, render_now, recruiter, scored_interview
):
    from scorecards.models import ReportKind
    from scorecards.reports import Subject

    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    client.force_login(recruiter)
    page = client.get(reverse("interviews:interview", args=[scored_interview.pk])).content
    assert reverse("reports:download", args=[report.pk]).encode() in page
