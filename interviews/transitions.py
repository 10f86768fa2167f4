"""Moving interviews through their statuses, each change with an audit row (StatusChange)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OPEN_STATUSES, Interview, InterviewStatus, StatusChange
from .notifications import notify_cancelled

# The only place that says which status may follow which.
TRANSITIONS: dict[str, set[str]] = {
    InterviewStatus.LIVE: {InterviewStatus.SCHEDULED},
    # Completion usually follows "live"; scorecards may all be submitted without anyone
    # pressing "start", so a scheduled interview may complete directly too.
    InterviewStatus.COMPLETED: {InterviewStatus.LIVE, InterviewStatus.SCHEDULED},
    InterviewStatus.CANCELLED: set(OPEN_STATUSES),
}


class InterviewTransitionError(ValidationError):
    """The interview is not in a status that allows this change (or someone changed it first)."""


def can_transition(*, interview: Interview, to: str) -> bool:
    return interview.status in TRANSITIONS[to]


@transaction.atomic
def _transition(*, interview: Interview, to: str, by, note: str = "") -> Interview:
    current = Interview.objects.only("status").get(pk=interview.pk).status
    if current not in TRANSITIONS[to]:
        raise InterviewTransitionError(
            _("A %(current)s interview cannot become %(to)s.")
            % {"current": InterviewStatus(current).label, "to": InterviewStatus(to).label}
        )
    now = timezone.now()
    changes: dict = {"status": to}
    if to == InterviewStatus.LIVE:
        changes["started_at"] = now
    else:
        changes["ended_at"] = now
    # Conditional update: of two concurrent requests only one finds the old status.
    updated = Interview.objects.filter(pk=interview.pk, status=current).update(**changes)
    if not updated:
        raise InterviewTransitionError(_("Someone else changed this interview's status first."))
    StatusChange.objects.create(
        interview_id=interview.pk,
        from_status=current,
        to_status=to,
        changed_by=by,
        note=note[:500],
    )
    for name, value in changes.items():
        setattr(interview, name, value)
    return interview


def interview_start(*, interview: Interview, by) -> Interview:
    return _transition(interview=interview, to=InterviewStatus.LIVE, by=by)


def interview_complete(*, interview: Interview, by, note: str = "") -> Interview:
    """Close the interview: called by scorecards when the last panelist submits, or a recruiter."""
    return _transition(interview=interview, to=InterviewStatus.COMPLETED, by=by, note=note)


@transaction.atomic
def interview_cancel(*, interview: Interview, by, note: str = "") -> Interview:
    """Cancel the interview and send METHOD:CANCEL to the whole panel (after commit)."""
    _transition(interview=interview, to=InterviewStatus.CANCELLED, by=by, note=note)
    notify_cancelled(interview=interview)
    return interview
