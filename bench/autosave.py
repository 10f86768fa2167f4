"""Benchmark: autosave under an open loop of 100 panelists, beside a trivial request (issue 14).

Creates a throw-away PostgreSQL database (BENCH_DATABASE, default ``panel_bench_autosave``;
dropped at the end), seats 100 panelists on 20 live interviews of 40 questions with their
scorecards opened (as the scoring page leaves them) and a session each, and starts gunicorn
(production settings, 3 sync workers, CONN_MAX_AGE=600) on a free port. Then, one phase after
the other, the same open loop: each panelist sends a request every 2 s (random phase, +-0.2 s
jitter) for 60 s, sent at its scheduled time whether or not earlier ones were answered, and
timed from that scheduled time (so queueing counts):

- trivial: the bench/scoring_page.py yardstick, a signed-in GET of a POST-only URL (the same
  middleware, session and user, a 405 with no template);
- autosave: a POST of one answer with its CSRF token; a panelist's k-th save writes question
  k mod 10 at version k div 10 (an insert, then updates 20 s apart), a third of them inserts.

For each phase it prints p50/p95/p99, errors, and the CPU the gunicorn workers (and the
PostgreSQL backends) spent per request, read from /proc/<pid>/stat before and after the phase.
Then it checks that every save answered 2xx is in the database with its value, and measures
in-process (Django's test client, CSRF enforced) the SQL queries and CPU of one save beside
the trivial request. Takes about 3 minutes (longer on a loaded machine: migrate).

Run from the repository root: ``.venv/bin/python bench/autosave.py``
(BENCH_PANELISTS, BENCH_SECONDS, BENCH_WORKERS, BENCH_DATABASE override the defaults).
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "panel_bench_autosave")
PANELISTS = int(os.environ.get("BENCH_PANELISTS", "100"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PERIOD = 2.0  # seconds between two requests of one panelist
JITTER = 0.2
QUESTIONS = 40
PANEL_SIZE = 5
SAVED_QUESTIONS = 10  # each panelist cycles over its first ten questions
WARM_UP_QUESTION = QUESTIONS - 1
TRIVIAL_URL = "/scoring/preferences/auto-advance/"  # POST only: a GET answers 405 at once
IN_PROCESS_ROUNDS = 5  # blocks of 60 requests of each kind, alternating
# issue 14: at most 6 queries, 1.5x the trivial request's worker CPU, p95 under 60 ms
TARGET_QUERIES, TARGET_RATIO, TARGET_P95_MS = 6, 1.5, 60
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Panelist:
    number: int
    session: str
    csrf: str
    interview: int
    scorecard: int
    questions: list[int]

    @property
    def headers(self) -> dict:
        # Session and CSRF cookies are "Secure" in production; send them by hand over http.
        return {
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
        }


def save_of(panelist: Panelist, k: int, *, question: int | None = None) -> tuple[str, dict]:
    """The k-th save of a panelist: its URL and form data (notes unique to the save)."""
    question = question if question is not None else panelist.questions[k % SAVED_QUESTIONS]
    version = k // SAVED_QUESTIONS
    data = {
        "rating": str(1 + (panelist.number + k) % 4),
        "not_asked": "false",
        "notes": f"p{panelist.number} q{question} v{version + 1} " + "x" * 200,
        "version": str(version),
    }
    return f"/scoring/{panelist.interview}/answers/{question}/", data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_data() -> list[Panelist]:
    """Interviews, seated panelists with opened scorecards, and a session for each."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
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
    from scorecards.services import scorecard_open
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0, interactive=False)
    position = Position.objects.create(title="Benchmark engineer")
    panelists = []
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
            # No password: production's hasher would spend a second on each (sessions sign in).
            user = UserFactory(roles=[Role.INTERVIEWER], password=UNUSABLE_PASSWORD_PREFIX)
            PanelSeat.objects.create(interview=interview, user=user, is_lead=seat == 0)
            scorecard = scorecard_open(interview=interview, panelist=user)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            panelists.append(
                Panelist(
                    number=len(panelists),
                    session=session.session_key,
                    csrf=secrets.token_hex(16),  # 32 characters: a valid unmasked secret
                    interview=interview.pk,
                    scorecard=scorecard.pk,
                    questions=[question.pk for question in questions],
                )
            )
    return panelists


# --- CPU of processes, from /proc ---------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone (a worker restarted): the phase reports it as an error anyway
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / TICK


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == parent:
                pids.append(int(entry.name))
    return pids


def database_backends() -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


# --- the open loop ------------------------------------------------------------------------


@dataclass
class Outcome:
    panelist: int
    k: int
    latency_ms: float
    lag_ms: float  # how late the request left against its schedule (client overload)
    status: int | None
    error: str = ""


def schedule(panelists: list[Panelist], seed: int) -> list[tuple[float, Panelist, int]]:
    rng = random.Random(seed)
    plan = []
    for panelist in panelists:
        phase = rng.uniform(0, PERIOD)
        for k in range(int(SECONDS / PERIOD)):
            plan.append((max(0.0, phase + k * PERIOD + rng.uniform(-JITTER, JITTER)), panelist, k))
    return sorted(plan, key=lambda item: item[0])


async def open_loop(base_url: str, plan, kind: str) -> list[Outcome]:
    import httpx

    outcomes: list[Outcome] = []
    loop = asyncio.get_running_loop()
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)

    async def one(client, at: float, panelist: Panelist, k: int) -> None:
        lag = (loop.time() - at) * 1000
        try:
            if kind == "trivial":
                response = await client.get(TRIVIAL_URL, headers=panelist.headers)
            else:
                url, data = save_of(panelist, k)
                response = await client.post(url, data=data, headers=panelist.headers)
            status, error = response.status_code, ""
        except Exception as exception:  # noqa: BLE001 - a benchmark counts every failure
            status, error = None, repr(exception)
        latency = (loop.time() - at) * 1000
        outcomes.append(Outcome(panelist.number, k, latency, lag, status, error))

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        start = loop.time() + 0.5
        tasks = []
        for offset, panelist, k in plan:
            delay = start + offset - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(client, start + offset, panelist, k)))
        await asyncio.gather(*tasks)
    return outcomes


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def run_phase(base_url: str, panelists, kind: str, workers: list[int], expected: int) -> dict:
    plan = schedule(panelists, seed=14 if kind == "trivial" else 15)
    backends = database_backends()
    load_before = os.getloadavg()[0]
    cpu_before, db_before = cpu_seconds(workers), cpu_seconds(backends)
    started = time.perf_counter()
    outcomes = asyncio.run(open_loop(base_url, plan, kind))
    elapsed = time.perf_counter() - started
    cpu, db = cpu_seconds(workers) - cpu_before, cpu_seconds(backends) - db_before
    ms = sorted(outcome.latency_ms for outcome in outcomes)
    errors = [outcome for outcome in outcomes if outcome.status != expected]
    return {
        "kind": kind,
        "outcomes": outcomes,
        "requests": len(outcomes),
        "rate": len(outcomes) / elapsed,
        "p50": percentile(ms, 0.50),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "max": ms[-1],
        "lag_p99": percentile(sorted(outcome.lag_ms for outcome in outcomes), 0.99),
        "errors": errors,
        "cpu_ms": cpu / len(outcomes) * 1000,
        "db_cpu_ms": db / len(outcomes) * 1000,
        "load": (load_before, os.getloadavg()[0]),
    }


def lost_writes(panelists: list[Panelist], outcomes: list[Outcome]) -> int:
    """Saves answered 200 that the database does not hold: its answer must be at the save's
    version with the save's notes, or at a later version (a later save overwrote it)."""
    from scorecards.models import Answer

    stored = {
        (row["scorecard_id"], row["question_id"]): row
        for row in Answer.objects.values("scorecard_id", "question_id", "notes", "version")
    }
    lost = 0
    for outcome in outcomes:
        if outcome.status != 200:
            continue
        panelist = panelists[outcome.panelist]
        question = panelist.questions[outcome.k % SAVED_QUESTIONS]
        _url, data = save_of(panelist, outcome.k)
        version = int(data["version"]) + 1
        row = stored.get((panelist.scorecard, question))
        kept = row is not None and (
            row["version"] > version
            or (row["version"] == version and row["notes"] == data["notes"])
        )
        lost += not kept
    return lost


def in_process(panelist: Panelist) -> dict:
    """Queries and CPU of one save and of the trivial request through Django's test client."""
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the trivial 405s
    from urllib.parse import urlencode

    FORM = "application/x-www-form-urlencoded"  # as the scoring page's script sends it
    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    client.cookies["sessionid"] = panelist.session
    client.cookies["csrftoken"] = panelist.csrf
    header = {"X-CSRFToken": panelist.csrf}
    # Saves of questions 20-29 (the open loop wrote 0-9): ten inserts, then updates.
    saves = iter(range(10_000))

    def save():
        k = next(saves)
        url, data = save_of(panelist, k, question=panelist.questions[20 + k % SAVED_QUESTIONS])
        response = client.post(url, urlencode(data), FORM, headers=header)
        assert response.status_code == 200, response.content

    def trivial():
        assert client.get(TRIVIAL_URL).status_code == 405

    for _warm_up in range(20):
        save(), trivial()
    counts = {}
    for label in ("update", "trivial"):
        with CaptureQueriesContext(connection) as captured:
            save() if label == "update" else trivial()
        counts[label] = len(captured)
    url, data = save_of(panelist, 0, question=panelist.questions[30])
    with CaptureQueriesContext(connection) as captured:
        assert client.post(url, urlencode(data), FORM, headers=header).status_code == 200
    counts["insert"] = len(captured)
    per_request = {"save": [], "trivial": []}
    for _round in range(IN_PROCESS_ROUNDS):
        for label, request in (("trivial", trivial), ("save", save)):
            started = time.process_time()
            for _request in range(60):
                request()
            per_request[label].append((time.process_time() - started) / 60 * 1000)
    return {
        "queries": counts,
        "save_ms": sorted(per_request["save"])[IN_PROCESS_ROUNDS // 2],
        "trivial_ms": sorted(per_request["trivial"])[IN_PROCESS_ROUNDS // 2],
    }


def wait_for(url: str, seconds: float = 120) -> None:
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


def server_stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=35)  # gunicorn lets its workers finish (graceful_timeout 30 s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def warm_up(base_url: str, panelists: list[Panelist]) -> None:
    """Every worker imports and compiles what both requests need before anything is timed."""
    import httpx

    with httpx.Client(base_url=base_url, timeout=30) as client:
        for panelist in panelists[: 10 * WORKERS]:
            client.get(TRIVIAL_URL, headers=panelist.headers)
            url, data = save_of(panelist, 0, question=panelist.questions[WARM_UP_QUESTION])
            client.post(url, data=data, headers=panelist.headers)


def report(phase: dict) -> None:
    load = phase["load"]
    print(
        f"  {phase['kind']:<8} {phase['requests']:>5} requests ({phase['rate']:.1f}/s), "
        f"errors {len(phase['errors'])}; latency p50 {phase['p50']:.1f} ms, "
        f"p95 {phase['p95']:.1f} ms, p99 {phase['p99']:.1f} ms, max {phase['max']:.0f} ms\n"
        f"           worker CPU {phase['cpu_ms']:.2f} ms per request, PostgreSQL "
        f"{phase['db_cpu_ms']:.2f} ms; send lag p99 {phase['lag_p99']:.1f} ms; "
        f"load average {load[0]:.2f} -> {load[1]:.2f}"
    )
    for outcome in phase["errors"][:5]:
        print(f"           error: {outcome.status} {outcome.error[:120]}")


def main() -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_recreate(DATABASE),
        "DJANGO_SETTINGS_MODULE": "panelsite.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production settings refuse a weak key
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Each worker keeps its connection for the whole run (as with persistent connections in
        # a deployment), so the PostgreSQL backends measured are the same from start to end.
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    server = None
    try:
        panelists = setup_data()
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),  # the same virtualenv
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
            stderr=subprocess.DEVNULL,  # the trivial request's 405 is logged once per request
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(f"{base_url}/healthz")
        warm_up(base_url, panelists)
        workers = children_of(server.pid)
        print(
            f"autosave: open loop, {len(panelists)} panelists each sending every {PERIOD:.0f} s "
            f"for {SECONDS:.0f} s; gunicorn {len(workers)} sync workers, production settings, "
            f"PostgreSQL on loopback"
        )
        trivial = run_phase(base_url, panelists, "trivial", workers, expected=405)
        report(trivial)
        autosave = run_phase(base_url, panelists, "autosave", workers, expected=200)
        report(autosave)
        server_stop(server)
        server = None
        lost = lost_writes(panelists, autosave["outcomes"])
        ratio = autosave["cpu_ms"] / trivial["cpu_ms"]
        carried = 2 / (autosave["cpu_ms"] / 1000) * PERIOD
        carried_db = 2 / ((autosave["cpu_ms"] + autosave["db_cpu_ms"]) / 1000) * PERIOD
        measured = in_process(panelists[0])
        queries = measured["queries"]
        print(
            f"  lost writes {lost} of {sum(o.status == 200 for o in autosave['outcomes'])} "
            f"accepted saves\n"
            f"  worker CPU autosave / trivial: {ratio:.2f} (target <= {TARGET_RATIO})\n"
            f"  one 2-core machine carries about {carried:.0f} panelists saving every "
            f"{PERIOD:.0f} s (workers' CPU only; {carried_db:.0f} with PostgreSQL on the same "
            f"cores)\n"
            f"  in-process (test client, CSRF checked): save {measured['save_ms']:.2f} ms CPU, "
            f"{queries['insert']} SQL queries (insert) / {queries['update']} (update); trivial "
            f"{measured['trivial_ms']:.2f} ms CPU, {queries['trivial']} queries; ratio "
            f"{measured['save_ms'] / measured['trivial_ms']:.2f}"
        )
        met = (
            autosave["p95"] < TARGET_P95_MS
            and not autosave["errors"]
            and not lost
            and ratio <= TARGET_RATIO
            and max(queries["insert"], queries["update"]) <= TARGET_QUERIES
        )
        print(
            f"  targets (p95 < {TARGET_P95_MS} ms, 0 errors, 0 lost, CPU ratio <= "
            f"{TARGET_RATIO}, <= {TARGET_QUERIES} queries): " + ("met" if met else "NOT met")
        )
    finally:
        if server is not None:
            server_stop(server)
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
