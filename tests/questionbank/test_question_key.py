"""An editor publishes a new question without inventing a key: a blank key is derived from
the prompt (as the importer derives it), kept unique, and never changes once published."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from questionbank.importing import derived_key
from questionbank.models import PROMPT_FEATURES, Question
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_questionbank_question:{name}", args=args)


def _form(category, text: str, *, key: str = "", **extra) -> dict:
    return {
        "prompt": rich_text(f"<p>{text}</p>"),
        "category": category.pk,
        "difficulty": "mid",
        "expected_minutes": 5,
        "tags": "orm",
        "guide_1": "",
        "guide_2": "",
        "guide_3": "",
        "guide_4": "",
        "follow_ups": "",
        "key_points": "",
        "key": key,
        "sort_order": 1,
        **extra,
    }


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def category(db):
    return CategoryFactory(name="Models & Database", slug="models-database")


def test_it_publishes_a_new_question_with_a_blank_key(editor_client, category):
    text = "How does `select_related` differ from prefetch_related?"
    form = _form(category, text.replace("`", ""), **{"action-publish": "publish"})
    form["prompt"] = rich_text(
        "<p>How does <code>select_related</code> differ from prefetch_related?</p>",
        features=PROMPT_FEATURES,
    )
    response = editor_client.post(_url("add"), form)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.live
    # The same key the importer gives this line of a Markdown file.
    assert question.key == derived_key(category=category.name, text=text)
    assert question.key.startswith("models-database-how-does-select_related-differ")


def test_it_autosaves_a_new_question_with_a_blank_key_without_validation_errors(
    editor_client, category
):
    response = editor_client.post(
        _url("add"), _form(category, "What is a migration?"), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["success"] is True
    assert Question.objects.get().key.startswith("models-database-what-is-a-migration-")


def test_it_asks_for_the_prompt_but_not_for_a_key(editor_client, category):
    response = editor_client.post(_url("add"), _form(category, ""))
    assert response.status_code == 200  # the form again, with its errors
    assert not Question.objects.exists()
    form = response.context["form"]
    assert "key" not in form.errors
    assert form.errors["prompt"] == ["Write the question."]


def test_it_makes_a_derived_key_unique(editor_client, category):
    for _ in range(3):
        editor_client.post(
            _url("add"), _form(category, "Same words", **{"action-publish": "publish"})
        )
    keys = sorted(Question.objects.values_list("key", flat=True))
    base = derived_key(category=category.name, text="Same words")
    assert keys == [base, f"{base}-2", f"{base}-3"]


def test_it_keeps_a_typed_key(editor_client, category):
    editor_client.post(_url("add"), _form(category, "Anything", key="my-own-key"))
    assert Question.objects.get().key == "my-own-key"


def test_it_follows_the_prompt_while_the_question_was_never_published(editor_client, category):
    editor_client.post(_url("add"), _form(category, "How do"), HTTP_ACCEPT="application/json")
    question = Question.objects.get()
    editor_client.post(
        _url("edit", question.pk),
        _form(category, "How do signals work?"),
        HTTP_ACCEPT="application/json",
    )
    question.refresh_from_db()
    assert question.key == derived_key(category=category.name, text="How do signals work?")


def test_it_keeps_the_key_of_a_published_question_when_the_box_is_cleared(editor_client, category):
    question = QuestionFactory(key="stable-key", category=category, publish=True)
    form = _form(category, "Reworded entirely", **{"action-publish": "publish"})
    assert editor_client.post(_url("edit", question.pk), form).status_code == 302
    question.refresh_from_db()
    assert question.prompt_text == "Reworded entirely"
    assert question.key == "stable-key"
