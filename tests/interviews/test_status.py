"""Status changes: scheduled → live → completed / cancelled, each with an audit row."""

import threading

import pytest
from django.db import connection

from interviews.models import Interview, InterviewStatus, StatusChange
from interviews.transitions import (
    InterviewTransitionError,
    interview_cancel,
    interview_complete,
    interview_start,
)
from tests.factories import interview_with_panel

pytestmark = pytest.mark.django_db


def test_it_records_who_started_and_who_completed(lead, panelist, recruiter):
    interview = interview_with_panel(lead=lead, panelists=[panelist])
    interview_start(interview=interview, by=panelist)
    interview_complete(interview=interview, by=recruiter, note="closed by hand")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COMPLETED
    assert interview.started_at and interview.ended_at
    rows = list(
        StatusChange.objects.filter(interview=interview).values_list(
            "from_status", "to_status", "changed_by__username"
        )
    )
    assert rows == [("scheduled", "live", "panelist"), ("live", "completed", "recruiter")]


def test_it_refuses_to_start_a_cancelled_interview(lead, recruiter):
    interview = interview_with_panel(lead=lead)
    interview_cancel(interview=interview, by=recruiter)
    with pytest.raises(InterviewTransitionError):
        interview_start(interview=interview, by=lead)
    assert StatusChange.objects.filter(interview=interview).count() == 1


def test_it_refuses_to_start_twice(lead):
    interview = interview_with_panel(lead=lead)
    interview_start(interview=interview, by=lead)
    with pytest.raises(InterviewTransitionError):
        interview_start(interview=Interview.objects.get(pk=interview.pk), by=lead)


def test_it_lets_the_lead_start_from_the_page(client, lead, panelist):
    interview = interview_with_panel(lead=lead, panelists=[panelist])
    client.force_login(lead)
    response = client.post(f"/interviews/{interview.pk}/status/", {"action": "start"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE


def test_it_refuses_a_start_by_a_panelist_who_does_not_lead(client, lead, panelist):
    interview = interview_with_panel(lead=lead, panelists=[panelist])
    client.force_login(panelist)
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    response = client.post(f"/interviews/{interview.pk}/status/", {"action": "start"})
    assert "Start interview" not in page
    assert response.status_code == 403
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED


def test_it_explains_a_refused_transition_without_an_error_page(client, lead, recruiter):
    interview = interview_with_panel(lead=lead, status=InterviewStatus.COMPLETED)
    client.force_login(recruiter)
    response = client.post(f"/interviews/{interview.pk}/status/", {"action": "cancel"}, follow=True)
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()


@pytest.mark.postgres
def test_it_records_only_one_of_two_concurrent_starts(transactional_db, lead, panelist):
    interview = interview_with_panel(lead=lead, panelists=[panelist])
    barrier = threading.Barrier(2)
    outcomes = []

    def start(user):
        barrier.wait()
        try:
            interview_start(interview=Interview.objects.get(pk=interview.pk), by=user)
            outcomes.append("ok")
        except InterviewTransitionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start, args=(u,)) for u in (lead, panelist)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert StatusChange.objects.filter(interview=interview, to_status="live").count() == 1
