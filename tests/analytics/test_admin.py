"""The Wagtail admin: the question's Effectiveness tab and the "Questions to review" report."""

import csv
import io

import pytest

from tests.analytics.conftest import rated_interview
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/questions-to-review/"


@pytest.fixture
def bank():
    category = CategoryFactory(name="Basics")
    return [
        QuestionFactory(category=category, prompt="<p>=cmd|' /C calc'!A0 ceiling?</p>"),
        QuestionFactory(category=category, prompt="<p>A fine question</p>"),
        QuestionFactory(category=category, prompt="<p>Rarely asked</p>"),
    ]


@pytest.fixture
def history(bank, lead, panelist):
    """bank[0] and bank[1] in all six interviews (overused); bank[0] rated 4 nearly always
    (ceiling); bank[2] asked once."""
    for index in range(6):
        asked = bank if index == 0 else bank[:2]
        low = 1 + index % 3
        ratings = {lead: [4, low, 2][: len(asked)], panelist: [4, low, 3][: len(asked)]}
        rated_interview(bank_questions=asked, ratings=ratings)


def _export(client):
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_report_lists_questions_to_review_with_reasons(client, history, bank, editor):
    client.force_login(editor)
    page = client.get(REPORT).content.decode()
    assert "Questions to review" in page
    assert "Overused, Ceiling" in page
    assert "Rarely asked" not in page


def test_the_report_filters_by_reason(client, history, bank, editor):
    client.force_login(editor)
    page = client.get(REPORT, {"reason": "ceiling"}).content.decode()
    assert "ceiling?" in page and "A fine question" not in page


def test_the_report_exports_csv_with_figures_and_no_formulas(client, history, bank, editor):
    client.force_login(editor)
    rows = _export(client)
    by_key = {row["Key"]: row for row in rows}
    ceiling = by_key[bank[0].key]
    assert ceiling["To review"] == "Overused, Ceiling"
    assert (ceiling["Uses"], ceiling["Ratings"], ceiling["Mean rating"]) == ("6", "12", "4.0")
    assert ceiling["Prompt"].startswith("'=")
    assert bank[2].key not in by_key


@pytest.mark.parametrize("persona", ["recruiter", "lead", "hiring_manager", "nobody"])
def test_only_editors_open_the_report(client, history, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert "Questions to review" not in response.content.decode()


def test_the_reports_menu_offers_it_to_editors(client, editor):
    client.force_login(editor)
    assert REPORT in client.get("/admin/").content.decode()


def test_the_question_edit_view_has_an_effectiveness_tab(client, history, bank, editor):
    client.force_login(editor)
    page = client.get(f"/admin/snippets/questionbank/question/edit/{bank[1].pk}/").content.decode()
    assert "Effectiveness" in page
    assert "Times used" in page and "of 6 interviews" in page


def test_a_new_question_has_the_tab_without_figures(client, editor):
    client.force_login(editor)
    page = client.get("/admin/snippets/questionbank/question/add/").content.decode()
    assert "Figures appear once the question has been asked" in page
