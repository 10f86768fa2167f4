"""The "PDF documents" card costs the same number of queries whatever reports exist: checking
whether a ready report is stale reads its canonical data, never the rendered content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scorecards.models import ReportKind
from scorecards.reports import Subject

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["interview", "candidate"])
def test_it_reads_the_page_in_as_many_queries_with_two_ready_reports_as_with_none(
    client, render_now, recruiter, scored_interview, page
):
    url = (
        reverse("interviews:interview", args=[scored_interview.pk])
        if page == "interview"
        else reverse("interviews:candidate", args=[scored_interview.candidate.pk])
    )
    client.force_login(recruiter)
    _queries(client, url)  # warm the per-process caches (site settings, rating scale)
    without = _queries(client, url)
    for subject in (
        Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
        Subject(kind=ReportKind.INTERVIEW_KIT, interview=scored_interview),
        Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=scored_interview.candidate),
    ):
        assert render_now(user=recruiter, subject=subject).status == "ready"
    with_reports = _queries(client, url)
    print(f"{page}: {without} queries without reports, {with_reports} with three ready")
    assert with_reports == without
