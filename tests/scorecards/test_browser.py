"""The scoring page in a real Chromium: keyboard rating, notes, reload, submit, blind scoring
and the lead's live progress."""

import re

import pytest

from interviews.models import InterviewStatus
from tests.browser import signed_in_page
from tests.factories import InterviewFactory

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]


def _status(page, question_pk):
    return page.locator(f"#question-{question_pk} .answer-status")


def test_it_scores_with_the_keyboard_and_keeps_the_panel_blind(
    browser, live_server, lead, panelist
):
    interview = InterviewFactory(panel=[lead, panelist], questions=3)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    questions = list(interview.questions.order_by("position"))
    url = f"{live_server.url}/scoring/{interview.pk}/"

    lead_page = signed_in_page(browser, live_server, lead)
    lead_page.goto(url)
    panelist_row = lead_page.locator(f'#panel-progress tr[data-panelist="{panelist.pk}"]')
    playwright_api.expect(panelist_row).to_contain_text("0 / 3")
    lead_page.evaluate("window.__notReloaded = true")

    page = signed_in_page(browser, live_server, panelist)
    page.goto(url)
    page.keyboard.press("3")
    playwright_api.expect(_status(page, questions[0].pk)).to_have_attribute("data-state", "saved")
    page.keyboard.press("n")
    playwright_api.expect(page.locator(f"#question-{questions[1].pk}")).to_be_focused()
    page.keyboard.press("0")
    page.keyboard.press("n")
    page.keyboard.press("e")
    playwright_api.expect(page.locator(f"#notes-{questions[2].pk}")).to_be_focused()
    page.keyboard.type("Explains <b>select_related</b> well")
    page.keyboard.press("Escape")
    page.keyboard.press("4")
    playwright_api.expect(_status(page, questions[2].pk)).to_have_attribute("data-state", "saved")
    playwright_api.expect(_status(page, questions[1].pk)).to_have_attribute("data-state", "saved")
    playwright_api.expect(page.locator("#progress-count")).to_have_text("3")

    # The lead sees the progress change without reloading, and never a rating.
    playwright_api.expect(panelist_row).to_contain_text("3 / 3", timeout=10000)
    assert lead_page.evaluate("window.__notReloaded") is True
    assert "select_related" not in lead_page.content()

    page.reload()
    playwright_api.expect(
        page.locator(f'input[name="rating-{questions[0].pk}"][value="3"]')
    ).to_be_checked()
    playwright_api.expect(
        page.locator(f'input[name="rating-{questions[1].pk}"][value="not_asked"]')
    ).to_be_checked()
    playwright_api.expect(page.locator(f"#notes-{questions[2].pk}")).to_have_value(
        "Explains <b>select_related</b> well"
    )

    page.get_by_label("Yes", exact=True).check()
    playwright_api.expect(page.locator("#overall .answer-status")).to_have_attribute(
        "data-state", "saved"
    )
    page.get_by_role("link", name="Review and submit").click()
    page.wait_for_url(re.compile(r"/submit/$"))
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_url(re.compile(r"/summary/$"))

    # The lead has not submitted: no panel summary for them, and nothing on their page.
    response = lead_page.goto(f"{url}summary/")
    assert response.status == 403
    lead_page.goto(url)
    assert "select_related" not in lead_page.content()
    lead_page.keyboard.press("2")
    playwright_api.expect(_status(lead_page, questions[0].pk)).to_have_attribute(
        "data-state", "saved"
    )
    lead_page.get_by_label("No", exact=True).check()
    playwright_api.expect(lead_page.locator("#overall .answer-status")).to_have_attribute(
        "data-state", "saved"
    )
    lead_page.get_by_role("link", name="Review and submit").click()
    lead_page.get_by_label(re.compile("Submit with the questions above left unrated")).check()
    lead_page.get_by_role("button", name="Submit scorecard").click()
    lead_page.wait_for_url(re.compile(r"/summary/$"))
    playwright_api.expect(lead_page.locator("body")).to_contain_text(
        "Explains <b>select_related</b> well"
    )
    lead_page.screenshot(path="/tmp/scoring-summary.png", full_page=True)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COMPLETED


def test_it_keeps_edits_made_offline_and_sends_them_when_back(browser, live_server, panelist, lead):
    interview = InterviewFactory(panel=[lead, panelist], questions=2)
    question = interview.questions.order_by("position").first()
    page = signed_in_page(browser, live_server, panelist)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    page.context.set_offline(True)
    page.keyboard.press("2")
    page.locator(f"#notes-{question.pk}").fill("typed while offline")
    page.locator(f"#notes-{question.pk}").blur()
    playwright_api.expect(_status(page, question.pk)).to_have_attribute("data-state", "offline")
    playwright_api.expect(page.locator("#connection")).to_be_visible()
    page.screenshot(path="/tmp/scoring-offline.png", full_page=False)
    page.context.set_offline(False)
    playwright_api.expect(_status(page, question.pk)).to_have_attribute("data-state", "saved")
    answer = question.answers.get()
    assert (answer.rating, answer.notes) == (2, "typed while offline")


def test_it_shows_a_conflict_between_two_tabs_and_lets_the_panelist_choose(
    browser, live_server, panelist, lead
):
    interview = InterviewFactory(panel=[lead, panelist], questions=1)
    question = interview.questions.get()
    first = signed_in_page(browser, live_server, panelist)
    second = first.context.new_page()
    url = f"{live_server.url}/scoring/{interview.pk}/"
    first.goto(url)
    second.goto(url)
    first.keyboard.press("4")
    playwright_api.expect(_status(first, question.pk)).to_have_attribute("data-state", "saved")
    second.keyboard.press("1")
    conflict = _status(second, question.pk)
    playwright_api.expect(conflict).to_have_attribute("data-state", "conflict")
    playwright_api.expect(conflict).to_contain_text("changed in another tab")
    second.screenshot(path="/tmp/scoring-conflict.png", full_page=False)
    assert question.answers.get().rating == 4
    second.get_by_role("button", name="Keep my edit").click()
    playwright_api.expect(_status(second, question.pk)).to_have_attribute("data-state", "saved")
    assert question.answers.get().rating == 1
