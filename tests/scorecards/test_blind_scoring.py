"""Blind scoring: nobody sees another panelist's ratings or notes before submitting their own."""

import pytest

from tests.conftest import DUAL_ROLES, seat_on_panel
from tests.scorecards.conftest import post_answer, submit_scorecard

pytestmark = pytest.mark.django_db

SECRET = "SECRET-NOTE-of-the-panelist"


@pytest.fixture
def panelist_scored(client, interview, questions, panelist):
    client.force_login(panelist)
    post_answer(client, interview, questions[0], rating="4", notes=SECRET)
    client.post(
        f"/scoring/{interview.pk}/overall/",
        {"recommendation": "strong_yes", "summary": SECRET + "-summary", "version": 0},
    )
    client.logout()


def test_it_keeps_other_ratings_out_of_the_leads_scoring_page(
    client, interview, lead, panelist_scored
):
    client.force_login(lead)
    html = client.get(f"/scoring/{interview.pk}/").content.decode()
    assert SECRET not in html
    assert "checked" not in html
    assert ">Strong yes</span></label>" in html  # the choice exists, unselected
    assert 'value="strong_yes" checked' not in html


def test_it_shows_the_lead_progress_but_never_ratings(
    client, interview, lead, panelist, panelist_scored
):
    client.force_login(lead)
    html = client.get(f"/scoring/{interview.pk}/progress/").content.decode()
    assert "1 / 3" in html
    assert SECRET not in html and "Strong yes" not in html and ">4<" not in html


def test_it_never_returns_other_panelists_data_from_autosave(
    client, interview, questions, lead, panelist_scored
):
    client.force_login(lead)
    saved = post_answer(client, interview, questions[0], rating="1", notes="mine")
    stale = post_answer(client, interview, questions[0], rating="2", notes="again", version=0)
    assert stale.status_code == 409
    for response in (saved, stale):
        assert SECRET not in response.content.decode()
    assert "mine" in stale.content.decode()


def test_it_hides_the_panel_summary_until_one_submits(client, interview, lead, panelist_scored):
    client.force_login(lead)
    assert client.get(f"/scoring/{interview.pk}/summary/").status_code == 403


def test_it_shows_only_submitted_scorecards_after_submitting(
    client, interview, lead, panelist, panelist_scored
):
    submit_scorecard(interview=interview, user=lead)
    client.force_login(lead)
    html = client.get(f"/scoring/{interview.pk}/summary/").content.decode()
    assert "notes of lead" in html
    assert SECRET not in html  # the panelist's scorecard is still a draft
    client.force_login(panelist)
    client.post(f"/scoring/{interview.pk}/submit/", {"confirm_unrated": "on"})
    client.force_login(lead)
    html = client.get(f"/scoring/{interview.pk}/summary/").content.decode()
    assert SECRET in html and SECRET + "-summary" in html


# --- seated and something more: the seat's duty holds -----------------------------------------


@pytest.fixture
def panelist_submitted(client, interview, questions, panelist):
    """The panelist scored (notes SECRET) and submitted."""
    client.force_login(panelist)
    post_answer(client, interview, questions[0], rating="4", notes=SECRET)
    client.post(
        f"/scoring/{interview.pk}/overall/",
        {"recommendation": "strong_yes", "summary": SECRET + "-summary", "version": 0},
    )
    client.post(f"/scoring/{interview.pk}/submit/", {"confirm_unrated": "on"})
    client.logout()
    assert interview.scorecards.get(panelist=panelist).status == "submitted"


@pytest.mark.parametrize("persona", sorted(DUAL_ROLES))
def test_it_shows_a_seated_reader_no_score_anywhere_before_they_submit(
    client, request, interview, panelist_submitted, persona
):
    user = request.getfixturevalue(persona)
    seat_on_panel(interview, user)
    client.force_login(user)
    pages = {
        "interview": f"/interviews/{interview.pk}/",
        "scoring": f"/scoring/{interview.pk}/",
        "candidate": f"/candidates/{interview.candidate.pk}/",
    }
    for name, url in pages.items():
        response = client.get(url)
        html = response.content.decode()
        assert SECRET not in html, name
        assert f"/scoring/{interview.pk}/summary/" not in html, name
        assert "/reports/request/interview-report/" not in html, name
        assert "/reports/request/candidate-report/" not in html, name
    assert client.get(f"/scoring/{interview.pk}/summary/").status_code == 403
    assert client.get(f"/scoring/{interview.pk}/progress/").status_code in (200, 403)
    assert SECRET not in client.get(f"/scoring/{interview.pk}/progress/").content.decode()


def test_it_lets_a_seated_recruiter_do_recruiter_work_before_submitting(
    client, interview, panelist_submitted, panelist_recruiter
):
    seat_on_panel(interview, panelist_recruiter)
    client.force_login(panelist_recruiter)
    html = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f"/scoring/{interview.pk}/" in html  # their own scoring page
    # Close as completed (a status form) and Cancel interview (a link to its confirmation page).
    assert 'value="complete"' in html and f"/interviews/{interview.pk}/cancel/" in html
    assert "/reports/request/kit/" in html  # questions only, no score
    assert client.get("/scoring/late/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
    response = client.post(f"/interviews/{interview.pk}/status/", {"action": "cancel"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "cancelled"


def test_it_shows_a_seated_recruiter_the_summary_link_once_they_submit(
    client, interview, panelist_submitted, panelist_recruiter
):
    seat_on_panel(interview, panelist_recruiter)
    submit_scorecard(interview=interview, user=panelist_recruiter)
    client.force_login(panelist_recruiter)
    html = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f"/scoring/{interview.pk}/summary/" in html
    assert SECRET in client.get(f"/scoring/{interview.pk}/summary/").content.decode()
