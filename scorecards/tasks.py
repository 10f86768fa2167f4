"""Celery entry points of the scorecards app: thin, they take ids and call a service."""

from celery import Task, shared_task

from . import reports


class RenderReportTask(Task):
    """Records the error on the report row when retries of a transient error run out."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        if report_id is not None:
            reports.report_fail(report_id=report_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(
    bind=True,
    base=RenderReportTask,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=reports.TRANSIENT_ERRORS,
    max_retries=reports.MAX_ATTEMPTS - 1,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
)
def render_report(self, report_id: int) -> str:
    """Render one report to PDF (routed to the "pdf" queue by CELERY_TASK_ROUTES)."""
    report = reports.report_render(report_id=report_id)
    return report.status if report else "not claimed"


@shared_task
def expire_stuck_reports() -> int:
    """Fail reports left in "rendering" by a worker that died past the time limit."""
    return reports.reports_expire_stuck()


# --- feedback reminders (live scoring) ---------------------------------------------------------


@shared_task
def send_feedback_reminders() -> int:
    """Email panelists whose feedback is late (run by Celery beat; safe to run twice at once)."""
    from django.utils import timezone

    from . import reminders

    return reminders.reminders_send_due(now=timezone.now())
