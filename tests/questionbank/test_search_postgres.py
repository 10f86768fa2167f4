"""On PostgreSQL, Panel's search backend (questionbank/search_postgres.py) finds, orders, scores
and counts as Wagtail's own, in one query per page of hits; the bank's paginator
(questionbank/pagination.py) pages as Django's does."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from questionbank.models import Category, Question
from questionbank.pagination import HitsFirstPaginator
from questionbank.search_postgres import has_title_vector
from questionbank.selectors import BankFilters, bank_page
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Wagtail's PostgreSQL backend is compared"
)


def wagtails_postgres_backend():
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return PostgresSearchBackend({})


@pytest.fixture
def bank(db):
    """Questions that name signals and middleware more or less often, and a draft."""
    orm = CategoryFactory(name="ORM", slug="orm")
    QuestionFactory(key="about", category=orm, prompt="<p>When do Django signals fire?</p>")
    QuestionFactory(
        key="mentions",
        category=orm,
        prompt="<p>How would you structure a large Django project?</p>",
        key_points="Avoids signals\nServices hold the rules",
    )
    QuestionFactory(key="twice", prompt="<p>Signals and signals: Django middleware too.</p>")
    for number in range(9):
        QuestionFactory(key=f"noise-{number}", prompt=f"<p>Django middleware {number}.</p>")
    QuestionFactory(key="draft", live=False, prompt="<p>Django signals, a draft.</p>")


def test_it_reads_the_title_vector_only_for_models_that_fill_it():
    assert not has_title_vector(Question)
    assert not has_title_vector(Category)
    assert has_title_vector(Page)


@on_postgres
@pytest.mark.parametrize("words", ["signals", "Django", "Django signals", "middleware 3"])
@pytest.mark.parametrize("relevance", [True, False], ids=["ranked", "ordered"])
def test_it_finds_orders_and_counts_as_wagtails_backend(bank, words, relevance):
    questions = Question.objects.live()
    ours = get_search_backend().search(
        words, questions, operator="and", order_by_relevance=relevance
    )
    wagtails = wagtails_postgres_backend().search(
        words, questions, operator="and", order_by_relevance=relevance
    )
    assert [q.key for q in ours] == [q.key for q in wagtails]
    assert [q.key for q in ours[2:5]] == [q.key for q in wagtails[2:5]]
    assert ours.count() == wagtails.count() == len(list(wagtails))


@on_postgres
def test_it_scores_as_wagtails_backend(bank):
    questions = Question.objects.live()
    ours = get_search_backend().search("Django signals", questions).annotate_score("score")
    wagtails = wagtails_postgres_backend().search("Django signals", questions)
    wagtails = wagtails.annotate_score("score")
    assert [(q.key, q.score) for q in ours] == [(q.key, q.score) for q in wagtails]


@on_postgres
@pytest.mark.parametrize("words", ["sig", "Django sig", "middle"])
def test_it_autocompletes_as_wagtails_backend(bank, words):
    questions = Question.objects.live()
    ours = get_search_backend().autocomplete(words, questions)
    wagtails = wagtails_postgres_backend().autocomplete(words, questions)
    assert [q.key for q in ours] == [q.key for q in wagtails]
    assert ours.count() == wagtails.count() > 0


@on_postgres
def test_it_counts_the_hits_in_the_pages_own_query(bank):
    with CaptureQueriesContext(connection) as captured:
        page = bank_page(filters=BankFilters(query="Django"))
        keys = [question.key for question in page.object_list]
        categories = [question.category.name for question in page.object_list]
        tags = [list(question.tags.all()) for question in page.object_list]
    assert page.paginator.count == 12
    assert len(keys) == 12 and len(categories) == len(tags) == 12
    # The ranked ids with their total, the page's rows by id, their tags.
    assert len(captured) == 3
    assert not any("COUNT(*) AS" in query["sql"] for query in captured)


@pytest.mark.parametrize("number", [None, "x", 0, 1, 2, 3, 4, 99, "2"])
@pytest.mark.parametrize("orphans", [0, 2])
def test_it_pages_a_list_as_djangos_paginator(number, orphans):
    items = list(range(23))
    ours = HitsFirstPaginator(items, 7, orphans=orphans).get_page(number)
    djangos = Paginator(items, 7, orphans=orphans).get_page(number)
    assert (ours.number, list(ours.object_list)) == (djangos.number, list(djangos.object_list))
    assert ours.paginator.num_pages == djangos.paginator.num_pages


@pytest.mark.parametrize("number", [1, 2, 3, 99, "x"])
def test_it_pages_search_results_as_djangos_paginator(bank, number):
    def results():
        return get_search_backend().search("Django", Question.objects.live())

    ours = HitsFirstPaginator(results(), 5).get_page(number)
    djangos = Paginator(results(), 5).get_page(number)
    assert ours.number == djangos.number
    assert [q.key for q in ours.object_list] == [q.key for q in djangos.object_list]
    assert ours.paginator.count == djangos.paginator.count == 12


def test_it_pages_an_empty_search(bank):
    page = HitsFirstPaginator(get_search_backend().search("zanzibar", Question.objects.all()), 5)
    assert list(page.get_page(3).object_list) == []
    assert page.count == 0
