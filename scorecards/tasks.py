"""Celery entry points of the scorecards app: thin, they take ids and call a service.

Imports run one way: this module imports the reports job; the job sends ``render_report`` by
its name (scorecards.reports.jobs.RENDER_TASK)."""

import gc
import logging
from dataclasses import asdict

from celery import Task, shared_task
from celery.signals import worker_init, worker_process_init
from django.utils import timezone

from . import reminders
from .reports import jobs
from .reports.rendering import report_renderer_warm

logger = logging.getLogger(__name__)


@worker_init.connect
def warm_renderer_before_fork(**kwargs) -> None:
    """Draw a one-page PDF in the worker's main process before it forks its pool.

    The children inherit a warm renderer instead of each paying for it in its first report
    (every CELERY_WORKER_MAX_TASKS_PER_CHILD reports); the freeze is Python's advice before a
    fork: the parent's collections then leave the pages it shares with the children alone.
    A warm-up that fails is logged and the worker starts anyway: its other tasks (e-mails,
    reminders) never wait on the renderer, and a report then fails with its own message.
    """
    try:
        report_renderer_warm()
    except Exception:
        logger.exception("The PDF renderer could not be warmed up; the worker starts cold.")
    gc.freeze()


@worker_process_init.connect
def freeze_inherited_objects(**kwargs) -> None:
    """Keep the garbage collector off what a pool child inherits (Django, WeasyPrint, fonts).

    A WeasyPrint layout allocates enough objects to trigger full collections, and each one
    walked the whole inherited heap: about 0.1 s, a few times per report (bench/README.md).
    """
    gc.freeze()


class RenderReportTask(Task):
    """Records a plain message on the report row when the task gives up (retries ran out)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        if report_id is not None:
            jobs.report_fail(report_id=report_id, exc=exc)


@shared_task(
    bind=True,
    base=RenderReportTask,
    acks_late=True,
    reject_on_worker_lost=True,
    # The report row is the result; nothing waits on Celery's (and sending stays one call).
    ignore_result=True,
    autoretry_for=jobs.TRANSIENT_ERRORS,
    max_retries=jobs.MAX_ATTEMPTS - 1,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
)
def render_report(self, report_id: int) -> str:
    """Render one report to PDF (routed to the "pdf" queue by CELERY_TASK_ROUTES)."""
    report = jobs.report_render(report_id=report_id)
    return report.status if report else "not claimed"


@shared_task(ignore_result=True)
def sweep_reports() -> dict[str, int]:
    """Re-send queued reports the broker may not have; re-queue those whose worker died."""
    return asdict(jobs.reports_sweep())


# --- feedback reminders (live scoring) ---------------------------------------------------------


@shared_task
def send_feedback_reminders() -> int:
    """Email panelists whose feedback is late (run by Celery beat; safe to run twice at once)."""
    return reminders.reminders_send_due(now=timezone.now())
