"""Who sees which analytics: one place for views and the Wagtail admin alike."""

from accounts.roles import Role, has_role
from questionbank.policies import can_browse_bank, can_edit_bank
from scorecards.policies import can_read_panel, is_recruiter

__all__ = ["can_read_panel"]


def can_see_calibrations(user) -> bool:
    """Recruiters see every interviewer; an interviewer sees their own figures."""
    return user.is_authenticated and (is_recruiter(user) or has_role(user, Role.INTERVIEWER))


def can_see_calibration_of(user, panelist_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return is_recruiter(user) or (user.pk == panelist_id and has_role(user, Role.INTERVIEWER))


def can_see_question_figures(user) -> bool:
    """Whoever reads the bank; the figures leave out interviews the viewer owes a scorecard on."""
    return can_browse_bank(user)


def can_review_questions(user) -> bool:
    """The admin report of questions to review: editors of the bank."""
    return can_edit_bank(user)
