"""A save never slips in after a submission, even when both happen at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from interviews.models import InterviewStatus
from scorecards.models import Answer, Scorecard, ScorecardStatus
from scorecards.services import scorecard_open
from tests.factories import InterviewFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]


def test_it_refuses_a_save_that_waited_for_a_submission_holding_the_scorecard():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested against PostgreSQL")
    user = UserFactory(roles=["Interviewers"])
    interview = InterviewFactory(panel=[user], questions=1)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    scorecard = scorecard_open(interview=interview, panelist=user)
    question = interview.questions.get()
    locked = threading.Event()

    def submit_slowly():
        """What scorecard_submit does, holding the scorecard's lock a while before committing."""
        try:
            with transaction.atomic():
                Scorecard.objects.select_for_update().filter(pk=scorecard.pk).update(
                    status=ScorecardStatus.SUBMITTED, recommendation="yes"
                )
                locked.set()
                threading.Event().wait(1.0)  # the save below arrives meanwhile and must wait
        finally:
            connection.close()

    submitter = threading.Thread(target=submit_slowly)
    submitter.start()
    assert locked.wait(10)
    client = Client()
    client.force_login(user)
    response = client.post(
        f"/scoring/{interview.pk}/answers/{question.pk}/",
        {"rating": "2", "not_asked": "false", "notes": "too late", "version": 0},
    )
    submitter.join()
    assert response.status_code == 409
    assert "submitted and read-only" in response.content.decode()
    assert not Answer.objects.exists()
