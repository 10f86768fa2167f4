"""Every form takes the hostile corpus without a server error: refused input writes nothing,
and accepted input is stored exactly as sent (it is escaped where it is shown)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from interviews.models import InterviewStatus
from scorecards.services import scorecard_open
from tests.factories import InterviewFactory
from tests.scorecards.conftest import submit_scorecard

from .hostile import DATETIMES, HUGE, TEXT

pytestmark = pytest.mark.django_db

NUMBERS = ["", "-1", "0", "1.5", "abc", HUGE, "9" * 5000, "\x00"]
WRITTEN = [
    "interviews.Candidate",
    "interviews.Position",
    "interviews.InterviewPlan",
    "interviews.PlanSection",
    "interviews.Interview",
    "interviews.StatusChange",
    "scorecards.Answer",
    "scorecards.ScorecardReopen",
    "scorecards.Report",
    "questionbank.Category",
    "questionbank.Question",
    "auth.User",
]


def _state():
    """Rows of every table a form writes, and the versions autosave bumps."""
    counts = tuple(apps.get_model(label).objects.count() for label in WRITTEN)
    answer = apps.get_model("scorecards.Answer").objects.values_list("version", flat=True)
    scorecard = apps.get_model("scorecards.Scorecard").objects.values_list(
        "summary_version", "status"
    )
    interview = apps.get_model("interviews.Interview").objects.values_list("status")
    return counts, sorted(answer), sorted(scorecard), sorted(interview)


@pytest.fixture
def world(categories, candidate, plan, lead, panelist, recruiter):
    """A live interview (lead seated) with a submitted scorecard of the panelist's too."""
    interview = InterviewFactory(candidate=candidate, panel=[lead, panelist], questions=2)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    submitted = submit_scorecard(interview=interview, user=panelist)
    scorecard_open(interview=interview, panelist=lead)  # opened, as the scoring page does
    return {
        "interview": interview,
        "question": interview.questions.first(),
        "submitted": submitted,
        "category": categories[0],
        "candidate": candidate,
        "plan": plan,
        "lead": lead,
    }


def _start(days=3):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# (persona, url builder, valid data builder, fields to spoil, values)
FORMS = [
    (
        "recruiter",
        lambda w: "/candidates/new/",
        lambda w: {
            "full_name": "Probe Person",
            "email": "probe@mail.test",
            "position": w["candidate"].position_id,
            "notes": "",
        },
        ["full_name", "email", "notes", "position"],
        TEXT,
    ),
    (
        "recruiter",
        lambda w: "/positions/new/",
        lambda w: {"title": "Probe", "team": "", "description": "", "is_open": "on"},
        ["title", "team", "description"],
        TEXT,
    ),
    (
        "recruiter",
        lambda w: "/plans/new/",
        lambda w: {
            "name": "Probe plan",
            "description": "",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-category": str(w["category"].pk),
            "sections-0-count": "1",
            "sections-0-difficulty": "",
            "sections-0-tag": "",
            "sections-0-minutes": "15",
        },
        ["name", "description", "sections-0-tag", "sections-0-difficulty"],
        TEXT,
    ),
    (
        "recruiter",
        lambda w: "/plans/new/",
        lambda w: {
            "name": "Probe plan",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-category": str(w["category"].pk),
            "sections-0-count": "1",
            "sections-0-minutes": "15",
        },
        ["sections-0-count", "sections-0-minutes", "sections-TOTAL_FORMS"],
        NUMBERS,
    ),
    (
        "recruiter",
        lambda w: "/interviews/new/",
        lambda w: {
            "candidate": w["candidate"].pk,
            "plan": w["plan"].pk,
            "scheduled_at": _start(),
            "duration_minutes": "60",
            "location": "Room 4",
            "panel": [w["lead"].pk],
            "lead": w["lead"].pk,
        },
        ["location", "scheduled_at"],
        TEXT + DATETIMES,
    ),
    (
        "recruiter",
        lambda w: "/interviews/new/",
        lambda w: {
            "candidate": w["candidate"].pk,
            "plan": w["plan"].pk,
            "scheduled_at": _start(),
            "duration_minutes": "60",
            "panel": [w["lead"].pk],
            "lead": w["lead"].pk,
        },
        ["duration_minutes"],
        NUMBERS,
    ),
    (
        "lead",
        lambda w: f"/scoring/{w['interview'].pk}/answers/{w['question'].pk}/",
        lambda w: {"rating": "3", "not_asked": "false", "notes": "", "version": "0"},
        ["notes", "rating", "not_asked", "version"],
        TEXT + NUMBERS,
    ),
    (
        "lead",
        lambda w: f"/scoring/{w['interview'].pk}/overall/",
        lambda w: {"recommendation": "yes", "summary": "", "version": "0"},
        ["summary", "recommendation", "version"],
        TEXT + NUMBERS,
    ),
    (
        "recruiter",
        lambda w: f"/scoring/scorecards/{w['submitted'].pk}/reopen/",
        lambda w: {"reason": "Wrong candidate"},
        ["reason"],
        ["", "\x00", "x" * 10_000],
    ),
    (
        "recruiter",
        lambda w: f"/interviews/{w['interview'].pk}/status/",
        lambda w: {"action": "complete", "note": ""},
        ["note", "action"],
        ["\x00", "x" * 10_000, "a\r\nb"],
    ),
    (
        "lead",
        lambda w: "/preferences/",
        lambda w: {"time_zone": "Europe/Paris"},
        ["time_zone"],
        TEXT + ["../../etc/passwd"],
    ),
    (
        "lead",
        lambda w: reverse("reports:request", args=["kit", w["interview"].pk]),
        lambda w: {"paper_size": "A4"},
        ["paper_size"],
        TEXT,
    ),
    (
        "lead",
        lambda w: "/scoring/preferences/auto-advance/",
        lambda w: {"auto_advance": "on"},
        ["auto_advance"],
        TEXT,
    ),
    (
        "editor",
        lambda w: reverse("wagtailsnippets_questionbank_category:add"),
        lambda w: {"name": "Probe category", "slug": "probe", "number": "9", "description": ""},
        ["name", "slug", "number", "description"],
        TEXT + NUMBERS,
    ),
    (
        "editor",
        lambda w: reverse("wagtailsnippets_questionbank_question:add"),
        lambda w: {
            "prompt": rich_text("<p>Probe question?</p>"),
            "category": w["category"].pk,
            "difficulty": "mid",
            "expected_minutes": "5",
            "tags": "probe",
            "key": "probe-question",
            "sort_order": "1",
        },
        ["category", "tags", "key", "expected_minutes", "sort_order", "guide_1", "go_live_at"],
        TEXT + NUMBERS + DATETIMES,
    ),
    (
        "admin_user",
        lambda w: reverse("wagtailusers_users:add"),
        lambda w: {
            "username": "probe",
            "email": "probe@example.test",
            "first_name": "Pro",
            "last_name": "Be",
            "password1": "A-long-Passw0rd-x",
            "password2": "A-long-Passw0rd-x",
            "is_active": "on",
        },
        ["first_name", "email", "groups"],
        TEXT + NUMBERS,
    ),
]


@pytest.mark.parametrize(
    "persona, url, valid, fields, values",
    FORMS,
    ids=[f"{n}-{f[3][0]}" for n, f in enumerate(FORMS)],
)
def test_it_takes_hostile_values_in_every_field_without_a_server_error(
    client, request, world, persona, url, valid, fields, values
):
    client.force_login(request.getfixturevalue(persona))
    failures = []
    for field in fields:
        for value in values:
            before = _state()
            data = {**valid(world), field: value}
            response = client.post(url(world), data)
            status = response.status_code
            if status >= 500:
                failures.append((field, repr(value)[:30], status))
            elif 400 <= status < 500 and _state() != before:
                failures.append((field, repr(value)[:30], status, "written"))
            elif 400 <= status < 500 and not response.content.strip():
                failures.append((field, repr(value)[:30], status, "no message"))
    assert not failures
