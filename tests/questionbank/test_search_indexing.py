"""Panel's search backend writes the index entries modelsearch's own backend writes.

questionbank/search_indexing.py reads each search field once and compiles each vector shape
once; the rows must stay the same, column for column, on SQLite and PostgreSQL, for new
objects and for objects indexed before.
"""

import pytest
from modelsearch.backends.database import SearchBackend as stock_search_backend
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from questionbank.models import Question

pytestmark = pytest.mark.django_db

BANK = """1. ORM
- Why `F()` expressions & <locks>? {#f}
  - tags: orm, SQL, races
  - key point: no race between read and write
  - follow-up: and with `select_for_update`?
- What does select_related do? {#sr}
  - difficulty: senior
- A question with no tag, no key point and no follow-up {#bare}
"""
COLUMNS = [
    field.attname
    for field in IndexEntry._meta.concrete_fields
    if field.attname not in {"id", "content_type_id"}
]


def _entries() -> list[dict]:
    rows = IndexEntry.objects.order_by("object_id").values(*COLUMNS)
    return [{name: str(value) for name, value in row.items()} for row in rows]


def _index_with(backend) -> list[dict]:
    questions = list(Question.get_indexed_objects().order_by("pk"))
    backend.add_bulk(Question, questions)
    return _entries()


def test_it_writes_the_entries_modelsearch_writes(bank_file, run_import):
    run_import(bank_file(BANK))
    ours, stock = get_search_backend(), stock_search_backend({})
    assert type(ours) is not type(stock)

    IndexEntry.objects.all().delete()
    expected_new = _index_with(stock)
    Question.objects.filter(key="f").update(key_points="a new key point")
    expected_updated = _index_with(stock)

    Question.objects.filter(key="f").update(key_points="no race between read and write")
    IndexEntry.objects.all().delete()
    assert _index_with(ours) == expected_new
    Question.objects.filter(key="f").update(key_points="a new key point")
    assert _index_with(ours) == expected_updated
    assert len(expected_new) == 3 and expected_new != expected_updated


def test_it_finds_a_question_of_a_bulk_import_by_its_words_and_tags(
    monkeypatch, bank_file, run_import
):
    from questionbank import services

    monkeypatch.setattr(services, "BULK_PUBLISH_THRESHOLD", 1)
    run_import(bank_file(BANK))
    backend = get_search_backend()
    assert [q.key for q in backend.search("race", Question.objects.all())] == ["f"]
    assert [q.key for q in backend.search("select_related", Question.objects.all())] == ["sr"]
    assert [q.key for q in backend.search("SQL", Question.objects.all())] == ["f"]
    assert [q.key for q in backend.autocomplete("relat", Question.objects.all())] == ["sr"]
