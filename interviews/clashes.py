"""Double-booking: which panelists already sit on another interview at the same time.

Seating someone on an overlapping interview, or moving an interview onto one, is allowed only
once the recruiter has seen the clashes and confirmed; the rule lives here, forms only show it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people import display_name

from .models import Interview, InterviewStatus, PanelSeat


@dataclass(frozen=True)
class Clash:
    """``user`` sits on ``interview`` (not cancelled), which overlaps the time asked for."""

    user: object
    interview: Interview

    def __str__(self) -> str:
        when = timezone.localtime(self.interview.scheduled_at)
        return _("%(person)s sits on the interview with %(candidate)s, %(when)s–%(end)s.") % {
            "person": display_name(self.user),
            "candidate": self.interview.candidate.full_name,
            "when": f"{when:%a %d %b %Y %H:%M}",
            "end": f"{timezone.localtime(self.interview.ends_at):%H:%M}",
        }


class PanelClashError(ValidationError):
    """Some panelists are booked elsewhere at that time and nobody confirmed it is intended."""

    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        super().__init__(
            _("Some panelists already sit on an interview at that time; confirm to go ahead."),
            code="clash",
        )


def panel_clashes(
    *,
    users: Iterable,
    starts_at: datetime,
    duration: int,
    exclude: Interview | None = None,
) -> list[Clash]:
    """Seats of these users on other interviews that are not cancelled and overlap the time
    (touching end to start is no overlap), earliest first."""
    ends_at = starts_at + timedelta(minutes=duration)
    seats = (
        PanelSeat.objects.filter(
            user__in=[user.pk for user in users],
            interview__scheduled_at__lt=ends_at,
            interview__ends_at__gt=starts_at,
        )
        .exclude(interview__status=InterviewStatus.CANCELLED)
        .select_related("user", "interview__candidate")
        .order_by("interview__scheduled_at", "user__first_name", "pk")
    )
    if exclude is not None:
        seats = seats.exclude(interview_id=exclude.pk)
    return [Clash(user=seat.user, interview=seat.interview) for seat in seats]


def clashes_check(
    *,
    users: Iterable,
    starts_at: datetime,
    duration: int,
    confirmed: bool,
    exclude: Interview | None = None,
) -> list[Clash]:
    """The clashes, or PanelClashError when there are some and they were not confirmed."""
    clashes = panel_clashes(users=users, starts_at=starts_at, duration=duration, exclude=exclude)
    if clashes and not confirmed:
        raise PanelClashError(clashes)
    return clashes
