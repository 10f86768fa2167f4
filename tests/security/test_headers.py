"""Pages with scores, reports and calendar files are never stored by a browser or proxy cache."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from scorecards.models import Report, ReportKind, ReportStatus
from tests.reports.panel_data import scored_interview_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(lead, panelist, recruiter):
    """An interview both panelists submitted, with a ready candidate report."""
    interview = scored_interview_create(panelists=[lead, panelist], questions=2)
    name = default_storage.save("reports/headers.pdf", ContentFile(b"%PDF-1.7 headers"))
    report = Report.objects.create(
        kind=ReportKind.CANDIDATE_REPORT,
        interview=interview,
        requested_by=recruiter,
        status=ReportStatus.READY,
        file=name,
    )
    return interview, report


def _private_no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_it_keeps_scoring_pages_summaries_reports_and_invites_out_of_caches(client, lead, scored):
    interview, report = scored
    client.force_login(lead)
    question = interview.questions.first()
    requests = [
        ("get", f"/scoring/{interview.pk}/", {}),
        ("get", f"/scoring/{interview.pk}/progress/", {}),
        ("get", f"/scoring/{interview.pk}/summary/", {}),
        ("get", f"/scoring/{interview.pk}/submit/", {}),
        ("post", f"/scoring/{interview.pk}/answers/{question.pk}/", {"version": "0"}),
        ("post", f"/scoring/{interview.pk}/overall/", {"version": "0"}),
        ("get", f"/reports/{report.pk}/", {}),
        ("get", f"/reports/{report.pk}/status/", {}),
        ("get", f"/reports/{report.pk}/download/", {}),
        ("get", f"/interviews/{interview.pk}/invite.ics", {}),
    ]
    cached = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, url
        if not _private_no_store(response):
            cached.append((url, response.status_code, response.get("Cache-Control")))
    assert not cached


def test_it_sends_a_strict_content_security_policy_on_panel_pages(client, panelist):
    client.force_login(panelist)
    policy = client.get("/bank/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


def test_it_gives_wagtails_admin_its_own_policy_without_eval(client, editor):
    client.force_login(editor)
    policy = client.get("/admin/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["frame-ancestors"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-eval" not in policy
    assert "http" not in policy  # no other origin
