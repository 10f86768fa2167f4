"""A real Celery worker on the local Redis renders reports requested through the web views.

The worker is a subprocess (``celery -A panelsite worker -Q pdf,default``) on the test's own
PostgreSQL database, Redis db 4 and MEDIA_ROOT; the web side queues to the same Redis.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from panelsite.celery import app
from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import Subject, report_request

from .conftest import pdf_text
from .panel_data import note_for, scored_interview_create

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REPORTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
CELERY = Path(sys.executable).with_name("celery")


def _wait(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _forget_connections():
    """Make the app open connections to the broker it is configured with now."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """Point the web side's Celery at Redis db 4 (not eager), flushed before and after."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    _forget_connections()
    yield client
    app.conf.update(saved)
    _forget_connections()
    client.flushdb()


@pytest.fixture
def worker(broker, tmp_path):
    """Start a worker process on the test database; yields (process, log path)."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "panelsite.settings.test",
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict),
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "panelsite", "worker", "-Q", "pdf,default", "-c", "1",
                "--pool", "prefork", "-n", f"reports-test-{os.getpid()}@%h",
                "--without-mingle", "--without-gossip", "--loglevel", "INFO",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )  # fmt: skip
    try:
        _wait(lambda: b"ready." in log.read_bytes(), timeout=60, what="the worker to start")
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        print(log.read_text()[-3000:])


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
    _wait(
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
    for scorecard in interview.scorecards.select_related("panelist"):
        name = scorecard.panelist.get_full_name()
        for answer in scorecard.answers.select_related("question"):
            if answer.rating:
                assert note_for(name, answer.question.position) in text
                assert f"{name} {answer.rating} / 4" in text

    again = client.post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert report.attempts == 1
    assert len(_pdfs()) == 1


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_it_survives_a_worker_process_killed_mid_render(worker, recruiter, lead, second_panelist):
    process, log = worker
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=200)
    report = report_request(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
    )
    _wait(lambda: _status(report.pk) == ReportStatus.RENDERING, timeout=60, what="rendering")
    time.sleep(1.0)
    assert _status(report.pk) == ReportStatus.RENDERING, "the render finished too fast to kill"
    (child,) = _pool_children(process.pid)
    os.kill(child, signal.SIGKILL)

    _wait(lambda: _status(report.pk) == ReportStatus.READY, timeout=180, what="ready again")
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.error == ""
    assert len(_pdfs()) == 1
    assert "WorkerLostError" in log.read_text()
    assert child not in _pool_children(process.pid)
