"""Builders for analytics tests: interviews of shared bank questions with given ratings."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import InterviewStatus
from scorecards.models import Answer, Decision, Scorecard, ScorecardStatus
from tests.factories import InterviewFactory


def rated_interview(*, bank_questions, ratings, recommendations=None, days_ago=10, **kwargs):
    """A completed interview asking ``bank_questions``; ``ratings`` maps each panelist to one
    rating per question (None = not asked, "-" = left unrated); the first panelist leads.
    Every scorecard is submitted, with ``recommendations[panelist]`` (default "yes")."""
    panel = list(ratings)
    interview = InterviewFactory(
        panel=panel,
        questions=list(bank_questions),
        scheduled_at=timezone.now() - timedelta(days=days_ago),
        **kwargs,
    )
    interview.status = InterviewStatus.COMPLETED
    interview.save(update_fields=["status"])
    frozen = list(interview.questions.order_by("position"))
    for panelist, values in ratings.items():
        recommendation = (recommendations or {}).get(panelist, "yes")
        scorecard_add(interview, panelist, frozen, values, recommendation)
    return interview


def scorecard_add(interview, panelist, frozen, values, recommendation, status=None):
    scorecard = Scorecard.objects.create(
        interview=interview,
        panelist=panelist,
        status=status or ScorecardStatus.SUBMITTED,
        recommendation=recommendation,
    )
    Answer.objects.bulk_create(
        Answer(
            scorecard=scorecard,
            question=question,
            rating=value if isinstance(value, int) else None,
            not_asked=value is None,
        )
        for question, value in zip(frozen, values, strict=True)
    )
    return scorecard


def decide(interview, outcome, by, *, minutes_ago=0):
    return Decision.objects.create(
        candidate=interview.candidate,
        interview=interview,
        outcome=outcome,
        rationale="Debrief",
        decided_by=by,
        decided_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
