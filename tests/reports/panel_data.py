"""Builds scored interviews for report tests and benchmarks: real rows, plain ORM."""

from __future__ import annotations

from django.utils import timezone

from interviews.models import Interview, InterviewQuestion, PanelSeat
from scorecards.models import Answer, Recommendation, Scorecard, ScorecardStatus
from tests.factories import CandidateFactory, PositionFactory

CATEGORIES = ["ORM and queries", "Security", "Testing", "Async and Celery", "Deployment"]
RECOMMENDATIONS = [
    Recommendation.YES,
    Recommendation.STRONG_YES,
    Recommendation.NO,
    Recommendation.YES,
    Recommendation.STRONG_NO,
]


def question_prompt(number: int) -> str:
    return (
        f"<p>Question {number}: how does <code>select_related</code> differ from "
        f"<code>prefetch_related</code> when loading <strong>related rows</strong>?</p>"
    )


def rating_for(panelist_index: int, question_number: int) -> int | None:
    """A deterministic spread: some agreement, some disagreement, an occasional gap."""
    if (panelist_index + question_number) % 11 == 10:
        return None
    return 1 + (question_number * 3 + panelist_index * (question_number % 3)) % 4


def note_for(panelist_name: str, question_number: int) -> str:
    return (
        f"{panelist_name} on Q{question_number}: explained the trade-off clearly, "
        f"mentioned query counts and gave an example from a past project."
    )


def frozen_questions_create(*, interview: Interview, count: int) -> list[InterviewQuestion]:
    return InterviewQuestion.objects.bulk_create(
        InterviewQuestion(
            interview=interview,
            position=number,
            category_name=CATEGORIES[(number - 1) % len(CATEGORIES)],
            difficulty="mid",
            prompt=question_prompt(number),
            expected_minutes=5,
            guide_1="Cannot explain either.",
            guide_2="Knows the names, not the queries.",
            guide_3="Explains joins versus separate queries.",
            guide_4="Knows when each one hurts and measures it.",
            follow_ups="What about Prefetch objects?\nHow do you spot N+1 queries?",
            key_points="JOIN in one query\nA second query per relation",
        )
        for number in range(1, count + 1)
    )


def scored_interview_create(
    *,
    panelists: list,
    questions: int,
    submitted: list | None = None,
    candidate_name: str = "Grace Hopper",
    position=None,
    hiring_managers=(),
) -> Interview:
    """An interview with ``panelists`` seated (the first leads) and ``questions`` frozen;
    everyone in ``submitted`` (default: all) has a submitted scorecard with notes."""
    position = position or PositionFactory(hiring_managers=list(hiring_managers))
    candidate = CandidateFactory(full_name=candidate_name, position=position)
    interview = Interview.objects.create(
        candidate=candidate, scheduled_at=timezone.now(), duration_minutes=60
    )
    PanelSeat.objects.bulk_create(
        PanelSeat(interview=interview, user=user, is_lead=index == 0)
        for index, user in enumerate(panelists)
    )
    frozen = frozen_questions_create(interview=interview, count=questions)
    for index, user in enumerate(panelists if submitted is None else submitted):
        name = user.get_full_name() or user.username
        scorecard = Scorecard.objects.create(
            interview=interview,
            panelist=user,
            status=ScorecardStatus.SUBMITTED,
            recommendation=RECOMMENDATIONS[index % len(RECOMMENDATIONS)],
            summary=f"Summary by {name}: solid fundamentals, weaker on deployment.",
            submitted_at=timezone.now(),
        )
        answers = []
        for question in frozen:
            rating = rating_for(index, question.position)
            answers.append(
                Answer(
                    scorecard=scorecard,
                    question=question,
                    rating=rating,
                    not_asked=rating is None,
                    notes=note_for(name, question.position) if rating else "",
                )
            )
        Answer.objects.bulk_create(answers)
    return interview


def bank_questions_create(*, interview: Interview, count: int) -> list[InterviewQuestion]:
    """The first ``count`` questions of the default bank file, frozen into ``interview`` as they
    would be from the bank: real prompt, rubric, follow-up and key-point lengths."""
    from pathlib import Path

    from questionbank.importing import parse_markdown

    seed = Path(__file__).resolve().parents[2] / "questionbank/seeds/django-interview-questions.md"
    rows = parse_markdown(seed.read_text())
    return InterviewQuestion.objects.bulk_create(
        InterviewQuestion(
            interview=interview,
            position=number,
            category_name=row.category,
            difficulty=row.difficulty,
            prompt=row.prompt,
            expected_minutes=row.expected_minutes,
            guide_1=row.guides[0],
            guide_2=row.guides[1],
            guide_3=row.guides[2],
            guide_4=row.guides[3],
            follow_ups="\n".join(row.follow_ups),
            key_points="\n".join(row.key_points),
        )
        for number, row in enumerate(rows.questions[:count], start=1)
    )
