"""Changing a scheduled interview's time, duration, place and panel before it starts, and
telling exactly the people concerned: an updated invitation to those who stay, a cancellation
to those removed, an invitation to those added, all at the interview's next SEQUENCE."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.people import display_name

from .clashes import Clash, clashes_check
from .models import Interview, InterviewStatus, NotificationKind, PanelSeat
from .notifications import notifications_create, sequence_raise
from .question_edits import InterviewLockedError
from .scheduling import panel_errors, start_errors


@dataclass
class InterviewChange:
    """What a change did: whether anything the panel hears about changed, and to whom."""

    changed: bool = False
    staying: list = field(default_factory=list)
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)


def can_change(interview: Interview) -> bool:
    """Time, place and panel may change until the interview starts."""
    return interview.status == InterviewStatus.SCHEDULED


def _time_errors(*, interview: Interview, scheduled_at: datetime) -> list[str]:
    # An unchanged start may stay as it is, even when it is now close or the horizon moved.
    if scheduled_at == interview.scheduled_at:
        return []
    return start_errors(scheduled_at)


# Who may not leave a panel (for example: they already submitted a scorecard). Apps above
# interviews register a check here (scorecards does, in its AppConfig.ready), so this module
# never reaches up for their models. Each check takes (interview, users), returns the users kept.
SEAT_KEEPERS: list[Callable[[Interview, Sequence], list]] = []


def _submitted_by(interview: Interview, users: Sequence) -> list:
    kept = {user.pk for check in SEAT_KEEPERS for user in check(interview, users)}
    return [user for user in users if user.pk in kept]


@transaction.atomic
def interview_change(
    *,
    interview: Interview,
    scheduled_at: datetime,
    duration: int,
    location: str,
    panel: Sequence,
    lead,
    overlap_confirmed: bool = False,
) -> InterviewChange:
    """Apply a recruiter's edit of a scheduled interview and queue the e-mails it calls for.

    Raises ValidationError (keyed by field) and changes nothing when the input is wrong or the
    interview has started; clashes.PanelClashError when the new time or a new panelist is booked
    elsewhere, unless overlap_confirmed. Nothing relevant changed: nothing is sent.
    """
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    if not can_change(locked):
        raise InterviewLockedError(_("An interview can only change before it starts."))
    seats = list(locked.seats.select_related("user"))
    before = {seat.user_id: seat.user for seat in seats}
    lead_before = next((seat.user_id for seat in seats if seat.is_lead), None)
    after = {user.pk: user for user in panel}
    removed = [user for pk, user in before.items() if pk not in after]
    added = [user for pk, user in after.items() if pk not in before]
    staying = [user for pk, user in after.items() if pk in before]

    errors: dict[str, list[str]] = {}
    time_errors = _time_errors(interview=locked, scheduled_at=scheduled_at)
    if time_errors:
        errors["scheduled_at"] = time_errors
    errors.update(panel_errors(panel=panel, lead=lead))
    scored = _submitted_by(locked, removed)
    if scored:
        errors.setdefault("panel", []).append(
            _("%(names)s already submitted a scorecard and stays on the panel.")
            % {"names": ", ".join(display_name(u) for u in scored)}
        )
    if errors:
        raise ValidationError(errors)

    moved = scheduled_at != locked.scheduled_at or duration != locked.duration_minutes
    # Moving the interview checks the whole panel; otherwise only the newcomers.
    clashes = clashes_check(
        users=panel if moved else added,
        starts_at=scheduled_at,
        duration=duration,
        confirmed=overlap_confirmed,
        exclude=locked,
    )
    changed = moved or location != locked.location or removed or added or lead.pk != lead_before
    result = InterviewChange(changed=bool(changed), clashes=clashes)
    if not changed:
        return result

    locked.scheduled_at, locked.duration_minutes, locked.location = scheduled_at, duration, location
    locked.save(update_fields=["scheduled_at", "duration_minutes", "location"])
    PanelSeat.objects.filter(interview=locked, user__in=[u.pk for u in removed]).delete()
    # One lead per interview is a constraint: step the old lead down before seating the new one.
    PanelSeat.objects.filter(interview=locked, is_lead=True).exclude(user=lead).update(
        is_lead=False
    )
    PanelSeat.objects.bulk_create(PanelSeat(interview=locked, user=user) for user in added)
    PanelSeat.objects.filter(interview=locked, user=lead).update(is_lead=True)

    sequence_raise(interview=locked)
    for users, kind in (
        (staying, NotificationKind.UPDATE),
        (removed, NotificationKind.REMOVED),
        (added, NotificationKind.INVITE),
    ):
        notifications_create(interview=locked, recipients=users, kind=kind)
    result.staying, result.added, result.removed = staying, added, removed
    return result
