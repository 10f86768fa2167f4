"""In Chromium: a recruiter signs in, builds a plan with two category sections (live preview),
schedules an interview with a panel of three, and each panelist finds it in My interviews."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright import sync_api as playwright_api

from accounts.roles import Role
from interviews.models import Interview, InterviewPlan
from tests.browser import signed_in_page
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_it_builds_a_plan_schedules_a_panel_of_three_and_they_see_it(
    browser, live_server, recruiter, lead, panelist, categories, candidate
):
    third = UserFactory(username="third", first_name="Thea", roles=[Role.INTERVIEWER])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(8000)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", recruiter.email)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/plans/new/")
    page.fill("#id_name", "Backend — browser plan")
    page.select_option("#id_sections-0-category", label="Models & Database")
    page.fill("#id_sections-0-count", "2")
    page.locator("#id_sections-0-count").dispatch_event("change")
    playwright_api.expect(page.locator("#preview .totals")).to_contain_text("2 questions")
    page.click("button[name=add_section]")
    page.select_option("#id_sections-1-category", label="Security")
    page.fill("#id_sections-1-count", "3")
    page.locator("#id_sections-1-count").dispatch_event("change")
    playwright_api.expect(page.locator("#preview .totals")).to_contain_text("5 questions")
    page.fill("#id_sections-1-count", "9")
    page.locator("#id_sections-1-count").dispatch_event("change")
    playwright_api.expect(page.locator("#preview .warnings")).to_contain_text("only 4")
    page.fill("#id_sections-1-count", "2")
    page.locator("#id_sections-1-count").dispatch_event("change")
    playwright_api.expect(page.locator("#preview .totals")).to_contain_text("4 questions")
    page.screenshot(path="/tmp/hiring-plan-editor.png", full_page=True)
    page.click("button[name=save]")
    playwright_api.expect(page.locator(".messages")).to_contain_text("Plan saved.")
    plan = InterviewPlan.objects.get(name="Backend — browser plan")
    assert plan.sections.count() == 2

    page.goto(f"{live_server.url}/interviews/new/")
    page.select_option("#id_candidate", str(candidate.pk))
    page.select_option("#id_plan", str(plan.pk))
    start = timezone.localtime() + timedelta(days=2)
    page.fill("#id_scheduled_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location", "https://meet.example.com/abc")
    for user in (lead, panelist, third):
        page.check(f"input[name=panel][value='{user.pk}']")
    page.check(f"input[name=lead][value='{lead.pk}']")
    page.click("form.interview-form button[type=submit]")
    playwright_api.expect(page.locator(".messages")).to_contain_text("Interview scheduled")
    page.screenshot(path="/tmp/hiring-interview.png", full_page=True)
    interview = Interview.objects.get()
    assert interview.questions.count() == 4
    assert interview.seats.count() == 3

    for user in (lead, panelist, third):
        mine = signed_in_page(browser, live_server, user)
        mine.goto(f"{live_server.url}/")
        mine.click("nav >> text=My interviews")
        playwright_api.expect(mine.locator("table.my-interviews").first).to_contain_text(
            candidate.full_name
        )
        mine.context.close()
