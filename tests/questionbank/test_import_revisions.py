"""Imported questions carry the same revision data Wagtail writes, and open in the admin."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backend

from questionbank.models import Question

pytestmark = pytest.mark.django_db

VOLATILE = {"pk", "id", "updated_at", "latest_revision", "live_revision", "content_object"}


def _stable(content: dict) -> dict:
    """Revision content without ids and timestamps, which differ between any two saves."""
    data = {k: v for k, v in content.items() if k not in VOLATILE}
    data["tagged_items"] = sorted(item["tag"] for item in content["tagged_items"])
    return data


def test_it_writes_the_revision_wagtail_would_write(db, bank_file, run_import):
    run_import(bank_file("1. ORM\n- Why `F()`? {#imported}\n  - tags: orm, sql\n  - minutes: 4\n"))
    imported = Question.objects.get(key="imported")
    by_wagtail = Question(
        key="by-wagtail",
        category=imported.category,
        prompt=imported.prompt,
        expected_minutes=4,
        sort_order=1,
    )
    by_wagtail.save()
    by_wagtail.tags.add(*imported.tags.all())
    by_wagtail.save()
    by_wagtail.save_revision().publish()
    by_wagtail.refresh_from_db()

    expected = _stable(by_wagtail.latest_revision.content) | {"key": "imported"}
    assert _stable(imported.latest_revision.content) == expected
    assert imported.latest_revision.content == imported.serializable_data() | {
        "latest_revision": None,
        "live_revision": None,
        "first_published_at": None,
        "last_published_at": None,
        "updated_at": imported.latest_revision.content["updated_at"],
    }
    for field in ("content_type_id", "base_content_type_id", "object_str"):
        assert getattr(imported.latest_revision, field) == getattr(
            Question.objects.get(key="imported").latest_revision, field
        )
    assert ModelLogEntry.objects.filter(
        object_id=str(imported.pk), action="wagtail.publish"
    ).exists()
    assert ReferenceIndex.objects.filter(object_id=str(imported.pk)).count() == (
        ReferenceIndex.objects.filter(object_id=str(by_wagtail.pk)).count()
    )


def test_it_finds_imported_questions_through_wagtail_search(db, bank_file, run_import):
    run_import(bank_file("1. ORM\n- Explain database transactions {#tx}\n"))
    assert [q.key for q in get_search_backend().search("transactions", Question)] == ["tx"]


def test_it_opens_the_edit_history_and_revisions_of_an_imported_question(
    db, bank_file, run_import, client, editor
):
    run_import(bank_file("1. ORM\n- What is a QuerySet? {#qs}\n"))
    run_import(bank_file("1. ORM\n- What is a lazy QuerySet? {#qs}\n"))
    question = Question.objects.get(key="qs")
    client.force_login(editor)
    first, second = question.revisions.order_by("pk")
    for url in [
        reverse("wagtailsnippets_questionbank_question:edit", args=[question.pk]),
        reverse("wagtailsnippets_questionbank_question:history", args=[question.pk]),
        reverse("wagtailsnippets_questionbank_question:inspect", args=[question.pk]),
        reverse(
            "wagtailsnippets_questionbank_question:revisions_view", args=[question.pk, first.pk]
        ),
        reverse(
            "wagtailsnippets_questionbank_question:revisions_compare",
            args=[question.pk, first.pk, second.pk],
        ),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    history = client.get(
        reverse("wagtailsnippets_questionbank_question:history", args=[question.pk])
    )
    assert history.content.decode().count("Published") >= 2
