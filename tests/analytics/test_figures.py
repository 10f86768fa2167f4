"""Agreement, question effectiveness and calibration on constructed data, exact values."""

import math

import pytest

from analytics import agreement, calibration, questions, stats
from interviews.models import InterviewStatus
from scorecards.models import ScorecardStatus
from tests.analytics.conftest import decide, rated_interview, scorecard_add
from tests.conftest import seat_on_panel
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db
N = math.nan
RECOMMENDATION_OF = {4: "strong_yes", 3: "yes", 2: "no", 1: "strong_no"}


@pytest.fixture
def bank():
    category = CategoryFactory()
    return [QuestionFactory(category=category) for _ in range(4)]


# --- one interview ----------------------------------------------------------------------------


def test_it_reads_perfect_agreement_as_agreed_well(bank, lead, panelist, outsider):
    interview = rated_interview(
        bank_questions=bank,
        ratings={lead: [1, 2, 3, 4], panelist: [1, 2, 3, 4], outsider: [1, 2, 3, None]},
    )
    result = agreement.interview_agreement(interview_id=interview.pk)
    assert (result.alpha, result.units, result.raters) == (1.0, 4, 3)
    assert result.reading == "The panel agreed well"


def test_it_computes_the_interview_alpha_from_submitted_ratings_only(bank, lead, panelist):
    interview = rated_interview(
        bank_questions=bank, ratings={lead: [1, 2, 3, 4], panelist: [2, 2, 4, 4]}
    )
    frozen = list(interview.questions.order_by("position"))
    scorecard_add(interview, UserFactory(), frozen, [4, 1, 1, 1], "yes", ScorecardStatus.DRAFT)
    result = agreement.interview_agreement(interview_id=interview.pk)
    assert result.alpha == pytest.approx(0.8157894736842105)
    assert result.raters == 2


def test_one_submitted_panelist_is_not_enough_data(bank, lead):
    interview = rated_interview(bank_questions=bank, ratings={lead: [1, 2, 3, 4]})
    result = agreement.interview_agreement(interview_id=interview.pk)
    assert (result.alpha, result.units, result.reading) == (None, 0, "Not enough data")


def test_an_interview_without_scorecards_is_not_enough_data(bank, lead):
    result = agreement.interview_agreement(interview_id=0)
    assert (result.alpha, result.units, result.raters) == (None, 0, 0)


# --- a bank question over its uses ------------------------------------------------------------


@pytest.fixture
def question_history(bank, lead, panelist, recruiter):
    """bank[0] asked in six interviews, rated (lead, panelist); the recommendation follows the
    rating. Interviews 1-3 advanced, 4-5 rejected, 6 on hold."""
    target, other = bank[0], bank[1]
    pairs = [(4, 4), (4, 3), (3, 3), (2, 2), (1, 2), (None, 1)]
    outcomes = ["advance", "advance", "advance", "reject", "reject", "hold"]
    for (first, second), outcome in zip(pairs, outcomes, strict=True):
        interview = rated_interview(
            bank_questions=[target, other],
            ratings={lead: [first, 3], panelist: [second, 3]},
            recommendations={
                lead: RECOMMENDATION_OF.get(first, "no"),
                panelist: RECOMMENDATION_OF[second],
            },
        )
        decide(interview, outcome, recruiter)
    return target


def test_it_counts_uses_ratings_and_not_asked(question_history):
    figures = questions.question_effectiveness(question_ids=[question_history.pk])
    result = figures[question_history.pk]
    assert (result.uses, result.answers, result.not_asked, result.rated) == (6, 12, 1, 11)
    assert result.counts == {1: 2, 2: 3, 3: 3, 4: 3}
    assert result.mean == pytest.approx(29 / 11)
    assert result.not_asked_rate == pytest.approx(1 / 12)


def test_its_alpha_over_all_uses_equals_the_alpha_of_the_full_matrix(question_history):
    result = questions.question_effectiveness(question_ids=[question_history.pk])
    figures = result[question_history.pk]
    expected = stats.alpha_ordinal([[4, 4, 3, 2, 1, N], [4, 3, 3, 2, 2, 1]])
    assert figures.alpha == pytest.approx(expected)
    assert round(figures.alpha, 2) == 0.85
    assert figures.alpha_units == 5


def test_its_discrimination_tracks_recommendation_and_decision(question_history):
    figures = questions.question_effectiveness(question_ids=[question_history.pk])
    result = figures[question_history.pk]
    assert result.by_recommendation == questions.Correlation(pytest.approx(1.0), 11)
    # ratings 4,4,4,3,3,3 advanced; 2,2,1,2 rejected; the held candidate is left out:
    # tau-b = 24 / sqrt((45 - 9) * (45 - 21))
    assert result.by_decision.n == 10
    assert result.by_decision.tau == pytest.approx(24 / math.sqrt(36 * 24))


def test_a_question_asked_in_every_interview_is_overused(question_history):
    result = questions.question_effectiveness(question_ids=[question_history.pk])
    assert result[question_history.pk].reasons == [questions.Reason.OVERUSED]


def test_the_newest_decision_counts(question_history, recruiter):
    from interviews.models import Interview

    first = Interview.objects.filter(questions__source_question=question_history).earliest("pk")
    decide(first, "hold", recruiter, minutes_ago=-1)
    result = questions.question_effectiveness(question_ids=[question_history.pk])
    assert result[question_history.pk].by_decision.n == 8


def test_it_flags_ceiling_no_discrimination_and_poor_agreement(bank, lead, panelist, outsider):
    weak = bank[2]
    # Mostly 4s, the two panelists disagree where they differ, and the recommendation goes
    # against the rating.
    pairs = [(4, 4), (4, 1), (1, 4), (4, 4), (4, 2), (2, 4)]
    for first, second in pairs:
        rated_interview(
            bank_questions=[weak, bank[3]],
            ratings={lead: [first, 3], panelist: [second, 3], outsider: [None, 3]},
            recommendations={lead: RECOMMENDATION_OF[5 - first], panelist: "yes"},
        )
    result = questions.question_effectiveness(question_ids=[weak.pk])[weak.pk]
    assert result.counts[4] == 8 and result.rated == 12
    assert result.alpha < stats.ALPHA_TENTATIVE
    assert result.by_recommendation.tau < 0
    assert result.reasons == [
        questions.Reason.OVERUSED,
        questions.Reason.NO_DISCRIMINATION,
        questions.Reason.CEILING,
        questions.Reason.POOR_AGREEMENT,
    ]


def test_cancelled_interviews_and_drafts_do_not_count(bank, lead, panelist):
    interview = rated_interview(bank_questions=[bank[0]], ratings={lead: [4], panelist: [4]})
    interview.status = InterviewStatus.CANCELLED
    interview.save(update_fields=["status"])
    result = questions.question_effectiveness(question_ids=[bank[0].pk])[bank[0].pk]
    assert (result.uses, result.rated, result.alpha, result.reasons) == (0, 0, None, [])


def test_a_question_never_used_has_zero_figures_and_no_verdict(bank):
    result = questions.question_effectiveness(question_ids=[bank[0].pk])[bank[0].pk]
    assert (result.uses, result.mean, result.not_asked_rate, result.alpha) == (0, None, None, None)
    assert result.by_recommendation == questions.Correlation(None, 0)


def test_every_used_question_is_listed_without_ids(question_history, bank):
    result = questions.question_effectiveness()
    assert set(result) == {bank[0].pk, bank[1].pk}


# --- interviewers -----------------------------------------------------------------------------


@pytest.fixture
def calibration_history(bank, lead, panelist, outsider, recruiter):
    """Five interviews: lead and outsider rate 2, panelist 3 (in the fifth, 2). The first three
    candidates are rejected, the fourth advanced, the fifth on hold; everyone says yes."""
    outcomes = ["reject", "reject", "reject", "advance", "hold"]
    for index, outcome in enumerate(outcomes):
        own = 2 if index == 4 else 3
        interview = rated_interview(
            bank_questions=bank[:2],
            ratings={lead: [2, 2], panelist: [own, own], outsider: [2, 2]},
        )
        decide(interview, outcome, recruiter)
    rated_interview(
        bank_questions=bank[:2],
        ratings={lead: [4, 4], panelist: [1, 1]},
        days_ago=400,
    )


def test_it_measures_how_far_an_interviewer_sits_from_the_panel(
    calibration_history, panelist, recruiter
):
    (row,) = calibration.calibrations(viewer=recruiter, period="365", panelist_id=panelist.pk)
    # per interview: +1, +1, +1, +1, 0 -> mean 0.8, s = sqrt(0.2), t(0.975, 4) = 2.776445
    assert row.difference.n == 5
    assert row.ratings == 10
    assert row.difference.mean == pytest.approx(0.8)
    assert row.difference.low == pytest.approx(0.8 - 2.776445 * math.sqrt(0.2 / 5), abs=1e-6)
    assert row.difference.high == pytest.approx(0.8 + 2.776445 * math.sqrt(0.2 / 5), abs=1e-6)
    assert row.verdict == "More lenient than the rest of the panel"


def test_it_counts_recommendations_against_the_decision(calibration_history, panelist, recruiter):
    (row,) = calibration.calibrations(viewer=recruiter, period="365", panelist_id=panelist.pk)
    assert (row.decisions, row.against_decision, row.against_rate) == (4, 3, None)


def test_a_strict_interviewer_reads_stricter(calibration_history, lead, recruiter):
    (row,) = calibration.calibrations(viewer=recruiter, period="365", panelist_id=lead.pk)
    # 2 - (3 + 2) / 2 = -0.5 four times, then 0
    assert row.difference.mean == pytest.approx(-0.4)
    assert row.verdict == "Stricter than the rest of the panel"


def test_the_period_leaves_older_interviews_out(calibration_history, panelist, recruiter):
    (row,) = calibration.calibrations(viewer=recruiter, period="all", panelist_id=panelist.pk)
    assert row.difference.n == 6
    assert row.difference.mean == pytest.approx((0.8 * 5 - 3) / 6)


def test_every_interviewer_is_listed_for_the_period(
    calibration_history, lead, panelist, outsider, recruiter
):
    rows = calibration.calibrations(viewer=recruiter, period="365")
    assert {row.user.pk for row in rows} == {lead.pk, panelist.pk, outsider.pk}


def test_an_interviewer_without_history_has_no_verdict(db, nobody, recruiter):
    (row,) = calibration.calibrations(viewer=recruiter, period="90", panelist_id=nobody.pk)
    assert (row.difference.n, row.decisions, row.verdict) == (0, 0, "Not enough data")


def test_interviews_the_viewer_owes_a_scorecard_on_are_left_out(
    calibration_history, bank, lead, panelist, panelist_recruiter
):
    interview = rated_interview(bank_questions=bank[:2], ratings={lead: [1, 1], panelist: [4, 4]})
    seat_on_panel(interview, panelist_recruiter)
    (blind,) = calibration.calibrations(
        viewer=panelist_recruiter, period="365", panelist_id=panelist.pk
    )
    assert blind.difference.n == 5
    result = questions.question_effectiveness(question_ids=[bank[0].pk], viewer=panelist_recruiter)
    assert result[bank[0].pk].uses == 6  # five recent, one older
    (seeing,) = calibration.calibrations(viewer=lead, period="365", panelist_id=panelist.pk)
    assert seeing.difference.n == 6
