"""The debrief: a decision needs every scorecard or closed feedback, needs a rationale, and
every change is a new row shown in the candidate's pipeline; the summary flags a split panel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import InterviewStatus
from scorecards import decisions
from scorecards.models import Decision, FeedbackClosure, Recommendation, ScorecardStatus
from scorecards.selectors import panel_summary, recommendation_split
from tests.factories import InterviewFactory

from .conftest import submit_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(interview):
    """The live interview, begun an hour ago (the debrief comes after it)."""
    interview.scheduled_at = timezone.now() - timedelta(hours=1)
    interview.save(update_fields=["scheduled_at"])
    return interview


def _post_decision(client, interview, **data):
    return client.post(f"/scoring/{interview.pk}/decision/", data)


def test_it_refuses_a_decision_while_a_panelist_has_not_submitted(
    client, interview, lead, hiring_manager
):
    submit_scorecard(interview=interview, user=lead)
    client.force_login(hiring_manager)
    response = _post_decision(client, interview, outcome="advance", rationale="Looks good.")
    assert response.status_code == 409
    assert "Not every panelist has submitted" in response.content.decode()
    assert not Decision.objects.exists()


def test_it_lets_the_lead_close_feedback_then_the_manager_decide_and_the_late_panelist_submit(
    client, interview, lead, panelist, hiring_manager
):
    submit_scorecard(interview=interview, user=lead)
    client.force_login(lead)
    page = client.get(f"/scoring/{interview.pk}/close-feedback/").content.decode()
    assert "have not submitted their scorecard" in page
    assert (panelist.get_full_name() or panelist.email) in page
    assert client.post(f"/scoring/{interview.pk}/close-feedback/").status_code == 302
    closure = FeedbackClosure.objects.get(interview=interview)
    assert closure.closed_by == lead and closure.closed_at

    client.force_login(hiring_manager)
    response = _post_decision(client, interview, outcome="advance", rationale="Strong ORM.")
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.decided_by, decision.interview) == (
        "advance",
        hiring_manager,
        interview,
    )
    # Closing feedback locks nobody out: the late panelist still submits.
    assert submit_scorecard(interview=interview, user=panelist).status == ScorecardStatus.SUBMITTED


def test_it_refuses_to_close_feedback_twice_or_when_nobody_is_late(client, interview, lead):
    client.force_login(lead)
    client.post(f"/scoring/{interview.pk}/close-feedback/")
    again = client.post(f"/scoring/{interview.pk}/close-feedback/")
    assert again.status_code == 409 and "already closed" in again.content.decode()

    done = InterviewFactory(panel=[lead], questions=1)
    done.status = InterviewStatus.LIVE
    done.save(update_fields=["status"])
    submit_scorecard(interview=done, user=lead)
    response = client.post(f"/scoring/{done.pk}/close-feedback/")
    assert response.status_code == 409 and "nothing to close" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "advance", "rationale": ""}, "Write a rationale: why this decision?"),
        ({"outcome": "advance", "rationale": " \n\t "}, "Write a rationale: why this decision?"),
        ({"outcome": "advance", "rationale": "x" * 20_001}, "limited to 20,000 characters"),
        ({"outcome": "hire", "rationale": "Yes."}, "Choose advance, hold or reject."),
        ({"rationale": "Yes."}, "Choose advance, hold or reject."),
    ],
)
def test_it_refuses_bad_input_with_one_clear_message(
    client, interview, lead, panelist, recruiter, data, message
):
    for user in (lead, panelist):
        submit_scorecard(interview=interview, user=user)
    client.force_login(recruiter)
    response = _post_decision(client, interview, **data)
    assert response.status_code == 422
    assert response.content.decode().count(message) == 1
    assert not Decision.objects.exists()


def test_it_keeps_every_change_and_shows_the_trail_in_the_candidates_pipeline(
    client, interview, lead, panelist, recruiter, hiring_manager
):
    for user in (lead, panelist):
        submit_scorecard(interview=interview, user=user)
    decisions.decision_record(
        interview=interview, by=recruiter, outcome="hold", rationale="Wait for references."
    )
    decisions.decision_record(
        interview=interview, by=hiring_manager, outcome="advance", rationale="References fine."
    )
    assert decisions.decision_current(candidate=interview.candidate).outcome == "advance"
    trail = decisions.decisions_for_candidate(candidate=interview.candidate)
    assert [decision.outcome for decision in trail] == ["advance", "hold"]

    client.force_login(recruiter)
    html = client.get(f"/candidates/{interview.candidate.pk}/").content.decode()
    # In time order: the interview, the first decision (changed later), the current one.
    interview_at = html.index(f"/interviews/{interview.pk}/")
    hold_at, advance_at = html.index("Wait for references."), html.index("References fine.")
    assert interview_at < hold_at < advance_at
    assert html.count("changed later") == 1 and html.count("current") >= 1
    assert "2 of 2 submitted" in html


def test_it_orders_the_pipeline_by_time_across_interviews(interview, lead, panelist, recruiter):
    for user in (lead, panelist):
        submit_scorecard(interview=interview, user=user)
    decisions.decision_record(interview=interview, by=recruiter, outcome="hold", rationale="Why.")
    later = InterviewFactory(
        candidate=interview.candidate,
        panel=[lead],
        scheduled_at=timezone.now() + timedelta(days=3),
    )
    steps = decisions.candidate_pipeline(candidate=interview.candidate, with_decisions=True)
    assert [step.interview or step.decision.outcome for step in steps] == [
        interview,
        "hold",
        later,
    ]
    assert [(s.submitted, s.seated) for s in steps if s.interview] == [(2, 2), (0, 1)]


def test_it_refuses_a_decision_at_a_cancelled_interview(interview, lead, panelist, recruiter):
    for user in (lead, panelist):
        submit_scorecard(interview=interview, user=user)
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])
    with pytest.raises(decisions.DecisionError, match="cancelled"):
        decisions.decision_record(
            interview=interview, by=recruiter, outcome="advance", rationale="Why."
        )


@pytest.mark.parametrize(
    ("recommendations", "split"),
    [
        (["yes", "strong_yes", "no"], True),
        (["strong_yes", "strong_no"], True),
        (["yes", "strong_yes"], False),
        (["no", "strong_no"], False),
        ([], False),
    ],
)
def test_it_calls_a_panel_split_when_it_has_a_yes_side_and_a_no_side(recommendations, split):
    assert recommendation_split(Recommendation(value) for value in recommendations) is split


def test_the_summary_flags_the_split_and_the_questions_rated_apart(
    client, interview, lead, panelist, recruiter
):
    submit_scorecard(interview=interview, user=lead, recommendation="strong_yes")
    submit_scorecard(interview=interview, user=panelist, recommendation="no")
    first = interview.questions.order_by("position").first()
    first.answers.filter(scorecard__panelist=lead).update(rating=1)
    assert panel_summary(interview=interview).split

    client.force_login(recruiter)
    html = client.get(f"/scoring/{interview.pk}/summary/").content.decode()
    assert "Split recommendation" in html and "1 for hiring, 1 against" in html
    assert f'href="#summary-{first.pk}"' in html
    assert f'href="/scoring/{interview.pk}/decision/"' in html
