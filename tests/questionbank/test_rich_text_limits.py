"""Rich text the editor cannot read, or nested too deep, is a form error or an import error.

Raw HTML posted to the prompt field was a JSONDecodeError (500); a list nested 5,000 deep
passed the sanitiser and later froze PDF rendering.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from questionbank.models import Question
from questionbank.richtext import MAX_NESTING, nesting_depth
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

BOMB = "<ul><li>" * 5000 + "deep" + "</li></ul>" * 5000


def _contentstate(*blocks, entities=None) -> str:
    return json.dumps({"blocks": list(blocks), "entityMap": entities or {}})


def _block(text="x", kind="unstyled", depth=0, entity_ranges=()):
    return {
        "key": "k",
        "text": text,
        "type": kind,
        "depth": depth,
        "inlineStyleRanges": [],
        "entityRanges": list(entity_ranges),
    }


def _form(category, prompt) -> dict:
    return {
        "prompt": prompt,
        "category": category.pk,
        "difficulty": "mid",
        "expected_minutes": 5,
        "tags": "",
        "guide_1": "",
        "guide_2": "",
        "guide_3": "",
        "guide_4": "",
        "follow_ups": "",
        "key_points": "",
        "key": "posted-question",
        "sort_order": 1,
    }


UNREADABLE = {
    "raw html": "<p>Raw <b>HTML</b></p>",
    "empty": "",
    "a list": "[]",
    "blocks not a list": json.dumps({"blocks": 5, "entityMap": {}}),
    "a block not an object": json.dumps({"blocks": ["x"], "entityMap": {}}),
    "a missing entity": _contentstate(_block(entity_ranges=[{"offset": 0, "length": 1, "key": 7}])),
    "a list 5,000 deep": _contentstate(_block(kind="unordered-list-item", depth=5000)),
    "a staircase of lists": json.dumps(
        {
            "blocks": [
                dict(_block(kind="unordered-list-item", depth=d), key=f"k{d}") for d in range(300)
            ],
            "entityMap": {},
        }
    ),
}


@pytest.mark.parametrize("prompt", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_it_answers_unreadable_editor_input_with_a_form_error(client, editor, prompt):
    client.force_login(editor)
    category = CategoryFactory()
    response = client.post(
        reverse("wagtailsnippets_questionbank_question:add"), _form(category, prompt)
    )
    assert response.status_code == 200
    assert "The prompt could not be read" in response.content.decode()
    assert not Question.objects.filter(key="posted-question").exists()


def test_it_still_saves_a_list_nested_a_few_levels(client, editor):
    client.force_login(editor)
    category = CategoryFactory()
    blocks = [dict(_block(kind="unordered-list-item", depth=d), key=f"k{d}") for d in range(3)]
    response = client.post(
        reverse("wagtailsnippets_questionbank_question:add"),
        _form(category, json.dumps({"blocks": blocks, "entityMap": {}})),
    )
    assert response.status_code == 302
    assert nesting_depth(Question.objects.get(key="posted-question").prompt) >= 6


def test_it_refuses_a_prompt_nested_too_deep_on_any_save_path():
    question = QuestionFactory.build(category=CategoryFactory(), prompt=BOMB, key="bomb")
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "nested" in str(error.value.message_dict["prompt"])


def test_it_measures_depth_in_linear_time_without_recursion():
    assert nesting_depth(BOMB) == 10_000
    assert nesting_depth("<p>a <code>b</code><br>c</p>") == 2
    assert nesting_depth("<ul><li>a</li><li>b</li></ul>") == 2
    assert MAX_NESTING < 100
