"""A real Celery worker on the local Redis renders reports requested through the web views.

The worker is a subprocess (``celery -A panelsite worker -Q pdf,default``) on the test's own
PostgreSQL database, the Redis db ``REPORTS_TEST_REDIS_URL`` and MEDIA_ROOT; the web side queues
to the same Redis (tests/reports/brokers.py: the worker tests take turns on that db). Faults
injected on a private Redis, with beat running the sweep, are in tests/reliability/.
"""

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from questionbank.selectors import rating_labels
from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import Subject, report_request
from tests.processes import Processes, pool_children, wait_for

from .brokers import REDIS_URL, sending_to_test_redis
from .conftest import pdf_text
from .panel_data import note_for, scored_interview_create

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

# Short enough for a quick test, longer than the renders below take even on a busy machine...
VISIBILITY_TIMEOUT = 10
# ...and a lease shorter than that, so a message redelivered after the visibility timeout finds
# the dead worker's lease already run out.
LEASE = {"PANEL_REPORT_LEASE_SECONDS": "3", "PANEL_REPORT_SWEEP_SECONDS": "1"}


@pytest.fixture
def broker():
    if connection.vendor != "postgresql":
        # The worker is another process: it can share the test database only on a server
        # (SQLite test databases live in this process's memory).
        pytest.skip("worker tests run against PostgreSQL")
    with sending_to_test_redis() as client:
        yield client


@pytest.fixture
def processes(broker, tmp_path):
    started = Processes(tmp_path, REDIS_URL)
    yield started
    started.stop_all()


@pytest.fixture
def worker(processes):
    return processes.worker("worker")


def _pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def _status(report_id: int) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report_id)


def test_it_renders_a_requested_report_on_a_worker(
    client, worker, recruiter, lead, second_panelist, hiring_manager
):
    interview = scored_interview_create(
        panelists=[lead, second_panelist], questions=6, hiring_managers=[hiring_manager]
    )
    client.force_login(hiring_manager)
    url = reverse("reports:request", args=["interview-report", interview.pk])

    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    report = Report.objects.get()
    assert b'hx-trigger="every 2s"' in response.content

    status_url = reverse("reports:status", args=[report.pk])
    wait_for(
        lambda: b"Download PDF" in client.get(status_url).content,
        timeout=90,
        what="the report to be ready",
    )
    assert b"hx-trigger" not in client.get(status_url).content

    download = client.get(reverse("reports:download", args=[report.pk]))
    text = pdf_text(b"".join(download.streaming_content))
    assert interview.candidate.full_name in text
    for question in interview.questions.all():
        assert f"Question {question.position}: how does select_related" in text
    labels = rating_labels()
    for scorecard in interview.scorecards.select_related("panelist"):
        name = scorecard.panelist.get_full_name()
        for answer in scorecard.answers.select_related("question"):
            if answer.rating:
                assert note_for(name, answer.question.position) in text
                assert f"{name} {answer.rating} · {labels[answer.rating]}" in text

    again = client.post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert report.attempts == 1
    assert len(_pdfs()) == 1


def test_it_survives_a_worker_process_killed_mid_render(
    processes, recruiter, lead, second_panelist
):
    # Beat sends the sweep, which re-queues the report once the dead pool process's lease runs out.
    worker = processes.worker("worker", env=LEASE, wait=False)
    processes.beat(env=LEASE)
    worker.wait_ready()
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=200)
    report = report_request(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
    )
    wait_for(lambda: _status(report.pk) == ReportStatus.RENDERING, timeout=60, what="rendering")
    time.sleep(0.5)
    assert _status(report.pk) == ReportStatus.RENDERING, "the render finished too fast to kill"
    (child,) = pool_children(worker.pid)
    os.kill(child, signal.SIGKILL)

    wait_for(lambda: _status(report.pk) == ReportStatus.READY, timeout=180, what="ready again")
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.error == ""
    assert len(_pdfs()) == 1
    assert "WorkerLostError" in worker.text()
    assert child not in pool_children(worker.pid)


def test_it_takes_over_the_dead_workers_message_when_redis_redelivers_it(
    processes, broker, recruiter, lead, second_panelist
):
    short = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), **LEASE}
    first = processes.worker("first", env=short)
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=200)
    report = report_request(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
    )
    wait_for(lambda: _status(report.pk) == ReportStatus.RENDERING, timeout=60, what="rendering")
    first.kill()
    assert _status(report.pk) == ReportStatus.RENDERING, "the render finished too fast to kill"
    assert _pdfs() == []

    # No sweep runs here: the dead worker's message waits in Redis, unacknowledged, until the
    # visibility timeout has passed since its delivery; a worker starting after that puts it
    # back on the queue, and the message claims the report because its lease has run out.
    ((_tag, delivered_at),) = broker.zrange("unacked_index", 0, -1, withscores=True)
    time.sleep(max(0.0, delivered_at + VISIBILITY_TIMEOUT + 0.5 - time.time()))
    second = processes.worker("second", env=short)

    wait_for(lambda: _status(report.pk) == ReportStatus.READY, timeout=90, what="ready again")
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.error == ""
    (pdf,) = _pdfs()
    assert report.file.path == str(pdf)
    text = pdf_text(pdf.read_bytes())
    assert interview.candidate.full_name in text
    assert "Question 200: how does select_related" in text
    assert second.text().count("succeeded in") == 1
    assert broker.zcard("unacked_index") == 0
    assert Report.objects.count() == 1
