"""Who may request, watch and download which report: the same people as the pages.

A panelist who has not submitted gets nothing with others' ratings (403); someone who does not
see the report's subject at all gets a 404, as for a guessed id.
"""

import copy

import pytest
from django.urls import reverse

from scorecards.models import ReportKind
from scorecards.reports import Subject
from tests.conftest import DUAL_ROLES, PERSONAS, fixtures_from, persona_create, seat_on_panel
from tests.scorecards.conftest import submit_scorecard

from .conftest import half_scored_interview_create, second_panelist_create

# The shared data is set up before each test's own transaction (see module_db).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_objects")]

PEOPLE = [
    "anonymous",
    "admin_user",
    "recruiter",
    "lead",
    "second_panelist",
    "panelist",
    "outsider",
    "hiring_manager",
    "other_hiring_manager",
    "editor",
    "nobody",
    *DUAL_ROLES,
]
# Who may have each document (lead and second_panelist submitted; panelist has not, nor have
# the dual-role personas, seated too: whatever else they are, they read no rating yet).
ALLOWED = {
    "interview-report": {"admin_user", "recruiter", "lead", "second_panelist", "hiring_manager"},
    "candidate-report": {"admin_user", "recruiter", "hiring_manager"},
    "scorecard": {"admin_user", "recruiter", "lead", "second_panelist", "hiring_manager"},
    "kit": {
        "admin_user",
        "recruiter",
        "lead",
        "second_panelist",
        "panelist",
        "hiring_manager",
        *DUAL_ROLES,
    },
}


@pytest.fixture(scope="module")
def module_objects(module_db):
    """The people and the half-scored interview, built once for every case of the module."""
    people = {name: persona_create(name) for name in PEOPLE if name in PERSONAS}
    people["second_panelist"] = second_panelist_create()
    interview = half_scored_interview_create(
        **{name: people[name] for name in ["lead", "panelist", "second_panelist", "hiring_manager"]}
    )
    return people | {"scored_interview": interview}


@pytest.fixture
def objects(module_objects, db):
    """This case's own copy: its writes roll back, its in-memory changes stay its own."""
    return copy.deepcopy(module_objects)


# Every person fixture and `scored_interview` here is the case's copy of the shared objects.
globals().update(fixtures_from("objects", [*PEOPLE[1:], "scored_interview"]))


# Who sees the subject at all (the interview's page, or the candidate's for the candidate-wide
# report); everyone else gets a 404.
SEES_INTERVIEW = ALLOWED["kit"]
SEES_CANDIDATE = {"admin_user", "recruiter", "hiring_manager", *DUAL_ROLES}


def _refused(who, slug) -> int:
    sees = SEES_CANDIDATE if slug == "candidate-report" else SEES_INTERVIEW
    return 403 if who in sees else 404


def _client_for(request, client, who, interview=None):
    """Sign in as ``who``; a dual-role persona is seated on the interview first."""
    if who != "anonymous":
        user = request.getfixturevalue(who)
        if who in DUAL_ROLES and interview is not None:
            seat_on_panel(interview, user)
        client.force_login(user)
    return client


def _subject_pk(interview, slug, lead):
    if slug == "candidate-report":
        return interview.candidate.pk
    if slug == "scorecard":
        return interview.scorecards.get(panelist=lead).pk
    return interview.pk


def _subject(interview, slug, lead):
    kind = {
        "interview-report": ReportKind.CANDIDATE_REPORT,
        "candidate-report": ReportKind.CANDIDATE_REPORT,
        "scorecard": ReportKind.SCORECARD,
        "kit": ReportKind.INTERVIEW_KIT,
    }[slug]
    if slug == "candidate-report":
        return Subject(kind=kind, candidate=interview.candidate)
    if slug == "scorecard":
        return Subject(kind=kind, scorecard=interview.scorecards.get(panelist=lead))
    return Subject(kind=kind, interview=interview)


def _ready_report(user, subject):
    """A ready report row with a stored file (rendering is tested elsewhere)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from scorecards.models import Report, ReportStatus
    from scorecards.reports import report_content

    fingerprint = report_content(subject=subject, paper_size="A4").fingerprint
    name = default_storage.save("reports/test.pdf", ContentFile(b"%PDF-1.7 permission test"))
    return Report.objects.create(
        **subject.filter(),
        requested_by=user,
        status=ReportStatus.READY,
        fingerprint=fingerprint,
        rendered_fingerprint=fingerprint,
        file=name,
    )


@pytest.mark.parametrize("slug", sorted(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_it_lets_only_allowed_people_request(request, client, who, slug, scored_interview, lead):
    client = _client_for(request, client, who, scored_interview)
    url = reverse("reports:request", args=[slug, _subject_pk(scored_interview, slug, lead)])
    response = client.post(url)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in ALLOWED[slug]:
        assert response.status_code == 302
        assert response["Location"].startswith("/reports/")
    else:
        assert response.status_code == _refused(who, slug)


@pytest.mark.parametrize("slug", sorted(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_it_lets_only_allowed_people_watch_and_download(
    request, client, recruiter, who, slug, scored_interview, lead
):
    report = _ready_report(recruiter, _subject(scored_interview, slug, lead))
    client = _client_for(request, client, who, scored_interview)
    for name in ["detail", "status", "download"]:
        response = client.get(reverse(f"reports:{name}", args=[report.pk]))
        if who == "anonymous":
            assert response.status_code == 302
        elif who in ALLOWED[slug]:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code == _refused(who, slug), name
    response = client.post(reverse("reports:retry", args=[report.pk]))
    expected = {"anonymous": 302}.get(who, 409 if who in ALLOWED[slug] else _refused(who, slug))
    assert response.status_code == expected


@pytest.mark.parametrize("slug", ["interview-report", "candidate-report", "scorecard"])
@pytest.mark.parametrize("who", sorted(DUAL_ROLES))
def test_it_opens_rated_documents_to_a_seated_reader_once_they_submit(
    request, client, recruiter, who, slug, scored_interview, lead
):
    report = _ready_report(recruiter, _subject(scored_interview, slug, lead))
    client = _client_for(request, client, who, scored_interview)
    download = reverse("reports:download", args=[report.pk])
    assert client.get(download).status_code == 403
    submit_scorecard(interview=scored_interview, user=request.getfixturevalue(who))
    assert client.get(download).status_code == 200
    url = reverse("reports:request", args=[slug, _subject_pk(scored_interview, slug, lead)])
    assert client.post(url).status_code == 302


def test_it_keeps_the_candidate_report_blind_while_any_of_their_interviews_is_owed(
    client, panelist_recruiter, scored_interview
):
    """Seated on a second interview of the same candidate, submitted on the first only."""
    from tests.factories import InterviewFactory

    seat_on_panel(scored_interview, panelist_recruiter)
    submit_scorecard(interview=scored_interview, user=panelist_recruiter)
    second = InterviewFactory(candidate=scored_interview.candidate, panel=[panelist_recruiter])
    client.force_login(panelist_recruiter)
    url = reverse("reports:request", args=["candidate-report", scored_interview.candidate.pk])
    assert client.post(url).status_code == 403
    second.status = "cancelled"
    second.save(update_fields=["status"])
    assert client.post(url).status_code == 302


@pytest.mark.parametrize("slug", sorted(ALLOWED))
def test_it_answers_404_for_guessed_ids(client, admin_user, slug):
    client.force_login(admin_user)
    assert client.post(reverse("reports:request", args=[slug, 987654])).status_code == 404
    for name in ["detail", "status", "download"]:
        assert client.get(reverse(f"reports:{name}", args=[987654])).status_code == 404
    assert client.post(reverse("reports:retry", args=[987654])).status_code == 404


def test_it_answers_404_for_an_unknown_kind(client, admin_user, scored_interview):
    client.force_login(admin_user)
    response = client.post(reverse("reports:request", args=["salaries", scored_interview.pk]))
    assert response.status_code == 404


def test_it_refuses_an_unknown_paper_size(client, recruiter, scored_interview):
    client.force_login(recruiter)
    url = reverse("reports:request", args=["interview-report", scored_interview.pk])
    response = client.post(url, {"paper_size": "Tabloid"})
    assert response.status_code == 400
    assert b"Unknown paper size" in response.content


def test_it_refuses_get_on_the_request_endpoint(client, recruiter, scored_interview):
    client.force_login(recruiter)
    url = reverse("reports:request", args=["interview-report", scored_interview.pk])
    assert client.get(url).status_code == 405


def test_it_lets_a_panelist_print_their_own_draft_scorecard(client, scored_interview, panelist):
    from scorecards.models import Scorecard

    draft = Scorecard.objects.create(interview=scored_interview, panelist=panelist)
    client.force_login(panelist)
    response = client.post(reverse("reports:request", args=["scorecard", draft.pk]))
    assert response.status_code == 302


def test_it_streams_downloads_as_attachments(client, render_now, recruiter, scored_interview):
    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    client.force_login(recruiter)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "grace-hopper" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
