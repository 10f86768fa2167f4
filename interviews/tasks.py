"""Celery entry points of the interviews app: thin, they take ids and call a service."""

from celery import Task, shared_task

from . import notifications


class SendNotificationTask(Task):
    """Records the row as failed when the task gives up (its retries ran out)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        notification_id = args[0] if args else kwargs.get("notification_id")
        if notification_id is not None:
            notifications.notification_give_up(
                notification_id=notification_id, error=f"{type(exc).__name__}: {exc}"
            )


@shared_task(
    bind=True,
    base=SendNotificationTask,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(notifications.TransientMailError,),
    max_retries=notifications.MAX_ATTEMPTS - 1,
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
)
def send_notification(self, notification_id: int) -> str:
    """Send one invitation, update or cancellation e-mail (safe to run twice)."""
    return notifications.notification_send(notification_id=notification_id)


@shared_task(ignore_result=True)
def sweep_notifications() -> dict[str, int]:
    """Re-send e-mails the broker never took; re-queue those whose worker died (beat)."""
    result = notifications.notifications_sweep()
    return {"resent": result.resent, "requeued": result.requeued, "failed": result.failed}
