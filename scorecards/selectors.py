"""Reads of scorecards: the panel summary (per question, per category, recommendation tally),
the scoring page's questions, the lead's progress view and late feedback."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.rich_text import expand_db_html

from interviews.models import Candidate, Interview, InterviewQuestion, InterviewStatus, PanelSeat
from questionbank.selectors import rating_labels

from .models import Answer, Recommendation, ReminderSent, Scorecard, ScorecardStatus
from .services import AnswerState

# A question's ratings this far apart (or more) flag a disagreement on it.
DISAGREEMENT_RANGE = 2
FOR_HIRING = frozenset({Recommendation.YES, Recommendation.STRONG_YES})
AGAINST_HIRING = frozenset({Recommendation.NO, Recommendation.STRONG_NO})


def recommendation_split(recommendations) -> bool:
    """A split panel: at least one panelist for hiring (yes, strong yes) and one against (no,
    strong no)."""
    given = set(recommendations)
    return bool(given & FOR_HIRING) and bool(given & AGAINST_HIRING)


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
    """Ratings pooled over a category's questions; ``disagreements`` counts flagged questions
    (a pooled range mixes questions the panel rated apart with easy and hard ones)."""

    name: str
    question_count: int
    spread: Spread
    disagreements: int = 0


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

    @property
    def split(self) -> bool:
        return recommendation_split(scorecard.recommendation for scorecard in self.scorecards)

    @property
    def for_hiring(self) -> int:
        return sum(scorecard.recommendation in FOR_HIRING for scorecard in self.scorecards)

    @property
    def against_hiring(self) -> int:
        return sum(scorecard.recommendation in AGAINST_HIRING for scorecard in self.scorecards)


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
    category_disagreements: Counter[str] = Counter()
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
        category_disagreements[question.category_name] += spread.disagreement
        question_summaries.append(
            QuestionSummary(question=question, ratings=ratings, spread=spread)
        )

    categories = [
        CategorySummary(
            name=name,
            question_count=count,
            spread=Spread(category_values[name]),
            disagreements=category_disagreements[name],
        )
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


def candidate_interviews(*, candidate: Candidate) -> QuerySet[Interview]:
    """The candidate's interviews that were not cancelled, in the order they took place."""
    return (
        Interview.objects.filter(candidate=candidate)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("candidate__position", "plan")
        .order_by("scheduled_at", "pk")
    )


# --- live scoring ------------------------------------------------------------------------------


@dataclass
class ScoringItem:
    """A question of the scoring page with the panelist's own answer (never anyone else's)."""

    number: int
    total: int
    question: InterviewQuestion
    answer: AnswerState

    # What the page shows of each question, in Python: a template tag or filter per question
    # (blocktranslate, |richtext, which renders a template of its own) was most of the time
    # of a long page.
    @property
    def heading(self) -> str:
        return _("Question %(number)s of %(total)s") % {"number": self.number, "total": self.total}

    @property
    def minutes(self) -> str:
        minutes = self.question.expected_minutes
        return ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}

    @property
    def section(self) -> str:
        """The plan's section label, unless it only repeats the category."""
        label = self.question.section_label
        return label if label != self.question.category_name else ""

    @property
    def prompt_html(self) -> str:
        """The prompt as the |richtext filter shows it (stored rich text, links expanded)."""
        return mark_safe(expand_db_html(self.question.prompt))


def scoring_items(*, scorecard: Scorecard) -> list[ScoringItem]:
    """Every frozen question of the interview in order, with this scorecard's answer joined
    in: one query whatever the number of questions."""
    own = FilteredRelation("answers", condition=Q(answers__scorecard=scorecard))
    questions = list(
        InterviewQuestion.objects.filter(interview_id=scorecard.interview_id)
        .annotate(
            own_answer=own,
            answer_id=F("own_answer__pk"),
            answer_rating=F("own_answer__rating"),
            answer_not_asked=F("own_answer__not_asked"),
            answer_notes=F("own_answer__notes"),
            answer_version=F("own_answer__version"),
        )
        .order_by("position", "pk")
    )
    return [
        ScoringItem(
            number=number,
            total=len(questions),
            question=question,
            answer=AnswerState(
                question_id=question.pk,
                rating=question.answer_rating,
                not_asked=question.answer_not_asked,
                notes=question.answer_notes,
                version=question.answer_version,
            )
            if question.answer_id is not None
            else AnswerState(question_id=question.pk),
        )
        for number, question in enumerate(questions, start=1)
    ]


def scoring_rubrics(
    *, items: list[ScoringItem], levels: list[tuple[int, str]]
) -> dict[str, object]:
    """The rubric of every question on the scoring page as compact data for the page's script,
    which shows it on demand: the rating levels once, then per question (by id) its guide per
    level (in the levels' order), follow-ups and key points, each left out when empty."""
    questions = {}
    for item in items:
        question = item.question
        written = question.guides()
        entry = {}
        if any(text.strip() for text in written.values()):
            entry["guides"] = [written.get(level, "") for level, _label in levels]
        if follow_ups := question.follow_up_list():
            entry["follow_ups"] = follow_ups
        if key_points := question.key_point_list():
            entry["key_points"] = key_points
        if entry:
            questions[str(question.pk)] = entry
    return {"levels": levels, "questions": questions}


@dataclass
class ReviewRow:
    """A question on the submit page with the panelist's own rating, in words."""

    number: int
    question: InterviewQuestion
    answer: AnswerState
    rating_label: str  # "" when unrated or not asked


def scorecard_review(*, scorecard: Scorecard) -> list[ReviewRow]:
    """Every question of the panelist's own scorecard, for a last look before submitting."""
    labels = rating_labels()
    return [
        ReviewRow(
            number=item.number,
            question=item.question,
            answer=item.answer,
            rating_label=labels.get(item.answer.rating, "") if item.answer.rating else "",
        )
        for item in scoring_items(scorecard=scorecard)
    ]


def plan_budget_minutes(*, interview: Interview, items: list[ScoringItem]) -> int:
    """The time the interview plans for: its scheduled duration, or the questions' sum."""
    return interview.duration_minutes or sum(item.question.expected_minutes for item in items)


@dataclass
class PanelistProgress:
    """How far one panelist is: counts only, never ratings or notes."""

    user: object
    is_lead: bool
    answered: int
    total: int
    submitted: bool

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def panel_progress(*, interview: Interview, total: int | None = None) -> list[PanelistProgress]:
    """Each seated panelist's answered/total and submitted state: one query, and one more to
    count the questions unless the caller knows ``total``."""
    card = FilteredRelation("user__scorecards", condition=Q(user__scorecards__interview=interview))
    answered = Q(card__answers__rating__isnull=False) | Q(card__answers__not_asked=True)
    seats = (
        PanelSeat.objects.filter(interview=interview)
        .select_related("user")
        .annotate(
            card=card,
            scorecard_status=F("card__status"),
            answered=Count("card__answers", filter=answered),
        )
        .order_by("-is_lead", "user__first_name", "user__email")
    )
    if total is None:
        total = InterviewQuestion.objects.filter(interview=interview).count()
    return [
        PanelistProgress(
            user=seat.user,
            is_lead=seat.is_lead,
            answered=seat.answered,
            total=total,
            submitted=seat.scorecard_status == ScorecardStatus.SUBMITTED,
        )
        for seat in seats
    ]


@dataclass
class LateFeedback:
    seat: PanelSeat
    interview: Interview
    ended_at: datetime
    reminders_sent: int


def unsubmitted_seats() -> QuerySet[PanelSeat]:
    """Seats of interviews that still count (not cancelled) whose panelist has not submitted."""
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"),
        panelist=OuterRef("user"),
        status=ScorecardStatus.SUBMITTED,
    )
    return PanelSeat.objects.exclude(interview__status=InterviewStatus.CANCELLED).exclude(
        Exists(submitted)
    )


def feedback_grace() -> timedelta:
    """How long after an interview's scheduled end a panelist may still submit before their
    feedback is late (PANEL_REMINDER_FIRST_AFTER_MINUTES: the first reminder goes out then)."""
    return timedelta(minutes=settings.PANEL_REMINDER_FIRST_AFTER_MINUTES)


def late_seats(*, now: datetime) -> QuerySet[PanelSeat]:
    """Late feedback, the one definition (the dashboard, the late page and the reminders read
    it): a seat without a submitted scorecard on an interview that is not cancelled and whose
    scheduled end is at least feedback_grace() ago."""
    return unsubmitted_seats().filter(interview__ends_at__lte=now - feedback_grace())


def late_feedback(*, now: datetime, limit: int = 200) -> list[LateFeedback]:
    """The late seats (late_seats) with the reminders sent so far: one query."""
    reminders = (
        ReminderSent.objects.filter(
            scorecard__interview=OuterRef("interview"), scorecard__panelist=OuterRef("user")
        )
        .values("scorecard")
        .annotate(n=Count("pk"))
        .values("n")
    )
    seats = (
        late_seats(now=now)
        .select_related("user", "interview__candidate__position")
        .annotate(reminder_count=Subquery(reminders))
        .order_by("interview__ends_at", "user__email")[:limit]
    )
    return [
        LateFeedback(
            seat=seat,
            interview=seat.interview,
            ended_at=seat.interview.ends_at,
            reminders_sent=seat.reminder_count or 0,
        )
        for seat in seats
    ]


def panelists_submitted(interview, users) -> list:
    """Those of ``users`` who submitted their scorecard for ``interview``."""
    ids = set(
        Scorecard.objects.filter(
            interview=interview,
            panelist__in=[user.pk for user in users],
            status=ScorecardStatus.SUBMITTED,
        ).values_list("panelist_id", flat=True)
    )
    return [user for user in users if user.pk in ids]
