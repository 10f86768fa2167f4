"""Benchmark: the recruiter dashboard over 2,000 interviews.

Builds a throw-away database (temporary SQLite, or a fresh PostgreSQL database beside
DATABASE_URL, dropped at exit; see bank_setup.database_prepare) with 2,000 interviews across
all statuses (each with a panel of three, some scorecards submitted, so "who is late" has
work to do), then signs in as a recruiter and requests the dashboard BENCH_ROUNDS times
through Django's test client, cycling through the tabs and sort orders.
Prints median and p95 latency and the SQL queries per request (which must not depend on the
number of interviews).

Run from the repository root: ``.venv/bin/python bench/dashboard.py``.
"""

import os
import random
import statistics
import time

os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from bank_setup import database_prepare  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
INTERVIEWS = int(os.environ.get("BENCH_INTERVIEWS", "2000"))


def data_create():
    from datetime import timedelta

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.roles import Role, roles_sync
    from interviews.models import Candidate, Interview, InterviewStatus, PanelSeat, Position

    roles_sync()
    User = get_user_model()
    recruiter = User.objects.create(username="recruiter", email="recruiter@bench.test")
    recruiter.groups.add(Group.objects.get(name=Role.RECRUITER))
    interviewers = [
        User.objects.create(
            username=f"i{n}", first_name=f"Interviewer{n}", email=f"i{n}@bench.test"
        )
        for n in range(12)
    ]
    group = Group.objects.get(name=Role.INTERVIEWER)
    for user in interviewers:
        user.groups.add(group)
    positions = Position.objects.bulk_create(Position(title=f"Position {n}") for n in range(10))
    candidates = Candidate.objects.bulk_create(
        Candidate(full_name=f"Candidate {n}", email=f"c{n}@bench.test", position=positions[n % 10])
        for n in range(500)
    )
    rng = random.Random(5)
    now = timezone.now()
    statuses = [
        InterviewStatus.SCHEDULED,
        InterviewStatus.SCHEDULED,
        InterviewStatus.LIVE,
        InterviewStatus.COMPLETED,
        InterviewStatus.CANCELLED,
    ]
    rows = []
    for n in range(INTERVIEWS):
        status = statuses[n % len(statuses)]
        offset = timedelta(hours=rng.randint(-24 * 60, 24 * 60))
        if status == InterviewStatus.LIVE:
            offset = timedelta(minutes=rng.choice([-30, -300]))
        start = now + offset
        rows.append(
            Interview(
                candidate=candidates[n % len(candidates)],
                scheduled_at=start,
                ends_at=start + timedelta(minutes=60),
                duration_minutes=60,
                status=status,
                seed=n,
            )
        )
    interviews = Interview.objects.bulk_create(rows, batch_size=1000)
    seats = []
    for interview in interviews:
        for index, user in enumerate(rng.sample(interviewers, 3)):
            seats.append(PanelSeat(interview=interview, user=user, is_lead=index == 0))
    PanelSeat.objects.bulk_create(seats, batch_size=2000)
    scorecard = apps.get_model("scorecards", "Scorecard")
    scorecard.objects.bulk_create(
        (
            scorecard(
                interview_id=seat.interview_id,
                panelist_id=seat.user_id,
                status="submitted",
                recommendation="yes",
            )
            for seat in seats
            if rng.random() < 0.5
        ),
        batch_size=2000,
    )
    return recruiter


def main() -> None:
    described = database_prepare()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from interviews.selectors import dashboard_counts

    recruiter = data_create()
    print(f"Database: {described}")
    print(f"Interviews: {INTERVIEWS:,}; per tab: {dashboard_counts()}")
    client = Client()
    client.force_login(recruiter)
    urls = [
        f"/dashboard/?tab={tab}&sort={sort}&page={page}"
        for tab in ("upcoming", "live", "awaiting", "completed", "cancelled")
        for sort in ("when", "-candidate")
        for page in (1, 3)
    ]
    client.get(urls[0])  # warm templates, caches and the connection
    timings, queries = [], {}
    for n in range(ROUNDS):
        url = urls[n % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.setdefault(len(captured), []).append(url.split("?")[1])
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"GET /dashboard/ × {ROUNDS}: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms (25 rows per page)"
    )
    print(f"SQL queries per request: {sorted(queries)}")


if __name__ == "__main__":
    main()
