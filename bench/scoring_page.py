"""Benchmark: the scoring page with 40 and with 200 questions (render time, SQL queries).

Creates a throw-away database ``panel_bench_scoring`` (dropped at the end), seats a panel
lead and two panelists on two live interviews (40 and 200 frozen questions, half of them
answered by the lead) and requests the lead's scoring page through Django's test client
(the lead also sees the live progress table). Prints median and p95 render time over
BENCH_ROUNDS requests and the number of SQL queries per page, which must not grow with
the number of questions. Beside them, in the same run, a trivial authenticated request (the
same middleware and session, a 405 with no template) gives the yardstick for the targets of
issue 15: at most 8x the trivial request and 60 KiB of HTML for 40 questions, 25x and 200 KiB
for 200. The gzip size is what GZipMiddleware would send (level 6, as Django compresses).
The three requests take turns, round after round, so a change in the machine's load weighs
on all three alike; the load average is printed with the figures.

Run from the repository root: ``.venv/bin/python bench/scoring_page.py``
(``BENCH_DATABASE`` names the throw-away database).
"""

from __future__ import annotations

import gzip
import logging
import os
import statistics
import sys
import time
from pathlib import Path

from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "panel_bench_scoring")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
TRIVIAL_URL = "/scoring/preferences/auto-advance/"  # POST only: a GET answers 405 at once
# questions -> (server time as a multiple of the trivial request, HTML KiB), from issue 15
TARGETS = {40: (8, 60), 200: (25, 200)}


def interview_create(*, size: int, panel: list):
    from django.utils import timezone

    from interviews.models import (
        Candidate,
        Interview,
        InterviewQuestion,
        InterviewStatus,
        PanelSeat,
        Position,
    )
    from scorecards.models import Answer, Scorecard

    position = Position.objects.create(title=f"Engineer ({size} questions)")
    candidate = Candidate.objects.create(
        full_name=f"Candidate {size}", email=f"c{size}@bench.test", position=position
    )
    interview = Interview.objects.create(
        candidate=candidate,
        scheduled_at=timezone.now(),
        status=InterviewStatus.LIVE,
        started_at=timezone.now(),
    )
    questions = InterviewQuestion.objects.bulk_create(
        InterviewQuestion(
            interview=interview,
            position=number,
            category_name=f"Category {number % 10}",
            difficulty="mid",
            expected_minutes=3,
            prompt=f"<p>How does the ORM handle case <code>{number}</code>? "
            + "Explain with an example. " * 4
            + "</p>",
            guide_1="Cannot explain it.",
            guide_2="Knows the name only.",
            guide_3="Explains it with an example.",
            guide_4="Explains trade-offs and failure modes.",
            follow_ups="What breaks at scale?\nHow would you test it?",
            key_points="Queries\nIndexes\nTransactions",
        )
        for number in range(1, size + 1)
    )
    for index, user in enumerate(panel):
        PanelSeat.objects.create(interview=interview, user=user, is_lead=index == 0)
    scorecard = Scorecard.objects.create(interview=interview, panelist=panel[0])
    Answer.objects.bulk_create(
        Answer(
            scorecard=scorecard,
            question=question,
            rating=1 + number % 4,
            notes="Solid answer. " * 10,
            version=1,
        )
        for number, question in enumerate(questions[: size // 2])
    )
    return interview


def median_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(times), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure(client, urls: dict[object, tuple[str, int]]) -> dict[object, list[float]]:
    """ROUNDS timings (ms) of each url, the urls taking turns; each answers with its status."""
    for url, _status in urls.values():
        client.get(url)  # warm the template cache
    times: dict[object, list[float]] = {key: [] for key in urls}
    for _round in range(ROUNDS):
        for key, (url, status) in urls.items():
            started = time.perf_counter()
            response = client.get(url)
            times[key].append((time.perf_counter() - started) * 1000)
            assert response.status_code == status, response.status_code
    return times


def queries_and_content(client, url: str) -> tuple[int, bytes]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.content


def main() -> None:
    os.environ.update(
        DATABASE_URL=database_recreate(DATABASE),
        DJANGO_SETTINGS_MODULE="panelsite.settings.test",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.roles import Role
    from tests.factories import UserFactory

    try:
        setup_test_environment()
        logging.getLogger("django.request").setLevel(logging.ERROR)  # the trivial 405s
        call_command("migrate", verbosity=0, interactive=False)
        panel = [UserFactory(roles=[Role.INTERVIEWER]) for _ in range(3)]
        client = Client()
        client.force_login(panel[0])
        print(f"scoring page (panel lead's view, {ROUNDS} requests each, test client)")
        interviews = {size: interview_create(size=size, panel=panel) for size in TARGETS}
        urls = {"trivial": (TRIVIAL_URL, 405)}
        urls.update({size: (f"/scoring/{interviews[size].pk}/", 200) for size in TARGETS})
        times = measure(client, urls)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        trivial, p95 = median_p95(times["trivial"])
        queries, _content = queries_and_content(client, TRIVIAL_URL)
        print(f"  trivial request: median {trivial:6.1f} ms, p95 {p95:6.1f} ms, {queries} queries")
        for size, (times_target, kib_target) in TARGETS.items():
            median, p95 = median_p95(times[size])
            queries, content = queries_and_content(client, urls[size][0])
            kib = len(content) / 1024
            gzip_kib = len(gzip.compress(content, compresslevel=6)) / 1024
            print(
                f"  {size:>3} questions: median {median:6.1f} ms, p95 {p95:6.1f} ms, "
                f"{queries} SQL queries, {kib:.0f} KiB HTML ({gzip_kib:.0f} KiB gzipped)\n"
                f"      {median / trivial:4.1f}x the trivial request (target <= {times_target}x), "
                f"HTML {kib:.0f} KiB (target <= {kib_target} KiB): "
                + ("met" if median / trivial <= times_target and kib <= kib_target else "NOT met")
            )
        print(f"  load average at the end (1, 5, 15 min): {load}")
    finally:
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
