"""The e-mail of one Notification: plain text, an HTML alternative and the calendar invitation
(a ``text/calendar; method=…`` alternative calendar clients act on, plus invite.ics)."""

import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.users.models import UserProfile

from accounts.validators import one_line

from .ics import CANCEL, REQUEST, display_name, interview_calendar
from .models import Notification, NotificationKind


class CalendarEmail(EmailMultiAlternatives):
    """Django splits a MIME type at its "/" only; this keeps parameters such as ``method``."""

    def _create_mime_attachment(self, content, mimetype):
        base, _sep, params = mimetype.partition(";")
        attachment = super()._create_mime_attachment(content, base.strip())
        for param in filter(None, (part.strip() for part in params.split(";"))):
            key, _eq, value = param.partition("=")
            attachment.set_param(key.strip(), value.strip(), requote=False)
        return attachment


def site_url(path: str) -> str:
    """An absolute link, from the same base the feedback reminders use."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def calendar_domain() -> str:
    """The host in every UID, the same for the e-mailed invitations and the downloaded file."""
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "panel"


def _recipient_zone(user):
    name = getattr(UserProfile.objects.filter(user=user).first(), "current_time_zone", "")
    try:
        return zoneinfo.ZoneInfo(name) if name else timezone.get_default_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


SUBJECTS = {
    NotificationKind.INVITE: gettext_lazy("Interview invitation: %(candidate)s, %(when)s"),
    NotificationKind.UPDATE: gettext_lazy("Interview changed: %(candidate)s, %(when)s"),
    NotificationKind.REMOVED: gettext_lazy("You are no longer on the panel: %(candidate)s"),
    NotificationKind.CANCEL: gettext_lazy("Interview cancelled: %(candidate)s, %(when)s"),
}


def invitation_message(*, notification: Notification) -> EmailMultiAlternatives:
    """The message for one row, at the SEQUENCE the row was made for."""
    interview = notification.interview
    # The row's sequence, not the interview's current one: a late retry still says what it said.
    interview.sequence = notification.sequence
    user = notification.recipient
    seats = list(interview.seats.select_related("user"))
    seat = next((seat for seat in seats if seat.user_id == user.pk), None)
    off = notification.kind in (NotificationKind.REMOVED, NotificationKind.CANCEL)
    method = CANCEL if off else REQUEST
    zone = _recipient_zone(user)
    with timezone.override(zone):
        starts = timezone.localtime(interview.scheduled_at)
        ends = timezone.localtime(interview.ends_at)
    links = {
        "interview_url": site_url(reverse("interviews:interview", args=[interview.pk])),
        "score_url": site_url(reverse("scorecards:score", args=[interview.pk])),
    }
    context = {
        "notification": notification,
        "kind": notification.kind,
        "interview": interview,
        "recipient_name": display_name(user),
        "role": (_("lead") if seat.is_lead else _("panelist")) if seat else "",
        "panel": [(display_name(s.user), s.is_lead) for s in seats],
        "starts": starts,
        "ends": ends,
        "zone": str(zone),
        "show_links": not off,
        **links,
    }
    description = (
        ""
        if off
        else _("Scoring page: %(score)s\nInterview kit and questions: %(page)s")
        % {"score": links["score_url"], "page": links["interview_url"]}
    )
    ics = interview_calendar(
        interview=interview,
        domain=calendar_domain(),
        method=method,
        # A CANCEL to someone removed names them alone; everything else names the panel.
        attendees=[user] if notification.kind == NotificationKind.REMOVED else None,
        description=description,
    )
    subject = str(SUBJECTS[notification.kind]) % {
        "candidate": interview.candidate.full_name,
        "when": f"{starts:%a %d %b %Y %H:%M}",
    }
    message = CalendarEmail(
        # A header never trusts stored text to be one line.
        subject=one_line(subject),
        body=render_to_string("interviews/email/invitation.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("interviews/email/invitation.html", context), "text/html"
    )
    message.attach_alternative(ics.decode("utf-8"), f"text/calendar; method={method}")
    message.attach("invite.ics", ics, "application/ics")
    return message
