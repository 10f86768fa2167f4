"""The aggregates behind the figures follow every change: through the services in the same
transaction, and by catching up with rows changed behind their back."""

import io

import pytest
from django.utils import timezone

from analytics import calibration, questions
from analytics.models import QuestionUse, ScorecardCalibration
from interviews.models import PanelSeat
from scorecards import services
from scorecards.models import Answer, Scorecard
from tests.analytics.conftest import decide, rated_interview
from tests.conftest import seat_on_panel
from tests.factories import CategoryFactory, InterviewFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    category = CategoryFactory()
    return [QuestionFactory(category=category) for _ in range(2)]


def _scored(interview, panelist, values, recommendation="yes"):
    """Scores through the services, as the scoring page does, and submits."""
    scorecard = services.scorecard_open(interview=interview, panelist=panelist)
    for question, value in zip(interview.questions.order_by("position"), values, strict=True):
        current = Answer.objects.filter(scorecard=scorecard, question=question).first()
        services.answer_save(
            scorecard=scorecard,
            question=question,
            rating=value,
            not_asked=value is None,
            notes="",
            expected_version=current.version if current else 0,
            by=panelist,
        )
    scorecard.refresh_from_db()
    services.scorecard_overall_save(
        scorecard=scorecard,
        recommendation=recommendation,
        summary="",
        expected_version=scorecard.summary_version,
        by=panelist,
    )
    return services.scorecard_submit(scorecard=scorecard, by=panelist, confirm_unrated=True)


@pytest.fixture
def scored(bank, lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=bank, status="live")
    _scored(interview, lead, [4, 3])
    _scored(interview, panelist, [2, 3])
    return interview


def _use(interview, bank_question):
    return QuestionUse.objects.get(interview=interview, source_question=bank_question)


def _figures(bank_question, viewer=None):
    return questions.question_effectiveness(question_ids=[bank_question.pk], viewer=viewer)[
        bank_question.pk
    ]


def _calibration(user, viewer):
    (row,) = calibration.calibrations(period="all", viewer=viewer, panelist_id=user.pk)
    return row


def test_a_submission_is_in_the_aggregates_when_it_commits(scored, bank, lead):
    use = _use(scored, bank[0])
    assert (use.answers, use.rated_4, use.rated_2, use.rated_4_yes) == (2, 1, 1, 1)
    own = ScorecardCalibration.objects.get(interview=scored, panelist=lead)
    assert (own.compared, own.difference, own.recommendation) == (2, 1.0, "yes")


def test_a_reopened_scorecard_leaves_the_aggregates(scored, bank, panelist, recruiter):
    scorecard = Scorecard.objects.get(interview=scored, panelist=panelist)
    services.scorecard_reopen(scorecard=scorecard, by=recruiter, reason="Wrong candidate")
    assert _use(scored, bank[0]).answers == 1
    assert not ScorecardCalibration.objects.filter(scorecard=scorecard).exists()
    assert ScorecardCalibration.objects.get(interview=scored).compared == 0


def test_a_resubmission_replaces_the_ratings(scored, bank, lead, panelist, recruiter):
    scorecard = Scorecard.objects.get(interview=scored, panelist=panelist)
    services.scorecard_reopen(scorecard=scorecard, by=recruiter, reason="Typo")
    _scored(scored, panelist, [4, 1], recommendation="strong_yes")
    figures = _figures(bank[0])
    assert figures.counts == {1: 0, 2: 0, 3: 0, 4: 2}
    assert figures.by_recommendation.n == 2
    assert _use(scored, bank[0]).rated_4_strong_yes == 1
    # lead: (4 - 4) and (3 - 1) -> mean 1.0
    assert _calibration(lead, recruiter).difference.mean == pytest.approx(1.0)


def test_a_question_marked_not_asked_on_resubmission_counts_as_not_asked(
    scored, bank, panelist, recruiter
):
    scorecard = Scorecard.objects.get(interview=scored, panelist=panelist)
    services.scorecard_reopen(scorecard=scorecard, by=recruiter, reason="Not asked after all")
    _scored(scored, panelist, [None, 3])
    figures = _figures(bank[0])
    assert (figures.answers, figures.not_asked, figures.rated) == (2, 1, 1)
    assert figures.alpha_units == 0


def test_a_decision_change_shows_at_once(scored, bank, lead, panelist, recruiter):
    decide(scored, "advance", recruiter, minutes_ago=5)
    assert _figures(bank[0]).by_decision.n == 2
    assert _calibration(panelist, recruiter).decisions == 1
    decide(scored, "hold", recruiter)
    assert _figures(bank[0]).by_decision.n == 0
    assert _calibration(panelist, recruiter).decisions == 0


def test_a_withdrawn_panelists_draft_never_counts_and_their_view_opens(
    scored, bank, panelist_recruiter, recruiter
):
    seat_on_panel(scored, panelist_recruiter)
    services.scorecard_open(interview=scored, panelist=panelist_recruiter)
    draft = Scorecard.objects.get(interview=scored, panelist=panelist_recruiter)
    Answer.objects.create(scorecard=draft, question=scored.questions.first(), rating=1)
    assert _figures(bank[0], viewer=panelist_recruiter).uses == 0  # still blind
    assert _figures(bank[0], viewer=recruiter).counts[1] == 0
    PanelSeat.objects.filter(interview=scored, user=panelist_recruiter).delete()
    figures = _figures(bank[0], viewer=panelist_recruiter)
    assert (figures.uses, figures.counts[1], figures.rated) == (1, 0, 2)


def test_rows_changed_behind_the_services_back_heal_on_the_next_page(bank, lead, panelist):
    interview = rated_interview(bank_questions=bank, ratings={lead: [4, 4], panelist: [4, 4]})
    assert _figures(bank[0]).counts[4] == 2
    Answer.objects.filter(scorecard__panelist=panelist, question__source_question=bank[0]).update(
        rating=1, updated_at=timezone.now()
    )
    assert _figures(bank[0]).counts == {1: 1, 2: 0, 3: 0, 4: 1}
    Scorecard.objects.filter(interview=interview, panelist=panelist).update(
        status="draft", updated_at=timezone.now()
    )
    assert _figures(bank[0]).counts == {1: 0, 2: 0, 3: 0, 4: 1}
    assert _calibration(lead, lead).difference.n == 0


def test_refresh_all_computes_the_same_rows(bank, lead, panelist, recruiter):
    from django.core.management import call_command

    for values in ([4, 3], [2, None], [1, 1]):
        rated_interview(bank_questions=bank, ratings={lead: values, panelist: [3, 3]})
    before = _figures(bank[0])
    rows = sorted(QuestionUse.objects.values_list("question_id", "answers", "rated_3"))
    QuestionUse.objects.all().delete()
    call_command("analytics_refresh", stdout=io.StringIO())
    assert sorted(QuestionUse.objects.values_list("question_id", "answers", "rated_3")) == rows
    assert _figures(bank[0]) == before
