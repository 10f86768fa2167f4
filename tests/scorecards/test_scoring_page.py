"""The scoring page shows every snapshot question with its rubric in a constant number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_it_shows_each_question_with_rubric_follow_ups_and_key_points(client, interview, panelist):
    client.force_login(panelist)
    html = client.get(f"/scoring/{interview.pk}/").content.decode()
    assert html.count('class="card question scoring-question"') == 3
    assert "Question 1 of 3" in html and "No evidence" in html and "Deep" in html
    assert "Follow-ups" in html and "When not?" in html and "Point two" in html
    assert "Not asked" in html and "Strong yes" in html


def test_it_needs_the_same_number_of_queries_for_more_questions(client, lead, panelist):
    def queries_for(count: int) -> int:
        interview = InterviewFactory(panel=[lead, panelist], questions=count)
        client.force_login(lead)
        client.get(f"/scoring/{interview.pk}/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/scoring/{interview.pk}/").status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(7)


def test_it_offers_start_on_a_scheduled_interview_to_the_lead_only(client, lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=1)
    client.force_login(lead)
    assert "Start interview" in client.get(f"/scoring/{interview.pk}/").content.decode()
    client.force_login(panelist)
    assert "Start interview" not in client.get(f"/scoring/{interview.pk}/").content.decode()
