"""Submitting a scorecard, read-only afterwards, completing the interview, and reopening."""

import pytest

from interviews.models import InterviewStatus, StatusChange
from scorecards.models import ScorecardReopen
from tests.scorecards.conftest import post_answer, submit_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, panelist):
    client.force_login(panelist)
    return client


def _recommend(client, interview, recommendation="yes"):
    client.post(
        f"/scoring/{interview.pk}/overall/",
        {"recommendation": recommendation, "summary": "", "version": 0},
    )


def test_it_needs_an_overall_recommendation(signed_in, interview, questions, panelist):
    for question in questions:
        post_answer(signed_in, interview, question, rating="3")
    response = signed_in.post(f"/scoring/{interview.pk}/submit/", {"confirm_unrated": "on"})
    assert response.status_code == 422
    assert "Choose an overall recommendation" in response.content.decode()
    assert panelist.scorecards.get().status == "draft"


def test_it_lists_unrated_questions_for_confirmation(signed_in, interview, questions, panelist):
    post_answer(signed_in, interview, questions[0], rating="3")
    _recommend(signed_in, interview)
    review = signed_in.get(f"/scoring/{interview.pk}/submit/").content.decode()
    assert "2 questions have no rating" in review
    assert f"#question-{questions[1].pk}" in review and f"#question-{questions[2].pk}" in review
    refused = signed_in.post(f"/scoring/{interview.pk}/submit/")
    assert refused.status_code == 409
    assert panelist.scorecards.get().status == "draft"


def test_it_reviews_every_own_rating_before_submitting(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="3", notes="solid")
    post_answer(signed_in, interview, questions[1], not_asked=True)
    _recommend(signed_in, interview, "strong_yes")
    response = signed_in.get(f"/scoring/{interview.pk}/submit/")
    rows = [
        (row.number, row.answer.rating, row.answer.not_asked) for row in response.context["review"]
    ]
    assert rows == [(1, 3, False), (2, None, True), (3, None, False)]
    body = response.content.decode()
    assert "3</strong> · Good evidence" in body and "Not asked" in body
    assert body.count('class="review-row unrated"') == 1
    for question in questions:
        assert f"/scoring/{interview.pk}/#question-{question.pk}" in body
    assert "Strong yes" in body


def test_it_submits_with_unrated_questions_when_confirmed(
    signed_in, interview, questions, panelist
):
    post_answer(signed_in, interview, questions[0], rating="3")
    _recommend(signed_in, interview)
    response = signed_in.post(f"/scoring/{interview.pk}/submit/", {"confirm_unrated": "on"})
    assert response.status_code == 302
    scorecard = panelist.scorecards.get()
    assert scorecard.status == "submitted" and scorecard.submitted_at is not None


def test_it_counts_not_asked_as_answered(signed_in, interview, questions, panelist):
    for question in questions:
        post_answer(signed_in, interview, question, not_asked=True)
    _recommend(signed_in, interview)
    assert signed_in.post(f"/scoring/{interview.pk}/submit/").status_code == 302


def test_it_shows_the_scorecard_read_only_after_submission(signed_in, interview, panelist):
    submit_scorecard(interview=interview, user=panelist)
    html = signed_in.get(f"/scoring/{interview.pk}/").content.decode()
    assert 'data-read-only="true"' in html
    assert 'fieldset class="rating-control" disabled' in html
    assert "Review and submit" not in html


def test_it_completes_the_interview_when_the_last_panelist_submits(interview, lead, panelist):
    submit_scorecard(interview=interview, user=lead)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE
    submit_scorecard(interview=interview, user=panelist)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COMPLETED
    change = StatusChange.objects.filter(interview=interview).latest("changed_at")
    assert (change.to_status, change.changed_by) == (InterviewStatus.COMPLETED, panelist)


def test_it_records_who_reopened_when_and_why(client, interview, panelist, recruiter, questions):
    scorecard = submit_scorecard(interview=interview, user=panelist)
    client.force_login(recruiter)
    response = client.post(
        f"/scoring/scorecards/{scorecard.pk}/reopen/", {"reason": "Rated the wrong candidate"}
    )
    assert response.status_code == 302
    scorecard.refresh_from_db()
    assert scorecard.status == "draft" and scorecard.submitted_at is None
    reopen = ScorecardReopen.objects.get()
    assert (reopen.reopened_by, reopen.reason) == (recruiter, "Rated the wrong candidate")
    assert reopen.reopened_at is not None
    client.force_login(panelist)
    assert post_answer(client, interview, questions[0], rating="1", version=1).status_code == 200


def test_it_needs_a_reason_to_reopen(client, interview, panelist, recruiter):
    scorecard = submit_scorecard(interview=interview, user=panelist)
    client.force_login(recruiter)
    response = client.post(f"/scoring/scorecards/{scorecard.pk}/reopen/", {"reason": "  "})
    assert response.status_code == 422
    scorecard.refresh_from_db()
    assert scorecard.status == "submitted"
    assert not ScorecardReopen.objects.exists()


def test_it_refuses_to_reopen_a_draft(client, interview, panelist, recruiter):
    client.force_login(panelist)
    client.get(f"/scoring/{interview.pk}/")
    scorecard = panelist.scorecards.get()
    client.force_login(recruiter)
    response = client.post(f"/scoring/scorecards/{scorecard.pk}/reopen/", {"reason": "why not"})
    assert response.status_code == 409
