"""Recruiter flows in the browser's terms: positions, candidates, plan pins, duplicate/archive."""

import pytest

from interviews.demo import demo_accounts_create, demo_hiring_data_create
from interviews.models import Candidate, Interview, InterviewPlan, InterviewStatus, Position
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_position_with_its_hiring_manager(client, recruiter, hiring_manager):
    client.force_login(recruiter)
    response = client.post(
        "/positions/new/", {"title": "SRE", "team": "Ops", "hiring_managers": [hiring_manager.pk]}
    )
    assert response.status_code == 302
    assert list(Position.objects.get(title="SRE").hiring_managers.all()) == [hiring_manager]


def test_it_creates_edits_and_finds_a_candidate(client, recruiter, position):
    client.force_login(recruiter)
    response = client.post(
        "/candidates/new/",
        {"full_name": "Ann Example", "email": "ann@mail.test", "position": position.pk},
    )
    candidate = Candidate.objects.get()
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    client.post(
        f"/candidates/{candidate.pk}/edit/",
        {"full_name": "Ann B. Example", "email": "ann@mail.test", "position": position.pk},
    )
    body = client.get("/candidates/?q=B.+Exam").content.decode()
    assert "Ann B. Example" in body


def test_it_refuses_the_same_candidate_twice_for_a_position(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        "/candidates/new/",
        {"full_name": "Again", "email": candidate.email, "position": candidate.position_id},
    )
    assert response.status_code == 422
    assert "already exists" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_it_shows_a_hiring_manager_their_candidates_read_only(client, hiring_manager, interview):
    client.force_login(hiring_manager)
    body = client.get(f"/candidates/{interview.candidate_id}/").content.decode()
    assert interview.candidate.email in body
    assert "/edit/" not in body
    assert "Schedule an interview" not in body


def test_it_lists_only_the_panelists_interviews_under_my_interviews(
    client, panelist, interview, other_interview
):
    client.force_login(panelist)
    body = client.get("/interviews/mine/").content.decode()
    assert interview.candidate.full_name in body
    assert other_interview.candidate.full_name not in body


def test_it_pins_and_unpins_through_the_htmx_endpoint(client, recruiter, categories):
    client.force_login(recruiter)
    first, second = categories[0].questions.all()[:2]
    response = client.post("/plans/pins/", {"pins": [first.pk], "add_pin": second.pk})
    assert response["HX-Trigger-After-Swap"] == "pins-changed"
    body = response.content.decode()
    assert f'value="{first.pk}"' in body and f'value="{second.pk}"' in body
    body = client.post("/plans/pins/", {"pins": [first.pk], "add_pin": first.pk}).content.decode()
    assert "already pinned" in body
    body = client.post(
        "/plans/pins/", {"pins": [first.pk, second.pk], "remove_pin": first.pk}
    ).content.decode()
    assert f'value="{first.pk}"' not in body


def test_it_finds_published_questions_to_pick(client, recruiter, categories):
    client.force_login(recruiter)
    hidden = categories[0].questions.first()
    hidden.live = False
    hidden.save(update_fields=["live"])
    body = client.get("/questions/pick/?q=thing").content.decode()
    assert "Pin" in body
    assert hidden.prompt_text not in body


def test_it_duplicates_and_archives_a_plan(client, recruiter, plan):
    client.force_login(recruiter)
    response = client.post(f"/plans/{plan.pk}/duplicate/")
    copy = InterviewPlan.objects.exclude(pk=plan.pk).get()
    assert response["Location"] == f"/plans/{copy.pk}/"
    assert copy.name == f"{plan.name} (copy)"
    assert copy.sections.count() == plan.sections.count()
    client.post(f"/plans/{plan.pk}/archive/", {"archived": "1"})
    plan.refresh_from_db()
    assert plan.is_archived
    assert f">{plan.name}</option>" not in client.get("/interviews/new/").content.decode()


def test_it_seeds_demo_hiring_data_once(categories):
    demo_accounts_create()
    demo_hiring_data_create()
    demo_hiring_data_create()
    assert Position.objects.count() == 2
    assert Candidate.objects.count() == 3
    assert InterviewPlan.objects.count() == 1
    assert Interview.objects.filter(status=InterviewStatus.SCHEDULED).count() == 1
    assert Interview.objects.filter(status=InterviewStatus.LIVE).count() == 1
    manager_position = Position.objects.get(hiring_managers__email="manager@panel.test")
    assert manager_position.title == "Senior Django engineer"


def test_it_paginates_candidates(client, recruiter, position):
    CandidateFactory.create_batch(30, position=position)
    client.force_login(recruiter)
    assert "Page 1 of 2" in client.get("/candidates/").content.decode()
