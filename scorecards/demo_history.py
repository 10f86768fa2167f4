"""Demo history (seed_demo --history N): past interviews with plausible, varied ratings, so the
analytics pages show real figures on a fresh install.

Each candidate has a hidden ability; a panelist's rating of a question is that ability plus the
panelist's leniency plus noise, on the 1-4 scale. The lead is lenient and the second panelist
strict; one question is asked in every interview (overused), one is rated 4 by almost everyone
(ceiling) and one is rated at random (no discrimination). Most candidates get a decision that
follows their ability. Rows are bulk-created; the same N gives the same data every time.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from interviews.models import Candidate, Interview, InterviewStatus, PanelSeat, Position
from interviews.scheduling import interview_questions_freeze
from questionbank.models import RATING_LEVELS, Question

from .models import Answer, Decision, DecisionOutcome, Recommendation, Scorecard, ScorecardStatus
from .services import submissions_changed

HISTORY_EMAIL = "history{:03d}@example.com"
QUESTIONS_PER_INTERVIEW = 8
# Panelist email -> leniency in rating points.
HISTORY_PANEL = {
    "lead@panel.test": 0.4,
    "panelist@panel.test": 0.0,
    "panelist2@panel.test": -0.4,
}
LOW, HIGH = RATING_LEVELS[0], RATING_LEVELS[-1]


def _rating(rng: random.Random, *, ability: float, leniency: float, kind: str) -> int:
    if kind == "ceiling":
        value = 4.2 + rng.gauss(0, 0.4)
    elif kind == "random":
        value = rng.uniform(0.5, 4.5)
    else:
        value = 2.5 + ability + leniency + rng.gauss(0, 0.35)
    return max(LOW, min(HIGH, round(value)))


def _recommendation(mean_rating: float) -> str:
    if mean_rating >= 3.3:
        return Recommendation.STRONG_YES
    if mean_rating >= 2.5:
        return Recommendation.YES
    if mean_rating >= 1.8:
        return Recommendation.NO
    return Recommendation.STRONG_NO


def _outcome(rng: random.Random, ability: float) -> str | None:
    if rng.random() < 0.15:
        return None
    ability += rng.gauss(0, 0.5)  # the debrief weighs more than these ratings
    if ability > 0.25:
        return DecisionOutcome.ADVANCE
    if ability < -0.25:
        return DecisionOutcome.REJECT
    return DecisionOutcome.HOLD


@transaction.atomic
def demo_history_create(*, count: int) -> str:
    """``count`` completed past interviews of the demo panel (idempotent); returns a line."""
    existing = Candidate.objects.filter(email__startswith="history", email__endswith="@example.com")
    if existing.count() >= count:
        return f"history: {existing.count()} past interviews already there"
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@panel.test")}
    panel = [users[email] for email in HISTORY_PANEL]
    recruiter = users["recruiter@panel.test"]
    position = Position.objects.get(title="Senior Django engineer")
    bank = list(Question.objects.live().select_related("category").order_by("pk"))
    if len(bank) < QUESTIONS_PER_INTERVIEW + 3:
        return "history: the bank is too small for demo history"
    overused, ceiling, unrelated, *rest = bank
    kinds = {ceiling.pk: "ceiling", unrelated.pk: "random"}
    rng = random.Random(count)
    now = timezone.now()
    answers, decisions, created = [], [], []
    for number in range(existing.count(), count):
        ability = rng.gauss(0, 0.9)
        candidate, _created = Candidate.objects.get_or_create(
            email=HISTORY_EMAIL.format(number + 1),
            position=position,
            defaults={"full_name": f"Past candidate {number + 1}", "created_by": recruiter},
        )
        interview = Interview.objects.create(
            candidate=candidate,
            scheduled_at=now - timedelta(days=3 + number * 300 // max(count, 1), hours=2),
            status=InterviewStatus.COMPLETED,
            location="Room 2.14",
            created_by=recruiter,
        )
        created.append(interview.pk)
        PanelSeat.objects.bulk_create(
            PanelSeat(interview=interview, user=user, is_lead=index == 0)
            for index, user in enumerate(panel)
        )
        asked = [overused, ceiling, unrelated][: 1 + number % 3] + rng.sample(rest, 7)
        frozen = interview_questions_freeze(
            interview=interview, questions=asked[:QUESTIONS_PER_INTERVIEW]
        )
        for panelist in panel:
            ratings = [
                _rating(
                    rng,
                    ability=ability,
                    leniency=HISTORY_PANEL[panelist.email],
                    kind=kinds.get(question.source_question_id, "normal"),
                )
                for question in frozen
            ]
            scorecard = Scorecard.objects.create(
                interview=interview,
                panelist=panelist,
                status=ScorecardStatus.SUBMITTED,
                recommendation=_recommendation(sum(ratings) / len(ratings)),
                started_at=interview.scheduled_at,
                submitted_at=interview.scheduled_at + timedelta(hours=1),
            )
            not_asked = rng.randrange(len(frozen)) if rng.random() < 0.2 else None
            answers.extend(
                Answer(
                    scorecard=scorecard,
                    question=question,
                    rating=None if index == not_asked else rating,
                    not_asked=index == not_asked,
                )
                for index, (question, rating) in enumerate(zip(frozen, ratings, strict=True))
            )
        outcome = _outcome(rng, ability)
        if outcome:
            decisions.append(
                Decision(
                    candidate=candidate,
                    interview=interview,
                    outcome=outcome,
                    rationale="Debrief of the panel (demo history).",
                    decided_by=recruiter,
                    decided_at=interview.scheduled_at + timedelta(days=1),
                )
            )
    Answer.objects.bulk_create(answers)
    Decision.objects.bulk_create(decisions)
    submissions_changed(interview_ids=created)
    return f"history: {count} past interviews with submitted scorecards and decisions"
