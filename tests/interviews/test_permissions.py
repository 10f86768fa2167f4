"""Every hiring view × every role, with other objects' ids: allowed → 200 (or a redirect after a
POST), everyone else 403/404, never a 500, never another candidate's data."""

import copy

import pytest
from django.urls import reverse

from tests.conftest import fixtures_from, persona_create
from tests.interviews.conftest import hiring_data_create

# The shared data is set up before each test's own transaction (see module_db).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_objects")]

ROLES = [
    "anonymous",
    "editor",
    "recruiter",
    "admin_user",
    "panelist",
    "outsider",
    "hiring_manager",
    "other_hiring_manager",
]
STAFF = {"recruiter", "admin_user"}
PEOPLE = [*ROLES[1:], "lead"]
HIRING = [
    "categories",
    "position",
    "other_position",
    "candidate",
    "other_candidate",
    "plan",
    "interview",
    "other_interview",
]


def _url(name, objects, *args):
    return reverse(f"interviews:{name}", args=[a(objects) if callable(a) else a for a in args])


# (label, method, url builder, post data builder, roles allowed)
ENDPOINTS = [
    ("dashboard", "get", lambda o: reverse("dashboard"), None, STAFF),
    (
        "dashboard awaiting",
        "get",
        lambda o: reverse("dashboard") + "?tab=awaiting&sort=-candidate",
        None,
        STAFF,
    ),
    (
        "positions",
        "get",
        lambda o: _url("positions", o),
        None,
        STAFF | {"hiring_manager", "other_hiring_manager"},
    ),
    ("position new", "get", lambda o: _url("position_new", o), None, STAFF),
    (
        "position edit",
        "get",
        lambda o: _url("position_edit", o, lambda o: o["position"].pk),
        None,
        STAFF,
    ),
    (
        "other position edit",
        "get",
        lambda o: _url("position_edit", o, lambda o: o["other_position"].pk),
        None,
        STAFF,
    ),
    (
        "candidates",
        "get",
        lambda o: _url("candidates", o),
        None,
        STAFF | {"hiring_manager", "other_hiring_manager"},
    ),
    (
        "candidates of other position",
        "get",
        lambda o: _url("candidates", o) + f"?position={o['other_position'].pk}",
        None,
        STAFF | {"hiring_manager", "other_hiring_manager"},
    ),
    ("candidate new", "get", lambda o: _url("candidate_new", o), None, STAFF),
    (
        "candidate",
        "get",
        lambda o: _url("candidate", o, lambda o: o["candidate"].pk),
        None,
        STAFF | {"hiring_manager"},
    ),
    (
        "other candidate",
        "get",
        lambda o: _url("candidate", o, lambda o: o["other_candidate"].pk),
        None,
        STAFF | {"other_hiring_manager"},
    ),
    ("missing candidate", "get", lambda o: _url("candidate", o, 999999), None, set()),
    (
        "candidate edit",
        "get",
        lambda o: _url("candidate_edit", o, lambda o: o["candidate"].pk),
        None,
        STAFF,
    ),
    ("plans", "get", lambda o: _url("plans", o), None, STAFF),
    ("plan new", "get", lambda o: _url("plan_new", o), None, STAFF),
    ("plan edit", "get", lambda o: _url("plan_edit", o, lambda o: o["plan"].pk), None, STAFF),
    ("question picker", "get", lambda o: _url("question_picker", o) + "?q=thing", None, STAFF),
    (
        "question picker for other interview",
        "get",
        lambda o: _url("question_picker", o) + f"?q=thing&target={o['other_interview'].pk}",
        None,
        STAFF,
    ),
    ("interview new", "get", lambda o: _url("interview_new", o), None, STAFF),
    (
        "interview",
        "get",
        lambda o: _url("interview", o, lambda o: o["interview"].pk),
        None,
        STAFF | {"panelist", "hiring_manager"},
    ),
    (
        "other interview",
        "get",
        lambda o: _url("interview", o, lambda o: o["other_interview"].pk),
        None,
        STAFF | {"outsider", "other_hiring_manager"},
    ),
    ("missing interview", "get", lambda o: _url("interview", o, 999999), None, set()),
    (
        "invite",
        "get",
        lambda o: _url("interview_invite", o, lambda o: o["interview"].pk),
        None,
        STAFF | {"panelist"},
    ),
    (
        "other invite",
        "get",
        lambda o: _url("interview_invite", o, lambda o: o["other_interview"].pk),
        None,
        STAFF | {"outsider"},
    ),
    (
        "swap page",
        "get",
        lambda o: _url(
            "interview_question_swap",
            o,
            lambda o: o["interview"].pk,
            lambda o: o["interview"].questions.first().pk,
        ),
        None,
        STAFF,
    ),
    (
        "swap other interview's item",
        "get",
        lambda o: _url(
            "interview_question_swap",
            o,
            lambda o: o["interview"].pk,
            lambda o: o["other_interview"].questions.first().pk,
        ),
        None,
        set(),
    ),
    ("my interviews", "get", lambda o: _url("my_interviews", o), None, set(ROLES) - {"anonymous"}),
    (
        "start",
        "post",
        lambda o: _url("interview_status", o, lambda o: o["interview"].pk),
        lambda o: {"action": "start"},
        STAFF,
    ),
    (
        "start other",
        "post",
        lambda o: _url("interview_status", o, lambda o: o["other_interview"].pk),
        lambda o: {"action": "start"},
        STAFF | {"outsider"},
    ),
    (
        "cancel",
        "post",
        lambda o: _url("interview_status", o, lambda o: o["interview"].pk),
        lambda o: {"action": "cancel"},
        STAFF,
    ),
    (
        "drop question",
        "post",
        lambda o: _url("interview_questions", o, lambda o: o["interview"].pk),
        lambda o: {"action": "drop", "item": o["interview"].questions.first().pk},
        STAFF,
    ),
    (
        "swap post",
        "post",
        lambda o: _url(
            "interview_question_swap",
            o,
            lambda o: o["interview"].pk,
            lambda o: o["interview"].questions.first().pk,
        ),
        lambda o: {"question": 987654},
        STAFF,
    ),
    (
        "plan duplicate",
        "post",
        lambda o: _url("plan_duplicate", o, lambda o: o["plan"].pk),
        lambda o: {},
        STAFF,
    ),
    (
        "plan archive",
        "post",
        lambda o: _url("plan_archive", o, lambda o: o["plan"].pk),
        lambda o: {"archived": "1"},
        STAFF,
    ),
    (
        "plan preview",
        "post",
        lambda o: _url("plan_preview", o),
        lambda o: {"sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"},
        STAFF,
    ),
    ("plan pins", "post", lambda o: _url("plan_pins", o), lambda o: {"add_pin": "1"}, STAFF),
    (
        "candidate edit post",
        "post",
        lambda o: _url("candidate_edit", o, lambda o: o["candidate"].pk),
        lambda o: {"full_name": "X"},
        STAFF,
    ),
    ("interview new post", "post", lambda o: _url("interview_new", o), lambda o: {}, STAFF),
    # Invitations and changes: edit time, place and panel; cancel after a confirmation.
    ("edit", "get", lambda o: _url("interview_edit", o, lambda o: o["interview"].pk), None, STAFF),
    (
        "edit other",
        "get",
        lambda o: _url("interview_edit", o, lambda o: o["other_interview"].pk),
        None,
        STAFF,
    ),
    (
        "edit post",
        "post",
        lambda o: _url("interview_edit", o, lambda o: o["interview"].pk),
        lambda o: {"location": "Room 9"},
        STAFF,
    ),
    (
        "cancel page",
        "get",
        lambda o: _url("interview_cancel", o, lambda o: o["interview"].pk),
        None,
        STAFF,
    ),
    (
        "cancel confirmed",
        "post",
        lambda o: _url("interview_cancel", o, lambda o: o["other_interview"].pk),
        lambda o: {"note": "Position filled"},
        STAFF,
    ),
]

# What each role must never read, whatever page it opens.
PERSONAL = {
    "panelist": ["maya.secret@mail.test", "oskar.secret@mail.test", "Oskar Otherperson"],
    "outsider": ["maya.secret@mail.test", "oskar.secret@mail.test", "Maya Okafor"],
    "hiring_manager": ["oskar.secret@mail.test", "Oskar Otherperson"],
    "other_hiring_manager": ["maya.secret@mail.test", "Maya Okafor"],
    "editor": [
        "maya.secret@mail.test",
        "oskar.secret@mail.test",
        "Maya Okafor",
        "Oskar Otherperson",
    ],
}


@pytest.fixture(scope="module")
def module_objects(module_db):
    """The personas and hiring data, built once for the whole matrix."""
    people = {name: persona_create(name) for name in PEOPLE}
    hiring = hiring_data_create(
        lead=people["lead"],
        panelist=people["panelist"],
        outsider=people["outsider"],
        hiring_manager=people["hiring_manager"],
        other_hiring_manager=people["other_hiring_manager"],
    )
    return people | hiring


@pytest.fixture
def objects(module_objects, db):
    """This case's own copy: its writes roll back, its in-memory changes stay its own."""
    return copy.deepcopy(module_objects)


# Every persona and hiring fixture in this module is the case's copy of the shared objects.
globals().update(fixtures_from("objects", PEOPLE + HIRING))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "label, method, url, data, allowed", ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_it_enforces_the_permission_matrix(
    request, client, objects, role, label, method, url, data, allowed
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    target = url(objects)
    response = client.get(target) if method == "get" else client.post(target, data(objects))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    if role in allowed:
        # A POST of incomplete data by an allowed role is a form sent back with errors (422).
        expected = (200,) if method == "get" else (200, 302, 422)
        assert response.status_code in expected, (role, label, response.status_code)
    else:
        assert response.status_code in (403, 404), (role, label, response.status_code)
    body = response.content.decode()
    for secret in PERSONAL.get(role, []):
        assert secret not in body, (role, label, secret)
