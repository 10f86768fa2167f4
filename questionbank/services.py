"""Writes to the question bank: import (each change published as a Wagtail revision) and export."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.functions import Lower
from taggit.models import Tag
from wagtail.models import (
    GroupApprovalTask,
    ReferenceIndex,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)
from wagtail.search import index
from wagtail.search.backends import get_search_backends

from accounts.roles import Role

from .bulk_publish import (
    QUESTION_FIELDS,
    PlannedQuestion,
    chunks,
    question_values,
    questions_of,
    questions_publish_bulk,
)
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

# From this many changed questions on, an import publishes in bulk (bulk_publish.py): one by one
# through Wagtail a new question costs ≈ 110 SQL queries and ≈ 80 ms of CPU, bulk ≈ 4 and
# 8 ms (SQLite, 5 questions; bench/README.md).
BULK_PUBLISH_THRESHOLD = 50


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


@dataclass(frozen=True)
class _Stored:
    """What an import compares of a question already in the bank (no model instance)."""

    pk: int
    live: bool
    values: tuple  # QUESTION_FIELDS, in order
    tags: frozenset[str]  # case-folded names


def _stored_questions(keys: Sequence[str]) -> dict[str, _Stored]:
    """The bank's questions of these keys, two queries per chunk of keys."""
    stored: dict[str, _Stored] = {}
    for chunk in chunks(keys):
        rows = list(
            Question.objects.filter(key__in=chunk).values_list(
                "pk", "key", "live", *QUESTION_FIELDS
            )
        )
        tags: dict[int, set[str]] = {pk: set() for pk, *_rest in rows}
        for pk, name in QuestionTag.objects.filter(content_object_id__in=list(tags)).values_list(
            "content_object_id", "tag__name"
        ):
            tags[pk].add(name.casefold())
        for pk, key, live, *values in rows:
            stored[key] = _Stored(pk, live, tuple(values), frozenset(tags[pk]))
    return stored


def _changes(row: QuestionRow, category: Category, current: _Stored) -> list[str]:
    """The names of what the row changes of a stored question (in QUESTION_FIELDS order)."""
    wanted = question_values(row, category.pk)
    changed = [
        name
        for name, value in zip(QUESTION_FIELDS, current.values, strict=True)
        if wanted[name] != value
    ]
    if category.pk is None:
        changed.append("category_id")
    if {tag.casefold() for tag in row.tags} != current.tags:
        changed.append("tags")
    if not current.live:
        changed.append("live")
    return changed


@transaction.atomic
def questions_import(
    *,
    rows: Sequence[QuestionRow],
    categories: Sequence[CategoryRow] = (),
    dry_run: bool = False,
    user=None,
) -> ImportReport:
    """Create or update questions matched by ``key``, publishing each change as a new revision.

    One transaction: either every row is imported or nothing is. Each changed question is
    published through Wagtail (``save_revision().publish()``); past BULK_PUBLISH_THRESHOLD
    changed questions, bulk_publish writes the same rows in bulk.
    """
    report = ImportReport(dry_run=dry_run)
    by_slug, new_categories, changed_categories, report.categories_created, updated_names = (
        _categories_plan(rows, categories)
    )
    report.categories_updated = updated_names
    stored = _stored_questions([row.key for row in rows])

    plan: list[tuple[QuestionRow, int | None]] = []  # row, id of the stored question
    for row in rows:
        current = stored.get(row.key)
        text = prompt_text(row.prompt)[0]
        if current is None:
            report.lines.append(ImportLine("create", row.key, row.line, text))
            plan.append((row, None))
            continue
        changed = _changes(row, by_slug[row.category_slug], current)
        if changed:
            report.lines.append(ImportLine("update", row.key, row.line, text, tuple(changed)))
            plan.append((row, current.pk))
        else:
            report.lines.append(ImportLine("unchanged", row.key, row.line, text))
    del stored
    if dry_run:
        return report

    Category.objects.bulk_create(new_categories)
    Category.objects.bulk_update(changed_categories, ["name", "number", "description"])
    # Bulk writes send no post_save, so the admin's category search and chooser would miss
    # these: the categories the file names are indexed here, all of them (which also mends a
    # bank imported before the import did this).
    named = {row.category_slug for row in rows} | {category.slug for category in categories}
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Category, [by_slug[slug] for slug in sorted(named)])
    if not plan:
        return report
    tags = _tags_ensure(row.tags for row, _pk in plan)
    planned = [
        PlannedQuestion(row=row, pk=pk, category_id=by_slug[row.category_slug].pk)
        for row, pk in plan
    ]
    if len(planned) >= BULK_PUBLISH_THRESHOLD:
        questions_publish_bulk(planned=planned, tags=tags, user=user)
    else:
        for item in planned:
            question_publish(planned=item, tags=tags, user=user)
    return report


def question_publish(*, planned: PlannedQuestion, tags: dict[str, Tag], user=None) -> None:
    """Save a question's new content and publish it, as an editor would in the Wagtail admin."""
    (question,) = questions_of([planned])
    question.tags.set([tags[name.casefold()] for name in planned.row.tags])
    if question.pk is None:
        question.save()  # a revision needs the object's id (and its tags' rows)
    question.save_revision(user=user).publish(user=user)
    # publish() indexes the row on post_save, before modelcluster writes the new tags: index it
    # again so that the search and reference indexes hold the tags just imported.
    published = Question.objects.get(pk=question.pk)
    index.insert_or_update_object(published)
    ReferenceIndex.create_or_update_for_object(published)


def _tags_ensure(names_per_question) -> dict[str, Tag]:
    """The tags of these names by case-folded name, the missing ones created (tags are
    matched case-insensitively, as TAGGIT_CASE_INSENSITIVE)."""
    wanted_names: dict[str, str] = {}
    for names in names_per_question:
        for name in names:
            wanted_names.setdefault(name.casefold(), name)
    tags: dict[str, Tag] = {}
    for chunk in chunks(list(wanted_names)):
        for tag in Tag.objects.annotate(folded=Lower("name")).filter(folded__in=chunk):
            tags[tag.name.casefold()] = tag
    for folded, name in wanted_names.items():
        if folded not in tags:
            tags[folded] = Tag.objects.create(name=name)  # taggit picks a free slug
    return tags


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
