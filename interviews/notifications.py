"""The outbox of e-mails about an interview: who is told what when it is scheduled, changed or
cancelled, and the job that sends one e-mail (one Notification row) exactly once.

The row is the truth and the Celery message only a nudge (DESIGN, known pitfalls): rows are
created in the transaction of the change, their task is sent after it commits, a claim (a
conditional UPDATE that takes a lease) lets one worker send a row, and a sweep re-sends rows the
broker never took and re-queues claims whose worker died. A message already accepted by the mail
server is marked sent in the same breath; only a worker killed between the two can repeat one.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import (
    Interview,
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationStatus,
)

logger = logging.getLogger(__name__)

# Attempts at one e-mail (the first send plus retries) before it is recorded as failed.
MAX_ATTEMPTS = 5


class TransientMailError(Exception):
    """The mail server could not take the message now (4xx, lost connection): try again later."""


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: a lost or refused connection, or a 4xx reply. A 5xx reply (an address
    the server refuses, a message it rejects) is permanent. smtplib's errors are OSErrors too,
    so they are sorted out first."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError)


# --- who is told what ----------------------------------------------------------------------------


def wants_notifications(user) -> bool:
    """Has the user kept notification e-mails on (the default)? Reminders ignore this."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference is None or preference.email_notifications


def preference_set(*, user, email_notifications: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_notifications": email_notifications}
    )
    return preference


def notifications_create(
    *, interview: Interview, recipients: Iterable, kind: str
) -> list[Notification]:
    """Rows for one change at the interview's current SEQUENCE, sent after the caller's
    transaction commits. A recipient who turned notifications off gets a "skipped" row (the
    page can say so) and no e-mail; a row that exists already (a double click) is left alone."""
    rows = []
    for user in recipients:
        status = (
            NotificationStatus.QUEUED if wants_notifications(user) else NotificationStatus.SKIPPED
        )
        row, created = Notification.objects.get_or_create(
            interview=interview,
            recipient=user,
            kind=kind,
            sequence=interview.sequence,
            defaults={"status": status},
        )
        if created and status == NotificationStatus.QUEUED:
            transaction.on_commit(lambda pk=row.pk: notification_queue(notification_id=pk))
        rows.append(row)
    return rows


def notify_scheduled(*, interview: Interview) -> list[Notification]:
    """Invite every seated panelist (the lead included)."""
    panel = [seat.user for seat in interview.seats.select_related("user")]
    return notifications_create(interview=interview, recipients=panel, kind=NotificationKind.INVITE)


def notify_cancelled(*, interview: Interview) -> list[Notification]:
    """Tell every seated panelist the interview is off (METHOD:CANCEL at a new SEQUENCE)."""
    sequence_raise(interview=interview)
    panel = [seat.user for seat in interview.seats.select_related("user")]
    return notifications_create(interview=interview, recipients=panel, kind=NotificationKind.CANCEL)


def sequence_raise(*, interview: Interview) -> int:
    """The next SEQUENCE of the interview's calendar event (a change the panel is told about)."""
    Interview.objects.filter(pk=interview.pk).update(sequence=F("sequence") + 1)
    interview.sequence = Interview.objects.values_list("sequence", flat=True).get(pk=interview.pk)
    return interview.sequence


# --- sending -------------------------------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(seconds=settings.PANEL_NOTIFICATION_LEASE_SECONDS)


def notification_queue(*, notification_id: int) -> bool:
    """Hand the row's task to the broker; False (logged) if it did not take it: the row stays
    queued and the sweep sends it again. Without REDIS_URL the task runs here and now."""
    from .tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:
        logger.warning(
            "notification %s: the broker did not take its task; the sweep will send it again",
            notification_id,
            exc_info=True,
        )
        return False
    return True


def _claim(notification_id: int) -> bool:
    """Take the row for this worker (queued, or a claim whose lease ran out); one wins."""
    now = timezone.now()
    return bool(
        Notification.objects.filter(
            pk=notification_id,
            status=NotificationStatus.QUEUED,
            attempts__lt=MAX_ATTEMPTS,
        ).update(
            status=NotificationStatus.SENDING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + _lease(),
        )
    )


def _record(notification_id: int, *, status: str, error: str = "") -> None:
    changes: dict = {"status": status, "lease_expires_at": None, "last_error": error[:500]}
    if status == NotificationStatus.SENT:
        changes["sent_at"] = timezone.now()
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.SENDING).update(
        **changes
    )


def notification_send(*, notification_id: int) -> str:
    """Send one row's e-mail unless it is sent, being sent, or given up; returns its status.

    A transient failure puts the row back in the queue and raises TransientMailError (the task
    retries with backoff); a permanent one records the row as failed with the server's answer.
    """
    from .invitation_mail import invitation_message

    if not _claim(notification_id):
        return Notification.objects.values_list("status", flat=True).get(pk=notification_id)
    row = Notification.objects.select_related(
        "recipient", "interview__candidate__position", "interview__plan", "interview__created_by"
    ).get(pk=notification_id)
    if not row.recipient.email:
        _record(row.pk, status=NotificationStatus.FAILED, error="The user has no e-mail address.")
        return NotificationStatus.FAILED
    try:
        invitation_message(notification=row).send(fail_silently=False)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        if is_transient(exc) and row.attempts < MAX_ATTEMPTS:
            logger.warning("notification %s attempt %s: %s", row.pk, row.attempts, error)
            _record(row.pk, status=NotificationStatus.QUEUED, error=error)
            raise TransientMailError(error) from exc
        logger.exception("notification %s failed for good", row.pk)
        _record(row.pk, status=NotificationStatus.FAILED, error=error)
        return NotificationStatus.FAILED
    _record(row.pk, status=NotificationStatus.SENT)
    return NotificationStatus.SENT


def notification_give_up(*, notification_id: int, error: str) -> None:
    """Retries ran out: record the row as failed (unless it was sent meanwhile)."""
    Notification.objects.filter(pk=notification_id).exclude(status=NotificationStatus.SENT).update(
        status=NotificationStatus.FAILED, lease_expires_at=None, last_error=error[:500]
    )


@dataclass(frozen=True)
class SweepResult:
    resent: int = 0
    requeued: int = 0
    failed: int = 0


def notifications_sweep() -> SweepResult:
    """Re-send rows queued for longer than the grace period (the broker was down or lost them),
    re-queue claims whose worker died, fail rows that used up their attempts (run by beat)."""
    now = timezone.now()
    grace = timedelta(seconds=settings.PANEL_NOTIFICATION_RESEND_AFTER_SECONDS)
    worn_out = Notification.objects.filter(
        status__in=[NotificationStatus.QUEUED, NotificationStatus.SENDING],
        attempts__gte=MAX_ATTEMPTS,
    ).exclude(status=NotificationStatus.SENDING, lease_expires_at__gt=now)
    failed = worn_out.update(
        status=NotificationStatus.FAILED,
        lease_expires_at=None,
        last_error=f"Gave up after {MAX_ATTEMPTS} attempts.",
    )
    requeued = Notification.objects.filter(
        status=NotificationStatus.SENDING, lease_expires_at__lt=now
    ).update(status=NotificationStatus.QUEUED, lease_expires_at=None)
    resent = 0
    waiting = Notification.objects.filter(
        status=NotificationStatus.QUEUED, queued_at__lt=now - grace
    ).values_list("pk", flat=True)
    for pk in list(waiting[:500]):
        # Restart the row's clock first: a broker that stays down is tried once per grace period.
        Notification.objects.filter(pk=pk).update(queued_at=now)
        resent += notification_queue(notification_id=pk)
    if resent or requeued or failed:
        logger.info(
            "notification sweep: %s re-sent, %s re-queued, %s failed", resent, requeued, failed
        )
    return SweepResult(resent=resent, requeued=requeued, failed=failed)
