"""The permission matrix of every scoring endpoint, autosave included.

Someone who may see the interview but not do this gets a 403; someone who may not see the
interview at all gets a 404, as for a missing id (ids cannot be probed).
"""

import copy

import pytest

from scorecards.models import Answer, Scorecard
from tests.conftest import DUAL_ROLES, fixtures_from, persona_create, seat_on_panel
from tests.scorecards.conftest import live_interview_create, post_answer, submit_scorecard

# The shared data is set up before each test's own transaction (see module_db).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_objects")]

PERSONAS = [
    "admin_user",
    "editor",
    "recruiter",
    "lead",
    "panelist",
    "outsider",
    "hiring_manager",
    "other_hiring_manager",
    "nobody",
    *DUAL_ROLES,
]
SEATED = {"lead", "panelist", *DUAL_ROLES}
RECRUITERS = {"recruiter", "admin_user", "panelist_recruiter", "panelist_superuser"}
# The lead and recruiters follow progress: counts only, never a rating.
WATCHERS = {"lead", *RECRUITERS}
# Nobody seated has submitted yet: seated recruiters, managers and superusers read nothing.
PANEL_READERS = {"recruiter", "admin_user", "hiring_manager"}
# Who sees the interview at all (its page): the others get 404 for it.
VISIBLE = SEATED | {"recruiter", "admin_user", "hiring_manager"}


@pytest.fixture(scope="module")
def module_objects(module_db):
    """The personas and the live interview, built once for every case of the module."""
    people = {name: persona_create(name) for name in PERSONAS}
    interview = live_interview_create(
        lead=people["lead"], panelist=people["panelist"], hiring_manager=people["hiring_manager"]
    )
    return people | {"interview": interview}


@pytest.fixture
def objects(module_objects, db):
    """This case's own copy: its writes roll back, its in-memory changes stay its own."""
    return copy.deepcopy(module_objects)


# Every persona fixture and `interview` in this module is the case's copy of the shared objects.
globals().update(fixtures_from("objects", [*PERSONAS, "interview"]))


def _refused(persona) -> int:
    return 403 if persona in VISIBLE else 404


def _sign_in(client, request, persona, interview=None):
    """Sign in as the persona; a dual-role persona is seated on the interview first."""
    user = request.getfixturevalue(persona)
    if persona in DUAL_ROLES and interview is not None:
        seat_on_panel(interview, user)
    client.force_login(user)
    return user


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_the_scoring_page_only_for_seated_panelists(client, request, interview, persona):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/scoring/{interview.pk}/")
    assert response.status_code == (200 if persona in SEATED else _refused(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_seated_panelists_autosave_their_own_answer(
    client, request, interview, questions, persona
):
    user = _sign_in(client, request, persona, interview)
    response = post_answer(client, interview, questions[0], rating="3", notes="x")
    if persona in SEATED:
        assert response.status_code == 200
        assert Answer.objects.get(scorecard__panelist=user).rating == 3
    else:
        assert response.status_code == _refused(persona)
        assert not Answer.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_seated_panelists_save_the_recommendation(client, request, interview, persona):
    _sign_in(client, request, persona, interview)
    response = client.post(
        f"/scoring/{interview.pk}/overall/", {"recommendation": "yes", "summary": "", "version": 0}
    )
    assert response.status_code == (200 if persona in SEATED else _refused(persona))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_lets_only_seated_panelists_submit(client, request, interview, persona, method):
    _sign_in(client, request, persona, interview)
    response = getattr(client, method)(f"/scoring/{interview.pk}/submit/")
    if persona in SEATED:
        # No recommendation yet: the review page explains it (POST is refused with a 4xx).
        assert response.status_code == (200 if method == "get" else 422)
    else:
        assert response.status_code == _refused(persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_progress_only_to_the_lead_and_recruiters(client, request, interview, persona):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/scoring/{interview.pk}/progress/")
    assert response.status_code == (200 if persona in WATCHERS else _refused(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_panel_summary_to_readers_only(client, request, interview, persona):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/scoring/{interview.pk}/summary/")
    assert response.status_code == (200 if persona in PANEL_READERS else _refused(persona))


@pytest.mark.parametrize("persona", sorted(DUAL_ROLES))
def test_it_shows_the_panel_summary_to_a_seated_reader_once_they_submit(
    client, request, interview, lead, persona
):
    submit_scorecard(interview=interview, user=lead)
    user = _sign_in(client, request, persona, interview)
    assert client.get(f"/scoring/{interview.pk}/summary/").status_code == 403
    submit_scorecard(interview=interview, user=user)
    response = client.get(f"/scoring/{interview.pk}/summary/")
    assert response.status_code == 200
    assert "notes of lead" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_lets_only_recruiters_reopen(client, request, interview, lead, persona, method):
    scorecard = submit_scorecard(interview=interview, user=lead)
    _sign_in(client, request, persona, interview)
    response = getattr(client, method)(
        f"/scoring/scorecards/{scorecard.pk}/reopen/", {"reason": "Wrong candidate"}
    )
    scorecard.refresh_from_db()
    if persona in RECRUITERS:
        assert response.status_code == (200 if method == "get" else 302)
        assert scorecard.status == ("submitted" if method == "get" else "draft")
    else:
        assert response.status_code == 403
        assert scorecard.status == "submitted"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_late_feedback_only_to_recruiters(client, request, persona):
    _sign_in(client, request, persona)
    assert client.get("/scoring/late/").status_code == (200 if persona in RECRUITERS else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_panel_lead_start_from_the_scoring_page(
    client, request, interview, persona
):
    interview.status = "scheduled"
    interview.save(update_fields=["status"])
    _sign_in(client, request, persona, interview)
    response = client.post(f"/scoring/{interview.pk}/start/")
    interview.refresh_from_db()
    # The lead, or someone seated who is also a recruiter (recruiters may start it).
    if persona in {"lead", *(SEATED & RECRUITERS)}:
        assert response.status_code == 302
        assert interview.status == "live"
    else:
        assert response.status_code == _refused(persona)
        assert interview.status == "scheduled"


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/scoring/{id}/"),
        ("post", "/scoring/{id}/answers/1/"),
        ("post", "/scoring/{id}/overall/"),
        ("get", "/scoring/{id}/submit/"),
        ("post", "/scoring/{id}/start/"),
        ("get", "/scoring/{id}/progress/"),
        ("get", "/scoring/{id}/summary/"),
        ("get", "/scoring/late/"),
        ("post", "/scoring/preferences/auto-advance/"),
    ],
)
def test_it_sends_anonymous_visitors_to_sign_in(client, interview, method, url):
    response = getattr(client, method)(url.format(id=interview.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "url", ["/scoring/{id}/", "/scoring/{id}/summary/", "/scoring/{id}/progress/"]
)
def test_it_answers_404_for_an_unknown_interview(client, lead, url):
    client.force_login(lead)
    assert client.get(url.format(id=987654)).status_code == 404


def test_it_answers_404_when_reopening_an_unknown_scorecard(client, recruiter):
    client.force_login(recruiter)
    assert client.post("/scoring/scorecards/987654/reopen/", {"reason": "x"}).status_code == 404


def test_it_refuses_a_panelist_of_another_interview(client, interview, other_interview, questions):
    seated_elsewhere = other_interview.seats.get().user
    client.force_login(seated_elsewhere)
    response = post_answer(client, interview, questions[0], rating="2")
    assert response.status_code == 404
    assert not Scorecard.objects.filter(interview=interview).exists()


def test_it_never_writes_another_panelists_scorecard(client, interview, questions, lead, panelist):
    """The URL names the interview, not a scorecard: a write always lands on one's own."""
    client.force_login(panelist)
    post_answer(client, interview, questions[0], rating="4")
    assert not Answer.objects.filter(scorecard__panelist=lead).exists()
    assert Answer.objects.get(scorecard__panelist=panelist).rating == 4
