"""Feedback reminders under frozen time: one hour after the end, then daily for five days."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from interviews.models import InterviewStatus
from scorecards.models import ReminderSent
from scorecards.reminders import reminders_send_due
from scorecards.tasks import send_feedback_reminders
from tests.factories import InterviewFactory
from tests.scorecards.conftest import submit_scorecard

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)
END = START + timedelta(minutes=60)


@pytest.fixture
def ended(lead, panelist):
    return InterviewFactory(panel=[lead, panelist], questions=2, scheduled_at=START)


def _run_at(moment):
    with time_machine.travel(moment, tick=False):
        return send_feedback_reminders()


def test_it_sends_nothing_before_an_hour_after_the_end(ended):
    assert _run_at(END + timedelta(minutes=59)) == 0
    assert mail.outbox == []


def test_it_reminds_every_panelist_one_hour_after_the_end(ended, lead, panelist):
    assert _run_at(END + timedelta(minutes=60)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([lead.email, panelist.email])
    assert f"/scoring/{ended.pk}/" in mail.outbox[0].body
    assert ended.candidate.full_name in mail.outbox[0].subject


def test_it_never_sends_the_same_slot_twice(ended):
    _run_at(END + timedelta(minutes=61))
    _run_at(END + timedelta(minutes=65))
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_it_reminds_once_a_day_for_five_days_then_stops(ended, lead, panelist):
    submit_scorecard(interview=ended, user=lead)
    for day in range(0, 8):
        _run_at(END + timedelta(hours=1, days=day, minutes=5))
        _run_at(END + timedelta(hours=13, days=day))
    assert [message.to[0] for message in mail.outbox] == [panelist.email] * 6
    assert sorted(ReminderSent.objects.values_list("slot", flat=True)) == [0, 1, 2, 3, 4, 5]


def test_it_stops_the_moment_the_panelist_submits(ended, lead, panelist):
    _run_at(END + timedelta(hours=1))
    submit_scorecard(interview=ended, user=panelist)
    _run_at(END + timedelta(hours=1, days=1))
    assert [message.to[0] for message in mail.outbox].count(panelist.email) == 1
    assert [message.to[0] for message in mail.outbox].count(lead.email) == 2


def test_it_sends_only_the_latest_slot_after_a_pause(ended):
    _run_at(END + timedelta(hours=1, days=3))
    assert len(mail.outbox) == 2
    assert set(ReminderSent.objects.values_list("slot", flat=True)) == {3}


def test_it_does_not_remind_for_a_cancelled_interview(ended):
    ended.status = InterviewStatus.CANCELLED
    ended.save(update_fields=["status"])
    assert _run_at(END + timedelta(hours=2)) == 0


def test_it_honours_the_settings(ended, settings):
    settings.PANEL_REMINDER_FIRST_AFTER_MINUTES = 10
    settings.PANEL_REMINDER_MAX_DAYS = 1
    assert _run_at(END + timedelta(minutes=10)) == 2
    assert _run_at(END + timedelta(minutes=10, days=1)) == 2
    assert _run_at(END + timedelta(minutes=10, days=2)) == 0


def test_it_lists_late_panelists_for_recruiters(client, ended, lead, panelist, recruiter):
    submit_scorecard(interview=ended, user=lead)
    with time_machine.travel(END + timedelta(hours=3), tick=False):
        reminders_send_due(now=END + timedelta(hours=3))
        client.force_login(recruiter)
        html = client.get("/scoring/late/").content.decode()
    assert panelist.get_full_name() in html
    assert lead.get_full_name() not in html
    assert '<td data-label="Reminders sent">1</td>' in html


# --- one bad record stops nobody ----------------------------------------------------------


def test_it_sends_a_clean_one_line_subject_for_a_name_stored_with_a_line_break(ended):
    """A name saved before names were checked: the header gets one line, no injected Bcc."""
    candidate = ended.candidate
    candidate.full_name = "Eve\r\nBcc: x@example.com"
    candidate.save(update_fields=["full_name"])
    assert _run_at(END + timedelta(hours=1)) == 2
    for message in mail.outbox:
        assert message.subject.endswith("Eve Bcc: x@example.com")
        assert message.bcc == []
        assert "\n" not in message.message()["Subject"]


def test_it_sends_every_other_reminder_when_one_fails(ended, lead, panelist, caplog):
    """A panelist whose stored address cannot go in a header: logged and counted, the rest
    still go out, and the failed slot stays unsent so the next beat tries again."""
    other = InterviewFactory(panel=[panelist], questions=1, scheduled_at=START)
    lead.email = "lead\r\n@example.test"
    lead.save(update_fields=["email"])
    assert _run_at(END + timedelta(hours=1)) == 2
    assert sorted(message.to[0] for message in mail.outbox) == [panelist.email] * 2
    failure = next(r for r in caplog.records if r.levelname == "ERROR")
    assert f"interview {ended.pk}" in failure.getMessage()
    assert f"panelist {lead.pk}" in failure.getMessage()
    assert "1 failed" in caplog.text
    assert not ReminderSent.objects.filter(scorecard__panelist=lead).exists()
    assert ReminderSent.objects.filter(scorecard__interview=other).count() == 1
