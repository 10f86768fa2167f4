"""Who reaches the bank page and the Wagtail admin: the role matrix."""

import pytest
from django.urls import reverse

from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/snippets/questionbank/question/",
    "/admin/snippets/questionbank/question/add/",
    "/admin/snippets/questionbank/category/",
]


@pytest.fixture
def question(db):
    return QuestionFactory()


def _bank_pages(question) -> list[str]:
    return ["/bank/", f"/bank/questions/{question.pk}/"]


def test_it_sends_anonymous_visitors_to_sign_in_everywhere(client, question):
    edit = reverse("wagtailsnippets_questionbank_question:edit", args=[question.pk])
    for url in [*_bank_pages(question), *ADMIN_PAGES, edit]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["panelist", "hiring_manager", "recruiter", "editor"])
def test_it_lets_every_role_read_the_bank(client, request, persona, question):
    client.force_login(request.getfixturevalue(persona))
    for url in _bank_pages(question):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["panelist", "hiring_manager", "recruiter", "nobody"])
def test_it_keeps_everyone_but_editors_out_of_the_wagtail_admin(client, request, persona, question):
    user = request.getfixturevalue(persona)
    assert not user.has_perm("wagtailadmin.access_admin")
    client.force_login(user)
    edit = reverse("wagtailsnippets_questionbank_question:edit", args=[question.pk])
    for url in [*ADMIN_PAGES, edit]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert not response["Location"].startswith("/admin/snippets"), url


def test_it_refuses_the_bank_to_a_user_without_a_role(client, nobody, question):
    client.force_login(nobody)
    for url in _bank_pages(question):
        assert client.get(url).status_code == 403, url


def test_it_shows_the_edit_link_only_to_editors(client, editor, panelist, question):
    edit = reverse("wagtailsnippets_questionbank_question:edit", args=[question.pk])
    client.force_login(panelist)
    assert edit not in client.get("/bank/").content.decode()
    client.force_login(editor)
    assert edit in client.get("/bank/").content.decode()


def test_it_answers_404_for_unknown_or_unpublished_question_ids(client, panelist, question):
    draft = QuestionFactory(live=False)
    client.force_login(panelist)
    assert client.get(f"/bank/questions/{question.pk + 10_000}/").status_code == 404
    assert client.get(f"/bank/questions/{draft.pk}/").status_code == 404
