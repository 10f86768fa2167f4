"""The scoring page shows every snapshot question with its rubric in a constant number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecards.selectors import panel_progress
from tests.conftest import seat_on_panel
from tests.factories import InterviewFactory
from tests.scorecards.conftest import post_answer, submit_scorecard

# The lead's page: session, user, profile (time zone), roles, interview, seat, scorecard,
# questions with the lead's answers, rating scale, auto-advance preference, panel progress,
# permissions (the navigation's bank link).
LEAD_PAGE_QUERIES = 12

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

    assert queries_for(2) == queries_for(7) == LEAD_PAGE_QUERIES


def test_it_offers_start_on_a_scheduled_interview_to_the_lead_only(client, lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=1)
    client.force_login(lead)
    assert "Start interview" in client.get(f"/scoring/{interview.pk}/").content.decode()
    client.force_login(panelist)
    assert "Start interview" not in client.get(f"/scoring/{interview.pk}/").content.decode()


def test_it_shows_a_prompts_rich_text_and_the_section_of_a_plan(client, interview, panelist):
    question = interview.questions.order_by("position").first()
    link = '<a href="https://example.com/a?b=1&amp;c=2">this</a> <b>first</b>'
    question.prompt = f"<p>Read {link}</p>"
    question.section_label = "Warm-up"
    question.expected_minutes = 1
    question.save()
    client.force_login(panelist)
    html = client.get(f"/scoring/{interview.pk}/").content.decode()
    assert f"<p>Read {link}</p>" in html
    assert '<span class="muted">Warm-up</span>' in html and "<span>1 minute</span>" in html


def test_it_shows_the_panelists_own_answers_only(client, interview, questions, lead, panelist):
    client.force_login(panelist)
    post_answer(client, interview, questions[0], rating="4", notes="notes of the panelist")
    client.force_login(lead)
    post_answer(client, interview, questions[1], not_asked=True)
    post_answer(client, interview, questions[2], rating="2", notes="notes of the lead")
    html = client.get(f"/scoring/{interview.pk}/").content.decode()
    assert f'data-question="{questions[0].pk}" data-number="1" data-version="0">' in html
    assert 'data-number="2" data-version="1" data-rating="not_asked">' in html
    assert 'data-number="3" data-version="1" data-rating="2">' in html
    assert "notes of the lead</textarea>" in html and "notes of the panelist" not in html


def test_it_counts_progress_on_this_interview_only(interview, questions, lead, panelist, client):
    elsewhere = InterviewFactory(panel=[panelist], questions=2)
    client.force_login(panelist)
    for question in elsewhere.questions.all():
        post_answer(client, elsewhere, question, rating="3")
    post_answer(client, interview, questions[0], rating="4")
    post_answer(client, interview, questions[1], not_asked=True)
    post_answer(client, interview, questions[2], notes="notes, no rating yet")
    submit_scorecard(interview=interview, user=lead)

    rows = {row.user.pk: row for row in panel_progress(interview=interview)}
    assert (rows[lead.pk].answered, rows[lead.pk].total, rows[lead.pk].submitted) == (3, 3, True)
    assert (rows[panelist.pk].answered, rows[panelist.pk].submitted) == (2, False)
    assert panel_progress(interview=interview, total=3) == list(rows.values())


def test_it_counts_a_seat_without_a_scorecard_as_nothing_done(interview, recruiter):
    seat_on_panel(interview, recruiter)
    row = next(row for row in panel_progress(interview=interview) if row.user == recruiter)
    assert (row.answered, row.total, row.submitted) == (0, 3, False)
