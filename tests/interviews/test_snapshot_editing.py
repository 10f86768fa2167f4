"""Before the interview starts a recruiter may swap, drop, add and reorder its questions."""

import pytest
from django.core.exceptions import ValidationError

from interviews.question_edits import (
    interview_question_add,
    interview_question_drop,
    interview_question_move,
    interview_question_swap,
    swap_candidates,
)
from interviews.transitions import interview_start

pytestmark = pytest.mark.django_db


def _positions(interview):
    return list(
        interview.questions.order_by("position").values_list("position", "source_question_id")
    )


def test_it_swaps_a_question_for_another_of_the_same_category(interview):
    item = interview.questions.get(position=2)
    replacement = swap_candidates(item=item).first()
    fresh = interview_question_swap(
        interview=interview, item_id=item.pk, replacement_id=replacement.pk
    )
    assert fresh.position == 2
    assert fresh.source_question_id == replacement.pk
    assert fresh.category_name == item.category_name


def test_it_refuses_a_swap_from_another_category(interview, categories):
    item = interview.questions.first()
    foreign = categories[1].questions.first()
    with pytest.raises(ValidationError):
        interview_question_swap(interview=interview, item_id=item.pk, replacement_id=foreign.pk)


def test_it_drops_and_renumbers(interview):
    first = interview.questions.get(position=1)
    interview_question_drop(interview=interview, item_id=first.pk)
    assert [p for p, _s in _positions(interview)] == [1, 2]


def test_it_adds_from_the_bank_once(interview, categories):
    extra = categories[1].questions.first()
    interview_question_add(interview=interview, question_id=extra.pk)
    assert _positions(interview)[-1] == (4, extra.pk)
    with pytest.raises(ValidationError):
        interview_question_add(interview=interview, question_id=extra.pk)


def test_it_moves_a_question_up(interview):
    before = _positions(interview)
    second = interview.questions.get(position=2)
    interview_question_move(interview=interview, item_id=second.pk, offset=-1)
    after = _positions(interview)
    assert after[0][1] == before[1][1] and after[1][1] == before[0][1]


def test_it_locks_the_questions_once_the_interview_is_live(interview, lead):
    interview_start(interview=interview, by=lead)
    item = interview.questions.first()
    with pytest.raises(ValidationError):
        interview_question_drop(interview=interview, item_id=item.pk)
    assert interview.questions.count() == 3


def test_it_shows_the_lock_as_a_message_on_the_page(client, recruiter, interview, lead):
    interview_start(interview=interview, by=lead)
    client.force_login(recruiter)
    item = interview.questions.first()
    response = client.post(
        f"/interviews/{interview.pk}/questions/", {"action": "drop", "item": item.pk}, follow=True
    )
    assert response.status_code == 200
    assert "only change before the interview starts" in response.content.decode()
