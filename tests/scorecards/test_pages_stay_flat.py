"""The interview page, the candidate page and the dashboard issue the same number of SQL queries
whether the candidate has 1 or 50 interviews and 0, 2 or 20 reports exist (issue 14, item 5),
for everyone who may see the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from tests.factories import UserFactory

from .page_sizes import interviews_add, page_interview_create, reports_set

pytestmark = pytest.mark.django_db

INTERVIEWS = (1, 50)
REPORTS = (0, 2, 20)


def page_url(page: str, interview) -> str:
    if page == "interview":
        return reverse("interviews:interview", args=[interview.pk])
    if page == "candidate":
        return reverse("interviews:candidate", args=[interview.candidate_id])
    return reverse("dashboard") + "?tab=awaiting"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("page", "persona"),
    [
        ("interview", "recruiter"),
        ("interview", "hiring_manager"),
        ("interview", "lead"),  # seated and submitted: reads the panel
        ("interview", "panelist"),  # seated, owes a scorecard: reads no one's ratings
        ("candidate", "recruiter"),
        ("candidate", "hiring_manager"),
        ("dashboard", "recruiter"),
    ],
)
def test_it_issues_as_many_queries_whatever_the_interviews_and_reports(
    client, recruiter, hiring_manager, lead, panelist, page, persona
):
    second_panelist = UserFactory(username="panelist2", roles=[Role.INTERVIEWER])
    interview = page_interview_create(
        lead=lead, second_panelist=second_panelist, panelist=panelist, hiring_manager=hiring_manager
    )
    people = {
        "recruiter": recruiter,
        "hiring_manager": hiring_manager,
        "lead": lead,
        "panelist": panelist,
    }
    client.force_login(people[persona])
    url = page_url(page, interview)
    client.get(url)  # warm the per-process caches (site settings, rating scale)
    counts = {}
    for interviews in INTERVIEWS:
        interviews_add(
            interview=interview, count=interviews - interview.candidate.interviews.count()
        )
        for reports in REPORTS:
            reports_set(interview=interview, count=reports)
            counts[f"{interviews} interviews, {reports} reports"] = _queries(client, url)
    assert len(set(counts.values())) == 1, counts
