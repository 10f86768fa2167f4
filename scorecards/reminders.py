"""Feedback reminders: panelists who have not submitted are emailed after the interview.

Slot 0 falls PANEL_REMINDER_FIRST_AFTER_MINUTES after the scheduled end, slot k (1..N) k days
after slot 0, N = PANEL_REMINDER_MAX_DAYS. Only the latest due slot is sent (a beat that was
down does not send a burst), and a slot is claimed by inserting its ReminderSent row in the
transaction that sends the mail, so two beats never send the same reminder.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.validators import one_line
from interviews.models import InterviewStatus

from .models import ReminderSent, Scorecard, ScorecardStatus
from .selectors import feedback_grace, late_seats

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueReminder:
    interview_id: int
    panelist_id: int
    slot: int


def reminder_slot(*, ends_at: datetime, now: datetime) -> int | None:
    """The latest slot due at ``now`` for an interview ending at ``ends_at``, or None."""
    first = ends_at + feedback_grace()
    if now < first:
        return None
    slot = (now - first) // timedelta(days=1)
    return slot if slot <= settings.PANEL_REMINDER_MAX_DAYS else None


def reminders_due(*, now: datetime) -> list[DueReminder]:
    """Late seats (selectors.late_seats) whose latest due slot is unsent: two queries."""
    earliest_end = now - feedback_grace() - timedelta(days=settings.PANEL_REMINDER_MAX_DAYS + 1)
    seats = list(
        late_seats(now=now)
        .filter(interview__ends_at__gt=earliest_end)
        .values_list("interview_id", "user_id", "interview__ends_at")
    )
    sent = set(
        ReminderSent.objects.filter(
            scorecard__interview_id__in={interview_id for interview_id, _u, _e in seats}
        ).values_list("scorecard__interview_id", "scorecard__panelist_id", "slot")
    )
    due = []
    for interview_id, user_id, ends_at in seats:
        slot = reminder_slot(ends_at=ends_at, now=now)
        if slot is not None and (interview_id, user_id, slot) not in sent:
            due.append(DueReminder(interview_id=interview_id, panelist_id=user_id, slot=slot))
    return due


def reminder_send(*, scorecard: Scorecard, slot: int) -> bool:
    """Email one reminder unless this slot was already sent or the scorecard is submitted.

    The scorecard row is locked (a submission waits, or is seen), the slot is claimed by
    inserting its unique ReminderSent row, then the mail is sent; if sending fails the
    transaction rolls back and the next beat tries the slot again.
    """
    with transaction.atomic():
        locked = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("interview__candidate", "panelist")
            .get(pk=scorecard.pk)
        )
        if (
            locked.status == ScorecardStatus.SUBMITTED
            or locked.interview.status == InterviewStatus.CANCELLED
        ):
            return False
        try:
            with transaction.atomic():
                ReminderSent.objects.create(scorecard=locked, slot=slot)
        except IntegrityError:
            return False
        context = {
            "scorecard": locked,
            "interview": locked.interview,
            "slot": slot,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("scorecards:score", kwargs={"interview_id": locked.interview_id}),
        }
        send_mail(
            # Names are one line since they are checked, but a header never trusts stored text.
            subject=one_line(
                _("Feedback due: your scorecard for %(candidate)s")
                % {"candidate": locked.interview.candidate.full_name}
            ),
            message=render_to_string("scorecards/email/reminder.txt", context),
            from_email=None,
            recipient_list=[locked.panelist.email],
        )
    return True


def reminders_send_due(*, now: datetime) -> int:
    """Send every due reminder; returns how many were sent. Safe to run twice at once.

    Each reminder stands alone: one that fails (a stored address that cannot be sent to, the
    mail server refusing one message) is logged with its ids and counted, its slot stays
    unsent for the next beat, and the others still go out.
    """
    sent = failed = 0
    for due in reminders_due(now=now):
        try:
            scorecard, _created = Scorecard.objects.get_or_create(
                interview_id=due.interview_id, panelist_id=due.panelist_id
            )
            sent += reminder_send(scorecard=scorecard, slot=due.slot)
        except Exception:
            failed += 1
            logger.exception(
                "feedback reminder for interview %s panelist %s slot %s failed",
                due.interview_id,
                due.panelist_id,
                due.slot,
            )
    if failed:
        logger.warning("feedback reminders: %s sent, %s failed", sent, failed)
    return sent
