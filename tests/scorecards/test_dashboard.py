"""The recruiter dashboard: tabs, who is late, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interviews.models import Interview, InterviewStatus
from tests.factories import CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _interviews(n, panel, **kwargs):
    candidate = CandidateFactory()
    for _ in range(n):
        InterviewFactory(candidate=candidate, panel=panel, questions=[], **kwargs)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_it_uses_the_same_number_of_queries_for_5_and_50_interviews(
    client, recruiter, lead, panelist
):
    client.force_login(recruiter)
    _interviews(5, [lead, panelist])
    few = _queries(client, "/dashboard/?tab=upcoming")
    _interviews(20, [lead, panelist])
    _interviews(25, [panelist, lead])
    many = _queries(client, "/dashboard/?tab=upcoming")
    assert few == many


def test_it_names_the_late_panelists_once_the_interview_has_ended(
    client, recruiter, lead, panelist
):
    interview = InterviewFactory(panel=[lead, panelist], questions=[])
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.LIVE,
        scheduled_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    scorecard = apps.get_model("scorecards", "Scorecard")
    scorecard.objects.create(
        interview=interview, panelist=lead, status="submitted", recommendation="yes"
    )
    client.force_login(recruiter)
    body = client.get("/dashboard/?tab=awaiting").content.decode()
    assert f"{panelist.get_full_name()} · late" in body
    assert f"{lead.get_full_name()} (lead) · late" not in body


def test_it_sorts_and_paginates(client, recruiter, lead):
    for name in ["Zed", "Amy", "Kim"]:
        InterviewFactory(candidate=CandidateFactory(full_name=name), panel=[lead], questions=[])
    client.force_login(recruiter)
    body = client.get("/dashboard/?tab=upcoming&sort=candidate").content.decode()
    assert body.index("Amy") < body.index("Kim") < body.index("Zed")
    body = client.get("/dashboard/?tab=upcoming&sort=-candidate").content.decode()
    assert body.index("Zed") < body.index("Kim") < body.index("Amy")
    assert client.get("/dashboard/?tab=upcoming&page=99").status_code == 200


def _ended(interview, *, minutes_ago: int, status=InterviewStatus.LIVE):
    Interview.objects.filter(pk=interview.pk).update(
        status=status,
        scheduled_at=timezone.now() - timedelta(minutes=minutes_ago + 60),
        ends_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_it_names_no_one_late_within_the_grace_after_the_end(client, recruiter, lead, panelist):
    _ended(InterviewFactory(panel=[lead, panelist], questions=[]), minutes_ago=30)
    client.force_login(recruiter)
    body = client.get("/dashboard/?tab=awaiting").content.decode()
    assert f"{panelist.get_full_name()} · late" not in body
    assert panelist.get_full_name() not in client.get("/scoring/late/").content.decode()


def test_it_names_the_same_late_panelists_as_the_late_feedback_page(
    client, recruiter, lead, panelist
):
    _ended(InterviewFactory(panel=[lead, panelist], questions=[]), minutes_ago=90)
    client.force_login(recruiter)
    body = client.get("/dashboard/?tab=awaiting").content.decode()
    late_page = client.get("/scoring/late/").content.decode()
    for person in (lead, panelist):
        assert person.get_full_name() in late_page
    assert f"{panelist.get_full_name()} · late" in body
    assert f"{lead.get_full_name()} (lead) · late" in body
