"""The report row is the truth and the broker message only a nudge: a request answers with a clear
message when the broker is down, and the sweep re-sends queued reports the broker never got.

The broker is real: the test Redis db, or a loopback port nothing listens on ("Redis is down").
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import Subject, report_request, reports_sweep

from .brokers import celery_sending_to, free_port, queued_messages, sending_to_test_redis

# Transactional: the task is sent when the request's transaction really commits.
pytestmark = pytest.mark.django_db(transaction=True)

BROKER_DOWN = "cannot reach the PDF service right now"


@pytest.fixture
def broker_down():
    with celery_sending_to(f"redis://127.0.0.1:{free_port()}/0"):
        yield


@pytest.fixture
def broker():
    with sending_to_test_redis() as client:
        yield client


@pytest.fixture
def subject(scored_interview):
    return Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview)


def _grace() -> timedelta:
    return timedelta(seconds=settings.PANEL_REPORT_RESEND_AFTER_SECONDS)


def _request(client, interview):
    url = reverse("reports:request", args=["interview-report", interview.pk])
    return client.post(url, HTTP_HX_REQUEST="true")


def test_it_keeps_the_request_and_says_so_when_the_broker_is_down(
    client, broker_down, recruiter, scored_interview
):
    client.force_login(recruiter)
    response = _request(client, scored_interview)
    assert response.status_code == 200
    assert BROKER_DOWN in response.content.decode()
    report = Report.objects.get()
    assert report.status == ReportStatus.QUEUED
    assert report.sent_at is None
    status = client.get(reverse("reports:status", args=[report.pk]))
    assert BROKER_DOWN in status.content.decode()


def test_it_sends_the_task_once_the_request_has_committed(
    client, broker, recruiter, scored_interview
):
    client.force_login(recruiter)
    response = _request(client, scored_interview)
    assert BROKER_DOWN not in response.content.decode()
    assert queued_messages(broker) == 1
    assert Report.objects.get().sent_at is not None


def test_it_resends_a_report_the_broker_never_got_after_the_grace_period(recruiter, subject):
    with celery_sending_to(f"redis://127.0.0.1:{free_port()}/0"):
        report = report_request(user=recruiter, subject=subject)
    with sending_to_test_redis() as broker:
        assert reports_sweep().resent == 0
        assert queued_messages(broker) == 0
        with time_machine.travel(report.queued_at + _grace() + timedelta(seconds=1)):
            assert reports_sweep().resent == 1
        assert queued_messages(broker) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    assert report.sent_at is not None


def test_it_resends_a_report_whose_message_the_broker_lost(broker, recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    assert queued_messages(broker) == 1
    broker.flushdb()  # Redis restarted without its data
    with time_machine.travel(report.queued_at + _grace() + timedelta(seconds=1)):
        assert reports_sweep().resent == 1
    assert queued_messages(broker) == 1


def test_it_waits_as_long_again_before_resending_a_report_that_waited_long(
    broker, recruiter, subject
):
    report = report_request(user=recruiter, subject=subject)
    sent = timezone.now()
    # Queued ten minutes before its last send: a long queue, not a lost message.
    Report.objects.filter(pk=report.pk).update(queued_at=sent - timedelta(minutes=10), sent_at=sent)
    with time_machine.travel(sent + _grace() + timedelta(seconds=1)):
        assert reports_sweep().resent == 0
    with time_machine.travel(sent + timedelta(minutes=10, seconds=1)):
        assert reports_sweep().resent == 1


def test_it_offers_to_try_again_when_a_report_waits_too_long(
    client, broker, recruiter, scored_interview
):
    client.force_login(recruiter)
    _request(client, scored_interview)
    report = Report.objects.get()
    status_url = reverse("reports:status", args=[report.pk])
    retry_url = reverse("reports:retry", args=[report.pk])
    assert "Still waiting" not in client.get(status_url).content.decode()

    with time_machine.travel(report.queued_at + _grace() + timedelta(seconds=1)):
        page = client.get(status_url).content.decode()
        assert "Still waiting" in page
        assert retry_url in page
        response = client.post(retry_url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert queued_messages(broker) == 2
    assert "Still waiting" not in response.content.decode()
