"""An autosave is the request every panelist makes all interview long: it costs a fixed, small
number of SQL queries (issue 14: at most 6, transaction statements included)."""

import pytest

from scorecards.models import Answer, Scorecard
from scorecards.services import scorecard_open
from tests.scorecards.conftest import post_answer

pytestmark = pytest.mark.django_db

# Session, user, then BEGIN (a savepoint inside the test's transaction), the scorecard locked
# with the seat and question checks, the insert or update, COMMIT (RELEASE SAVEPOINT).
AUTOSAVE_QUERIES = 6


@pytest.fixture
def opened(client, panelist, interview):
    """Signed in, with the scorecard the scoring page opens on the first visit."""
    scorecard_open(interview=interview, panelist=panelist)
    client.force_login(panelist)
    return client


def test_it_saves_a_first_answer_in_six_queries(
    opened, interview, questions, django_assert_num_queries
):
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        response = post_answer(opened, interview, questions[0], rating="3", notes="first")
    assert response.status_code == 200
    assert Answer.objects.get().version == 1


def test_it_saves_a_changed_answer_in_six_queries(
    opened, interview, questions, django_assert_num_queries
):
    post_answer(opened, interview, questions[0], rating="3", notes="first")
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        response = post_answer(opened, interview, questions[0], rating="4", notes="then", version=1)
    assert response.status_code == 200
    assert 'data-version="2"' in response.content.decode()
    assert (Answer.objects.get().notes, Answer.objects.get().version) == ("then", 2)


def test_it_reads_no_time_zone_for_a_save(opened, interview, questions, django_assert_num_queries):
    """The user's time zone (their Wagtail profile) is read only when a time is shown."""
    with django_assert_num_queries(AUTOSAVE_QUERIES) as captured:
        post_answer(opened, interview, questions[0], rating="2")
    assert not [query for query in captured if "wagtailusers_userprofile" in query["sql"]]


def test_it_opens_the_scorecard_when_the_first_save_comes_before_the_page(
    client, panelist, interview, questions
):
    client.force_login(panelist)
    response = post_answer(client, interview, questions[0], rating="2", notes="early")
    assert response.status_code == 200
    assert Scorecard.objects.get(panelist=panelist).answers.get().notes == "early"
