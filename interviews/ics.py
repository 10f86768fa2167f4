"""Calendar data (RFC 5545) for one interview, built with the icalendar library: the invitation
e-mailed to the panel (METHOD:REQUEST / CANCEL) and the file the interview page offers."""

from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.people import display_name

from .models import Interview, InterviewStatus

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def interview_uid(*, interview: Interview, domain: str) -> str:
    """One UID per interview for its whole life, so every update replaces the same event."""
    return f"interview-{interview.pk}@{domain}"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _organizer(interview: Interview) -> vCalAddress:
    """The recruiter who scheduled it, or the site's sender when that account is gone."""
    user = interview.created_by
    if user is not None and user.email:
        return _address(user.email, display_name(user))
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return _address(email or "panel@localhost", name or "Panel")


def interview_calendar(
    *,
    interview: Interview,
    domain: str,
    method: str = PUBLISH,
    attendees: Sequence | None = None,
    description: str = "",
    now: datetime | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT: the candidate's name and position, never their e-mail.

    ``attendees`` are users (the seated panel when None); a cancelled interview, or
    METHOD:CANCEL, says STATUS:CANCELLED.
    """
    now = now or timezone.now()
    seats = list(interview.seats.select_related("user"))
    if attendees is None:
        attendees = [seat.user for seat in seats]
    summary = _("Interview: %(name)s — %(position)s") % {
        "name": interview.candidate.full_name,
        "position": interview.candidate.position.title,
    }
    panel = ", ".join(display_name(seat.user) for seat in seats)
    text = _("Panel: %(panel)s\nPlan: %(plan)s") % {
        "panel": panel or "—",
        "plan": interview.plan.name if interview.plan else "—",
    }
    cancelled = method == CANCEL or interview.status == InterviewStatus.CANCELLED

    calendar = Calendar()
    calendar.add("prodid", "-//Panel//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview_uid(interview=interview, domain=domain))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", interview.scheduled_at.astimezone(UTC))
    event.add("dtend", (interview.ends_at or interview.scheduled_at).astimezone(UTC))
    event.add("summary", summary)
    event.add("location", interview.location)
    event.add("description", f"{text}\n\n{description}".strip())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _organizer(interview))
    # RFC 5546: a PUBLISH (the downloaded copy) names no attendees; a REQUEST or CANCEL does.
    if method != PUBLISH:
        for user in attendees:
            event.add(
                "attendee",
                _address(
                    user.email,
                    display_name(user),
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                    RSVP="TRUE",
                ),
            )
    calendar.add_component(event)
    return calendar.to_ical()


def interview_ics(*, interview: Interview, domain: str, now: datetime | None = None) -> str:
    """The file the interview page offers for download (METHOD:PUBLISH: a copy, not an invite)."""
    return interview_calendar(interview=interview, domain=domain, now=now).decode("utf-8")
