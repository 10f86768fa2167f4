"""Malformed requests get a clear answer, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, data",
    [
        ("/plans/preview/", {}),
        ("/plans/preview/", {"sections-TOTAL_FORMS": "x", "pins": ["a", "1"], "seed": "z"}),
        ("/plans/new/", {}),
        (
            "/plans/new/",
            {"name": "n", "sections-TOTAL_FORMS": "99999", "sections-INITIAL_FORMS": "0"},
        ),
        ("/plans/new/", {"name": "n", "add_section": "1"}),
        ("/plans/pins/", {"pins": ["x"], "add_pin": "y"}),
        ("/plans/pins/", {"up_pin": "1"}),
        ("/interviews/new/", {"panel": ["x"], "lead": "y", "scheduled_at": "32/13/2030"}),
    ],
)
def test_it_answers_malformed_posts_without_a_server_error(client, recruiter, url, data):
    client.force_login(recruiter)
    assert client.post(url, data).status_code in (200, 400, 422)


@pytest.mark.parametrize(
    "data, status",
    [
        ({}, 200),
        ({"action": "explode"}, 200),
        ({"action": "drop", "item": "x"}, 400),  # not an id at all: a bad request
        ({"action": "add", "question": ""}, 200),
    ],
)
def test_it_answers_malformed_question_edits_with_a_message(
    client, recruiter, interview, data, status
):
    client.force_login(recruiter)
    response = client.post(f"/interviews/{interview.pk}/questions/", data, follow=True)
    assert response.status_code == status
    assert response.content.strip()
    assert interview.questions.count() == 3


def test_it_ignores_unknown_dashboard_tabs_and_sorts(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/dashboard/?tab=nope&sort=evil&page=-3").status_code == 200


def test_it_builds_no_more_section_forms_than_a_plan_may_hold(client, recruiter):
    """A post claiming 99,999 sections is refused with a message; the server builds at most
    MAX_SECTIONS forms (it built them all, about 15 s of CPU a request, before)."""
    from interviews.forms import MAX_SECTIONS

    client.force_login(recruiter)
    response = client.post(
        "/plans/new/",
        {"name": "n", "sections-TOTAL_FORMS": "99999", "sections-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 422
    assert len(response.context["formset"].forms) == MAX_SECTIONS
    assert f"A plan holds at most {MAX_SECTIONS} sections." in response.content.decode()
