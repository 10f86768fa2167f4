"""'Make PDF' in a real Chromium: the button is disabled and a status shows at once, then the
download link appears (embedded mode: the worker is this process, as with `make run`)."""

import pytest
from django.urls import reverse

from tests.browser import signed_in_page

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("transactional_db"),
]

WAIT_MS = 20_000


@pytest.mark.parametrize("width", [390, 1366])
def test_it_shows_progress_at_once_then_the_download_link(
    browser, live_server, recruiter, scored_interview, width
):
    page = signed_in_page(browser, live_server, recruiter, viewport={"width": width, "height": 900})
    page.set_default_timeout(WAIT_MS)
    # Hold the request in the browser, to look at the page while it is on its way (the route is
    # set before the page loads: Chromium once let a request past a route added later).
    held = []
    page.context.route("**/reports/request/**", lambda route: held.append(route))
    page.goto(live_server.url + reverse("interviews:interview", args=[scored_interview.pk]))
    card = page.locator(".report-action").filter(has_text="All submitted scorecards").first
    button = card.get_by_role("button", name="Make PDF")

    button.click()
    expect(button).to_be_disabled()
    expect(card.get_by_role("status").filter(has_text="Making the PDF…")).to_be_visible()
    page.screenshot(path=f"/tmp/make-pdf-in-flight-{width}.png")
    assert len(held) == 1
    held[0].continue_()

    download = card.get_by_role("link", name="Download PDF")
    expect(download).to_be_visible(timeout=WAIT_MS)
    expect(card.get_by_text("Making the PDF…")).to_have_count(0)
    page.screenshot(path=f"/tmp/make-pdf-ready-{width}.png")
