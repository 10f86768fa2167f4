"""A whole pdf worker is SIGKILLed mid-render (the OOM killer, a lost host): the other pdf worker
renders the report within a bound, exactly once, long before Redis would redeliver the message.

Bound: the dead worker's lease runs out (LEASE_SECONDS), the next sweep (SWEEP_SECONDS) re-queues
it, and the survivor renders it (a few seconds for 200 questions on a busy 2-core machine); with
the production settings that is 60 + 30 s plus the render. The visibility timeout stays at its
default (2 hours), so nothing here comes from Redis redelivering the message.
"""

import re
import time

import pytest
from django.urls import reverse

from scorecards.models import Report, ReportStatus
from tests.reports.panel_data import scored_interview_create

from .conftest import (
    LEASE_SECONDS,
    SWEEP_SECONDS,
    pdfs,
    succeeded_renders,
    wait_for,
    wait_until_ready,
)

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

# Lease + sweep period + a render of 200 questions, with room for a machine busy with others.
BOUND_SECONDS = LEASE_SECONDS + SWEEP_SECONDS + 60
RECEIVED = re.compile(r"render_report\[[^\]]+\] received")


def _status(report: Report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


def test_it_renders_the_report_of_a_killed_worker_once_within_the_bound(
    stack, web_side, client, recruiter, lead, panelist
):
    stack.redis()
    starting = [
        stack.worker("pdf-a", queues="pdf", wait=False),
        stack.worker("pdf-b", queues="pdf", wait=False),
        stack.worker("sweeper", queues="default", beat=True, wait=False),
    ]
    for started in starting:
        started.wait_ready()
    interview = scored_interview_create(panelists=[lead, panelist], questions=200)
    client.force_login(recruiter)
    client.post(
        reverse("reports:request", args=["interview-report", interview.pk]), HTTP_HX_REQUEST="true"
    )
    report = Report.objects.get()
    wait_for(lambda: _status(report) == ReportStatus.RENDERING, timeout=60, what="rendering")

    holder = next(w for w in starting[:2] if RECEIVED.search(w.text()))
    survivor = starting[1] if holder is starting[0] else starting[0]
    holder.kill()
    killed = time.monotonic()
    assert _status(report) == ReportStatus.RENDERING, "the render finished too fast to kill"

    wait_until_ready(client, report, timeout=BOUND_SECONDS)
    ready = time.monotonic()
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.error == ""
    assert len(pdfs()) == 1
    assert succeeded_renders(survivor.text()) == 1
    print(f"recovery: pdf worker SIGKILLed mid-render → report ready: {ready - killed:.1f} s")
