"""The question and category listings draw each row's "More" menu once per request and stamp it
for every row, and draw a plain cell once per distinct value (questionbank/admin_rows.py). What
an editor sees must be exactly what Wagtail draws: the rows' HTML is compared with Wagtail's own,
for titles that need escaping, for users whose menus differ, and with a search or without."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView

from questionbank.admin_rows import SameValueSameCell, StampedRowButtonsMixin
from questionbank.models import Difficulty
from tests.factories import CategoryFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTIONS = "wagtailsnippets_questionbank_question:list"
CATEGORIES = "wagtailsnippets_questionbank_category:list"


def _rows(client, url_name: str, params: dict) -> str:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    html = response.content.decode()
    body = re.search(r'<table class="listing.*?</table>', html, re.S)
    assert body, "the listing has no table"
    return body.group(0)


def _as_wagtail_draws(monkeypatch) -> None:
    monkeypatch.setattr(StampedRowButtonsMixin, "get_list_buttons", IndexView.get_list_buttons)
    monkeypatch.setattr(SameValueSameCell, "render_cell_html", Column.render_cell_html)


@pytest.fixture
def bank():
    plain = CategoryFactory(name='Plain & "simple"')
    odd = CategoryFactory(name="<i>Odd</i> one's")
    questions = [
        QuestionFactory(category=plain, prompt='<p>Why "quotes" &amp; <b>tags</b>? zebra</p>'),
        QuestionFactory(category=plain, prompt="<p>It's O'Neil's zebra</p>", live=False),
        QuestionFactory(category=odd, prompt="<p>Plain zebra 918273645546372819</p>"),
        QuestionFactory(category=odd, difficulty=Difficulty.SENIOR, expected_minutes=12),
    ]
    return questions


def _change_only_user():
    user = UserFactory(username="changeonly", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_question"),
        Permission.objects.get(codename="view_category"),
    )
    return user


@pytest.mark.parametrize("who", ["editor", "admin_user", "change_only"])
@pytest.mark.parametrize("search", [False, True], ids=["all", "search"])
@pytest.mark.parametrize("listing", [QUESTIONS, CATEGORIES])
def test_the_rows_are_the_ones_wagtail_draws(
    client, monkeypatch, request, bank, who, search, listing
):
    params = {"q": "zebra" if listing == QUESTIONS else "plain"} if search else {}
    user = _change_only_user() if who == "change_only" else request.getfixturevalue(who)
    client.force_login(user)
    ours = _rows(client, listing, params)
    _as_wagtail_draws(monkeypatch)
    wagtails = _rows(client, listing, params)

    assert ours == wagtails
    if listing == QUESTIONS and who != "change_only":
        # The stamp's marks never show, and each row's menu names its own question.
        assert "918273645546372819/" not in ours
        assert "PanelRowTitleMark" not in ours
        listed = bank[:3] if params else bank  # the fourth question has no "zebra"
        for question in listed:
            assert f"/question/edit/{question.pk}/" in ours
            assert f"/question/delete/{question.pk}/" in ours


def test_the_menus_differ_as_the_users_permissions_do(client, bank, editor):
    client.force_login(_change_only_user())
    limited = _rows(client, QUESTIONS, {})
    client.force_login(editor)
    full = _rows(client, QUESTIONS, {})

    assert f"/question/delete/{bank[0].pk}/" in full
    assert "/question/delete/" not in limited
    assert f"/question/edit/{bank[0].pk}/" in limited


def test_a_hook_that_adds_row_buttons_is_asked_for_every_row(client, bank, editor):
    def per_row(snippet, user, next_url=None):
        return [Button(f"Row {snippet.pk}", url=f"/row/{snippet.pk}/", priority=90)]

    client.force_login(editor)
    with hooks.register_temporarily("register_snippet_listing_buttons", per_row):
        rows = _rows(client, QUESTIONS, {})

    for question in bank:
        assert f'href="/row/{question.pk}/"' in rows
