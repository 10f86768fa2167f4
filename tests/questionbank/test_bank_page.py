"""The bank page: published questions only, filters, full-text search, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionbank.models import Question
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _keys(response) -> set[str]:
    return {q.key for q in response.context["page"].object_list}


def _searched_text(question) -> str:
    """The text a search matches: prompt, key points, follow-ups and competency tags."""
    fields = [question.prompt_text, question.key_points, question.follow_ups]
    return " ".join([*fields, *question.tags.names()]).lower()


@pytest.fixture
def reader(client, panelist):
    client.force_login(panelist)
    return client


def test_it_shows_only_live_questions(reader, editor):
    live = QuestionFactory(key="live", publish=True)
    draft = QuestionFactory(key="draft", live=False)
    draft.prompt = "<p>Draft text</p>"
    draft.save_revision(user=editor)
    live.prompt = "<p>Unpublished change</p>"
    live.save_revision(user=editor)  # a draft on top of the published version
    response = reader.get("/bank/")
    assert _keys(response) == {"live"}
    assert "Unpublished change" not in response.content.decode()


def test_it_renders_inline_code_as_code(reader, seed_bank):
    body = reader.get("/bank/", {"q": "blank"}).content.decode()
    assert "<code>null=True</code>" in body
    assert "&lt;code&gt;" not in body


def test_it_filters_by_category_difficulty_and_tag(reader):
    orm, views = CategoryFactory(slug="orm"), CategoryFactory(slug="views")
    tagged = QuestionFactory(key="orm-senior", category=orm, difficulty="senior")
    tagged.tags.add("perf")
    tagged.save()
    QuestionFactory(key="orm-junior", category=orm, difficulty="junior")
    QuestionFactory(key="views-senior", category=views, difficulty="senior")
    assert _keys(reader.get("/bank/", {"category": "orm"})) == {"orm-senior", "orm-junior"}
    assert _keys(reader.get("/bank/", {"difficulty": "senior"})) == {"orm-senior", "views-senior"}
    assert _keys(reader.get("/bank/", {"tag": "PERF"})) == {"orm-senior"}
    assert _keys(reader.get("/bank/", {"category": "orm", "difficulty": "junior"})) == {
        "orm-junior"
    }


def test_it_searches_the_full_text(reader, seed_bank):
    response = reader.get("/bank/", {"q": "middleware"})
    hits = list(response.context["page"].object_list)
    assert "What is middleware in Django?" in [q.prompt_text for q in hits]
    assert all("middleware" in _searched_text(q) for q in hits)
    assert _keys(reader.get("/bank/", {"q": "zebra unicorn"})) == set()


def test_it_combines_search_with_filters(reader, seed_bank):
    response = reader.get("/bank/", {"q": "Django", "category": "middleware"})
    assert {q.category.slug for q in response.context["page"].object_list} == {"middleware"}
    assert response.context["page"].paginator.count == 3
    tagged = Question.objects.get(prompt__contains="custom middleware")
    tagged.tags.add("Plumbing")
    tagged.save()
    assert _keys(reader.get("/bank/", {"q": "middleware", "tag": "plumbing"})) == {tagged.key}


def test_it_ignores_bad_filter_values_without_failing(reader, seed_bank):
    for params in [{"difficulty": "guru"}, {"page": "x"}, {"page": "999"}, {"q": "&|!:*()"}]:
        assert reader.get("/bank/", params).status_code == 200, params


def _queries_for(client, params) -> int:
    client.get("/bank/", params)  # the first request creates the rating scale row
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bank/", params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"q": "thing"}])
def test_it_uses_the_same_number_of_queries_for_5_or_25_results(reader, params):
    category = CategoryFactory()
    for n in range(25):
        if n == 5:
            few = _queries_for(reader, params)
        question = QuestionFactory(category=category, prompt=f"<p>Thing {n}</p>")
        question.tags.add(f"t{n}")
        question.save()
    assert reader.get("/bank/", params).context["page"].paginator.count == 25
    assert _queries_for(reader, params) == few
