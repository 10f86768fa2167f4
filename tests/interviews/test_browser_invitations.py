"""In Chromium: a recruiter schedules a panel of three, reschedules it, swaps a panelist and
cancels it; the SMTP server on loopback received exactly the expected messages (count,
recipients, METHOD, SEQUENCE), and each calendar part parses with icalendar."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright import sync_api as playwright_api

from accounts.roles import Role
from interviews.models import Interview, InterviewStatus
from tests.browser import signed_in_page
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _expect_message(page, text):
    playwright_api.expect(page.locator(".messages")).to_contain_text(text)


def _delivered(smtp_server, since: int) -> set[tuple[str, str, int]]:
    return {
        (message.recipients[0], message.method, message.sequence)
        for message in smtp_server.received[since:]
    }


def test_it_schedules_reschedules_swaps_and_cancels_telling_exactly_who_is_concerned(
    browser, live_server, smtp_server, recruiter, lead, panelist, categories, candidate, plan
):
    third = UserFactory(username="third", first_name="Thea", roles=[Role.INTERVIEWER])
    fourth = UserFactory(username="fourth", first_name="Fern", roles=[Role.INTERVIEWER])
    plan.position = candidate.position
    plan.save(update_fields=["position"])
    page = signed_in_page(browser, live_server, recruiter)

    page.goto(f"{live_server.url}/interviews/new/?candidate={candidate.pk}")
    playwright_api.expect(page.locator("#id_plan optgroup").first).to_have_attribute(
        "label", f"For {candidate.position.title}"
    )
    page.select_option("#id_plan", str(plan.pk))
    start = timezone.localtime() + timedelta(days=2)
    page.fill("#id_scheduled_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location", "Room 4")
    for user in (lead, panelist, third):
        page.check(f"input[name=panel][value='{user.pk}']")
    page.check(f"input[name=lead][value='{lead.pk}']")
    page.click("form.interview-form button[type=submit]")
    _expect_message(page, "Interview scheduled")
    interview = Interview.objects.get()
    assert _delivered(smtp_server, 0) == {
        (lead.email, "REQUEST", 0),
        (panelist.email, "REQUEST", 0),
        (third.email, "REQUEST", 0),
    }
    assert len(smtp_server.received) == 3

    page.click("text=Edit time, place or panel")
    page.fill("#id_scheduled_at", (start + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form.interview-form button[type=submit]")
    _expect_message(page, "3 people are told by e-mail")
    assert _delivered(smtp_server, 3) == {
        (lead.email, "REQUEST", 1),
        (panelist.email, "REQUEST", 1),
        (third.email, "REQUEST", 1),
    }
    assert len(smtp_server.received) == 6

    page.click("text=Edit time, place or panel")
    page.uncheck(f"input[name=panel][value='{panelist.pk}']")
    page.check(f"input[name=panel][value='{fourth.pk}']")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/invites-edit-{width}.png", full_page=True)
    page.click("form.interview-form button[type=submit]")
    _expect_message(page, "4 people are told by e-mail")
    assert _delivered(smtp_server, 6) == {
        (lead.email, "REQUEST", 2),
        (third.email, "REQUEST", 2),
        (panelist.email, "CANCEL", 2),
        (fourth.email, "REQUEST", 2),
    }
    assert len(smtp_server.received) == 10

    page.click("text=Cancel interview")
    playwright_api.expect(page.locator("h1")).to_contain_text("Cancel the interview?")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/invites-cancel-{width}.png", full_page=True)
    page.click("text=Yes, cancel the interview")
    _expect_message(page, "Interview cancelled")
    assert _delivered(smtp_server, 10) == {
        (lead.email, "CANCEL", 3),
        (third.email, "CANCEL", 3),
        (fourth.email, "CANCEL", 3),
    }
    assert len(smtp_server.received) == 13
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert {str(m.event["UID"]) for m in smtp_server.received} == {
        f"interview-{interview.pk}@127.0.0.1"
    }
