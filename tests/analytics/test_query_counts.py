"""Every analytics page asks the database the same number of queries for 1 interview as for 50,
whether it has to catch up with new scorecards first or not. (The report of questions to review
lists nothing below five interviews, when a listed question adds its own two queries, so it is
compared at 5 and 50.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.aggregates import aggregates_catch_up
from tests.analytics.conftest import decide, rated_interview
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "calibration, everyone": ("recruiter", "/analytics/calibration/?period=all", 1),
    "calibration, one's own": ("lead", "/analytics/calibration/?period=365", 1),
    "a question's figures": ("editor", "/analytics/questions/{question}/", 1),
    "the question's Effectiveness tab": (
        "editor",
        "/admin/snippets/questionbank/question/edit/{question}/",
        1,
    ),
    "questions to review": ("editor", "/admin/reports/questions-to-review/", 5),
    "questions to review, CSV": ("editor", "/admin/reports/questions-to-review/?export=csv", 5),
}


def _interviews_add(count, *, bank, lead, panelist, recruiter):
    for number in range(count):
        interview = rated_interview(
            bank_questions=bank,
            ratings={lead: [1 + number % 4, 3, None], panelist: [2, 1 + number % 3, 4]},
            recommendations={lead: ["yes", "no"][number % 2], panelist: "strong_yes"},
        )
        decide(interview, ["advance", "reject", "hold"][number % 3], recruiter)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_the_query_count_does_not_grow_with_the_interviews(
    client, page, request, lead, panelist, recruiter, django_assert_num_queries
):
    persona, url, fewest = PAGES[page]
    category = CategoryFactory()
    bank = [QuestionFactory(category=category) for _ in range(3)]
    url = url.format(question=bank[0].pk)
    client.force_login(request.getfixturevalue(persona))
    people = {"bank": bank, "lead": lead, "panelist": panelist, "recruiter": recruiter}
    aggregates_catch_up()  # the state after the first page view of a deployed site
    _interviews_add(fewest, **people)
    catching_up = _queries(client, url)
    caught_up = _queries(client, url)
    _interviews_add(50 - fewest, **people)
    with django_assert_num_queries(catching_up):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    with django_assert_num_queries(caught_up):
        client.get(url)
