"""Times are entered and shown in each user's own time zone."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from interviews.models import Interview

pytestmark = pytest.mark.django_db


def _zone(user, name):
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = name
    profile.save(update_fields=["current_time_zone"])


def test_it_reads_the_form_time_in_the_recruiters_zone(
    client, recruiter, candidate, plan, lead, panelist
):
    _zone(recruiter, "Asia/Tokyo")
    client.force_login(recruiter)
    response = client.post(
        "/interviews/new/",
        {
            "candidate": candidate.pk,
            "plan": plan.pk,
            "scheduled_at": "2031-06-01T09:00",
            "duration_minutes": 60,
            "panel": [lead.pk, panelist.pk],
            "lead": lead.pk,
        },
    )
    assert response.status_code == 302
    assert Interview.objects.get().scheduled_at == datetime(2031, 6, 1, 0, 0, tzinfo=UTC)


def test_it_shows_each_panelist_the_time_in_their_zone(client, lead, interview):
    Interview.objects.filter(pk=interview.pk).update(
        scheduled_at=datetime(2031, 6, 1, 0, 0, tzinfo=UTC)
    )
    _zone(lead, "America/New_York")
    client.force_login(lead)
    body = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "31 May 2031, 20:00" in body
    assert "America/New_York" in body


def test_the_users_zone_ends_with_the_request(client, recruiter):
    """A full test run drew a page in a test without a database after a request: the thread
    still held that request's user's zone, which then tried to read the user's profile."""
    _zone(recruiter, "Asia/Tokyo")
    client.force_login(recruiter)
    assert client.get("/").status_code in (200, 302)

    assert timezone.get_current_timezone() == timezone.get_default_timezone()
