"""A poison report, one that kills the worker rendering it every time (as the OOM killer would),
fails after the attempt limit with a plain message, while the reports queued behind it render.

The poison is simulated from outside, like the kernel's OOM killer: whenever the report is
claimed for a new attempt, the pool process rendering it is SIGKILLed.
"""

import os
import signal

import pytest
from django.urls import reverse

from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import MAX_ATTEMPTS
from tests.processes import pool_children
from tests.reports.panel_data import scored_interview_create

from .conftest import WORKER_DIED, pdfs, status_page, wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_it_fails_a_poison_report_after_the_attempt_limit_while_others_complete(
    stack, web_side, client, recruiter, lead, panelist
):
    stack.redis()
    starting = [
        stack.worker("pdf", queues="pdf", wait=False),
        stack.worker("sweeper", queues="default", beat=True, wait=False),
    ]
    for started in starting:
        started.wait_ready()
    worker = starting[0]
    poisonous = scored_interview_create(panelists=[lead, panelist], questions=200)
    healthy = [
        scored_interview_create(panelists=[lead, panelist], questions=4, candidate_name=name)
        for name in ("Ada Lovelace", "Alan Turing")
    ]
    client.force_login(recruiter)
    for interview in [poisonous, *healthy]:
        client.post(
            reverse("reports:request", args=["interview-report", interview.pk]),
            HTTP_HX_REQUEST="true",
        )
    poison = Report.objects.get(interview=poisonous)
    others = list(Report.objects.exclude(pk=poison.pk))

    killed_attempts = []

    def poison_is_done() -> bool:
        status, attempts = Report.objects.values_list("status", "attempts").get(pk=poison.pk)
        if status == ReportStatus.RENDERING and attempts not in killed_attempts:
            # With one pool process, the one that just claimed the poison is rendering it.
            for child in pool_children(worker.pid):
                os.kill(child, signal.SIGKILL)
            killed_attempts.append(attempts)
        return status == ReportStatus.FAILED

    wait_for(poison_is_done, timeout=180, what="the poison report to fail", every=0.1)
    wait_for(
        lambda: all(
            status == ReportStatus.READY
            for status in Report.objects.filter(kind=ReportKind.CANDIDATE_REPORT)
            .exclude(pk=poison.pk)
            .values_list("status", flat=True)
        ),
        timeout=120,
        what="the other reports to be ready",
    )

    poison.refresh_from_db()
    assert killed_attempts == list(range(1, MAX_ATTEMPTS + 1))
    assert poison.attempts == MAX_ATTEMPTS
    assert poison.error.startswith(WORKER_DIED)
    page = status_page(client, poison)
    assert WORKER_DIED in page
    assert "Make PDF" in page
    assert "SIGKILL" not in page and "lease" not in page
    for report in others:
        report.refresh_from_db()
        assert report.attempts == 1
    assert len(pdfs()) == len(others) == 2
