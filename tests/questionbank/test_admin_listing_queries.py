"""The Wagtail admin's question listing costs the same number of queries for 1 row as for 30,
with a search or without, and its status column still tells scheduled and in-moderation
questions apart (issue 14, item 2: the status column read two queries per row)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from questionbank.services import question_moderation_ensure
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_questionbank_question:list"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _questions(category, count: int, *, start: int = 0) -> list:
    return [
        QuestionFactory(category=category, prompt=f"<p>Zanzibar question {start + n}</p>")
        for n in range(count)
    ]


def _scheduled(question) -> None:
    question.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))


def _in_moderation(question, user) -> None:
    question.save_revision(user=user)
    question_moderation_ensure().start(question, user)


def _queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(LIST_URL), params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{"q": "zanzibar"}, {}], ids=["search", "all"])
def test_it_lists_30_questions_in_as_many_queries_as_one(editor_client, editor, params):
    category = CategoryFactory()
    first = _questions(category, 1)[0]
    _scheduled(first)
    _queries(editor_client, params)  # warm the per-process caches
    one = _queries(editor_client, params)
    more = _questions(category, 29, start=1)
    _scheduled(more[0])
    _in_moderation(more[1], editor)
    thirty = _queries(editor_client, params)
    assert thirty == one


def test_it_shows_which_questions_are_scheduled_or_in_moderation(editor_client, editor):
    category = CategoryFactory()
    _plain, scheduled, moderated = _questions(category, 3)
    _scheduled(scheduled)
    _in_moderation(moderated, editor)
    body = editor_client.get(reverse(LIST_URL), {"q": "zanzibar"}).content.decode()
    # Each row's text: from each mention of its title to the next mention of any title.
    rows = ["", "", ""]
    for part in body.split("Zanzibar question ")[1:]:
        rows[int(part[0])] += part
    assert "live + scheduled" in rows[1] and "in moderation" not in rows[1]
    assert "live + in moderation" in rows[2] and "scheduled" not in rows[2]
    assert "scheduled" not in rows[0] and "in moderation" not in rows[0]
