"""Autosave: every rating and note is saved as the panelist works, with a version per answer."""

import pytest

from scorecards.models import Answer
from tests.scorecards.conftest import post_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, panelist):
    client.force_login(panelist)
    return client


def test_it_saves_a_rating_and_notes_and_returns_the_new_version(signed_in, interview, questions):
    response = post_answer(signed_in, interview, questions[0], rating="3", notes="Knows F()")
    assert response.status_code == 200
    assert 'data-version="1"' in response.content.decode()
    answer = Answer.objects.get()
    assert (answer.rating, answer.not_asked, answer.notes, answer.version) == (
        3,
        False,
        "Knows F()",
        1,
    )


def test_it_bumps_the_version_on_each_save(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="1")
    response = post_answer(signed_in, interview, questions[0], rating="2", version=1)
    assert 'data-version="2"' in response.content.decode()
    assert Answer.objects.get().rating == 2


def test_it_saves_not_asked_without_a_rating(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[1], not_asked=True)
    answer = Answer.objects.get()
    assert answer.not_asked and answer.rating is None


def test_it_shows_saved_values_after_a_reload(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="4", notes="Deep answer on indexes")
    post_answer(signed_in, interview, questions[2], not_asked=True)
    html = signed_in.get(f"/scoring/{interview.pk}/").content.decode()
    assert "Deep answer on indexes</textarea>" in html
    # The page's script checks the saved rating from these attributes.
    first, third = questions[0].pk, questions[2].pk
    assert f'data-question="{first}" data-number="1" data-version="1" data-rating="4"' in html
    assert f'data-question="{third}" data-number="3" data-version="1" data-rating="not_asked"' in (
        html
    )


def test_it_refuses_a_stale_version_with_the_current_value(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="2", notes="first tab")
    response = post_answer(signed_in, interview, questions[0], rating="4", notes="second tab")
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed in another tab" in body
    assert 'data-rating="2"' in body and "first tab" in body
    assert Answer.objects.get().notes == "first tab"


def test_it_refuses_a_second_first_save_of_the_same_question(signed_in, interview, questions):
    post_answer(signed_in, interview, questions[0], rating="1")
    response = post_answer(signed_in, interview, questions[0], rating="3", version=0)
    assert response.status_code == 409
    assert Answer.objects.get().rating == 1


def test_it_stores_html_in_notes_as_text_and_escapes_it(signed_in, interview, questions):
    notes = '<script>alert("x")</script><b>bold</b>'
    post_answer(signed_in, interview, questions[0], rating="2", notes=notes)
    assert Answer.objects.get().notes == notes
    html = signed_in.get(f"/scoring/{interview.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    conflict = post_answer(signed_in, interview, questions[0], rating="3", version=0)
    assert "<script>alert" not in conflict.content.decode()
    assert "&lt;script&gt;" in conflict.content.decode()


def test_it_remembers_the_auto_advance_preference(signed_in, panelist, interview):
    assert (
        signed_in.post("/scoring/preferences/auto-advance/", {"auto_advance": "true"}).status_code
        == 204
    )
    assert panelist.scoring_preference.auto_advance is True
    html = signed_in.get(f"/scoring/{interview.pk}/").content.decode()
    assert 'data-auto-advance="true"' in html
    signed_in.post("/scoring/preferences/auto-advance/", {"auto_advance": "false"})
    panelist.scoring_preference.refresh_from_db()
    assert panelist.scoring_preference.auto_advance is False


def test_it_saves_the_recommendation_and_summary_with_a_version(signed_in, interview, panelist):
    url = f"/scoring/{interview.pk}/overall/"
    first = signed_in.post(url, {"recommendation": "yes", "summary": "Good", "version": 0})
    assert first.status_code == 200 and 'data-version="1"' in first.content.decode()
    stale = signed_in.post(url, {"recommendation": "no", "summary": "Other tab", "version": 0})
    assert stale.status_code == 409
    assert "Good" in stale.content.decode()
    scorecard = panelist.scorecards.get()
    assert (scorecard.recommendation, scorecard.summary) == ("yes", "Good")
