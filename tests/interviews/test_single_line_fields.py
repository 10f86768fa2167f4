"""Names and titles are one line: a line break or other control character is a form error.

Such text ends up in e-mail subjects, calendar summaries and file names; a newline there
broke every reminder after it.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from interviews.models import Candidate, Interview, InterviewPlan, Position
from questionbank.models import Category

pytestmark = pytest.mark.django_db

MESSAGE = "one line"
HOSTILE = [
    "Eve\r\nBcc: x@example.com",
    "Eve\nMallory",
    "Tab\tbed",
    "Bell\x07",
    "Del\x7f",
    "NUL\x00",
]


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.mark.parametrize("value", HOSTILE)
def test_it_refuses_a_candidate_name_with_a_control_character(recruiter_client, position, value):
    response = recruiter_client.post(
        "/candidates/new/",
        {"full_name": value, "email": "eve@mail.test", "position": position.pk, "notes": "a\nb"},
    )
    assert response.status_code == 422
    assert MESSAGE in response.content.decode() or "Null characters" in response.content.decode()
    assert not Candidate.objects.exists()


def test_it_keeps_line_breaks_in_multi_line_notes(recruiter_client, position):
    response = recruiter_client.post(
        "/candidates/new/",
        {
            "full_name": "Eve Adams",
            "email": "eve@mail.test",
            "position": position.pk,
            "notes": "first line\r\nsecond line",
        },
    )
    assert response.status_code == 302
    assert Candidate.objects.get().notes == "first line\r\nsecond line"


@pytest.mark.parametrize("field", ["title", "team"])
def test_it_refuses_a_position_title_or_team_on_two_lines(recruiter_client, field):
    post = {"title": "Engineer", "team": "Platform", "description": "", "is_open": "on"}
    post[field] = "Engineer\nBcc: x@example.com"
    response = recruiter_client.post("/positions/new/", post)
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()
    assert not Position.objects.exists()


@pytest.mark.parametrize("field", ["name", "sections-0-tag"])
def test_it_refuses_a_plan_name_or_section_tag_on_two_lines(recruiter_client, categories, field):
    post = {
        "name": "Backend",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-category": str(categories[0].pk),
        "sections-0-count": "1",
        "sections-0-difficulty": "",
        "sections-0-tag": "",
        "sections-0-minutes": "15",
    }
    post[field] = "orm\r\nsecurity"
    response = recruiter_client.post("/plans/new/", post)
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_it_refuses_an_interview_location_on_two_lines(
    recruiter_client, candidate, plan, lead, panelist
):
    start = timezone.localtime() + timedelta(days=3)
    response = recruiter_client.post(
        "/interviews/new/",
        {
            "candidate": candidate.pk,
            "plan": plan.pk,
            "scheduled_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "location": "Room 4\r\nX-Injected: yes",
            "panel": [lead.pk, panelist.pk],
            "lead": lead.pk,
        },
    )
    assert response.status_code == 422
    assert MESSAGE in response.content.decode()
    assert not Interview.objects.exists()


def test_it_refuses_a_category_name_on_two_lines_in_the_wagtail_admin(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailsnippets_questionbank_category:add"),
        {"name": "Forms\r\nBcc: x@example.com", "slug": "forms", "number": "3", "description": ""},
    )
    assert MESSAGE in response.content.decode()
    assert not Category.objects.filter(slug="forms").exists()


def _user_post(**overrides):
    return {
        "username": "newcomer",
        "email": "newcomer@example.test",
        "first_name": "New",
        "last_name": "Comer",
        "password1": "A-long-Passw0rd-x",
        "password2": "A-long-Passw0rd-x",
        "is_active": "on",
        **overrides,
    }


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_it_refuses_a_user_name_on_two_lines_in_the_wagtail_admin(client, admin_user, field):
    client.force_login(admin_user)
    response = client.post(
        reverse("wagtailusers_users:add"), _user_post(**{field: "New\r\nBcc: x@example.com"})
    )
    assert MESSAGE in response.content.decode()
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_it_still_creates_a_user_with_a_plain_name(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("wagtailusers_users:add"), _user_post())
    assert response.status_code == 302
    assert get_user_model().objects.get(username="newcomer").last_name == "Comer"


def test_it_refuses_a_user_name_on_two_lines_on_the_account_page(client, editor):
    client.force_login(editor)
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Edith\r\nBcc: x@example.com",
            "name_email-last_name": "Editor",
            "name_email-email": editor.email,
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    editor.refresh_from_db()
    assert "\n" not in editor.first_name
