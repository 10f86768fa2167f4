"""The scoring page's keyboard in a real Chromium: the key's target is the question in view
(marked, restored on reload), the recommendation takes 1-4 too, the review lists every own
rating, and only the lead is offered "Start interview"."""

import re

import pytest

from interviews.models import InterviewStatus
from scorecards.models import Answer
from tests.browser import signed_in_page
from tests.factories import InterviewFactory

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]


def _status(page, question):
    return page.locator(f"#question-{question.pk} .answer-status")


def _rating(question, panelist):
    answer = Answer.objects.filter(question=question, scorecard__panelist=panelist).first()
    return answer and answer.rating


@pytest.fixture
def live_interview(lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=7)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    return interview, list(interview.questions.order_by("position"))


def test_it_rates_the_question_in_view_after_a_reload_and_a_scroll(
    browser, live_server, panelist, live_interview
):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    page.keyboard.press("3")
    expect(_status(page, questions[0])).to_have_attribute("data-state", "saved")

    page.reload()
    fifth = page.locator(f"#question-{questions[4].pk}")
    fifth.evaluate("el => el.scrollIntoView({block: 'start'})")
    expect(fifth).to_have_class(re.compile(r"\bcurrent\b"))
    expect(fifth.locator(".current-marker")).to_be_visible()
    expect(page.locator(f"#question-{questions[0].pk} .current-marker")).to_be_hidden()
    page.keyboard.press("4")
    expect(_status(page, questions[4])).to_have_attribute("data-state", "saved")
    page.screenshot(path="/tmp/scoring-keyboard-target.png")

    assert _rating(questions[4], panelist) == 4
    assert _rating(questions[0], panelist) == 3


def test_it_restores_the_current_question_on_reload(browser, live_server, panelist, live_interview):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist)
    url = f"{live_server.url}/scoring/{interview.pk}/"
    page.goto(url)
    for _ in range(3):
        page.keyboard.press("n")
    fourth = page.locator(f"#question-{questions[3].pk}")
    expect(fourth).to_be_focused()

    page.reload()
    expect(fourth).to_have_class(re.compile(r"\bcurrent\b"))
    expect(fourth).to_be_focused()
    expect(fourth).to_be_in_viewport()
    page.keyboard.press("2")
    expect(_status(page, questions[3])).to_have_attribute("data-state", "saved")
    assert _rating(questions[3], panelist) == 2

    page.goto(f"{url}#question-{questions[5].pk}")
    page.reload()
    expect(page.locator(f"#question-{questions[5].pk}")).to_have_class(re.compile(r"\bcurrent\b"))


def test_it_chooses_the_recommendation_with_the_keyboard_and_reviews_every_rating(
    browser, live_server, panelist, live_interview
):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    page.keyboard.press("3")
    page.keyboard.press("n")
    page.keyboard.press("0")
    expect(_status(page, questions[1])).to_have_attribute("data-state", "saved")

    page.keyboard.press("s")
    expect(page.locator("#overall")).to_be_focused()
    page.keyboard.press("4")
    expect(page.get_by_label("Strong yes", exact=True)).to_be_checked()
    page.keyboard.press("1")
    expect(page.get_by_label("Strong no", exact=True)).to_be_checked()
    expect(page.locator("#overall .answer-status")).to_have_attribute("data-state", "saved")
    assert _rating(questions[0], panelist) == 3  # the question keys stayed with the questions

    # Tab walks the section in reading order: the chosen option, the summary, the review.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Strong no", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#summary")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Review and submit")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/submit/$"))

    rows = page.locator(".review-row")
    expect(rows).to_have_count(len(questions))
    expect(rows.nth(0)).to_contain_text("3 · Good evidence")
    expect(rows.nth(1)).to_contain_text("Not asked")
    expect(rows.nth(2)).to_contain_text("No rating")
    expect(page.locator(".review-row.unrated")).to_have_count(len(questions) - 2)
    page.screenshot(path="/tmp/scoring-review.png", full_page=True)

    rows.nth(2).get_by_role("link").click()
    third = page.locator(f"#question-{questions[2].pk}")
    expect(third).to_be_focused()
    page.keyboard.press("2")
    expect(_status(page, questions[2])).to_have_attribute("data-state", "saved")
    assert _rating(questions[2], panelist) == 2


def test_it_offers_start_interview_only_to_the_lead(browser, live_server, lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=1)
    for path in (f"/scoring/{interview.pk}/", f"/interviews/{interview.pk}/"):
        page = signed_in_page(browser, live_server, panelist)
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
        expect(page.get_by_role("button", name="Start interview")).to_have_count(0)
        page.context.close()

    page = signed_in_page(browser, live_server, lead)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#timer")).not_to_have_text("not started")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE
