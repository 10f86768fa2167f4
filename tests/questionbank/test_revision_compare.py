"""Wagtail's revision compare shows only what an editor changed: not tags in another order,
not the line breaks a browser sends (\\r\\n) in follow-ups, key points and guides."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from questionbank.models import Question

pytestmark = pytest.mark.django_db

IMPORTED = """1. Models & Database
- How do you avoid N+1 queries? {#models-n-plus-one}
  - tags: performance, orm, django
  - guide 1: Has not heard of it
  - follow-up: How would you find them?
  - follow-up: What about prefetch_related?
  - key point: select_related joins
  - key point: prefetch_related runs a second query
"""


def _url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_questionbank_question:{name}", args=args)


@pytest.fixture
def imported(bank_file, run_import):
    run_import(bank_file(IMPORTED))
    return Question.objects.get(key="models-n-plus-one")


def _edit_form(question, prompt: str) -> dict:
    """The admin form as a browser posts it: tags as the form lists them (sorted), textarea
    line breaks as \\r\\n."""
    return {
        "prompt": rich_text(f"<p>{prompt}</p>"),
        "category": question.category_id,
        "difficulty": question.difficulty,
        "expected_minutes": question.expected_minutes,
        "tags": "django, orm, performance",
        "guide_1": "Has not heard of it",
        "guide_2": "",
        "guide_3": "",
        "guide_4": "",
        "follow_ups": "How would you find them?\r\nWhat about prefetch_related?",
        "key_points": "select_related joins\r\nprefetch_related runs a second query",
        "key": question.key,
        "sort_order": question.sort_order,
        "action-publish": "publish",
    }


def test_it_compares_only_the_fields_an_editor_changed(client, editor, imported):
    client.force_login(editor)
    first = imported.latest_revision
    form = _edit_form(imported, "How do you avoid N+1 queries in a list view?")
    assert client.post(_url("edit", imported.pk), form).status_code == 302
    imported.refresh_from_db()
    second = imported.latest_revision
    assert second != first

    response = client.get(_url("revisions_compare", imported.pk, first.pk, second.pk))
    assert response.status_code == 200
    changed = [str(comparison.field_label()) for comparison in response.context["comparison"]]
    assert changed == ["Prompt"]


def test_it_stores_line_breaks_as_newlines(client, editor, imported):
    client.force_login(editor)
    client.post(_url("edit", imported.pk), _edit_form(imported, "How do you avoid N+1?"))
    imported.refresh_from_db()
    assert "\r" not in imported.follow_ups + imported.key_points
    assert imported.follow_up_list() == ["How would you find them?", "What about prefetch_related?"]
