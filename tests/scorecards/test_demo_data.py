"""seed_demo leaves one interview the whole demo panel has scored, once, however often it runs."""

import pytest
from django.core.management import call_command

from interviews.models import Interview, InterviewStatus
from scorecards.models import Scorecard, ScorecardStatus
from scorecards.selectors import panel_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_twice(settings):
    settings.DEBUG = True
    call_command("import_questions", "questionbank/seeds/django-interview-questions.md")
    call_command("seed_demo")
    call_command("seed_demo")


def test_it_completes_one_demo_interview_with_three_submitted_scorecards(seeded_twice):
    completed = Interview.objects.get(status=InterviewStatus.COMPLETED)
    assert completed.candidate.full_name == "Jonas Weber"
    scorecards = Scorecard.objects.filter(interview=completed)
    assert scorecards.count() == 3
    assert set(scorecards.values_list("status", flat=True)) == {ScorecardStatus.SUBMITTED}


def test_it_gives_the_demo_panel_something_to_disagree_about(seeded_twice):
    completed = Interview.objects.get(status=InterviewStatus.COMPLETED)
    assert panel_summary(interview=completed).disagreements


def test_it_records_one_demo_decision_on_the_scored_candidate(seeded_twice):
    from scorecards.models import Decision

    decision = Decision.objects.get()
    assert decision.candidate.full_name == "Jonas Weber"
    assert decision.decided_by.email == "manager@panel.test"
    assert decision.outcome == "advance" and decision.rationale
