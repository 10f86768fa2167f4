"""Benchmark: 50 panelists autosaving at once against gunicorn + PostgreSQL on loopback.

Creates a throw-away database ``panel_bench_autosave`` (dropped at the end), migrates it,
seats 50 panelists on 10 live interviews of 40 questions, signs each one in (a session row
per panelist, as a sign-in leaves it: allauth's per-IP rate limit would refuse 50 sign-ins
from one address in a minute), starts gunicorn with the production settings (DEBUG off, no
HTTPS redirect) on a free port, then runs 50 concurrent httpx clients. Each saves 20
questions twice (an insert at version 0, then an update at version 1): 40 saves each,
2,000 in all. Prints median/p95 latency, saves per second and the error count, and checks
that every accepted save is in the database.

Run from the repository root: ``.venv/bin/python bench/autosave.py``
(BENCH_PANELISTS, BENCH_SAVES, BENCH_WORKERS override the defaults).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "panel_bench_autosave"
PANELISTS = int(os.environ.get("BENCH_PANELISTS", "50"))
SAVES = int(os.environ.get("BENCH_SAVES", "40"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
QUESTIONS = 40
PANEL_SIZE = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_data() -> list[dict]:
    """Interviews, panelists and their sessions; returns one work item per panelist."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.roles import Role
    from interviews.models import (
        Candidate,
        Interview,
        InterviewQuestion,
        InterviewStatus,
        PanelSeat,
        Position,
    )
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0, interactive=False)
    position = Position.objects.create(title="Benchmark engineer")
    work = []
    for number in range(PANELISTS // PANEL_SIZE):
        candidate = Candidate.objects.create(
            full_name=f"Candidate {number}", email=f"c{number}@bench.test", position=position
        )
        interview = Interview.objects.create(
            candidate=candidate,
            scheduled_at=timezone.now() - timedelta(minutes=5),
            status=InterviewStatus.LIVE,
            started_at=timezone.now(),
        )
        questions = InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                interview=interview,
                position=position_number,
                category_name=f"Category {position_number % 10}",
                difficulty="mid",
                prompt=f"<p>Question {position_number}</p>",
                guide_1="a",
                guide_2="b",
                guide_3="c",
                guide_4="d",
            )
            for position_number in range(1, QUESTIONS + 1)
        )
        for seat in range(PANEL_SIZE):
            user = UserFactory(roles=[Role.INTERVIEWER])
            PanelSeat.objects.create(interview=interview, user=user, is_lead=seat == 0)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            work.append(
                {
                    "session": session.session_key,
                    "interview": interview.pk,
                    "questions": [question.pk for question in questions],
                }
            )
    return work


async def panelist(client, item: dict, latencies: list[float], errors: list[str]) -> None:
    csrf = secrets.token_hex(16)  # 32 characters: a valid unmasked CSRF secret
    headers = {
        # Session and CSRF cookies are "Secure" in production; send them by hand over http.
        "Cookie": f"sessionid={item['session']}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
    }
    plan = [
        (question, version)
        for question in item["questions"][: max(1, SAVES // 2)]
        for version in (0, 1)
    ][:SAVES]
    for question, version in plan:
        started = time.perf_counter()
        try:
            response = await client.post(
                f"/scoring/{item['interview']}/answers/{question}/",
                data={
                    "rating": str(1 + (question + version) % 4),
                    "not_asked": "false",
                    "notes": f"notes v{version + 1} " + "x" * 200,
                    "version": str(version),
                },
                headers=headers,
            )
        except Exception as error:  # noqa: BLE001 - a benchmark counts every failure
            errors.append(repr(error))
            continue
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            errors.append(f"{response.status_code} {response.text[:120]}")


async def run_clients(base_url: str, work: list[dict]) -> tuple[list[float], list[str], float]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=PANELISTS, max_keepalive_connections=PANELISTS)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(panelist(client, item, latencies, errors) for item in work))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def wait_for(url: str, seconds: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def main() -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_recreate(DATABASE),
        "DJANGO_SETTINGS_MODULE": "panelsite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production settings refuse a weak key
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    server = None
    try:
        work = setup_data()
        port = free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "panelsite.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(f"{base_url}/healthz")
        latencies, errors, elapsed = asyncio.run(run_clients(base_url, work))

        from django.db.models import Count, Max

        from scorecards.models import Answer

        stored = Answer.objects.aggregate(n=Count("pk"), top=Max("version"))
        ms = sorted(latency * 1000 for latency in latencies)
        p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
        print(
            f"autosave: {PANELISTS} concurrent panelists x {SAVES} saves, "
            f"gunicorn {WORKERS} sync workers, PostgreSQL on loopback"
        )
        print(f"  requests        {len(ms)}")
        print(f"  errors          {len(errors)}")
        print(f"  median          {statistics.median(ms):.1f} ms")
        print(f"  p95             {p95:.1f} ms")
        print(f"  max             {ms[-1]:.1f} ms")
        print(f"  throughput      {len(ms) / elapsed:.0f} saves/s over {elapsed:.1f} s")
        print(f"  answers stored  {stored['n']} (highest version {stored['top']})")
        for error in errors[:5]:
            print("  error:", error)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
