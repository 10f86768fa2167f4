"""A real Celery worker on the local Redis renders reports requested through the web views.

The worker is a subprocess (``celery -A panelsite worker -Q pdf,default``) on the test's own
PostgreSQL database, Redis db 4 (``REPORTS_TEST_REDIS_URL``) and MEDIA_ROOT; the web side
queues to the same Redis. Two test processes on one Redis db would flush each other's queue and
run each other's tasks, so every test holds a file lock named after the db while it runs: under
``pytest -n 2`` the worker tests take turns. (``xdist_group`` cannot do it here: with pytest 9.2
``--dist loadgroup`` silently ignores the mark, pytest-dev/pytest-xdist#1386.)
"""

import fcntl
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from panelsite.celery import app
from questionbank.selectors import rating_labels
from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import Subject, report_request

from .conftest import pdf_text
from .panel_data import note_for, scored_interview_create

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

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


@contextmanager
def _redis_db_to_ourselves(url: str):
    """Wait until no other test process on this machine uses the Redis db ``url``."""
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    with (Path(tempfile.gettempdir()) / f"panel-worker-tests-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture
def broker():
    """Point the web side's Celery at the test Redis db (not eager), flushed before and after."""
    if connection.vendor != "postgresql":
        # The worker is another process: it can share the test database only on a server
        # (SQLite test databases live in this process's memory).
        pytest.skip("worker tests run against PostgreSQL")
    with _redis_db_to_ourselves(REDIS_URL):
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()
        keys = ("broker_url", "result_backend", "task_always_eager")
        saved = {key: app.conf[key] for key in keys}
        app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
        _forget_connections()
        yield client
        app.conf.update(saved)
        _forget_connections()
        client.flushdb()


@pytest.fixture
def start_worker(broker, tmp_path):
    """Start worker processes on the test database, each the leader of its own process group
    (so a test can SIGKILL a whole worker); returns (process, log path). Stopped at the end."""
    started = []

    def start(*, name: str = "worker", env: dict[str, str] | None = None):
        log = tmp_path / f"{name}.log"
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "panelsite.settings.test",
            "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
                **connection.settings_dict
            ),
            "REDIS_URL": REDIS_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    str(CELERY), "-A", "panelsite", "worker", "-Q", "pdf,default", "-c", "1",
                    "--pool", "prefork", "-n", f"reports-test-{name}-{os.getpid()}@%h",
                    "--without-mingle", "--without-gossip", "--loglevel", "INFO",
                ],
                env=worker_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=settings.BASE_DIR,
                start_new_session=True,
            )  # fmt: skip
        started.append((process, log))
        _wait(lambda: b"ready." in log.read_bytes(), timeout=60, what=f"{name} to start")
        return process, log

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        print(f"--- {log.name}\n{log.read_text()[-3000:]}")


@pytest.fixture
def worker(start_worker):
    """One running worker; yields (process, log path)."""
    return start_worker()


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
    time.sleep(0.5)
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


# Short enough for a quick test, longer than the render below takes even on a busy machine.
VISIBILITY_TIMEOUT = 10


def test_it_survives_the_whole_worker_killed_mid_render(
    start_worker, broker, recruiter, lead, second_panelist
):
    short_visibility = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    first, _first_log = start_worker(name="first", env=short_visibility)
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=200)
    report = report_request(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
    )
    _wait(lambda: _status(report.pk) == ReportStatus.RENDERING, timeout=60, what="rendering")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert _status(report.pk) == ReportStatus.RENDERING, "the render finished too fast to kill"
    assert _pdfs() == []

    # The dead worker's message waits in Redis, unacknowledged, until the visibility timeout
    # has passed since its delivery; a worker starting after that puts it back on the queue.
    ((_tag, delivered_at),) = broker.zrange("unacked_index", 0, -1, withscores=True)
    time.sleep(max(0.0, delivered_at + VISIBILITY_TIMEOUT + 0.5 - time.time()))
    _second, second_log = start_worker(name="second", env=short_visibility)

    _wait(lambda: _status(report.pk) == ReportStatus.READY, timeout=90, what="ready again")
    report.refresh_from_db()
    assert report.attempts == 2
    assert report.error == ""
    (pdf,) = _pdfs()
    assert report.file.path == str(pdf)
    text = pdf_text(pdf.read_bytes())
    assert interview.candidate.full_name in text
    assert "Question 200: how does select_related" in text
    assert second_log.read_text().count("succeeded in") == 1
    assert broker.zcard("unacked_index") == 0
    assert Report.objects.count() == 1
