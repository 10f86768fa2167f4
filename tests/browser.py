"""Browser-test support: Debian's Chromium driven by Playwright, and signed-in tabs."""

import os

from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (factories, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def signed_in_page(browser, live_server, user, *, viewport=VIEWPORT):
    """A new tab whose session is user's (signed in by a test client, not the form)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(8000)
    return page
