"""Fixtures for live scoring: an interview with a seated panel (lead + panelist) and helpers."""

import pytest

from interviews.models import InterviewStatus
from scorecards import services
from tests.factories import InterviewFactory, UserFactory


def live_interview_create(*, lead, panelist, hiring_manager):
    """A live interview: lead (panel lead) and panelist seated, three questions; the
    hiring_manager persona manages its position."""
    interview = InterviewFactory(panel=[lead, panelist], questions=3)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    interview.candidate.position.hiring_managers.add(hiring_manager)
    return interview


@pytest.fixture
def interview(lead, panelist, hiring_manager):
    return live_interview_create(lead=lead, panelist=panelist, hiring_manager=hiring_manager)


@pytest.fixture
def questions(interview):
    return list(interview.questions.order_by("position"))


@pytest.fixture
def other_interview(db):
    """Another interview with its own panel and questions (for guessed ids)."""
    someone = UserFactory(roles=["Interviewers"])
    return InterviewFactory(panel=[someone], questions=2)


def answer_url(interview, question) -> str:
    return f"/scoring/{interview.pk}/answers/{question.pk}/"


def post_answer(client, interview, question, *, rating="", not_asked=False, notes="", version=0):
    return client.post(
        answer_url(interview, question),
        {
            "rating": rating,
            "not_asked": "true" if not_asked else "false",
            "notes": notes,
            "version": version,
        },
    )


def submit_scorecard(*, interview, user, recommendation="yes"):
    """Rate every question 3 and submit, through the services (setup, not the behaviour)."""
    scorecard = services.scorecard_open(interview=interview, panelist=user)
    for question in interview.questions.all():
        services.answer_save(
            scorecard=scorecard,
            question=question,
            rating=3,
            not_asked=False,
            notes=f"notes of {user.username}",
            expected_version=0,
            by=user,
        )
    services.scorecard_overall_save(
        scorecard=scorecard,
        recommendation=recommendation,
        summary=f"summary of {user.username}",
        expected_version=0,
        by=user,
    )
    return services.scorecard_submit(scorecard=scorecard, by=user)
