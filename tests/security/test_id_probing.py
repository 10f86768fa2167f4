"""Ids cannot be probed: an object outside someone's scope answers exactly like a missing one.

For every URL that names an object, a signed-in user who may not see that object gets the same
status for its real id as for an id that does not exist (404, or the same 403 a role-gated page
gives for any id).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from scorecards.models import Report, ReportKind, ReportStatus
from tests.factories import QuestionFactory
from tests.reports.panel_data import scored_interview_create

pytestmark = pytest.mark.django_db

MISSING = 987654

# (method, url template); {interview}, {candidate}, {position}, {scorecard}, {report},
# {item} and {question} are the ids of objects the persona may not see.
ENDPOINTS = [
    ("get", "/interviews/{interview}/"),
    ("get", "/interviews/{interview}/invite.ics"),
    ("post", "/interviews/{interview}/status/"),
    ("post", "/interviews/{interview}/questions/"),
    ("get", "/interviews/{interview}/questions/{item}/swap/"),
    ("get", "/candidates/{candidate}/"),
    ("get", "/candidates/{candidate}/edit/"),
    ("get", "/positions/{position}/edit/"),
    ("get", "/scoring/{interview}/"),
    ("post", "/scoring/{interview}/start/"),
    ("post", "/scoring/{interview}/answers/{item}/"),
    ("post", "/scoring/{interview}/overall/"),
    ("get", "/scoring/{interview}/submit/"),
    ("get", "/scoring/{interview}/progress/"),
    ("get", "/scoring/{interview}/summary/"),
    ("get", "/scoring/scorecards/{scorecard}/reopen/"),
    ("post", "/reports/request/interview-report/{interview}/"),
    ("post", "/reports/request/kit/{interview}/"),
    ("post", "/reports/request/candidate-report/{candidate}/"),
    ("post", "/reports/request/scorecard/{scorecard}/"),
    ("get", "/reports/{report}/"),
    ("get", "/reports/{report}/status/"),
    ("get", "/reports/{report}/download/"),
    ("post", "/reports/{report}/retry/"),
    ("get", "/bank/questions/{question}/"),
]
OUTSIDERS = ["outsider", "editor", "nobody", "other_hiring_manager", "panelist"]


@pytest.fixture
def hidden(lead, hiring_manager, recruiter):
    """Objects none of OUTSIDERS may see: an interview (lead submitted) with a ready report, its
    candidate and position, and an unpublished question."""
    interview = scored_interview_create(
        panelists=[lead], questions=2, hiring_managers=[hiring_manager]
    )
    name = default_storage.save("reports/probe.pdf", ContentFile(b"%PDF-1.7 probe"))
    report = Report.objects.create(
        kind=ReportKind.CANDIDATE_REPORT,
        interview=interview,
        requested_by=recruiter,
        status=ReportStatus.READY,
        file=name,
    )
    return {
        "interview": interview.pk,
        "candidate": interview.candidate.pk,
        "position": interview.candidate.position.pk,
        "scorecard": interview.scorecards.get().pk,
        "report": report.pk,
        "item": interview.questions.first().pk,
        "question": QuestionFactory(live=False).pk,
    }


def _status(client, method, template, ids):
    url = template.format(**ids)
    return getattr(client, method)(url).status_code


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_it_answers_an_out_of_scope_id_like_a_missing_one(client, request, hidden, persona):
    client.force_login(request.getfixturevalue(persona))
    missing = dict.fromkeys(hidden, MISSING)
    differences = []
    for method, template in ENDPOINTS:
        real, absent = (
            _status(client, method, template, hidden),
            _status(client, method, template, missing),
        )
        if real != absent or real >= 500:
            differences.append((method, template, real, absent))
    assert not differences


@pytest.mark.parametrize("persona", ["recruiter", "lead", "editor"])
def test_it_answers_ids_past_64_bits_in_a_path_with_a_404(client, request, hidden, persona):
    """SQLite's integers end at 2**63: a longer id must still be a plain 'not found'."""
    client.force_login(request.getfixturevalue(persona))
    huge = dict.fromkeys(hidden, "9" * 25)
    admin = [
        ("get", "/admin/snippets/questionbank/question/edit/{question}/"),
        ("get", "/admin/snippets/questionbank/category/edit/{question}/"),
    ]
    answers = {
        template: _status(client, method, template, huge) for method, template in ENDPOINTS + admin
    }
    assert not {template: status for template, status in answers.items() if status >= 500}
