"""Benchmark: the interview page, the candidate page and the dashboard stay flat (issue 14, item 5).

Builds a throw-away database (temporary SQLite, or a fresh PostgreSQL database beside
DATABASE_URL, dropped at exit; see bank_setup.database_prepare) with the cases of
tests/scorecards/test_pages_stay_flat.py: a candidate with 1, then 50 interviews (each with a
panel of three, two submitted scorecards, a late panelist, rated questions, a decision at every
tenth) and 0, 2 or 20 report jobs. For every size each page is requested BENCH_ROUNDS times
through Django's test client as the people who see it; prints median and p95 latency, the SQL
queries per request, and each median's ratio to the same page with 1 interview and no report.

Run from the repository root: ``.venv/bin/python bench/pages.py``.
"""

import os
import statistics
import time

os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from bank_setup import database_prepare  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
INTERVIEWS = (1, 50)
REPORTS = (0, 2, 20)
# (page, persona): the interview page as a recruiter and as the panel lead, the candidate page
# and the dashboard ("awaiting feedback" tab, where these interviews are) as a recruiter.
VIEWS = [
    ("interview", "recruiter"),
    ("interview", "lead"),
    ("candidate", "recruiter"),
    ("dashboard", "recruiter"),
]


def people_create() -> dict:
    from accounts.roles import Role, roles_sync
    from tests.factories import UserFactory

    roles_sync()
    return {
        "recruiter": UserFactory(username="recruiter", roles=[Role.RECRUITER]),
        "hiring_manager": UserFactory(username="manager", roles=[Role.HIRING_MANAGER]),
        "lead": UserFactory(username="lead", roles=[Role.INTERVIEWER]),
        "second_panelist": UserFactory(username="panelist2", roles=[Role.INTERVIEWER]),
        "panelist": UserFactory(username="panelist", roles=[Role.INTERVIEWER]),
    }


def measure(client, url: str) -> tuple[list[float], set[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm templates, caches and the connection
    timings, queries = [], set()
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    return sorted(timings), queries


def main() -> None:
    described = database_prepare()
    from django.test import Client

    from tests.scorecards.page_sizes import interviews_add, page_interview_create, reports_set
    from tests.scorecards.test_pages_stay_flat import page_url

    people = people_create()
    interview = page_interview_create(
        lead=people["lead"],
        second_panelist=people["second_panelist"],
        panelist=people["panelist"],
        hiring_manager=people["hiring_manager"],
    )
    print(f"Database: {described}; {ROUNDS} requests per line; load average {os.getloadavg()}")
    clients = {}
    for persona in {persona for _page, persona in VIEWS}:
        clients[persona] = Client()
        clients[persona].force_login(people[persona])
    print(
        f"{'page':<10} {'as':<10} {'interviews':>10} {'reports':>8} {'median ms':>10} "
        f"{'p95 ms':>8} {'queries':>8} {'× smallest':>11}"
    )
    smallest: dict[tuple[str, str], float] = {}
    rows = []
    for interviews in INTERVIEWS:
        interviews_add(
            interview=interview, count=interviews - interview.candidate.interviews.count()
        )
        for reports in REPORTS:
            reports_set(interview=interview, count=reports)
            for page, persona in VIEWS:
                timings, queries = measure(clients[persona], page_url(page, interview))
                median = statistics.median(timings)
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
                smallest.setdefault((page, persona), median)
                rows.append((page, persona, interviews, reports, queries))
                print(
                    f"{page:<10} {persona:<10} {interviews:>10} {reports:>8} {median:>10.1f} "
                    f"{p95:>8.1f} {','.join(map(str, sorted(queries))):>8} "
                    f"{median / smallest[(page, persona)]:>10.2f}x"
                )
    flat = all(
        len({q for p, a, _i, _r, qs in rows if (p, a) == view for q in qs}) == 1 for view in VIEWS
    )
    print(f"Same SQL query count at every size, for every page: {'yes' if flat else 'NO'}")
    print(f"Load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
