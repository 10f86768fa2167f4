"""No lost updates against PostgreSQL: concurrent autosaves through the whole HTTP stack."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from interviews.models import InterviewStatus
from scorecards.models import Answer, ReminderSent, Scorecard
from scorecards.reminders import reminder_send
from tests.factories import InterviewFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

THREADS = 8
SAVES_PER_THREAD = 5


@pytest.fixture
def setup():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested against PostgreSQL")
    user = UserFactory(roles=["Interviewers"])
    interview = InterviewFactory(panel=[user], questions=THREADS)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    return user, interview, list(interview.questions.order_by("position"))


def _in_thread(work):
    """Run work() in a worker thread with its own database connection, closed afterwards."""

    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()

    return run


def test_it_keeps_every_save_of_threads_writing_different_questions(setup):
    user, interview, questions = setup
    barrier = threading.Barrier(THREADS)

    @_in_thread
    def save_many(question):
        client = Client()
        client.force_login(user)
        barrier.wait()
        statuses = []
        for version in range(SAVES_PER_THREAD):
            response = client.post(
                f"/scoring/{interview.pk}/answers/{question.pk}/",
                {
                    "rating": str(1 + version % 4),
                    "not_asked": "false",
                    "notes": f"q{question.pk} v{version + 1}",
                    "version": version,
                },
            )
            statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(save_many, questions))

    assert all(status == 200 for statuses in results for status in statuses), results
    answers = {answer.question_id: answer for answer in Answer.objects.all()}
    for question in questions:
        answer = answers[question.pk]
        assert answer.version == SAVES_PER_THREAD
        assert answer.notes == f"q{question.pk} v{SAVES_PER_THREAD}"


@pytest.mark.parametrize("base_version", [0, 1])
def test_it_accepts_exactly_one_of_two_saves_with_the_same_version(setup, base_version):
    user, interview, questions = setup
    question = questions[0]
    if base_version:
        client = Client()
        client.force_login(user)
        client.post(
            f"/scoring/{interview.pk}/answers/{question.pk}/",
            {"rating": "1", "notes": "base", "version": 0},
        )
    for round_number in range(10):
        current = Answer.objects.filter(question=question).values_list("version", flat=True)
        version = current.first() or 0
        barrier = threading.Barrier(2)

        @_in_thread
        def save(tab, version=version, round_number=round_number, barrier=barrier):
            client = Client()
            client.force_login(user)
            barrier.wait()
            response = client.post(
                f"/scoring/{interview.pk}/answers/{question.pk}/",
                {"rating": "2", "notes": f"tab {tab} round {round_number}", "version": version},
            )
            return tab, response.status_code, response.content.decode()

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(save, ["A", "B"]))

        statuses = sorted(status for _tab, status, _body in results)
        assert statuses == [200, 409], results
        winner = next(tab for tab, status, _body in results if status == 200)
        loser_body = next(body for _tab, status, body in results if status == 409)
        answer = Answer.objects.get(question=question)
        assert answer.notes == f"tab {winner} round {round_number}"
        assert answer.version == version + 1
        assert f"tab {winner} round {round_number}" in loser_body  # told the current value


def test_it_sends_one_reminder_when_two_beats_race(setup):
    user, interview, _questions = setup
    scorecard = Scorecard.objects.create(interview=interview, panelist=user)
    barrier = threading.Barrier(2)

    @_in_thread
    def send(_n):
        barrier.wait()
        return reminder_send(scorecard=scorecard, slot=0)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(send, range(2)))

    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1
