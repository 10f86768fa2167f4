"""The bulk path of the import writes what Wagtail's save_revision().publish() writes.

The same questions go through both paths (under different keys) and every row Wagtail keeps
about a published object is compared: revisions, live revision, log entries, search index
entries, reference index rows and workflow states.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry, ReferenceIndex, WorkflowState
from wagtail.search.models import IndexEntry

from questionbank import services
from questionbank.models import Question
from questionbank.services import question_moderation_ensure

pytestmark = pytest.mark.django_db

BANK = """1. ORM
- Why `F()` expressions? {#%(path)s-f}
  - tags: orm, SQL
  - minutes: 4
  - guide 4: explains races
- What does select_related do? {#%(path)s-sr}
  - difficulty: senior
  - key point: joins
"""
EDITED = """1. ORM
- Why `F()` expressions, and when not? {#%(path)s-f}
  - tags: orm, races
  - minutes: 6
- What does select_related do? {#%(path)s-sr}
  - difficulty: junior
  - key point: joins
  - follow-up: and prefetch_related?
"""
VOLATILE = {"pk", "id", "key", "updated_at", "latest_revision", "live_revision", "content_object"}
VOLATILE_TIMES = {"first_published_at", "last_published_at"}


def _import(text, path, *, bulk, monkeypatch, bank_file, run_import):
    monkeypatch.setattr(services, "BULK_PUBLISH_THRESHOLD", 1 if bulk else 10**9)
    run_import(bank_file(text % {"path": path}))


def _revision_content(content: dict) -> dict:
    data = {k: v for k, v in content.items() if k not in VOLATILE}
    data = {k: (v is not None) if k in VOLATILE_TIMES else v for k, v in data.items()}
    data["tagged_items"] = sorted(item["tag"] for item in content["tagged_items"])
    return data


def _without_ids(data):
    """Log entry data without the ids of rows each path creates on its own (task states)."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if not k.endswith("_id")}
    return data


def _state(key: str) -> dict:
    """Everything Wagtail keeps about one published question, without ids and times."""
    question = Question.objects.get(key=key)
    object_id = str(question.pk)
    revisions = list(question.revisions.order_by("pk"))
    index_fields = [
        field.attname
        for field in IndexEntry._meta.concrete_fields
        if field.attname not in {"id", "object_id"}
    ]
    return {
        "live": (question.live, question.has_unpublished_changes, question.expired),
        "published": question.live_revision_id == question.latest_revision_id == revisions[-1].pk,
        "first_published": question.first_published_at is not None,
        "tags": sorted(question.tags.values_list("name", flat=True)),
        "revisions": [_revision_content(revision.content) for revision in revisions],
        "revision_meta": [(r.object_str, r.user_id, r.content_type_id) for r in revisions],
        "log": [
            (
                entry.action,
                entry.label,
                entry.content_changed,
                entry.user_id,
                _without_ids(entry.data),
            )
            for entry in ModelLogEntry.objects.filter(object_id=object_id).order_by("pk")
        ],
        "log_revisions": [
            revisions.index(entry.revision) if entry.revision else None
            for entry in ModelLogEntry.objects.filter(object_id=object_id).order_by("pk")
        ],
        # The question's entries only: the import indexes its categories too, whose ids may
        # be the same.
        "search": list(
            IndexEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Question), object_id=object_id
            ).values(*index_fields)
        ),
        # A content path names a tagged item by its id ("tagged_items.12.tag"), and its hash
        # follows; test_it_fails_loudly_... checks the hash.
        "references": sorted(
            (*row[:-1], re.sub(r"\d+", "N", row[-1]))
            for row in ReferenceIndex.objects.filter(object_id=object_id).values_list(
                "content_type_id",
                "base_content_type_id",
                "to_content_type_id",
                "to_object_id",
                "model_path",
                "content_path",
            )
        ),
        "workflows": sorted(
            WorkflowState.objects.filter(object_id=object_id).values_list("status", flat=True)
        ),
    }


def _assert_same_state() -> None:
    for suffix in ("f", "sr"):
        public, bulk = _state(f"public-{suffix}"), _state(f"bulk-{suffix}")
        for part, expected in public.items():
            assert bulk[part] == expected, (suffix, part)


def test_it_writes_what_the_public_path_writes_for_new_questions(
    db, monkeypatch, bank_file, run_import
):
    _import(BANK, "public", bulk=False, monkeypatch=monkeypatch, bank_file=bank_file,
            run_import=run_import)  # fmt: skip
    _import(BANK, "bulk", bulk=True, monkeypatch=monkeypatch, bank_file=bank_file,
            run_import=run_import)  # fmt: skip

    public = _state("public-f")
    assert public["search"] and public["references"] and public["log"]
    _assert_same_state()


def test_it_writes_what_the_public_path_writes_for_changed_questions_under_review(
    db, monkeypatch, bank_file, run_import, editor
):
    workflow = question_moderation_ensure()
    for path_name, bulk in (("public", False), ("bulk", True)):
        kwargs = {"monkeypatch": monkeypatch, "bank_file": bank_file, "run_import": run_import}
        _import(BANK, path_name, bulk=bulk, **kwargs)
        workflow.start(Question.objects.get(key=f"{path_name}-f"), editor)
        _import(EDITED, path_name, bulk=bulk, **kwargs)

    public = _state("public-f")
    assert public["workflows"] == ["cancelled"]
    assert len(public["revisions"]) == 2
    _assert_same_state()


def test_it_fails_loudly_if_wagtail_changes_the_private_helpers_it_uses(db, seed_bank):
    """bulk_publish writes reference-index rows with two private helpers of Wagtail."""
    question = Question.objects.first()
    references = list(ReferenceIndex._extract_references_from_object(question))
    assert references and all(len(reference) == 4 for reference in references)
    content_path = references[0][3]
    assert (
        ReferenceIndex._get_content_path_hash(content_path)
        == (
            ReferenceIndex.objects.get(object_id=str(question.pk), content_path=content_path)
        ).content_path_hash
    )
