"""Writes to the question bank: import (bulk, published, with Wagtail revisions) and export."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields
from taggit.models import Tag
from wagtail.models import (
    GroupApprovalTask,
    ModelLogEntry,
    ReferenceIndex,
    Revision,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)
from wagtail.search.backends import get_search_backends

from accounts.roles import Role

from .importing import (
    KEY_MAX_LENGTH,
    WRITERS,
    BankFile,
    CategoryRow,
    QuestionRow,
    derived_key,
    prompt_from_html,
    prompt_text,
)
from .models import Category, Question, QuestionTag

# Bulk statements are cut in chunks small enough for SQLite's parameter limit.
CHUNK = 500
QUESTION_FIELDS = (
    "category_id",
    "prompt",
    "difficulty",
    "expected_minutes",
    "guide_1",
    "guide_2",
    "guide_3",
    "guide_4",
    "follow_ups",
    "key_points",
    "sort_order",
)


@dataclass(frozen=True)
class ImportLine:
    """What the import does (or would do) with one question of the file."""

    action: str  # "create", "update" or "unchanged"
    key: str
    line: int
    text: str
    changed: tuple[str, ...] = ()


@dataclass
class ImportReport:
    lines: list[ImportLine] = field(default_factory=list)
    categories_created: list[str] = field(default_factory=list)
    categories_updated: list[str] = field(default_factory=list)
    dry_run: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _wanted_values(row: QuestionRow, category_id: int) -> dict:
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


def _categories_plan(
    rows: Sequence[QuestionRow], categories: Sequence[CategoryRow]
) -> tuple[dict[str, Category], list[Category], list[Category], list[str], list[str]]:
    """Categories by slug: the existing ones, changed in memory, and the ones to create."""
    wanted: dict[str, CategoryRow] = {category.slug: category for category in categories}
    existing = {category.slug: category for category in Category.objects.all()}
    next_number = (max((c.number for c in existing.values()), default=0)) + 1
    for row in rows:
        if row.category_slug not in wanted:
            current = existing.get(row.category_slug)
            number = current.number if current else next_number
            next_number += 0 if current else 1
            wanted[row.category_slug] = CategoryRow(name=row.category, number=number)
    to_create, to_update, created, updated = [], [], [], []
    for slug, category_row in wanted.items():
        current = existing.get(slug)
        if current is None:
            current = Category(
                name=category_row.name,
                slug=slug,
                number=category_row.number,
                description=category_row.description or "",
            )
            existing[slug] = current
            to_create.append(current)
            created.append(category_row.name)
            continue
        changes = {"name": category_row.name, "number": category_row.number}
        if category_row.description is not None:
            changes["description"] = category_row.description
        if any(getattr(current, name) != value for name, value in changes.items()):
            for name, value in changes.items():
                setattr(current, name, value)
            to_update.append(current)
            updated.append(category_row.name)
    return existing, to_create, to_update, created, updated


def _tag_names(question: Question) -> set[str]:
    return {item.tag.name.casefold() for item in question.tagged_items.all()}


@transaction.atomic
def questions_import(
    *,
    rows: Sequence[QuestionRow],
    categories: Sequence[CategoryRow] = (),
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Create or update questions matched by ``key``, publishing each change as a new revision.

    One transaction: either every row is imported or nothing is. Revisions, log entries, the
    search index and the reference index are written in bulk, as Wagtail would write them
    through ``save_revision().publish()`` one question at a time.
    """
    report = ImportReport(dry_run=dry_run)
    by_slug, new_categories, changed_categories, report.categories_created, updated_names = (
        _categories_plan(rows, categories)
    )
    report.categories_updated = updated_names
    existing: dict[str, Question] = {}
    keys = [row.key for row in rows]
    for chunk in _chunks(keys):
        for question in Question.objects.filter(key__in=chunk).prefetch_related(
            "tagged_items__tag"
        ):
            existing[question.key] = question

    plan: list[tuple[QuestionRow, Question, dict, bool]] = []  # row, question, values, new?
    for row in rows:
        category = by_slug[row.category_slug]
        values = _wanted_values(row, category.pk)
        current = existing.get(row.key)
        text = prompt_text(row.prompt)[0]
        if current is None:
            report.lines.append(ImportLine("create", row.key, row.line, text))
            plan.append((row, Question(key=row.key), values, True))
            continue
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if category.pk is None:
            changed.append("category_id")
        if {tag.casefold() for tag in row.tags} != _tag_names(current):
            changed.append("tags")
        if not current.live:
            changed.append("live")
        if changed:
            report.lines.append(ImportLine("update", row.key, row.line, text, tuple(changed)))
            plan.append((row, current, values, False))
        else:
            report.lines.append(ImportLine("unchanged", row.key, row.line, text))
    if dry_run:
        return report

    Category.objects.bulk_create(new_categories)
    Category.objects.bulk_update(changed_categories, ["name", "number", "description"])
    if plan:
        _questions_publish(plan, by_slug, user=user)
    return report


def _questions_publish(plan, by_slug: dict[str, Category], *, user) -> None:
    now = timezone.now()
    creating, updating = [], []
    for row, question, values, is_new in plan:
        values["category_id"] = by_slug[row.category_slug].pk
        for name, value in values.items():
            setattr(question, name, value)
        question.live = True
        question.expired = False
        if is_new:
            question.has_unpublished_changes = False
            # As in the revision Wagtail takes of a new object, before publishing it.
            question.first_published_at = question.last_published_at = None
            creating.append(question)
        else:
            question.first_published_at = question.first_published_at or now
            question.last_published_at = now
            updating.append(question)
    Question.objects.bulk_create(creating, batch_size=CHUNK)
    questions = [question for _row, question, _values, _new in plan]
    tagged_items = _tags_replace(plan)

    question_type = ContentType.objects.get_for_model(Question, for_concrete_model=False)
    revisions = []
    for question in questions:
        question.updated_at = now
        content = get_serializable_data_for_fields(question)
        content["tagged_items"] = [
            get_serializable_data_for_fields(item) for item in tagged_items[question.pk]
        ]
        revisions.append(
            Revision(
                content_type=question_type,
                base_content_type=question_type,
                object_id=str(question.pk),
                created_at=now,
                user=user,
                object_str=str(question),
                content=content,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=CHUNK)

    # New rows: one UPDATE per chunk points them at their (only) revision.
    latest = Subquery(
        Revision.objects.filter(
            base_content_type=question_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for chunk in _chunks([question.pk for question in creating]):
        Question.objects.filter(pk__in=chunk).update(
            latest_revision=latest,
            live_revision=latest,
            first_published_at=now,
            last_published_at=now,
        )
    # Changed rows differ field by field: one UPDATE each (bulk_update's CASE is far slower).
    revision_by_pk = {int(revision.object_id): revision for revision in revisions}
    for question in updating:
        Question.objects.filter(pk=question.pk).update(
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
            updated_at=now,
            latest_revision=revision_by_pk[question.pk],
            live_revision=revision_by_pk[question.pk],
            live=True,
            has_unpublished_changes=False,
            expired=False,
            first_published_at=question.first_published_at,
            last_published_at=now,
        )
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=question_type,
                object_id=str(question.pk),
                label=str(question),
                action="wagtail.publish",
                timestamp=now,
                data={},
                revision=revision_by_pk[question.pk],
                user=user,
                content_changed=True,
            )
            for question in questions
        ],
        batch_size=CHUNK,
    )
    # Publishing cancels an editor's review in progress, as WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH.
    updated_ids = [str(question.pk) for question in updating]
    for chunk in _chunks(updated_ids):
        for state in WorkflowState.objects.active().filter(
            base_content_type=question_type, object_id__in=chunk
        ):
            state.cancel(user=user)
    _indexes_update([question.pk for question in questions], question_type)


def _tags_replace(plan) -> dict[int, list[QuestionTag]]:
    """Replace the tags of every planned question; returns the new tagged items by question."""
    wanted_names: dict[str, str] = {}
    for row, *_rest in plan:
        for name in row.tags:
            wanted_names.setdefault(name.casefold(), name)
    tags: dict[str, Tag] = {}
    for chunk in _chunks(list(wanted_names)):
        for tag in Tag.objects.annotate(folded=Lower("name")).filter(folded__in=chunk):
            tags[tag.name.casefold()] = tag
    for folded, name in wanted_names.items():
        if folded not in tags:
            tags[folded] = Tag.objects.create(name=name)  # taggit picks a free slug

    question_ids = [question.pk for _row, question, _values, is_new in plan if not is_new]
    for chunk in _chunks(question_ids):
        QuestionTag.objects.filter(content_object_id__in=chunk).delete()
    items = [
        QuestionTag(content_object=question, tag=tags[name.casefold()])
        for row, question, _values, _new in plan
        for name in row.tags
    ]
    QuestionTag.objects.bulk_create(items, batch_size=CHUNK)
    by_question: dict[int, list[QuestionTag]] = {question.pk: [] for _r, question, *_ in plan}
    for item in items:
        by_question[item.content_object_id].append(item)
    return by_question


def _indexes_update(question_ids: list[int], question_type: ContentType) -> None:
    """Search index and reference index in bulk (Wagtail updates them after each save)."""
    backends = list(get_search_backends(with_auto_update=True))
    for chunk in _chunks(question_ids):
        questions = list(
            Question.get_indexed_objects().filter(pk__in=chunk).prefetch_related("tagged_items")
        )
        for backend in backends:
            backend.add_bulk(Question, questions)
        _references_update(questions, question_type)


def _references_update(questions: list[Question], question_type: ContentType) -> None:
    """ReferenceIndex.create_or_update_for_object for many objects of one model at once."""
    wanted = {
        str(question.pk): set(ReferenceIndex._extract_references_from_object(question))
        for question in questions
    }
    stale = []
    for row in ReferenceIndex.objects.filter(
        base_content_type=question_type, object_id__in=list(wanted)
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
    ReferenceIndex.objects.filter(id__in=stale).delete()
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(
                content_type=question_type,
                base_content_type=question_type,
                object_id=object_id,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for object_id, records in wanted.items()
            for to_content_type_id, to_object_id, model_path, content_path in records
        ],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


QUESTION_WORKFLOW = "Question moderation"
QUESTION_REVIEW_TASK = "Editors approval"
REVIEWER_GROUP = Role.EDITOR  # the group Wagtail's initial data creates


def question_key_for(
    *, question: Question, wanted: str, category: Category | None, prompt: str
) -> str:
    """The key a question is saved with: the one the editor typed; else, once the question has
    been published, the key it has (imports match on it); else the key the importer would
    derive for the same prompt in a Markdown file, made unique with a counter."""
    if wanted:
        return wanted
    if question.pk and question.key and question.first_published_at:
        return question.key
    # Wagtail's editor adds block ids to the HTML: clean it as an import would, so the same
    # prompt gives the same key in the admin and in a Markdown file.
    text = prompt_text(prompt_from_html(prompt))[0]
    base = derived_key(category=category.name if category else "", text=text)
    others = Question.objects.exclude(pk=question.pk) if question.pk else Question.objects
    key, counter = base, 1
    while others.filter(key=key).exists():
        counter += 1
        suffix = f"-{counter}"
        key = base[: KEY_MAX_LENGTH - len(suffix)] + suffix
    return key


def question_moderation_ensure() -> Workflow:
    """The moderation workflow of questions: a member of Editors approves before publishing.

    Idempotent; runs after every migrate. Assigning it to the Question content type is what
    makes "Submit for moderation" appear on the snippet's edit page.
    """
    reviewers, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    workflow, _created = Workflow.objects.get_or_create(name=QUESTION_WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=QUESTION_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=QUESTION_REVIEW_TASK)
    task.groups.add(reviewers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(Question),
        defaults={"workflow": workflow},
    )
    return workflow


def bank_file_from_db() -> BankFile:
    """The whole bank as rows, in bank order, ready for a writer."""
    categories = list(Category.objects.order_by("number", "name"))
    names = {category.pk: category.name for category in categories}
    questions = Question.objects.order_by("category__number", "sort_order", "pk").prefetch_related(
        "tagged_items__tag"
    )
    return BankFile(
        categories=[
            CategoryRow(name=c.name, number=c.number, description=c.description) for c in categories
        ],
        questions=[
            QuestionRow(
                key=q.key,
                category=names[q.category_id],
                prompt=q.prompt,
                difficulty=q.difficulty,
                expected_minutes=q.expected_minutes,
                tags=tuple(sorted((item.tag.name for item in q.tagged_items.all()), key=str.lower)),
                guides=tuple(_newlines(text) for text in q.guides().values()),
                follow_ups=tuple(q.follow_up_list()),
                key_points=tuple(q.key_point_list()),
                sort_order=q.sort_order,
            )
            for q in questions
        ],
    )


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def questions_export(*, fmt: str) -> str:
    """The whole bank in ``md``, ``csv`` or ``json``; importing it gives back the same bank."""
    return WRITERS[fmt](bank_file_from_db())
