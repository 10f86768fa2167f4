"""Reads of scorecards: the panel summary (per question, per category, recommendation tally)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from interviews.models import Interview, InterviewQuestion

from .models import Answer, Recommendation, Scorecard, ScorecardStatus

DISAGREEMENT_RANGE = 2


@dataclass
class Rating:
    """One panelist's answer to one question, as shown in summaries and reports."""

    scorecard: Scorecard
    rating: int | None
    not_asked: bool
    notes: str


@dataclass
class Spread:
    """Mean, standard deviation and range of a set of 1-4 ratings."""

    values: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def stdev(self) -> float | None:
        return statistics.pstdev(self.values) if self.values else None

    @property
    def range(self) -> int | None:
        return max(self.values) - min(self.values) if self.values else None

    @property
    def disagreement(self) -> bool:
        return bool(self.values) and self.range >= DISAGREEMENT_RANGE


@dataclass
class QuestionSummary:
    question: InterviewQuestion
    ratings: list[Rating]
    spread: Spread


@dataclass
class CategorySummary:
    name: str
    question_count: int
    spread: Spread


@dataclass
class PanelSummary:
    interview: Interview
    scorecards: list[Scorecard]
    questions: list[QuestionSummary]
    categories: list[CategorySummary]
    tally: list[tuple[str, str, int]]

    @property
    def disagreements(self) -> list[QuestionSummary]:
        return [summary for summary in self.questions if summary.spread.disagreement]


def panel_summary(*, interview: Interview, submitted_only: bool = True) -> PanelSummary:
    """Aggregate the panel's scorecards of one interview in three queries and one pass."""
    questions = list(InterviewQuestion.objects.filter(interview=interview).order_by("position"))
    scorecards = Scorecard.objects.filter(interview=interview).select_related("panelist")
    if submitted_only:
        scorecards = scorecards.filter(status=ScorecardStatus.SUBMITTED)
    scorecards = list(scorecards.order_by("panelist__first_name", "panelist__email"))
    by_scorecard = {scorecard.pk: scorecard for scorecard in scorecards}

    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(scorecard__in=list(by_scorecard)):
        answers[answer.question_id][answer.scorecard_id] = answer

    question_summaries = []
    category_values: dict[str, list[int]] = defaultdict(list)
    category_counts: Counter[str] = Counter()
    for question in questions:
        ratings, spread = [], Spread()
        for scorecard in scorecards:
            answer = answers[question.pk].get(scorecard.pk)
            rating = answer.rating if answer else None
            ratings.append(
                Rating(
                    scorecard=scorecard,
                    rating=rating,
                    not_asked=bool(answer and answer.not_asked),
                    notes=answer.notes if answer else "",
                )
            )
            if rating is not None:
                spread.values.append(rating)
                category_values[question.category_name].append(rating)
        category_counts[question.category_name] += 1
        question_summaries.append(
            QuestionSummary(question=question, ratings=ratings, spread=spread)
        )

    categories = [
        CategorySummary(name=name, question_count=count, spread=Spread(category_values[name]))
        for name, count in category_counts.items()
    ]
    recommendations = Counter(scorecard.recommendation for scorecard in scorecards)
    tally = [(value, label, recommendations[value]) for value, label in Recommendation.choices]
    return PanelSummary(
        interview=interview,
        scorecards=scorecards,
        questions=question_summaries,
        categories=categories,
        tally=tally,
    )
