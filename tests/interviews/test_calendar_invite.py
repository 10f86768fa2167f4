"""The .ics invite: RFC 5545 text a calendar accepts, without the candidate's email."""

from datetime import UTC, datetime

import pytest

from interviews.ics import interview_ics
from tests.factories import interview_with_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def invite_interview(lead, panelist, candidate):
    return interview_with_panel(
        lead=lead,
        panelists=[panelist],
        candidate=candidate,
        scheduled_at=datetime(2031, 3, 4, 9, 30, tzinfo=UTC),
        duration_minutes=90,
        location="Room 3; floor 2, \\ east wing\nask at desk — " + "x" * 80,
    )


def test_it_writes_utc_times_uid_and_crlf_lines(invite_interview):
    text = interview_ics(
        interview=invite_interview, domain="panel.test", now=datetime(2031, 1, 1, tzinfo=UTC)
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert f"UID:interview-{invite_interview.pk}@panel.test\r\n" in text
    assert "DTSTAMP:20310101T000000Z\r\n" in text
    assert "DTSTART:20310304T093000Z\r\n" in text
    assert "DTEND:20310304T110000Z\r\n" in text


def test_it_escapes_and_folds_long_lines(invite_interview):
    text = interview_ics(interview=invite_interview, domain="panel.test")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Room 3\\; floor 2\\, \\\\ east wing\\nask at desk — " + "x" * 80 in unfolded


def test_it_names_the_candidate_but_never_their_email(invite_interview, candidate):
    text = interview_ics(interview=invite_interview, domain="panel.test").replace("\r\n ", "")
    assert "SUMMARY:Interview: Maya Okafor — Senior Django engineer" in text
    assert candidate.email not in text


def test_it_downloads_as_text_calendar_for_a_panelist(client, panelist, invite_interview):
    client.force_login(panelist)
    response = client.get(f"/interviews/{invite_interview.pk}/invite.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
