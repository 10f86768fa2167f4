"""An import large enough for the bulk path (services.BULK_PUBLISH_THRESHOLD) publishes each
question with one revision, finds it in search, re-imports idempotently, and reads the bank in
a number of queries that does not grow with it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, Revision
from wagtail.search.backends import get_search_backend

from questionbank import services
from questionbank.models import Question

pytestmark = pytest.mark.django_db


def _bank(count: int, *, edited: int | None = None) -> str:
    lines = ["1. ORM"]
    for number in range(count):
        minutes = 9 if number == edited else 4
        lines += [
            f"- Question {number} about transaction isolation level {number}? {{#q{number}}}",
            f"  - tags: orm, level{number % 3}",
            f"  - minutes: {minutes}",
            f"  - key point: mentions savepoint{number}",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def imported(bank_file, run_import):
    count = services.BULK_PUBLISH_THRESHOLD + 10
    run_import(bank_file(_bank(count)))
    return count


def test_it_publishes_each_question_of_a_bulk_import_with_one_revision(imported):
    questions = Question.objects.all()
    assert questions.count() == imported
    for question in questions:
        (revision,) = question.revisions.all()
        assert question.live and not question.has_unpublished_changes
        assert question.latest_revision_id == question.live_revision_id == revision.pk
        assert revision.content["prompt"] == question.prompt
        assert sorted(item["tag"] for item in revision.content["tagged_items"]) == sorted(
            question.tags.values_list("pk", flat=True)
        )
    assert ModelLogEntry.objects.filter(action="wagtail.publish").count() == imported


def test_it_finds_each_question_of_a_bulk_import_by_its_words_and_tags(imported):
    backend = get_search_backend()
    assert [q.key for q in backend.search("savepoint7", Question.objects.all())] == ["q7"]
    found = {q.key for q in backend.search("level1", Question.objects.all())}
    assert {f"q{n}" for n in range(imported) if n % 3 == 1} <= found


def test_it_adds_a_revision_only_to_the_question_that_changed(imported, bank_file, run_import):
    revisions = Revision.objects.count()
    run_import(bank_file(_bank(imported)))
    assert Revision.objects.count() == revisions

    output = run_import(bank_file(_bank(imported, edited=5)))
    assert "1 updated" in output
    assert Revision.objects.count() == revisions + 1
    assert Question.objects.get(key="q5").expected_minutes == 9
    assert Question.objects.get(key="q5").revisions.count() == 2


def test_it_reads_an_unchanged_bank_in_the_same_number_of_queries_whatever_its_size(
    bank_file, run_import
):
    counts = []
    for size in (60, 120):
        run_import(bank_file(_bank(size)))
        with CaptureQueriesContext(connection) as queries:
            run_import(bank_file(_bank(size)))
        counts.append(len(queries))
    assert counts[0] == counts[1]
