"""Editing an interview's frozen questions before it starts: swap, drop, add and reorder."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from questionbank.models import Question

from .models import Interview, InterviewQuestion, InterviewStatus
from .scheduling import question_snapshot


class InterviewLockedError(ValidationError):
    """The interview has started (or ended): its questions can no longer change."""


def _lock_scheduled(interview: Interview) -> Interview:
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    if locked.status != InterviewStatus.SCHEDULED:
        raise InterviewLockedError(_("Questions can only change before the interview starts."))
    return locked


def _renumber(interview: Interview) -> None:
    items = list(interview.questions.order_by("position", "pk"))
    for number, item in enumerate(items, start=1):
        item.position = number
    InterviewQuestion.objects.bulk_update(items, ["position"])


def swap_candidates(*, item: InterviewQuestion):
    """Published questions of the item's category that the interview does not ask yet."""
    used = item.interview.questions.exclude(source_question=None).values("source_question_id")
    return (
        Question.objects.live()
        .filter(category__name=item.category_name)
        .exclude(pk__in=used)
        .select_related("category")
    )


@transaction.atomic
def interview_question_swap(
    *, interview: Interview, item_id: int, replacement_id: int
) -> InterviewQuestion:
    """Replace a frozen question with another published one from the same category."""
    _lock_scheduled(interview)
    item = interview.questions.get(pk=item_id)
    replacement = swap_candidates(item=item).filter(pk=replacement_id).first()
    if replacement is None:
        raise ValidationError(
            _("Pick a published question of %(category)s that this interview does not ask yet.")
            % {"category": item.category_name}
        )
    fresh = question_snapshot(
        interview=interview, question=replacement, position=item.position, label=item.section_label
    )
    item.delete()
    fresh.save()
    return fresh


@transaction.atomic
def interview_question_drop(*, interview: Interview, item_id: int) -> None:
    _lock_scheduled(interview)
    deleted, _rows = interview.questions.filter(pk=item_id).delete()
    if not deleted:
        raise ValidationError(_("This question is not part of the interview."))
    if not interview.questions.exists():
        raise ValidationError(_("An interview needs at least one question."))
    _renumber(interview)


@transaction.atomic
def interview_question_add(*, interview: Interview, question_id: int) -> InterviewQuestion:
    """Append a published question from the bank (once per interview)."""
    _lock_scheduled(interview)
    question = Question.objects.live().select_related("category").filter(pk=question_id).first()
    if question is None:
        raise ValidationError(_("Pick a published question from the bank."))
    if interview.questions.filter(source_question=question).exists():
        raise ValidationError(_("This interview already asks that question."))
    last = interview.questions.aggregate(last=Max("position"))["last"] or 0
    item = question_snapshot(
        interview=interview, question=question, position=last + 1, label=_("Added")
    )
    item.save()
    return item


@transaction.atomic
def interview_question_reorder(*, interview: Interview, item_ids: Sequence[int]) -> None:
    """Set the order of the interview's questions; item_ids must list each exactly once."""
    _lock_scheduled(interview)
    items = {item.pk: item for item in interview.questions.all()}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("The new order must list every question of the interview once."))
    for number, pk in enumerate(item_ids, start=1):
        items[pk].position = number
    InterviewQuestion.objects.bulk_update(items.values(), ["position"])


def interview_question_move(*, interview: Interview, item_id: int, offset: int) -> None:
    """Move a question up (-1) or down (+1) by one place."""
    ids = list(interview.questions.order_by("position", "pk").values_list("pk", flat=True))
    if item_id not in ids:
        raise ValidationError(_("This question is not part of the interview."))
    index = ids.index(item_id)
    target = index + offset
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    interview_question_reorder(interview=interview, item_ids=ids)
