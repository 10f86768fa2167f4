"""What the scoring page tells a panelist when a save fails: a server error or a lost connection
is "the server is unreachable, your edit is kept and will be retried"; only a real redirect to
the sign-in page is "you are signed out"."""

import pytest
from django.db import connection

from tests.browser import signed_in_page
from tests.factories import InterviewFactory

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

UNREACHABLE = "the server is unreachable"
SIGNED_OUT = "signed out"
# Generous: these tests share two cores with other suites, and nothing here waits on a timer.
WAIT_MS = 15_000


def _status(page, question):
    return page.locator(f"#question-{question.pk} .answer-status")


def _scoring_page(browser, live_server, user, interview):
    page = signed_in_page(browser, live_server, user)
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    return page


def _answers_table_away(away: bool) -> None:
    """Make every save of an answer fail inside the server (a real 500), or mend it again."""
    names = ("scorecards_answer", "scorecards_answer_away")
    old, new = names if away else reversed(names)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {old} RENAME TO {new}")


def _queued_in_browser(page) -> str:
    return page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('panel-scoring-'))"
        ".map(k => localStorage.getItem(k)).join('')"
    )


def test_it_keeps_the_edit_and_retries_after_a_server_error(browser, live_server, panelist, lead):
    interview = InterviewFactory(panel=[lead, panelist], questions=2)
    question = interview.questions.order_by("position").first()
    page = _scoring_page(browser, live_server, panelist, interview)

    _answers_table_away(True)
    try:
        page.keyboard.press("3")
        status = _status(page, question)
        expect(status).to_have_attribute("data-state", "unreachable", timeout=WAIT_MS)
        expect(status).to_contain_text(UNREACHABLE)
        expect(status).to_contain_text("kept in this browser")
        expect(status).not_to_contain_text(SIGNED_OUT)
        assert '"rating":"3"' in _queued_in_browser(page)
    finally:
        _answers_table_away(False)

    page.get_by_role("button", name="Retry").click()
    expect(_status(page, question)).to_have_attribute("data-state", "saved", timeout=WAIT_MS)
    assert question.answers.get().rating == 3
    expect(page.locator("#connection")).to_be_hidden()


def test_it_keeps_the_edit_when_the_connection_to_the_server_fails(
    browser, live_server, panelist, lead
):
    interview = InterviewFactory(panel=[lead, panelist], questions=2)
    question = interview.questions.order_by("position").first()
    refused = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort("connectionrefused")

    # The browser believes it is online, but the server cannot be reached. The route is set on
    # the whole context before the page loads: a route added to a loaded page was once bypassed
    # by Chromium in CI, and the save went through.
    page = signed_in_page(browser, live_server, panelist)
    page.set_default_timeout(WAIT_MS)
    page.context.route("**/answers/**", refuse)
    page.goto(f"{live_server.url}/scoring/{interview.pk}/")

    page.keyboard.press("4")
    status = _status(page, question)
    expect(status).to_have_attribute("data-state", "unreachable", timeout=WAIT_MS)
    expect(status).to_contain_text(UNREACHABLE)
    expect(status).not_to_contain_text(SIGNED_OUT)
    assert refused and not question.answers.exists()

    page.context.unroute("**/answers/**")
    page.get_by_role("button", name="Retry").click()
    expect(_status(page, question)).to_have_attribute("data-state", "saved", timeout=WAIT_MS)
    assert question.answers.get().rating == 4


def test_it_says_signed_out_only_when_the_server_sends_the_panelist_to_sign_in(
    browser, live_server, panelist, lead
):
    interview = InterviewFactory(panel=[lead, panelist], questions=2)
    question = interview.questions.order_by("position").first()
    page = _scoring_page(browser, live_server, panelist, interview)
    # Signed out in another tab: the session ends, the page still holds the form's CSRF token.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/accounts/logout/")
    other.get_by_role("button", name="Sign out").first.click()
    other.wait_for_url("**/accounts/login/**")

    page.keyboard.press("2")
    status = _status(page, question)
    expect(status).to_have_attribute("data-state", "signed-out", timeout=WAIT_MS)
    expect(status).to_contain_text(SIGNED_OUT)
    expect(status).to_contain_text("kept in this browser")
    assert '"rating":"2"' in _queued_in_browser(page)
    assert not question.answers.exists()
