"""Benchmark: the scoring page with 40 and with 200 questions (render time, SQL queries).

Creates a throw-away database ``panel_bench_scoring`` (dropped at the end), seats a panel
lead and two panelists on two live interviews (40 and 200 frozen questions, half of them
answered by the lead) and requests the lead's scoring page through Django's test client
(the lead also sees the live progress table). Prints median and p95 render time over
BENCH_ROUNDS requests and the number of SQL queries per page, which must not grow with
the number of questions.

Run from the repository root: ``.venv/bin/python bench/scoring_page.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "panel_bench_scoring"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


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


def measure(client, url: str) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the template cache
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return times, len(captured), len(response.content)


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
        call_command("migrate", verbosity=0, interactive=False)
        panel = [UserFactory(roles=[Role.INTERVIEWER]) for _ in range(3)]
        client = Client()
        client.force_login(panel[0])
        print(f"scoring page (panel lead's view, {ROUNDS} requests each, test client)")
        for size in (40, 200):
            interview = interview_create(size=size, panel=panel)
            times, queries, size_bytes = measure(client, f"/scoring/{interview.pk}/")
            ordered = sorted(times)
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            print(
                f"  {size:>3} questions: median {statistics.median(times):6.1f} ms, "
                f"p95 {p95:6.1f} ms, {queries} SQL queries, {size_bytes / 1024:.0f} KiB HTML"
            )
    finally:
        database_drop(DATABASE)


if __name__ == "__main__":
    main()
