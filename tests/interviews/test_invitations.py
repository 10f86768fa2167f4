"""Invitations and changes, e-mailed for real to an SMTP server on loopback: each person
concerned gets one message whose calendar part (read back with icalendar) says REQUEST or
CANCEL at the right SEQUENCE; preferences are honoured, one refused address stops nobody
else, and a retried or repeated task never sends twice."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import Role
from interviews.changes import interview_change
from interviews.clashes import PanelClashError
from interviews.models import Notification, NotificationKind, NotificationStatus
from interviews.notifications import notifications_sweep, preference_set
from interviews.scheduling import interview_schedule
from interviews.tasks import send_notification
from interviews.transitions import interview_cancel
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def third(db):
    return UserFactory(username="third", first_name="Thea", roles=[Role.INTERVIEWER])


@pytest.fixture
def starts():
    return (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)


@pytest.fixture
def schedule(
    django_capture_on_commit_callbacks, candidate, plan, recruiter, lead, panelist, starts
):
    """Schedule an interview (panel: lead, panelist by default) and run its e-mail tasks."""

    def run(*, panel=None, at=None, confirmed=False, who=None):
        panel = panel or [lead, panelist]
        with django_capture_on_commit_callbacks(execute=True):
            return interview_schedule(
                candidate=who or candidate,
                plan=plan,
                scheduled_at=at or starts,
                duration=60,
                location="Room 4",
                panel=panel,
                lead=panel[0],
                by=recruiter,
                overlap_confirmed=confirmed,
            )

    return run


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    def run(interview, **kwargs):
        values = {
            "scheduled_at": interview.scheduled_at,
            "duration": interview.duration_minutes,
            "location": interview.location,
            "panel": [seat.user for seat in interview.seats.all()],
        }
        values.update(kwargs)
        values.setdefault("lead", values["panel"][0])
        with django_capture_on_commit_callbacks(execute=True):
            return interview_change(interview=interview, **values)

    return run


def test_it_invites_each_panelist_with_a_calendar_request(
    smtp_server, schedule, recruiter, lead, panelist, third
):
    interview = schedule(panel=[lead, panelist, third])

    assert sorted(r for m in smtp_server.received for r in m.recipients) == sorted(
        [lead.email, panelist.email, third.email]
    )
    message = smtp_server.to(panelist.email)[0]
    assert message.method == "REQUEST"
    assert message.sequence == 0
    assert message.attendees == {lead.email, panelist.email, third.email}
    assert str(message.event["UID"]) == f"interview-{interview.pk}@127.0.0.1"
    assert str(message.event["ORGANIZER"]) == f"mailto:{recruiter.email}"
    assert message.calendar_part.get_param("method") == "REQUEST"
    assert "invite.ics" in message.attachment_names
    text = message.message.get_body(("plain",)).get_content()
    assert f"http://127.0.0.1:8000/scoring/{interview.pk}/" in text
    assert "panelist" in text and "Room 4" in text
    assert (
        "Your role: lead"
        in smtp_server.to(lead.email)[0].message.get_body(("plain",)).get_content()
    )
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_it_tells_exactly_the_people_concerned_when_the_panel_changes(
    smtp_server, schedule, change, lead, panelist, third
):
    interview = schedule()
    smtp_server.received.clear()

    result = change(interview, panel=[lead, third])

    assert result.changed
    assert {m.recipients[0]: m.method for m in smtp_server.received} == {
        lead.email: "REQUEST",
        panelist.email: "CANCEL",
        third.email: "REQUEST",
    }
    assert {m.sequence for m in smtp_server.received} == {1}
    removed = smtp_server.to(panelist.email)[0]
    assert str(removed.event["STATUS"]) == "CANCELLED"
    assert removed.attendees == {panelist.email}
    assert smtp_server.to(lead.email)[0].attendees == {lead.email, third.email}
    assert "changed" in smtp_server.to(lead.email)[0].message["Subject"]


def test_it_sends_an_update_to_the_whole_panel_when_the_time_moves(
    smtp_server, schedule, change, lead, panelist, starts
):
    interview = schedule()
    smtp_server.received.clear()

    change(interview, scheduled_at=starts + timedelta(hours=2))

    assert len(smtp_server.received) == 2
    assert {(m.method, m.sequence) for m in smtp_server.received} == {("REQUEST", 1)}
    moved = smtp_server.received[0].event.decoded("DTSTART")
    assert moved == starts + timedelta(hours=2)


def test_it_sends_nothing_when_nothing_changed(smtp_server, schedule, change):
    interview = schedule()
    smtp_server.received.clear()

    result = change(interview)

    assert not result.changed
    assert smtp_server.received == []
    interview.refresh_from_db()
    assert interview.sequence == 0


def test_it_cancels_for_everyone_at_the_next_sequence(
    smtp_server, schedule, django_capture_on_commit_callbacks, recruiter, lead, panelist
):
    interview = schedule()
    smtp_server.received.clear()

    with django_capture_on_commit_callbacks(execute=True):
        interview_cancel(interview=interview, by=recruiter)

    assert sorted(m.recipients[0] for m in smtp_server.received) == sorted(
        [lead.email, panelist.email]
    )
    assert {(m.method, m.sequence) for m in smtp_server.received} == {("CANCEL", 1)}
    assert {str(m.event["STATUS"]) for m in smtp_server.received} == {"CANCELLED"}


def test_it_honours_a_panelist_who_turned_notifications_off(smtp_server, schedule, lead, panelist):
    preference_set(user=panelist, email_notifications=False)

    interview = schedule()

    assert [m.recipients for m in smtp_server.received] == [[lead.email]]
    skipped = Notification.objects.get(interview=interview, recipient=panelist)
    assert skipped.status == NotificationStatus.SKIPPED


def test_it_still_reminds_a_panelist_who_turned_notifications_off(
    smtp_server, settings, lead, panelist
):
    from scorecards.models import Scorecard
    from scorecards.reminders import reminder_send

    preference_set(user=panelist, email_notifications=False)
    interview = InterviewFactory(panel=[lead, panelist])
    scorecard = Scorecard.objects.create(interview=interview, panelist=panelist)

    assert reminder_send(scorecard=scorecard, slot=0)
    assert [m.recipients for m in smtp_server.received] == [[panelist.email]]


def test_one_refused_address_does_not_stop_the_others(smtp_server, schedule, lead, panelist, third):
    smtp_server.handler.refuse.add(panelist.email)

    interview = schedule(panel=[lead, panelist, third])

    assert sorted(m.recipients[0] for m in smtp_server.received) == sorted(
        [lead.email, third.email]
    )
    refused = Notification.objects.get(interview=interview, recipient=panelist)
    assert refused.status == NotificationStatus.FAILED
    assert "550" in refused.last_error
    assert refused.attempts == 1


def test_a_busy_server_is_tried_again_and_the_message_goes_once(smtp_server, schedule, lead):
    smtp_server.handler.busy_times = 1

    interview = schedule(panel=[lead])

    assert len(smtp_server.received) == 1
    row = Notification.objects.get(interview=interview)
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 2


def test_a_retried_or_repeated_task_never_sends_twice(smtp_server, schedule, lead, panelist):
    interview = schedule()
    assert len(smtp_server.received) == 2

    for row in Notification.objects.filter(interview=interview):
        send_notification.apply(args=[row.pk])
        send_notification.apply(args=[row.pk])

    assert len(smtp_server.received) == 2
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_a_double_submitted_change_makes_no_second_row(schedule, lead, panelist):
    from interviews.notifications import notifications_create

    interview = schedule()
    again = notifications_create(
        interview=interview, recipients=[lead, panelist], kind=NotificationKind.INVITE
    )

    assert Notification.objects.filter(interview=interview).count() == 2
    assert {row.status for row in again} == {NotificationStatus.SENT}


def test_the_sweep_sends_what_the_broker_never_took(
    smtp_server, schedule, monkeypatch, lead, panelist
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(send_notification, "delay", broker_down)
    interview = schedule()
    assert smtp_server.received == []
    assert set(interview.notifications.values_list("status", flat=True)) == {"queued"}
    monkeypatch.undo()

    assert notifications_sweep().resent == 0  # still within the grace period
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert notifications_sweep().resent == 2

    assert len(smtp_server.received) == 2


def test_it_warns_about_a_double_booking_and_needs_confirmation(
    schedule, other_candidate, lead, panelist, third, starts
):
    first = schedule(panel=[lead, third])

    with pytest.raises(PanelClashError) as raised:
        schedule(panel=[panelist, lead], at=starts + timedelta(minutes=30), who=other_candidate)

    [clash] = raised.value.clashes
    assert clash.user == lead and clash.interview == first
    assert "Maya Okafor" in str(clash)
    confirmed = schedule(
        panel=[panelist, lead],
        at=starts + timedelta(minutes=30),
        who=other_candidate,
        confirmed=True,
    )
    assert confirmed.seats.count() == 2


def test_back_to_back_interviews_do_not_clash(schedule, other_candidate, lead, starts):
    schedule(panel=[lead])

    later = schedule(panel=[lead], at=starts + timedelta(minutes=60), who=other_candidate)

    assert later.pk


def test_moving_an_interview_onto_another_warns(
    schedule, change, other_candidate, lead, panelist, starts
):
    schedule(panel=[lead])
    second = schedule(panel=[panelist, lead], at=starts + timedelta(hours=3), who=other_candidate)

    with pytest.raises(PanelClashError):
        change(second, scheduled_at=starts)

    assert change(second, scheduled_at=starts, overlap_confirmed=True).changed


def test_the_scheduling_page_shows_the_clash_and_a_checkbox(
    client, schedule, recruiter, other_candidate, plan, lead, panelist, starts
):
    schedule(panel=[lead])
    client.force_login(recruiter)
    data = {
        "candidate": other_candidate.pk,
        "plan": plan.pk,
        "scheduled_at": timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "location": "Room 5",
        "panel": [lead.pk, panelist.pk],
        "lead": lead.pk,
    }

    refused = client.post("/interviews/new/", data)

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Maya Okafor" in body and 'name="confirm_overlap"' in body
    accepted = client.post("/interviews/new/", {**data, "confirm_overlap": "on"})
    assert accepted.status_code == 302


def test_the_edit_page_changes_the_panel_and_says_who_is_told(
    client, schedule, recruiter, lead, panelist, third
):
    interview = schedule()
    client.force_login(recruiter)
    page = client.get(f"/interviews/{interview.pk}/edit/")
    assert page.status_code == 200
    data = {
        "scheduled_at": timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "location": "Room 4",
        "panel": [lead.pk, third.pk],
        "lead": lead.pk,
    }

    response = client.post(f"/interviews/{interview.pk}/edit/", data, follow=True)

    assert "3 people are told by e-mail" in response.content.decode()
    assert set(interview.seats.values_list("user_id", flat=True)) == {lead.pk, third.pk}


def test_a_started_interview_cannot_be_edited(client, recruiter, lead):
    interview = InterviewFactory(panel=[lead], status="live")
    client.force_login(recruiter)

    response = client.get(f"/interviews/{interview.pk}/edit/", follow=True)

    assert "only change before it starts" in response.content.decode()


def test_cancelling_asks_first(client, schedule, recruiter):
    interview = schedule()
    client.force_login(recruiter)

    page = client.get(f"/interviews/{interview.pk}/cancel/")
    interview.refresh_from_db()

    assert page.status_code == 200 and "Yes, cancel the interview" in page.content.decode()
    assert interview.status == "scheduled"


def test_the_preferences_page_turns_notifications_off(client, panelist):
    client.force_login(panelist)
    page = client.get("/preferences/").content.decode()
    assert re.search(r'<input type="checkbox" name="email_notifications"[^>]* checked', page)

    client.post("/preferences/", {"time_zone": ""})

    assert panelist.notification_preference.email_notifications is False


@pytest.mark.parametrize(
    "persona", ["panelist_recruiter", "panelist_manager", "panelist_superuser"]
)
def test_dual_role_personas_edit_only_as_recruiters(request, client, schedule, persona):
    user = request.getfixturevalue(persona)
    interview = schedule()
    client.force_login(user)

    response = client.get(f"/interviews/{interview.pk}/edit/")

    assert response.status_code == (403 if persona == "panelist_manager" else 200)
