"""Demo scoring data: one interview the whole demo panel has scored and submitted, and the
hiring manager's decision on its candidate."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from interviews.demo import DEMO_PLAN_NAME
from interviews.models import Candidate, Interview, InterviewPlan, Position
from interviews.scheduling import interview_schedule
from interviews.transitions import interview_start

from .decisions import decision_current, decision_record
from .models import DecisionOutcome, Recommendation
from .services import answer_save, scorecard_open, scorecard_overall_save, scorecard_submit

DEMO_CANDIDATE = ("Jonas Weber", "jonas.weber@example.com")

# Per panelist: a rating pattern over the questions, a recommendation and a summary. The lead
# and the second panelist disagree on purpose, so the summary shows a disagreement flag.
_PANEL_VERDICTS = {
    "lead@panel.test": (
        [4, 3, 3, 4, 2, 3],
        Recommendation.YES,
        "Solid ORM and request-cycle knowledge; shaky on caching trade-offs.",
    ),
    "panelist@panel.test": (
        [3, 3, 2, 4, 3, 3],
        Recommendation.YES,
        "Clear communicator. Would like a deeper answer on migrations in production.",
    ),
    "panelist2@panel.test": (
        [4, 1, 3, 3, 4, 2],
        Recommendation.STRONG_YES,
        "Strong on security; explained <script> escaping and CSRF precisely.",
    ),
}


@transaction.atomic
def demo_scored_interview_create() -> str:
    """A completed interview with three submitted scorecards (idempotent); returns a line."""
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@panel.test")}
    position = Position.objects.get(title="Senior Django engineer")
    name, email = DEMO_CANDIDATE
    candidate, _created = Candidate.objects.get_or_create(
        email=email,
        position=position,
        defaults={"full_name": name, "created_by": users["recruiter@panel.test"]},
    )
    interview = Interview.objects.filter(candidate=candidate).first()
    if interview is not None:
        return f"scored interview of {candidate} already there ({interview.get_status_display()})"

    panel = [users[email] for email in _PANEL_VERDICTS]
    interview = interview_schedule(
        candidate=candidate,
        plan=InterviewPlan.objects.get(name=DEMO_PLAN_NAME),
        scheduled_at=timezone.now() + timedelta(minutes=1),
        duration=60,
        location="Room 2.14",
        panel=panel,
        lead=panel[0],
        by=users["recruiter@panel.test"],
        # The demo's live interview seats the same panel at the same time, on purpose.
        overlap_confirmed=True,
    )
    interview_start(interview=interview, by=panel[0])
    questions = list(interview.questions.order_by("position"))
    for panelist in panel:
        ratings, recommendation, summary = _PANEL_VERDICTS[panelist.email]
        scorecard = scorecard_open(interview=interview, panelist=panelist)
        for question, rating in zip(questions, ratings * 10, strict=False):
            answer_save(
                scorecard=scorecard,
                question=question,
                rating=rating,
                not_asked=False,
                notes=f"{panelist.first_name}: answer rated {rating}.",
                expected_version=0,
                by=panelist,
            )
        scorecard_overall_save(
            scorecard=scorecard,
            recommendation=recommendation,
            summary=summary,
            expected_version=0,
            by=panelist,
        )
        scorecard_submit(scorecard=scorecard, by=panelist)
    interview.refresh_from_db()
    return f"scored interview of {candidate}: {interview.get_status_display()}"


DEMO_DECISION_RATIONALE = (
    "The whole panel recommends hiring. Strong on security and the ORM; the caching "
    "trade-offs and migrations in production are worth a deeper look in the next round."
)


@transaction.atomic
def demo_decision_create() -> str:
    """The hiring manager's decision on the scored demo interview (idempotent); returns a line."""
    candidate = Candidate.objects.filter(email=DEMO_CANDIDATE[1]).first()
    interview = candidate and Interview.objects.filter(candidate=candidate).first()
    if interview is None:
        return "no scored demo interview: skipped the demo decision"
    current = decision_current(candidate=candidate)
    if current is None:
        current = decision_record(
            interview=interview,
            by=get_user_model().objects.get(email="manager@panel.test"),
            outcome=DecisionOutcome.ADVANCE,
            rationale=DEMO_DECISION_RATIONALE,
        )
    return f"decision on {candidate}: {current.get_outcome_display()}"
