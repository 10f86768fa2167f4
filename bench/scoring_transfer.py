"""Benchmark: what a phone downloads to open the scoring page, the first time and again.

Builds the data of scoring_page.py (a live interview of 40 and one of 200 questions) in a
throw-away database ``panel_bench_transfer``, runs ``collectstatic`` into a temporary folder and
starts gunicorn with the production settings (DEBUG off, WhiteNoise serving hashed, compressed
static files). Debian's Chromium (Playwright) opens the panel lead's page on a 390 px viewport
and sums the bytes that came over the network (Chromium's encodedDataLength for each response,
headers included) for the first load with an empty cache and for a second visit in the same tab.

Run from the repository root: ``.venv/bin/python bench/scoring_transfer.py``
(``BENCH_DATABASE`` names the throw-away database).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from autosave import free_port, wait_for
from scoring_page import interview_create
from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "panel_bench_transfer")
VIEWPORT = {"width": 390, "height": 844}


def visit(page, session, url: str) -> list[tuple[str, int, str, str]]:
    """Open url; (path, bytes transferred, content-encoding, cache-control) of every response
    it needed (bytes 0: taken from the browser's cache)."""
    sizes: dict[str, int] = {}
    responses: dict[str, tuple[str, str, str]] = {}

    def received(event):
        headers = {key.lower(): value for key, value in event["response"]["headers"].items()}
        path = event["response"]["url"].split("//", 1)[1].split("/", 1)[1]
        responses[event["requestId"]] = (
            "/" + path,
            headers.get("content-encoding", ""),
            headers.get("cache-control", ""),
        )

    def finished(event):
        sizes[event["requestId"]] = int(event["encodedDataLength"])

    session.on("Network.responseReceived", received)
    session.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    session.remove_listener("Network.responseReceived", received)
    session.remove_listener("Network.loadingFinished", finished)
    return [
        (path, sizes.get(request_id, 0), encoding, cache)
        for request_id, (path, encoding, cache) in responses.items()
    ]


def report(label: str, rows: list[tuple[str, int, str, str]]) -> None:
    total = sum(row[1] for row in rows)
    print(f"    {label}: {total / 1024:.1f} KiB in {len(rows)} responses")
    for path, size, encoding, cache in rows:
        print(f"      {size / 1024:6.1f} KiB  {encoding or 'identity':8} {path[:44]:44} {cache}")


def main() -> None:
    static_root = tempfile.mkdtemp(prefix="panel-static-")
    env = {
        **os.environ,
        "DATABASE_URL": database_recreate(DATABASE),
        "DJANGO_SETTINGS_MODULE": "panelsite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production settings refuse a weak key
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from accounts.roles import Role
    from tests.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.factories import UserFactory

    server = None
    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        panel = [UserFactory(roles=[Role.INTERVIEWER]) for _ in range(3)]
        interviews = {size: interview_create(size=size, panel=panel) for size in (40, 200)}
        client = Client()
        client.force_login(panel[0])
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "panelsite.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(f"{base_url}/healthz")
        print("scoring page over the network: gunicorn, production settings, Chromium 390 px")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, interview in interviews.items():
                context = browser.new_context(viewport=VIEWPORT)
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": base_url,
                        }
                    ]
                )
                page = context.new_page()
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                url = f"{base_url}/scoring/{interview.pk}/"
                print(f"  {size} questions")
                report("first load", visit(page, session, url))
                report("repeat visit", visit(page, session, url))
                context.close()
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
