"""Redis stops, then starts again without its data: sign-in, scoring, autosave and submit keep
working throughout, and a report requested during the outage ends ready, rendered exactly once.

The web side is gunicorn with REDIS_URL set, as in production: what it does with Redis (the
cache, sending tasks) is part of what is tested.
"""

import time

import pytest
from django.urls import reverse

from scorecards.models import Report, ReportStatus, Scorecard, ScorecardStatus
from tests.reports.brokers import free_port

from .conftest import (
    BROKER_DOWN,
    RESEND_AFTER_SECONDS,
    SWEEP_SECONDS,
    WebSession,
    pdfs,
    succeeded_renders,
    wait_for,
)

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"  # tests.factories.UserFactory's
OUTAGE_SECONDS = 15


def _signs_in(base_url: str, user) -> WebSession:
    session = WebSession(base_url)
    response = session.sign_in(user.email, PASSWORD)
    assert response.status_code == 302, response.text[-2000:]
    assert response.headers["location"] == "/"
    assert session.get("/").status_code == 200
    return session


def test_it_keeps_signing_in_and_scoring_while_redis_is_down_and_renders_the_report_after(
    stack, recruiter, panelist, scored_interview
):
    redis = stack.redis()
    web_port = free_port()
    starting = [stack.web(web_port, wait=False), stack.worker("worker", wait=False)]
    starting.append(stack.beat(wait=False))
    for started in starting:
        started.wait_ready()
    worker = starting[1]
    base = f"http://127.0.0.1:{web_port}"
    _signs_in(base, recruiter)

    redis.stop()
    outage_started = time.monotonic()

    # Nobody is stopped from working: sign-in, autosave, the overall part and submit.
    scoring = _signs_in(base, panelist)
    interview = scored_interview
    for question in interview.questions.all():
        saved = scoring.post(
            reverse("scorecards:answer_save", args=[interview.pk, question.pk]),
            {"rating": "3", "not_asked": "false", "notes": "during the outage", "version": "0"},
            htmx=True,
        )
        assert saved.status_code == 200 and 'data-state="saved"' in saved.text
    overall = scoring.post(
        reverse("scorecards:overall_save", args=[interview.pk]),
        {"recommendation": "yes", "summary": "Submitted while Redis was down.", "version": "0"},
        htmx=True,
    )
    assert overall.status_code == 200 and 'data-state="saved"' in overall.text
    submitted = scoring.post(reverse("scorecards:submit", args=[interview.pk]))
    assert submitted.status_code == 302
    assert submitted.headers["location"].endswith("/summary/")
    assert Scorecard.objects.get(panelist=panelist).status == ScorecardStatus.SUBMITTED

    # Only what needs the broker says so, and keeps the request.
    recruiting = _signs_in(base, recruiter)
    requested = recruiting.post(
        reverse("reports:request", args=["interview-report", interview.pk]), htmx=True
    )
    assert requested.status_code == 200
    assert BROKER_DOWN in requested.text
    report = Report.objects.get()
    assert report.status == ReportStatus.QUEUED
    status_url = reverse("reports:status", args=[report.pk])
    assert BROKER_DOWN in recruiting.get(status_url).text

    # A realistic outage: long enough for the worker's reconnection attempts to space out.
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - outage_started)))
    redis.start().wait_ready()
    back = time.monotonic()
    wait_for(
        lambda: "Download PDF" in recruiting.get(status_url).text,
        # The worker reconnects (it waits longer between tries as an outage lasts), the sweep
        # re-sends the report, and one render.
        timeout=30 + SWEEP_SECONDS + RESEND_AFTER_SECONDS + 60,
        what="the report requested during the outage to be ready",
        every=0.5,
    )
    ready = time.monotonic()
    _signs_in(base, recruiter)

    report.refresh_from_db()
    assert report.attempts == 1
    assert len(pdfs()) == 1
    assert succeeded_renders(worker.text()) == 1
    download = recruiting.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    print(
        f"recovery: Redis back → queued report ready: {ready - back:.1f} s "
        f"(the outage lasted {back - outage_started:.1f} s)"
    )
