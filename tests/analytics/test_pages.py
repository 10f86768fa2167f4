"""Who sees which analytics page: every role, other people's ids, bad input."""

import pytest
from django.urls import reverse

from tests.analytics.conftest import rated_interview
from tests.conftest import seat_on_panel
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    category = CategoryFactory()
    return [QuestionFactory(category=category) for _ in range(3)]


@pytest.fixture
def history(bank, lead, panelist, hiring_manager):
    interviews = [
        rated_interview(bank_questions=bank, ratings={lead: [4, 3, 2], panelist: [3, 3, 2]})
        for _ in range(5)
    ]
    for interview in interviews:
        interview.candidate.position.hiring_managers.add(hiring_manager)
    return interviews


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


CALIBRATION = "/analytics/calibration/"


def test_a_recruiter_sees_every_interviewer(client, history, recruiter, lead, panelist):
    response = _get(client, recruiter, CALIBRATION)
    assert response.status_code == 200
    page = response.content.decode()
    assert lead.get_full_name() in page and panelist.get_full_name() in page


def test_an_interviewer_sees_only_their_own_row(client, history, lead, panelist):
    response = _get(client, lead, CALIBRATION)
    assert response.status_code == 200
    page = response.content.decode()
    assert lead.get_full_name() in page
    assert panelist.get_full_name() not in page


@pytest.mark.parametrize("persona", ["editor", "hiring_manager", "nobody"])
def test_other_roles_may_not_open_calibration(client, history, persona, request):
    user = request.getfixturevalue(persona)
    assert _get(client, user, CALIBRATION).status_code == 403
    assert _get(client, user, f"{CALIBRATION}{user.pk}/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, history):
    response = client.get(CALIBRATION)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_interviewer_opens_their_own_page_but_not_anothers(client, history, lead, panelist):
    assert _get(client, lead, f"{CALIBRATION}{lead.pk}/").status_code == 200
    response = _get(client, lead, f"{CALIBRATION}{panelist.pk}/")
    assert response.status_code == 404
    assert panelist.get_full_name() not in response.content.decode()


@pytest.mark.parametrize("persona", ["recruiter", "admin_user", "panelist_recruiter"])
def test_recruiters_open_anyones_page(client, history, lead, persona, request):
    response = _get(client, request.getfixturevalue(persona), f"{CALIBRATION}{lead.pk}/")
    assert response.status_code == 200
    assert lead.get_full_name() in response.content.decode()


def test_an_unknown_interviewer_is_404(client, history, recruiter):
    assert _get(client, recruiter, f"{CALIBRATION}999999/").status_code == 404


def test_a_bad_period_is_a_400_with_a_message(client, history, recruiter):
    response = _get(client, recruiter, f"{CALIBRATION}?period=forever")
    assert response.status_code == 400
    assert "Choose one of the periods offered" in response.content.decode()


def test_the_calibration_page_shows_the_n_and_the_verdict(client, history, recruiter):
    page = _get(client, recruiter, f"{CALIBRATION}?period=90").content.decode()
    assert "5 interviews, 15 ratings" in page
    assert "More lenient than the rest of the panel" in page


# --- a question's figures ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["editor", "recruiter", "lead", "hiring_manager", "admin_user"])
def test_bank_readers_see_a_questions_figures(client, history, bank, persona, request):
    response = _get(client, request.getfixturevalue(persona), f"/analytics/questions/{bank[0].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Times used" in page and "n = 10" in page


def test_a_question_page_says_not_enough_data_below_the_minimum(client, bank, lead, editor):
    page = _get(client, editor, f"/analytics/questions/{bank[0].pk}/").content.decode()
    assert page.count("Not enough data") == 4


def test_no_role_no_question_figures(client, history, bank, nobody):
    assert _get(client, nobody, f"/analytics/questions/{bank[0].pk}/").status_code == 403


def test_an_unpublished_question_is_404(client, editor):
    draft = QuestionFactory(live=False)
    assert _get(client, editor, f"/analytics/questions/{draft.pk}/").status_code == 404


def test_the_bank_question_page_links_to_its_figures(client, history, bank, lead):
    page = _get(client, lead, f"/bank/questions/{bank[0].pk}/").content.decode()
    assert f"/analytics/questions/{bank[0].pk}/" in page


# --- the panel summary's agreement card -------------------------------------------------------


def _agreement(interview):
    return reverse("analytics:interview_agreement", args=[interview.pk])


@pytest.mark.parametrize("persona", ["recruiter", "lead", "panelist", "hiring_manager"])
def test_those_who_read_the_panel_see_its_agreement(client, history, persona, request):
    response = _get(client, request.getfixturevalue(persona), _agreement(history[0]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "α = 0.00" not in page and "Panel agreement" in page
    assert "3 questions rated by two or more of 2 panelists" in page


@pytest.mark.parametrize("persona", ["outsider", "other_hiring_manager", "editor", "nobody"])
def test_others_cannot_probe_an_interviews_agreement(client, history, persona, request):
    assert _get(client, request.getfixturevalue(persona), _agreement(history[0])).status_code == 404


@pytest.mark.parametrize(
    "persona", ["panelist_recruiter", "panelist_manager", "panelist_superuser"]
)
def test_a_seated_panelist_who_owes_a_scorecard_sees_no_agreement(
    client, history, persona, request
):
    user = request.getfixturevalue(persona)
    seat_on_panel(history[0], user)
    assert _get(client, user, _agreement(history[0])).status_code == 403


def test_the_summary_loads_the_agreement_card(client, history, recruiter):
    page = _get(client, recruiter, f"/scoring/{history[0].pk}/summary/").content.decode()
    assert _agreement(history[0]) in page


def test_nav_shows_calibration_to_recruiters_and_interviewers(client, recruiter, lead, editor):
    assert CALIBRATION in _get(client, recruiter, "/bank/").content.decode()
    assert CALIBRATION in _get(client, lead, "/bank/").content.decode()
    assert CALIBRATION not in _get(client, editor, "/bank/").content.decode()
