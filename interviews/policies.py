"""Who may see and change hiring data: the one place views, downloads and selectors ask.

Recruiters and administrators run hiring and see everything. A hiring manager reads the
candidates and interviews of the positions they manage. A panelist sees only the interviews
they sit on, with the candidate's name but never the candidate's personal data.
"""

from django.db.models import Q

from accounts.roles import Role, has_role

from .models import Candidate, Interview, PanelSeat, Position


def can_manage_hiring(user) -> bool:
    """Create and edit positions, candidates, plans and interviews (superusers hold every role)."""
    return user.is_authenticated and has_role(user, Role.RECRUITER)


def is_hiring_manager_of(user, position: Position) -> bool:
    return (
        user.is_authenticated
        and has_role(user, Role.HIRING_MANAGER)
        and position.hiring_managers.filter(pk=user.pk).exists()
    )


def sits_on_panel(user, interview: Interview) -> bool:
    return PanelSeat.objects.of(user=user, interview=interview).exists()


def can_view_candidate(user, candidate: Candidate) -> bool:
    return can_manage_hiring(user) or is_hiring_manager_of(user, candidate.position)


def interview_scope(user) -> Q:
    """The interviews the user may see, as a filter (an empty Q: all of them). The one rule:
    interviews.selectors.interviews_visible_to and can_view_interview both read it."""
    if can_manage_hiring(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    scope = Q(seats__user=user)
    if has_role(user, Role.HIRING_MANAGER):
        scope |= Q(candidate__position__hiring_managers=user)
    return scope


def can_view_interview(user, interview: Interview) -> bool:
    scope = interview_scope(user)
    return not scope or Interview.objects.filter(scope, pk=interview.pk).exists()


def can_see_candidate_details(user, interview: Interview) -> bool:
    """Email and notes: personal data, never shown to panelists for sitting on the panel."""
    return can_view_candidate(user, interview.candidate)


def leads_panel(user, interview: Interview) -> bool:
    return PanelSeat.objects.of(user=user, interview=interview).filter(is_lead=True).exists()


def can_start_interview(user, interview: Interview, seat: PanelSeat | None = None) -> bool:
    """The panel lead opens the interview; recruiters may start it for them. Other panelists
    wait for the lead, so two people never race to start the clock. A caller that has read
    the user's seat on the interview passes it (no query for the lead check)."""
    if can_manage_hiring(user):
        return True
    if seat is not None and seat.user_id == user.pk and seat.interview_id == interview.pk:
        return seat.is_lead
    return leads_panel(user, interview)


def can_download_invite(user, interview: Interview) -> bool:
    return can_manage_hiring(user) or sits_on_panel(user, interview)
