"""Who may score, watch, read and reopen scorecards; every scorecards view asks here.

Being on a panel is a relationship (a PanelSeat), not a group: a panelist writes only the
scorecard of their own seat, and sees other panelists' ratings only after submitting theirs,
whatever other role they hold (a seat's duty does not lapse).
"""

from __future__ import annotations

from interviews import policies as hiring
from interviews.models import Candidate, Interview, PanelSeat

from .models import Scorecard, ScorecardStatus
from .selectors import unsubmitted_seats


def is_recruiter(user) -> bool:
    """Recruiters and administrators run hiring (superusers hold every role)."""
    return hiring.can_manage_hiring(user)


def seat_of(user, interview: Interview) -> PanelSeat | None:
    return PanelSeat.objects.of(user=user, interview=interview).first()


def can_score(user, interview: Interview) -> bool:
    """Only a seated panelist opens a scoring page, and only for their own scorecard."""
    return hiring.sits_on_panel(user, interview)


def can_watch_progress(user, interview: Interview, seat: PanelSeat | None = None) -> bool:
    """The panel lead and recruiters see who is scoring and how far along (never the ratings)."""
    if is_recruiter(user):
        return True
    seat = seat if seat is not None else seat_of(user, interview)
    return seat is not None and seat.is_lead


def manages_position(user, interview: Interview) -> bool:
    return hiring.is_hiring_manager_of(user, interview.candidate.position)


def can_start(user, interview: Interview, seat: PanelSeat | None = None) -> bool:
    return hiring.can_start_interview(user, interview, seat=seat)


def has_submitted(user, interview: Interview) -> bool:
    return Scorecard.objects.filter(
        interview=interview, panelist=user, status=ScorecardStatus.SUBMITTED
    ).exists()


def owes_scorecard(user, interview: Interview) -> bool:
    """Seated on an interview that still counts (not cancelled) without a submitted scorecard."""
    return (
        user.is_authenticated
        and unsubmitted_seats().filter(user_id=user.pk, interview_id=interview.pk).exists()
    )


def can_read_panel(user, interview: Interview) -> bool:
    """Other panelists' ratings, notes, recommendations and summaries of one interview.

    Blind scoring first: whoever owes a scorecard on it reads nothing, whatever else they are
    (recruiter, superuser, the position's hiring manager). Then recruiters, the position's
    hiring managers, and panelists who have submitted.
    """
    if not user.is_authenticated or owes_scorecard(user, interview):
        return False
    if is_recruiter(user) or manages_position(user, interview):
        return True
    return has_submitted(user, interview)


def owes_scorecard_on_candidate(user, candidate: Candidate) -> bool:
    """The user sits on one of the candidate's panels and has not submitted there yet."""
    return unsubmitted_seats().filter(user_id=user.pk, interview__candidate=candidate).exists()


def can_read_candidate_panels(user, candidate: Candidate) -> bool:
    """Every panel of a candidate at once (the candidate-wide report): only for those who see
    the candidate and owe no scorecard on any of the candidate's interviews."""
    return hiring.can_view_candidate(user, candidate) and not owes_scorecard_on_candidate(
        user, candidate
    )


def can_see_late_feedback(user) -> bool:
    return is_recruiter(user)
