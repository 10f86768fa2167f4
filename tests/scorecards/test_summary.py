"""The panel summary page: per question and per category, disagreement flags, the tally."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scorecards import services
from scorecards.selectors import panel_summary
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _panel_submits(interview, ratings_by_user, recommendations):
    for user, ratings in ratings_by_user.items():
        scorecard = services.scorecard_open(interview=interview, panelist=user)
        for question, rating in zip(interview.questions.order_by("position"), ratings, strict=True):
            services.answer_save(
                scorecard=scorecard,
                question=question,
                rating=rating,
                not_asked=False,
                notes=f"{user.username} on {question.position}",
                expected_version=0,
                by=user,
            )
        services.scorecard_overall_save(
            scorecard=scorecard,
            recommendation=recommendations[user],
            summary="",
            expected_version=0,
            by=user,
        )
        services.scorecard_submit(scorecard=scorecard, by=user)


def test_it_shows_means_spreads_disagreements_and_the_tally(
    client, interview, lead, panelist, recruiter
):
    _panel_submits(
        interview,
        {lead: [1, 3, 4], panelist: [3, 3, 4]},
        {lead: "no", panelist: "strong_yes"},
    )
    client.force_login(recruiter)
    html = client.get(f"/scoring/{interview.pk}/summary/").content.decode()
    assert html.count("Panel disagrees") == 1  # question 1: 1 vs 3
    assert "1 disagreement" in html
    assert "Mean 2.00" in html and "Mean 3.00" in html and "Mean 4.00" in html
    assert "lead on 1" in html and "panelist on 3" in html
    assert '<li class="tally-no"><strong>1</strong> No</li>' in html
    assert '<li class="tally-strong_yes"><strong>1</strong> Strong yes</li>' in html
    assert '<li class="tally-yes"><strong>0</strong> Yes</li>' in html


def test_it_aggregates_in_a_constant_number_of_queries(django_assert_max_num_queries):
    def queries_for(panel_size: int, question_count: int) -> int:
        users = [UserFactory(roles=["Interviewers"]) for _ in range(panel_size)]
        interview = InterviewFactory(panel=users, questions=question_count)
        _panel_submits(
            interview,
            {user: [1 + (i % 4)] * question_count for i, user in enumerate(users)},
            dict.fromkeys(users, "yes"),
        )
        with CaptureQueriesContext(connection) as captured:
            panel_summary(interview=interview)
        return len(captured)

    assert queries_for(2, 2) == queries_for(4, 6) == 3


def test_it_flags_a_category_only_when_the_panel_disagrees_on_one_of_its_questions(
    interview, lead, panelist
):
    # One category; each question agreed on, but the pooled ratings span 1 to 4.
    _panel_submits(
        interview,
        {lead: [1, 4, 4], panelist: [1, 4, 3]},
        {lead: "no", panelist: "yes"},
    )
    (category,) = panel_summary(interview=interview).categories
    assert category.spread.range == 3
    assert category.disagreements == 0
