"""seed_demo --history N: past interviews whose figures show what the pages are for."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command

from analytics import calibration, questions
from interviews.models import Candidate

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(module_db, django_db_blocker):
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("import_questions", "questionbank/seeds/django-interview-questions.md")
        call_command("seed_demo", "--history", "30")
        call_command("seed_demo", "--history", "30")


@pytest.mark.usefixtures("seeded")
def test_it_creates_n_past_interviews_once():
    assert Candidate.objects.filter(email__startswith="history").count() == 30


@pytest.mark.usefixtures("seeded")
def test_the_lenient_and_strict_interviewers_show_on_calibration():
    rows = calibration.calibrations(period="all", viewer=AnonymousUser())
    verdicts = {row.user.email: row.verdict for row in rows}
    assert verdicts["lead@panel.test"] == "More lenient than the rest of the panel"
    assert verdicts["panelist2@panel.test"] == "Stricter than the rest of the panel"


@pytest.mark.usefixtures("seeded")
def test_the_weak_questions_are_flagged():
    reasons = {r for item in questions.question_effectiveness().values() for r in item.reasons}
    assert {questions.Reason.OVERUSED, questions.Reason.CEILING} <= reasons
    assert questions.Reason.NO_DISCRIMINATION in reasons


def test_it_refuses_a_history_out_of_range(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="from 0 to 5000"):
        call_command("seed_demo", "--history", "-1")
