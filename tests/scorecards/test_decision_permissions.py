"""The permission matrix of the debrief: recording decisions, closing feedback, and every door
through which a decision's rationale could be read (interview page, panel summary, candidate
page, candidate report).

Only recruiters (superusers too) and the position's hiring managers record decisions; the panel
lead and recruiters close feedback. Whoever owes a scorecard on the candidate reads no decision
and records none, whatever else they are. Out of sight is a 404, in sight but not allowed a 403.
"""

import copy

import pytest

from scorecards import decisions
from scorecards.models import Decision, FeedbackClosure, ReportKind
from scorecards.reports import Subject, can_request
from tests.conftest import DUAL_ROLES, fixtures_from, persona_create, seat_on_panel
from tests.factories import UserFactory
from tests.scorecards.conftest import live_interview_create, submit_scorecard

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
# Dual-role personas are seated (without submitting) on the interview under test.
VISIBLE = {"recruiter", "admin_user", "hiring_manager", "lead", "panelist", *DUAL_ROLES}
RECORDERS = {"recruiter", "admin_user", "hiring_manager"}
CLOSERS = {"recruiter", "admin_user", "lead", "panelist_recruiter", "panelist_superuser"}
# The lead and panelist have submitted: they read the decision; the seated dual roles owe.
READERS = {"recruiter", "admin_user", "hiring_manager", "lead", "panelist"}
CANDIDATE_PAGE = {"recruiter", "admin_user", "hiring_manager", *DUAL_ROLES}
RATIONALE = "Rationale only readers may see: strong ORM, weak caching."


@pytest.fixture(scope="module")
def module_objects(module_db):
    """Every persona; a completed interview (lead and panelist submitted) with a decision."""
    people = {name: persona_create(name) for name in PERSONAS}
    interview = live_interview_create(
        lead=people["lead"], panelist=people["panelist"], hiring_manager=people["hiring_manager"]
    )
    for name in ("lead", "panelist"):
        submit_scorecard(interview=interview, user=people[name])
    decisions.decision_record(
        interview=interview, by=people["recruiter"], outcome="hold", rationale=RATIONALE
    )
    return people | {"interview": interview}


@pytest.fixture
def objects(module_objects, db):
    return copy.deepcopy(module_objects)


globals().update(fixtures_from("objects", [*PERSONAS, "interview"]))


def _refused(persona) -> int:
    return 403 if persona in VISIBLE else 404


def _sign_in(client, request, persona, interview):
    user = request.getfixturevalue(persona)
    if persona in DUAL_ROLES:
        seat_on_panel(interview, user)
    client.force_login(user)
    return user


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_opens_the_decision_form_only_for_recruiters_and_the_positions_managers(
    client, request, interview, persona
):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/scoring/{interview.pk}/decision/")
    assert response.status_code == (200 if persona in RECORDERS else _refused(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_records_a_decision_only_for_recruiters_and_the_positions_managers(
    client, request, interview, persona
):
    _sign_in(client, request, persona, interview)
    response = client.post(
        f"/scoring/{interview.pk}/decision/", {"outcome": "advance", "rationale": "Go."}
    )
    advanced = Decision.objects.filter(candidate=interview.candidate, outcome="advance")
    if persona in RECORDERS:
        assert response.status_code == 302
        assert advanced.count() == 1
    else:
        assert response.status_code == _refused(persona)
        assert not advanced.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_closes_feedback_only_for_the_lead_and_recruiters(client, request, interview, persona):
    late = UserFactory(roles=["Interviewers"])
    seat_on_panel(interview, late)
    _sign_in(client, request, persona, interview)
    assert client.get(f"/scoring/{interview.pk}/close-feedback/").status_code == (
        200 if persona in CLOSERS else _refused(persona)
    )
    response = client.post(f"/scoring/{interview.pk}/close-feedback/")
    if persona in CLOSERS:
        assert response.status_code == 302
        assert FeedbackClosure.objects.get(interview=interview).closed_by.username
    else:
        assert response.status_code == _refused(persona)
        assert not FeedbackClosure.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_rationale_on_the_interview_page_only_to_readers(
    client, request, interview, persona
):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/interviews/{interview.pk}/")
    assert response.status_code == (200 if persona in VISIBLE else 404)
    assert (RATIONALE in response.content.decode()) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_rationale_on_the_panel_summary_only_to_readers(
    client, request, interview, persona
):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/scoring/{interview.pk}/summary/")
    assert response.status_code == (200 if persona in READERS else _refused(persona))
    assert (RATIONALE in response.content.decode()) == (persona in READERS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_decision_trail_on_the_candidate_page_only_to_readers(
    client, request, interview, persona
):
    _sign_in(client, request, persona, interview)
    response = client.get(f"/candidates/{interview.candidate.pk}/")
    assert response.status_code == (200 if persona in CANDIDATE_PAGE else 404)
    html = response.content.decode()
    assert (RATIONALE in html) == (persona in READERS and persona in CANDIDATE_PAGE)
    if persona in DUAL_ROLES:
        assert "show once you have submitted your scorecard" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_gives_the_candidate_report_with_its_decision_only_to_readers(
    request, interview, persona
):
    user = request.getfixturevalue(persona)
    if persona in DUAL_ROLES:
        seat_on_panel(interview, user)
    subject = Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    assert can_request(user, subject) == (persona in READERS)
    whole = Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=interview.candidate)
    assert can_request(user, whole) == (persona in READERS and persona in CANDIDATE_PAGE)


@pytest.mark.parametrize("persona", sorted(DUAL_ROLES))
def test_it_shows_a_seated_manager_the_decision_once_they_submit(
    client, request, interview, persona
):
    user = _sign_in(client, request, persona, interview)
    assert RATIONALE not in client.get(f"/interviews/{interview.pk}/").content.decode()
    submit_scorecard(interview=interview, user=user)
    assert RATIONALE in client.get(f"/interviews/{interview.pk}/").content.decode()
    assert client.get(f"/scoring/{interview.pk}/decision/").status_code == 200
