"""Searches rank the question about the words first, on SQLite as on PostgreSQL.

On SQLite, Panel's backend (questionbank/search_backend.py) ranks in one join what Wagtail's
ranks with a subquery per hit: the same hits, in the same order. tests/security/
test_on_sqlite.py runs this module again on SQLite when the suite runs on PostgreSQL.
"""

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from interviews.selectors import question_search
from questionbank.models import Question
from questionbank.selectors import BankFilters, bank_page
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def wagtails_sqlite_backend():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend({})


on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="Wagtail's SQLite backend is compared on SQLite"
)


@pytest.fixture
def bank(db):
    """The question about signals, one that names signals among its key points, and noise."""
    orm = CategoryFactory(name="ORM", slug="orm")
    QuestionFactory(
        key="about",
        category=orm,
        prompt="<p>When do Django signals fire, and when are signals the wrong tool?</p>",
    )
    QuestionFactory(
        key="mentions",
        category=orm,
        prompt="<p>How would you structure a large Django project with many apps?</p>",
        key_points="Apps own their models\nServices hold the rules\nAvoids signals\n"
        "Settings per environment\nTests beside the code",
    )
    for number in range(6):
        QuestionFactory(prompt=f"<p>Explain Django middleware number {number}.</p>")


def test_it_ranks_the_question_about_the_words_first_on_the_bank_page(bank):
    page = bank_page(filters=BankFilters(query="signals"))
    assert [question.key for question in page.object_list] == ["about", "mentions"]
    assert page.paginator.count == 2


def test_it_ranks_the_same_way_in_the_question_picker(bank):
    assert [question.key for question in question_search(query="Django signals")] == [
        "about",
        "mentions",
    ]


def test_it_ranks_within_a_filtered_search(bank):
    QuestionFactory(key="elsewhere", prompt="<p>Signals, signals and more signals.</p>")
    page = bank_page(filters=BankFilters(query="signals", category="orm"))
    assert [question.key for question in page.object_list] == ["about", "mentions"]
    assert page.paginator.count == 2


@on_sqlite
@pytest.mark.parametrize("words", ["signals", "Django", "Django signals", "middleware number"])
def test_it_orders_and_counts_as_wagtails_sqlite_backend(bank, words):
    questions = Question.objects.live()
    ours = get_search_backend().search(words, questions, operator="and")
    wagtails = wagtails_sqlite_backend().search(words, questions, operator="and")
    assert [q.key for q in ours] == [q.key for q in wagtails]
    assert ours.count() == wagtails.count() == len(list(wagtails))


@on_sqlite
@pytest.mark.parametrize("words", ["sig", "Django sig", "middle"])
def test_it_autocompletes_as_wagtails_sqlite_backend(bank, words):
    questions = Question.objects.live()
    ours = get_search_backend().autocomplete(words, questions)
    wagtails = wagtails_sqlite_backend().autocomplete(words, questions)
    assert [q.key for q in ours] == [q.key for q in wagtails]
    assert ours.count() == wagtails.count() > 0


@on_sqlite
def test_it_keeps_an_explicit_order_when_not_ranking(bank):
    QuestionFactory(key="junior", prompt="<p>Django for juniors</p>", difficulty="junior")
    questions = Question.objects.live().order_by("difficulty")
    found = get_search_backend().search("Django", questions, order_by_relevance=False)
    assert [q.key for q in found][:1] == ["junior"]
    assert found.count() == len(list(found)) == 9


@on_sqlite
def test_it_leaves_unpublished_questions_out(bank):
    QuestionFactory(key="draft", live=False, prompt="<p>Signals, signals, signals.</p>")
    page = bank_page(filters=BankFilters(query="signals"))
    assert [question.key for question in page.object_list] == ["about", "mentions"]
