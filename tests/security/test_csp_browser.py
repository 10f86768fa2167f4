"""Under the Content-Security-Policy, in a real Chromium: scoring, the plan editor's htmx and
Wagtail's editor all work, and the browser reports no violation."""

import re

import pytest

from interviews.models import InterviewStatus
from tests.browser import signed_in_page
from tests.factories import CategoryFactory, InterviewFactory, QuestionFactory

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _watched(page):
    """The page, recording CSP violations (events and console errors) from its next load on."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return console


def _violations(page, console) -> list[str]:
    return list(page.evaluate("window.__csp || []")) + console


def test_it_scores_under_the_policy(browser, live_server, lead):
    interview = InterviewFactory(panel=[lead], questions=2)
    interview.status = InterviewStatus.LIVE
    interview.save(update_fields=["status"])
    question = interview.questions.order_by("position").first()
    page = signed_in_page(browser, live_server, lead)
    console = _watched(page)
    response = page.goto(f"{live_server.url}/scoring/{interview.pk}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.keyboard.press("3")
    status = page.locator(f"#question-{question.pk} .answer-status")
    playwright_api.expect(status).to_have_attribute("data-state", "saved")
    assert _violations(page, console) == []


def test_it_searches_and_pins_in_the_plan_editor_under_the_policy(browser, live_server, recruiter):
    category = CategoryFactory(name="Security", slug="security")
    QuestionFactory(category=category, prompt="<p>What does CSRF protect against?</p>")
    page = signed_in_page(browser, live_server, recruiter)
    console = _watched(page)
    page.goto(f"{live_server.url}/plans/new/")
    page.fill("#picker-q", "CSRF")
    page.keyboard.press("Enter")
    playwright_api.expect(page.locator("#picker-results")).to_contain_text("CSRF protect")
    assert page.url.endswith("/plans/new/")  # Enter searched; it did not save the plan
    page.locator("#picker-results button", has_text="Pin").first.click()
    playwright_api.expect(page.locator("#pins")).to_contain_text("CSRF protect")
    playwright_api.expect(page.locator("#preview")).to_contain_text("CSRF protect")
    assert _violations(page, console) == []


def test_it_edits_a_question_in_wagtail_under_the_admin_policy(browser, live_server, editor):
    question = QuestionFactory(prompt="<p>Explain middleware order.</p>")
    page = signed_in_page(browser, live_server, editor)
    console = _watched(page)
    url = f"{live_server.url}/admin/snippets/questionbank/question/edit/{question.pk}/"
    response = page.goto(url)
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    editor_box = page.locator(".public-DraftEditor-content").first
    editor_box.click()
    page.keyboard.press("End")
    page.keyboard.type(" And why?")
    page.locator('[data-side-panel-toggle="preview"]').click()
    preview = page.frame_locator("iframe").first.locator("body")
    playwright_api.expect(preview).to_contain_text("Explain middleware order", timeout=15000)
    page.get_by_role("button", name=re.compile("^Save draft")).click()
    playwright_api.expect(page.locator(".messages")).to_contain_text("updated")
    question.refresh_from_db()
    assert "And why?" in question.latest_revision.content["prompt"]
    assert _violations(page, console) == []
