"""Benchmark: 50 full-text searches of a 10,000-question bank through /bank/?q=, as an interviewer.

Run from the repository root: ``.venv/bin/python bench/bank_search.py`` (SQLite temp file), or
with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/panel`` for a fresh PostgreSQL database.
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bank_setup import WORDS, bank_file_write, database_prepare  # noqa: E402

SEARCHES = 50


def main() -> None:
    print("Database:", database_prepare())
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    with tempfile.TemporaryDirectory() as folder:
        call_command("import_questions", str(bank_file_write(Path(folder))))

    from accounts.roles import Role, roles_sync
    from questionbank.selectors import BankFilters, bank_page

    roles_sync()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("bench-interviewer", "bench@panel.test")
    user.groups.set([Group.objects.get(name=Role.INTERVIEWER)])
    client = Client()
    client.force_login(user)
    client.get("/bank/")  # warm up: templates, rating scale row

    rng = random.Random(11)
    queries = [
        " ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))).replace("_", " ")
        for _ in range(SEARCHES)
    ]
    latencies, counts, results = [], [], []
    for query in queries:
        executed = 0

        def count(execute, sql, params, many, context):
            nonlocal executed
            executed += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.get("/bank/", {"q": query})
            latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
        counts.append(executed)
        results.append(bank_page(filters=BankFilters(query=query)).paginator.count)

    latencies.sort()
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    median_results = statistics.median(results)
    print(f"{SEARCHES} searches on /bank/?q=… (median {median_results:.0f} results per query)")
    print(f"  latency median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    print(f"  SQL queries per request: min {min(counts)}, max {max(counts)}")


if __name__ == "__main__":
    main()
