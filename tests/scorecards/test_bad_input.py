"""Bad input to autosave and submit gets a clear 4xx and never loses what was saved."""

import pytest

from interviews.models import InterviewStatus
from scorecards.models import Answer
from tests.scorecards.conftest import post_answer, submit_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, panelist):
    client.force_login(panelist)
    return client


@pytest.mark.parametrize("rating", ["0", "5", "-1", "2.5", "abc", "99999999999"])
def test_it_refuses_ratings_outside_the_scale(signed_in, interview, questions, rating):
    response = post_answer(signed_in, interview, questions[0], rating=rating)
    assert response.status_code == 422
    assert "whole number from 1 to 4" in response.content.decode()
    assert not Answer.objects.exists()


def test_it_refuses_a_rating_together_with_not_asked(signed_in, interview, questions):
    response = post_answer(signed_in, interview, questions[0], rating="3", not_asked=True)
    assert response.status_code == 422
    assert "not asked" in response.content.decode()


@pytest.mark.parametrize("version", ["", "-1", "x"])
def test_it_refuses_a_missing_or_wrong_version(signed_in, interview, questions, version):
    response = signed_in.post(
        f"/scoring/{interview.pk}/answers/{questions[0].pk}/", {"rating": "2", "version": version}
    )
    assert response.status_code == 422
    assert "reload the page" in response.content.decode()


def test_it_refuses_a_question_of_another_interview(signed_in, interview, other_interview):
    foreign = other_interview.questions.first()
    response = post_answer(signed_in, interview, foreign, rating="3")
    assert response.status_code == 404
    assert "not part of this interview" in response.content.decode()
    assert not Answer.objects.exists()


def test_it_refuses_notes_over_the_limit_and_keeps_the_saved_notes(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="2", notes="kept")
    response = post_answer(
        signed_in, interview, questions[0], rating="2", notes="x" * 20_001, version=1
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "20,000 characters" in body and "20,001" in body
    answer = Answer.objects.get()
    assert (answer.notes, answer.version) == ("kept", 1)


def test_it_accepts_notes_of_exactly_the_limit(signed_in, interview, questions):
    assert post_answer(signed_in, interview, questions[0], notes="x" * 20_000).status_code == 200


def test_it_refuses_nul_characters_with_a_message(signed_in, interview, questions):
    response = post_answer(signed_in, interview, questions[0], notes="a\x00b")
    assert response.status_code == 422
    assert "Null characters are not allowed" in response.content.decode()
    assert not Answer.objects.exists()


def test_it_refuses_a_save_after_submission(signed_in, interview, questions, panelist):
    submit_scorecard(interview=interview, user=panelist)
    response = post_answer(signed_in, interview, questions[0], rating="1", version=1)
    assert response.status_code == 409
    assert "submitted and read-only" in response.content.decode()
    assert Answer.objects.get(question=questions[0], scorecard__panelist=panelist).rating == 3


def test_it_refuses_a_save_on_a_cancelled_interview(signed_in, interview, questions):
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])
    response = post_answer(signed_in, interview, questions[0], rating="1")
    assert response.status_code == 409
    assert "cancelled" in response.content.decode()
    assert not Answer.objects.exists()


def test_it_shows_a_cancelled_interview_read_only(signed_in, interview):
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])
    html = signed_in.get(f"/scoring/{interview.pk}/").content.decode()
    assert "was cancelled" in html
    assert 'data-read-only="true"' in html


def test_it_refuses_an_unknown_recommendation(signed_in, interview):
    response = signed_in.post(
        f"/scoring/{interview.pk}/overall/",
        {"recommendation": "maybe", "summary": "", "version": 0},
    )
    assert response.status_code == 422
    assert "Choose one of the recommendations" in response.content.decode()


def test_it_refuses_a_summary_over_the_limit(signed_in, interview):
    response = signed_in.post(
        f"/scoring/{interview.pk}/overall/",
        {"recommendation": "yes", "summary": "y" * 20_001, "version": 0},
    )
    assert response.status_code == 422


def test_it_refuses_get_on_autosave(signed_in, interview, questions):
    assert signed_in.get(f"/scoring/{interview.pk}/answers/{questions[0].pk}/").status_code == 405


def test_it_refuses_starting_an_interview_that_is_already_live(client, lead, interview):
    client.force_login(lead)
    response = client.post(f"/scoring/{interview.pk}/start/")
    assert response.status_code == 409
    assert "Only a scheduled interview" in response.content.decode()
