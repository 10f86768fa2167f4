"""Search words are searched as words: quotes, operators and column filters mean nothing."""

import pytest

from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joins(db):
    return QuestionFactory(
        prompt="<p>How does <code>select_related</code> join tables?</p>", key="joins"
    )


@pytest.fixture
def reader(client, panelist):
    client.force_login(panelist)
    return client


@pytest.mark.parametrize(
    "query", ['"select_related"', "select_related*", "(select_related)", "(join) -tables:"]
)
def test_it_finds_a_question_whatever_punctuation_wraps_the_words(reader, joins, query):
    response = reader.get("/bank/", {"q": query})
    assert response.status_code == 200
    assert [q.key for q in response.context["page"].object_list] == ["joins"]


def test_it_finds_nothing_for_input_without_a_word(reader, joins):
    response = reader.get("/bank/", {"q": '" *'})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_it_searches_the_picker_with_the_same_words(client, recruiter, joins):
    client.force_login(recruiter)
    response = client.get("/questions/pick/", {"q": '"join'})
    assert response.status_code == 200
    assert [q.key for q in response.context["results"]] == ["joins"]


def test_it_searches_the_admin_listing_with_plain_words(client, editor, joins):
    """300 words were a RecursionError in the PostgreSQL backend; punctuation means nothing."""
    client.force_login(editor)
    url = "/admin/snippets/questionbank/category/"
    assert client.get(url, {"q": "x " * 300}).status_code == 200
    response = client.get(url, {"q": f'"{joins.category.name}"'})
    assert response.status_code == 200
    assert joins.category.name in response.content.decode()
