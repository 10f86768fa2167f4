"""Publish many imported questions at once, writing what Wagtail's ``save_revision().publish()``
writes for each, in bulk statements.

Used only from ``services.BULK_PUBLISH_THRESHOLD`` questions on: published one by one, a new
question costs ≈ 110 SQL queries and ≈ 80 ms of CPU, ten times the bulk path (bench/README.md).
tests/questionbank/test_bulk_publish.py compares every row this module writes with the public
path's on the same input.

Two private Wagtail helpers are needed to write reference-index rows in bulk
(``ReferenceIndex._extract_references_from_object`` and ``_get_content_path_hash``); they are
used here only, and the same test fails loudly if Wagtail renames or changes them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.search.backends import get_search_backends

from .bulk_rows import objects_insert, rows_insert
from .importing import QuestionRow
from .models import CONTENT_FIELDS, Category, Question, QuestionTag

# Bulk statements are cut in chunks small enough for SQLite's parameter limit; the questions of
# one chunk are all that is held in memory at once.
CHUNK = 500
QUESTION_FIELDS = ("category_id", *CONTENT_FIELDS, "sort_order")
REVISION_FIELDS = (
    "content_type_id",
    "base_content_type_id",
    "object_id",
    "created_at",
    "user_id",
    "object_str",
    "content",
)
LOG_ENTRY_FIELDS = (
    "content_type_id",
    "object_id",
    "label",
    "action",
    "data",
    "timestamp",
    "revision_id",
    "user_id",
    "content_changed",
)
REFERENCE_FIELDS = (
    "content_type_id",
    "base_content_type_id",
    "object_id",
    "to_content_type_id",
    "to_object_id",
    "model_path",
    "content_path",
    "content_path_hash",
)


@dataclass(frozen=True)
class PlannedQuestion:
    """A question to publish: its file row, its id (None when new) and its category's id.

    No model instance: an import of 10,000 questions holds only rows, and each chunk reads or
    builds the instances it publishes (``questions_of``)."""

    row: QuestionRow
    pk: int | None
    category_id: int

    @property
    def values(self) -> dict:
        """The question's fields as the row wants them (QUESTION_FIELDS)."""
        return question_values(self.row, self.category_id)


def question_values(row: QuestionRow, category_id: int | None) -> dict:
    return {
        "category_id": category_id,
        "prompt": row.prompt,
        "difficulty": row.difficulty,
        "expected_minutes": row.expected_minutes,
        "guide_1": row.guides[0],
        "guide_2": row.guides[1],
        "guide_3": row.guides[2],
        "guide_4": row.guides[3],
        "follow_ups": "\n".join(row.follow_ups),
        "key_points": "\n".join(row.key_points),
        "sort_order": row.sort_order,
    }


def questions_of(
    planned: Sequence[PlannedQuestion], *, stored: dict[int, Question] | None = None
) -> list[Question]:
    """The planned questions' instances, in order, with their wanted fields set: the stored
    ones read in one query (unless given), the new ones unsaved."""
    if stored is None:
        stored = Question.objects.in_bulk([item.pk for item in planned if item.pk is not None])
    questions = []
    for item in planned:
        question = Question(key=item.row.key) if item.pk is None else stored[item.pk]
        for name, value in item.values.items():
            setattr(question, name, value)
        questions.append(question)
    return questions


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def questions_publish_bulk(
    *, planned: Sequence[PlannedQuestion], tags: dict[str, Tag], user=None
) -> None:
    """Create or update, then publish, every planned question, one chunk at a time."""
    question_type = ContentType.objects.get_for_model(Question, for_concrete_model=False)
    backends = list(get_search_backends(with_auto_update=True))
    categories = Category.objects.in_bulk()
    for chunk in chunks(planned):
        _chunk_publish(chunk, tags, categories, question_type, backends, user=user)


def _chunk_publish(
    planned: Sequence[PlannedQuestion],
    tags: dict[str, Tag],
    categories: dict[int, Category],
    question_type,
    backends,
    *,
    user,
) -> None:
    now = timezone.now()
    stored = Question.objects.in_bulk([item.pk for item in planned if item.pk is not None])
    # Wagtail logs a rename when a published object's label changes (PublishRevisionAction).
    old_labels = {
        pk: str(question) for pk, question in stored.items() if question.latest_revision_id
    }
    questions = questions_of(planned, stored=stored)
    # Revisions hold the object as it is before publishing, as save_revision() takes it.
    creating = [question for question in questions if question.pk is None]
    updating = [question for question in questions if question.pk is not None]
    objects_insert(creating)
    tagged_items = _tags_replace(planned, questions, tags, [question.pk for question in updating])

    labels = [str(question) for question in questions]  # each strips the prompt's HTML
    user_id = user.pk if user is not None else None
    revision_rows = []
    for question, label in zip(questions, labels, strict=True):
        question.updated_at = now
        content = get_serializable_data_for_fields(question)
        content["tagged_items"] = [
            get_serializable_data_for_fields(tagged) for tagged in tagged_items[question.pk]
        ]
        revision_rows.append(
            (question_type.pk, question_type.pk, str(question.pk), now, user_id, label, content)
        )
    revision_ids = rows_insert(Revision, REVISION_FIELDS, revision_rows, with_ids=True)
    del revision_rows

    # New rows: one UPDATE points them at their (only) revision.
    latest = Subquery(
        Revision.objects.filter(
            base_content_type=question_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    if creating:
        Question.objects.filter(pk__in=[question.pk for question in creating]).update(
            latest_revision=latest,
            live_revision=latest,
            first_published_at=now,
            last_published_at=now,
        )
    # Changed rows differ field by field: one UPDATE each (bulk_update's CASE is far slower).
    revision_by_pk = {
        question.pk: revision_id
        for question, revision_id in zip(questions, revision_ids, strict=True)
    }
    for question in updating:
        Question.objects.filter(pk=question.pk).update(
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
            updated_at=now,
            latest_revision_id=revision_by_pk[question.pk],
            live_revision_id=revision_by_pk[question.pk],
            live=True,
            has_unpublished_changes=False,
            expired=False,
            first_published_at=question.first_published_at or now,
            last_published_at=now,
        )
    # Publishing cancels an editor's review in progress, as WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH.
    if updating:
        for state in WorkflowState.objects.active().filter(
            base_content_type=question_type,
            object_id__in=[str(question.pk) for question in updating],
        ):
            state.cancel(user=user)
    entries = []
    for question, label in zip(questions, labels, strict=True):
        data = {}
        revision_id = revision_by_pk[question.pk]
        if old_labels.get(question.pk, label) != label:
            data = {"title": {"old": old_labels[question.pk], "new": label}}
            entries.append(
                (
                    question_type.pk,
                    str(question.pk),
                    label,
                    "wagtail.rename",
                    data,
                    now,
                    revision_id,
                    user_id,
                    False,
                )
            )
        entries.append(
            (
                question_type.pk,
                str(question.pk),
                label,
                "wagtail.publish",
                data,
                now,
                revision_id,
                user_id,
                True,
            )
        )
    rows_insert(ModelLogEntry, LOG_ENTRY_FIELDS, entries)

    # The search and reference indexes read the instances as the rows now are: no query per
    # object, and no queryset built per object for its tags (modelcluster's in-memory children).
    for question in questions:
        question.latest_revision_id = question.live_revision_id = revision_by_pk[question.pk]
        question.live, question.has_unpublished_changes, question.expired = True, False, False
        question.first_published_at = question.first_published_at or now
        question.last_published_at = now
        question.category = categories[question.category_id]
        question.tagged_items = tagged_items[question.pk]
    for backend in backends:
        backend.add_bulk(Question, questions)
    _references_update(questions, question_type, [question.pk for question in creating])


def _tags_replace(
    planned: Sequence[PlannedQuestion],
    questions: Sequence[Question],
    tags: dict[str, Tag],
    updated_ids: list[int],
) -> dict[int, list[QuestionTag]]:
    """Replace the tags of the chunk's questions; returns the new tagged items by question."""
    if updated_ids:
        QuestionTag.objects.filter(content_object_id__in=updated_ids).delete()
    items = [
        QuestionTag(content_object=question, tag=tags[name.casefold()])
        for item, question in zip(planned, questions, strict=True)
        for name in item.row.tags
    ]
    objects_insert(items)
    by_question: dict[int, list[QuestionTag]] = {question.pk: [] for question in questions}
    for tagged in items:
        by_question[tagged.content_object_id].append(tagged)
    return by_question


def _references_update(
    questions: list[Question], question_type: ContentType, created_ids: Iterable[int]
) -> None:
    """ReferenceIndex.create_or_update_for_object for many objects of one model at once."""
    wanted = {
        str(question.pk): set(ReferenceIndex._extract_references_from_object(question))
        for question in questions
    }
    # Rows of questions created in this transaction cannot exist yet, nor be written by
    # anyone else meanwhile; the others' may, by an editor's save (as Wagtail's
    # ignore_conflicts allows).
    created = {str(pk) for pk in created_ids}
    stale = []
    stored = [object_id for object_id in wanted if object_id not in created]
    for row in ReferenceIndex.objects.filter(
        base_content_type=question_type, object_id__in=stored
    ).values("id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"):
        record = (
            row["to_content_type"],
            row["to_object_id"],
            row["model_path"],
            row["content_path"],
        )
        if record in wanted[row["object_id"]]:
            wanted[row["object_id"]].discard(record)
        else:
            stale.append(row["id"])
    if stale:
        ReferenceIndex.objects.filter(id__in=stale).delete()
    rows = [
        (
            question_type.pk,
            question_type.pk,
            object_id,
            to_content_type_id,
            to_object_id,
            model_path,
            content_path,
            ReferenceIndex._get_content_path_hash(content_path),
        )
        for object_id, records in wanted.items()
        for to_content_type_id, to_object_id, model_path, content_path in records
    ]
    rows_insert(ReferenceIndex, REFERENCE_FIELDS, [row for row in rows if row[2] in created])
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(**dict(zip(REFERENCE_FIELDS, row, strict=True)))
            for row in rows
            if row[2] not in created
        ],
        ignore_conflicts=True,
    )
