"""Editors in the Wagtail admin: create, draft, publish, revisions, compare, moderation, locks."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowContentType, WorkflowState
from wagtail.test.utils.form_data import rich_text

from accounts.roles import Role
from questionbank.models import Question
from questionbank.services import question_moderation_ensure
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bank_as(user) -> str:
    """The bank page as another user, in a browser of their own."""
    client = Client()
    client.force_login(user)
    return client.get("/bank/").content.decode()


def _url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_questionbank_question:{name}", args=args)


def _form(category, text: str, **extra) -> dict:
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
        "key": extra.pop("key", "edited-question"),
        "sort_order": 1,
        **extra,
    }


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_it_lets_an_editor_open_the_question_list_and_the_add_form(editor_client):
    QuestionFactory()
    assert editor_client.get(_url("list")).status_code == 200
    assert editor_client.get(_url("add")).status_code == 200


def test_it_saves_a_new_question_as_a_draft_hidden_from_the_bank(editor_client, panelist):
    category = CategoryFactory()
    response = editor_client.post(_url("add"), _form(category, "Brand new draft?"))
    assert response.status_code == 302
    question = Question.objects.get(key="edited-question")
    assert not question.live and question.latest_revision is not None
    assert "Brand new draft?" not in _bank_as(panelist)


def test_it_publishes_edits_and_keeps_revisions_to_compare(editor_client, panelist):
    question = QuestionFactory(key="edited-question", publish=True)
    first = question.latest_revision
    form = _form(question.category, "Reworded question?", **{"action-publish": "publish"})
    assert editor_client.post(_url("edit", question.pk), form).status_code == 302
    question.refresh_from_db()
    assert question.live and question.prompt_text == "Reworded question?"
    second = question.latest_revision
    assert second != first and question.live_revision == second
    assert editor_client.get(_url("history", question.pk)).status_code == 200
    assert editor_client.get(_url("revisions_view", question.pk, first.pk)).status_code == 200
    compare = editor_client.get(_url("revisions_compare", question.pk, first.pk, second.pk))
    assert compare.status_code == 200
    assert "Reworded question?" in _bank_as(panelist)


def test_it_keeps_the_live_version_on_the_bank_while_a_draft_is_pending(editor_client, panelist):
    question = QuestionFactory(key="edited-question", prompt="<p>Published words</p>", publish=True)
    editor_client.post(_url("edit", question.pk), _form(question.category, "Draft words"))
    question.refresh_from_db()
    assert question.has_unpublished_changes
    body = _bank_as(panelist)
    assert "Published words" in body and "Draft words" not in body


def test_it_assigns_the_moderation_workflow_to_questions_idempotently(db):
    first = question_moderation_ensure()
    assert question_moderation_ensure() == first
    assert WorkflowContentType.objects.get(content_type__model="question").workflow == first
    assert [task.name for task in first.tasks] == ["Editors approval"]


def test_it_lets_an_editor_submit_a_question_for_moderation(editor_client, editor):
    question_moderation_ensure()
    question = QuestionFactory(key="edited-question", publish=True)
    form = _form(question.category, "Please review me", **{"action-submit": "submit"})
    assert editor_client.post(_url("edit", question.pk), form).status_code == 302
    state = WorkflowState.objects.get(object_id=str(question.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor


def test_it_locks_a_question_against_other_editors(editor_client, editor):

    question = QuestionFactory(key="edited-question", publish=True)
    assert editor_client.post(_url("lock", question.pk)).status_code == 302
    question.refresh_from_db()
    assert question.locked and question.locked_by == editor
    other = UserFactory(roles=[Role.EDITOR])
    editor_client.force_login(other)
    form = _form(question.category, "Sneaky edit", **{"action-publish": "publish"})
    editor_client.post(_url("edit", question.pk), form)
    question.refresh_from_db()
    assert question.prompt_text != "Sneaky edit"
