"""The debrief: closing an interview's feedback early, and the hiring decision on a candidate.

A decision (advance, hold or reject, with a written rationale) is recorded at an interview's
debrief once every seated panelist has submitted, or once the panel lead or a recruiter has
closed feedback. Decisions are never edited: a change adds a row, so the rows are the audit
trail and the newest one is the candidate's current decision.

Closing feedback does not lock anyone out: a late panelist may still submit (their scorecard
joins the summary and the reports); closing only lets the decision be taken without them.

Blind scoring covers decisions too: whoever owes a scorecard on any of the candidate's
interviews reads no decision on that candidate, and records none, whatever else they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people import display_name
from interviews import policies as hiring
from interviews.models import Candidate, Interview, InterviewStatus, PanelSeat

from . import policies as scoring
from .models import (
    DECISION_RATIONALE_MAX_LENGTH,
    Decision,
    DecisionOutcome,
    FeedbackClosure,
    ScorecardStatus,
)
from .selectors import unsubmitted_seats
from .services import ScoringError


class DecisionError(ScoringError):
    """A debrief step refused for a reason the user can read; ``status`` is the HTTP status."""

    status = 409


class InvalidDecision(DecisionError):
    status = 422


# --- who may ------------------------------------------------------------------------------------


def can_read_decisions(user, candidate: Candidate) -> bool:
    """Decisions on a candidate, rationale included: those who see the candidate (recruiters,
    the position's hiring managers) or sat on one of their panels, once they owe no scorecard
    on any of the candidate's interviews (a seat's duty does not lapse)."""
    if not user.is_authenticated or scoring.owes_scorecard_on_candidate(user, candidate):
        return False
    return (
        hiring.can_view_candidate(user, candidate)
        or candidate.interviews.filter(seats__user_id=user.pk).exists()
    )


def can_read_report_decision(user, candidate: Candidate) -> bool:
    """A candidate report prints the candidate's current decision: whoever may not read
    decisions gets no report of a candidate who has one."""
    return not Decision.objects.filter(candidate=candidate).exists() or can_read_decisions(
        user, candidate
    )


def may_decide(user, interview: Interview) -> bool:
    """Recruiters (superusers too) and the hiring managers of the interview's position."""
    return scoring.is_recruiter(user) or scoring.manages_position(user, interview)


def can_record_decision(user, interview: Interview) -> bool:
    """May decide, and reads the decisions already taken (so owes no scorecard)."""
    return may_decide(user, interview) and can_read_decisions(user, interview.candidate)


def can_close_feedback(user, interview: Interview) -> bool:
    """The panel lead or a recruiter."""
    return scoring.is_recruiter(user) or hiring.leads_panel(user, interview)


# --- state --------------------------------------------------------------------------------------


def pending_seats(*, interview: Interview) -> QuerySet[PanelSeat]:
    """The seats of panelists who have not submitted their scorecard."""
    return unsubmitted_seats().filter(interview=interview).select_related("user")


def pending_panelists(*, interview: Interview) -> int:
    return pending_seats(interview=interview).count()


def feedback_closure(*, interview: Interview) -> FeedbackClosure | None:
    return FeedbackClosure.objects.filter(interview=interview).select_related("closed_by").first()


def decision_refusal(*, interview: Interview) -> str:
    """Why no decision can be recorded at this interview now; "" when one can."""
    if interview.status == InterviewStatus.CANCELLED:
        return _("This interview was cancelled; record the decision at another interview.")
    if pending_panelists(interview=interview) and not feedback_closure(interview=interview):
        return _(
            "Not every panelist has submitted a scorecard yet. The panel lead or a recruiter "
            "can close feedback to decide without them."
        )
    return ""


def close_refusal(*, interview: Interview) -> str:
    """Why feedback cannot be closed now; "" when it can."""
    if interview.status not in (InterviewStatus.LIVE, InterviewStatus.COMPLETED):
        return _("Feedback can be closed once the interview has started (and not cancelled).")
    if feedback_closure(interview=interview):
        return _("Feedback is already closed.")
    if not pending_panelists(interview=interview):
        return _("Every panelist has submitted; there is nothing to close.")
    return ""


# --- writes -------------------------------------------------------------------------------------


def _locked(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("candidate__position")
        .get(pk=interview.pk)
    )


def feedback_close(*, interview: Interview, by) -> FeedbackClosure:
    """Close the interview's feedback although some panelists have not submitted."""
    if not can_close_feedback(by, interview):
        raise PermissionDenied
    with transaction.atomic():
        interview = _locked(interview)
        refusal = close_refusal(interview=interview)
        if refusal:
            raise DecisionError(refusal)
        try:
            with transaction.atomic():
                return FeedbackClosure.objects.create(interview=interview, closed_by=by)
        except IntegrityError:
            raise DecisionError(_("Feedback is already closed.")) from None


def rationale_clean(value: str) -> str:
    """The rationale as stored: no NUL (PostgreSQL refuses it), no surrounding blanks; a clear
    message when empty or too long."""
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise InvalidDecision(_("Write a rationale: why this decision?"))
    if len(value) > DECISION_RATIONALE_MAX_LENGTH:
        raise InvalidDecision(
            _("A rationale is limited to %(limit)s characters (this one has %(length)s).")
            % {"limit": f"{DECISION_RATIONALE_MAX_LENGTH:,}", "length": f"{len(value):,}"}
        )
    return value


def decision_record(*, interview: Interview, by, outcome: str, rationale: str) -> Decision:
    """Record (or change: a new row) the decision on the interview's candidate."""
    if not can_record_decision(by, interview):
        raise PermissionDenied
    if outcome not in DecisionOutcome.values:
        raise InvalidDecision(_("Choose advance, hold or reject."))
    rationale = rationale_clean(rationale)
    with transaction.atomic():
        interview = _locked(interview)
        refusal = decision_refusal(interview=interview)
        if refusal:
            raise DecisionError(refusal)
        return Decision.objects.create(
            candidate=interview.candidate,
            interview=interview,
            outcome=outcome,
            rationale=rationale,
            decided_by=by,
            decided_at=timezone.now(),
        )


# --- reads --------------------------------------------------------------------------------------


def decisions_for_candidate(*, candidate: Candidate) -> QuerySet[Decision]:
    """The audit trail, newest first: who decided what, when and why."""
    return Decision.objects.filter(candidate=candidate).select_related("decided_by", "interview")


def decision_current(*, candidate: Candidate) -> Decision | None:
    return decisions_for_candidate(candidate=candidate).first()


def decision_report_block(*, candidate: Candidate) -> dict[str, Any] | None:
    """The candidate's current decision as the candidate report prints it, and as its
    fingerprint reads it (a new decision makes a ready report stale); None without one."""
    decision = decision_current(candidate=candidate)
    if decision is None:
        return None
    return {
        "id": decision.pk,
        "outcome": decision.outcome,
        "label": decision.get_outcome_display(),
        "rationale": decision.rationale,
        "decided_by": display_name(decision.decided_by),
        "decided_at": timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M %Z"),
        "changes": decisions_for_candidate(candidate=candidate).count() - 1,
    }


@dataclass
class PipelineStep:
    """One step of a candidate's pipeline: an interview or a decision, at its time."""

    at: datetime
    interview: Interview | None = None
    decision: Decision | None = None
    submitted: int = 0
    seated: int = 0
    feedback_closed: bool = False
    current: bool = False

    @property
    def overdue(self) -> bool:
        return bool(
            self.interview
            and self.submitted < self.seated
            and self.interview.status != InterviewStatus.CANCELLED
            and self.interview.ends_at
            and self.interview.ends_at < timezone.now()
        )


def candidate_pipeline(*, candidate: Candidate, with_decisions: bool) -> list[PipelineStep]:
    """The candidate's interviews (with feedback progress) and decisions, oldest first."""
    interviews = (
        candidate.interviews.select_related("plan")
        .prefetch_related("seats__user")
        .annotate(
            seated=Count("seats", distinct=True),
            submitted=Count(
                "scorecards",
                filter=Q(scorecards__status=ScorecardStatus.SUBMITTED),
                distinct=True,
            ),
        )
    )
    closed = set(
        FeedbackClosure.objects.filter(interview__candidate=candidate).values_list(
            "interview_id", flat=True
        )
    )
    steps = [
        PipelineStep(
            # When it took place: started, or (not yet started) when it is planned.
            at=interview.started_at or interview.scheduled_at,
            interview=interview,
            submitted=interview.submitted,
            seated=interview.seated,
            feedback_closed=interview.pk in closed,
        )
        for interview in interviews
    ]
    if with_decisions:
        steps += [
            PipelineStep(at=decision.decided_at, decision=decision, current=index == 0)
            for index, decision in enumerate(decisions_for_candidate(candidate=candidate))
        ]
    return sorted(steps, key=lambda step: (step.at, step.decision is not None))
