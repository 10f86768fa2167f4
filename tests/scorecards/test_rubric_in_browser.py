"""The scoring page sends each rubric as data and shows it on demand, in a real Chromium: the
scoring guide, follow-ups and key points of any question are one key press or tap away."""

import pytest

from interviews.models import InterviewStatus
from tests.browser import signed_in_page
from tests.factories import InterviewFactory

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def live_interview(lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=3)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    return interview, list(interview.questions.order_by("position"))


def test_it_shows_the_current_questions_rubric_on_a_key_press(
    browser, live_server, panelist, live_interview
):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist, viewport=PHONE)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    first = page.locator(f"#question-{questions[0].pk}")
    expect(first.get_by_text("Deep", exact=True)).to_be_hidden()
    expect(first.get_by_text("When not?")).to_be_hidden()

    page.keyboard.press("r")
    expect(first.get_by_text("4 · Strong evidence")).to_be_visible()
    expect(first.get_by_text("Deep", exact=True)).to_be_visible()
    expect(first.get_by_text("When not?")).to_be_visible()
    expect(first.get_by_text("Point two")).to_be_visible()
    expect(page.locator(f"#question-{questions[1].pk}").get_by_text("Deep")).to_be_hidden()

    page.keyboard.press("r")
    expect(first.get_by_text("Deep", exact=True)).to_be_hidden()


def test_it_shows_a_questions_rubric_and_follow_ups_on_a_tap(
    browser, live_server, panelist, live_interview
):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist, viewport=PHONE)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    third = page.locator(f"#question-{questions[2].pk}")
    third.get_by_text("Scoring guide").click()
    expect(third.get_by_text("Deep", exact=True)).to_be_visible()
    expect(third.get_by_role("radio", name="Strong evidence")).to_have_accessible_description(
        "Deep"
    )
    third.get_by_text("Follow-ups and key points").click()
    expect(third.get_by_text("Why?")).to_be_visible()
    expect(third.get_by_text("Point one")).to_be_visible()


def test_it_shows_every_scoring_guide_at_once_on_a_laptop(
    browser, live_server, panelist, live_interview
):
    interview, questions = live_interview
    page = signed_in_page(browser, live_server, panelist)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    for question in questions:
        expect(page.locator(f"#question-{question.pk}").get_by_text("Deep")).to_be_visible()
    page.keyboard.press("3")
    answer_status = page.locator(f"#question-{questions[0].pk} .answer-status")
    expect(answer_status).to_have_attribute("data-state", "saved")
