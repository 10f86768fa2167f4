"""The fault suite: Panel's own processes against a private redis-server, with faults injected.

Every test starts what it needs (tests/processes.py): a redis-server on a spare loopback port
(never the shared one), Celery workers, beat and, where the web process's own configuration
matters, gunicorn; all on the test's PostgreSQL database. The lease, sweep period and re-send
grace are short here (COMMON) so that recovery takes seconds; production's are in the README.
"""

import fcntl
import hashlib
import os
import re
import tempfile
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from scorecards.models import Report
from tests.factories import UserFactory
from tests.processes import Processes, wait_for
from tests.reports.brokers import celery_sending_to, free_port
from tests.reports.panel_data import scored_interview_create

# bench/recovery.py runs the suite again with production's values through these variables.
LEASE_SECONDS = int(os.environ.get("FAULT_SUITE_LEASE_SECONDS", "3"))
SWEEP_SECONDS = int(os.environ.get("FAULT_SUITE_SWEEP_SECONDS", "1"))
RESEND_AFTER_SECONDS = int(os.environ.get("FAULT_SUITE_RESEND_AFTER_SECONDS", "2"))
COMMON = {
    "PANEL_REPORT_LEASE_SECONDS": str(LEASE_SECONDS),
    "PANEL_REPORT_SWEEP_SECONDS": str(SWEEP_SECONDS),
    "PANEL_REPORT_RESEND_AFTER_SECONDS": str(RESEND_AFTER_SECONDS),
}
BROKER_DOWN = "Panel cannot reach the PDF service right now"
WORKER_DIED = "The worker stopped while rendering this report, 3 times"
STORAGE_FAILED = "The server could not store the PDF; try again later."


@pytest.fixture
def fault_suite_turn():
    """One fault test at a time per checkout: under ``pytest -n 2`` they would share two cores
    and every bound would be about the machine, not about Panel."""
    name = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:16]
    with (Path(tempfile.gettempdir()) / f"panel-fault-suite-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture
def stack(fault_suite_turn, tmp_path):
    """Starts processes on demand against a private Redis URL; stops them at the end."""
    if connection.vendor != "postgresql":
        pytest.skip("the fault suite's processes share the test database on PostgreSQL")
    processes = Processes(tmp_path, f"redis://127.0.0.1:{free_port()}/0", env=COMMON)
    yield processes
    processes.stop_all()


@pytest.fixture
def web_side(stack):
    """This test process's views send their tasks to the private Redis."""
    with celery_sending_to(stack.redis_url):
        yield


@pytest.fixture
def scored_interview(lead, panelist):
    """Six questions; the lead and a second panelist have submitted, ``panelist`` has not."""
    second = UserFactory(username="panelist2", first_name="Paul", roles=[Role.INTERVIEWER])
    return scored_interview_create(
        panelists=[lead, second, panelist], submitted=[lead, second], questions=6
    )


def pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def media_files() -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def status_page(client, report: Report) -> str:
    return client.get(reverse("reports:status", args=[report.pk])).content.decode()


def wait_until_ready(client, report: Report, *, timeout: float) -> str:
    """Poll the status view as the page does until it offers the download; returns the page."""
    return wait_for(
        lambda: (page := status_page(client, report)) and "Download PDF" in page and page,
        timeout=timeout,
        what=f"report {report.pk} to be ready",
        every=0.5,
    )


def succeeded_renders(log: str) -> int:
    """How many render_report tasks a worker log shows finishing with a ready report."""
    return len(re.findall(r"render_report\[[^\]]+\] succeeded in [\d.]+s: 'ready'", log))


class WebSession:
    """Someone using Panel over HTTP: signs in through allauth's form, posts with the CSRF token."""

    def __init__(self, base_url: str):
        self.http = httpx.Client(base_url=base_url, follow_redirects=False, timeout=60)

    def sign_in(self, email: str, password: str) -> httpx.Response:
        page = self.http.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.http.post(
            "/accounts/login/",
            data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        )

    def post(self, url: str, data: dict | None = None, *, htmx: bool = False) -> httpx.Response:
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return self.http.post(url, data=data or {}, headers=headers)

    def get(self, url: str) -> httpx.Response:
        return self.http.get(url)
