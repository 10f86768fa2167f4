"""Every parameter that names an object takes hostile ids without a server error.

A malformed id (not digits, zero, negative, past 64 bits: an OverflowError on SQLite) is a 4xx
with a message, and nothing is written.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Candidate, Interview, InterviewPlan, PlanPin, Position

from .hostile import IDS

pytestmark = pytest.mark.django_db


def _plan_post(o, **extra):
    return {
        "name": "Probe plan",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-category": str(o["categories"][0].pk),
        "sections-0-count": "1",
        "sections-0-difficulty": "",
        "sections-0-tag": "",
        "sections-0-minutes": "15",
        **extra,
    }


def _interview_post(o, **extra):
    start = timezone.localtime() + timedelta(days=3)
    return {
        "candidate": str(o["candidate"].pk),
        "plan": str(o["plan"].pk),
        "scheduled_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "location": "Room 4",
        "panel": [str(o["lead"].pk)],
        "lead": str(o["lead"].pk),
        **extra,
    }


# (label, method, url, data builder taking (objects, value))
ENDPOINTS = [
    ("candidates ?position", "get", lambda o: "/candidates/", lambda o, v: {"position": v}),
    ("candidate new ?position", "get", lambda o: "/candidates/new/", lambda o, v: {"position": v}),
    (
        "interview new ?candidate",
        "get",
        lambda o: "/interviews/new/",
        lambda o, v: {"candidate": v},
    ),
    ("picker ?target", "get", lambda o: "/questions/pick/", lambda o, v: {"q": "x", "target": v}),
    ("pins", "post", lambda o: "/plans/pins/", lambda o, v: {"pins": [v]}),
    ("add pin", "post", lambda o: "/plans/pins/", lambda o, v: {"add_pin": v}),
    ("remove pin", "post", lambda o: "/plans/pins/", lambda o, v: {"remove_pin": v}),
    ("pin up", "post", lambda o: "/plans/pins/", lambda o, v: {"up_pin": v}),
    (
        "preview pins",
        "post",
        lambda o: "/plans/preview/",
        lambda o, v: {"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0", "pins": [v]},
    ),
    ("plan pins", "post", lambda o: "/plans/new/", lambda o, v: _plan_post(o, pins=[v])),
    (
        "plan category",
        "post",
        lambda o: "/plans/new/",
        lambda o, v: _plan_post(o, **{"sections-0-category": v}),
    ),
    ("plan position", "post", lambda o: "/plans/new/", lambda o, v: _plan_post(o, position=v)),
    (
        "position managers",
        "post",
        lambda o: "/positions/new/",
        lambda o, v: {"title": "Probe", "is_open": "on", "hiring_managers": [v]},
    ),
    (
        "candidate position",
        "post",
        lambda o: "/candidates/new/",
        lambda o, v: {"full_name": "Probe", "email": "probe@mail.test", "position": v},
    ),
    (
        "interview panel",
        "post",
        lambda o: "/interviews/new/",
        lambda o, v: _interview_post(o, panel=[v]),
    ),
    (
        "interview lead",
        "post",
        lambda o: "/interviews/new/",
        lambda o, v: _interview_post(o, lead=v),
    ),
    (
        "interview candidate",
        "post",
        lambda o: "/interviews/new/",
        lambda o, v: _interview_post(o, candidate=v),
    ),
    (
        "interview plan",
        "post",
        lambda o: "/interviews/new/",
        lambda o, v: _interview_post(o, plan=v),
    ),
    (
        "drop item",
        "post",
        lambda o: f"/interviews/{o['interview'].pk}/questions/",
        lambda o, v: {"action": "drop", "item": v},
    ),
    (
        "add question",
        "post",
        lambda o: f"/interviews/{o['interview'].pk}/questions/",
        lambda o, v: {"action": "add", "question": v},
    ),
    (
        "swap question",
        "post",
        lambda o: f"/interviews/{o['interview'].pk}/questions/{o['item'].pk}/swap/",
        lambda o, v: {"question": v},
    ),
]


def _rows() -> tuple[int, ...]:
    return (
        Candidate.objects.count(),
        Position.objects.count(),
        InterviewPlan.objects.count(),
        PlanPin.objects.count(),
        Interview.objects.count(),
    )


@pytest.fixture
def objects(categories, candidate, plan, interview, lead):
    return {
        "categories": categories,
        "candidate": candidate,
        "plan": plan,
        "interview": interview,
        "item": interview.questions.first(),
        "lead": lead,
    }


@pytest.mark.parametrize("label, method, url, data", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_it_answers_malformed_ids_with_a_4xx_and_writes_nothing(
    client, recruiter, objects, label, method, url, data
):
    client.force_login(recruiter)
    before, questions = _rows(), objects["interview"].questions.count()
    failures = []
    for value in IDS:
        if value == "":
            continue
        response = getattr(client, method)(url(objects), data(objects, value))
        if not (400 <= response.status_code < 500 and response.content.strip()):
            failures.append((value[:30], response.status_code))
    assert not failures
    assert _rows() == before
    assert objects["interview"].questions.count() == questions
    # No value at all is "none chosen": whatever that means here, never a server error.
    assert getattr(client, method)(url(objects), data(objects, "")).status_code < 500
