"""A calendar invite (RFC 5545 VEVENT) for one interview, written by hand: it is small."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people import display_name

from .models import Interview, InterviewStatus


def _escape(text: str) -> str:
    """TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (§3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with one space
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_ics(*, interview: Interview, domain: str, now: datetime | None = None) -> str:
    """The invite: candidate's name and position in the summary, never their email."""
    now = now or timezone.now()
    summary = _("Interview: %(name)s — %(position)s") % {
        "name": interview.candidate.full_name,
        "position": interview.candidate.position.title,
    }
    panel = ", ".join(display_name(seat.user) for seat in interview.seats.select_related("user"))
    description = _("Panel: %(panel)s\nPlan: %(plan)s") % {
        "panel": panel,
        "plan": interview.plan.name if interview.plan else "—",
    }
    status = "CANCELLED" if interview.status == InterviewStatus.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Panel//Interviews//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:interview-{interview.pk}@{domain}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(interview.scheduled_at)}",
        f"DTEND:{_utc(interview.ends_at or interview.scheduled_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(interview.location)}",
        f"DESCRIPTION:{_escape(description)}",
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
