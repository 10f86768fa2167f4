"""Benchmark: full-text search of a 10,000-question bank, Wagtail's stock database backend
beside Panel's (questionbank/search_backend.py), on SQLite and PostgreSQL, in one run.

Three search boxes, each as its user through Django's test client: the bank page
(/bank/?q=, interviewer), the question picker (/questions/pick/?q=, recruiter) and the Wagtail
admin listing (/admin/snippets/questionbank/question/?q=, editor). Prints p50/p95 per box and
backend next to issue 14's targets (SQLite p95 < 300 ms, PostgreSQL p95 < 150 ms).

Run from the repository root: ``.venv/bin/python bench/bank_search.py``. PostgreSQL is a fresh
``<name>_bench_<pid>`` database beside ``BENCH_DATABASE_URL`` (default
postgres://postgres@127.0.0.1:5432/panel), dropped at exit; ``--only sqlite`` skips it.
``BENCH_SEARCHES`` (default 20) searches per box and backend; ``BENCH_BACKENDS=panel`` times
Panel's backend only (Wagtail's stock one takes seconds per search on SQLite). Each line also
prints the SQL queries per request and the load average when its database was measured.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SEARCHES = int(os.environ.get("BENCH_SEARCHES", "20"))
TARGETS = {"sqlite": 300, "postgresql": 150}
BACKENDS = {
    name: path
    for name, path in {
        "stock": "wagtail.search.backends.database",
        "panel": "questionbank.search_backend",
    }.items()
    if name in os.environ.get("BENCH_BACKENDS", "stock,panel").split(",")
}
BOXES = {
    "bank page": ("interviewer", "/bank/"),
    "question picker": ("recruiter", "/questions/pick/"),
    "admin listing": ("editor", "/admin/snippets/questionbank/question/"),
}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure() -> dict:
    """In this process: build the bank, then time every box with each backend."""
    from bank_setup import WORDS, bank_file_write, database_prepare

    database_prepare()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import Role, roles_sync

    settings.ALLOWED_HOSTS = ["testserver"]
    with tempfile.TemporaryDirectory() as folder:
        call_command("import_questions", str(bank_file_write(Path(folder))), verbosity=0)
    roles_sync()
    clients = {}
    for persona, role in [
        ("interviewer", Role.INTERVIEWER),
        ("recruiter", Role.RECRUITER),
        ("editor", Role.EDITOR),
    ]:
        user = get_user_model().objects.create_user(f"bench-{persona}", f"{persona}@panel.test")
        user.groups.set([Group.objects.get(name=role)])
        clients[persona] = Client()
        clients[persona].force_login(user)

    rng = random.Random(11)
    queries = [
        " ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))).replace("_", " ")
        for _ in range(SEARCHES)
    ]
    figures = {"vendor": connection.vendor, "results": {}}
    for backend, path in BACKENDS.items():
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": path}}):
            for box, (persona, url) in BOXES.items():
                client = clients[persona]
                client.get(url)  # warm up: templates, permissions
                latencies, firsts, counts = [], [], set()
                for query in queries:
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url, {"q": query})
                        latencies.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (backend, box, query)
                    firsts.append(_first_result(response))
                    counts.add(len(captured))
                figures["results"][f"{backend}|{box}"] = {
                    "p50": statistics.median(latencies),
                    "p95": _p95(latencies),
                    "firsts": firsts,
                    "queries": sorted(counts),
                }
    figures["load"] = os.getloadavg()
    return figures


def _first_result(response) -> str:
    """The first hit's key, to compare the two backends' ranking."""
    context = response.context
    if context is None:
        return ""
    for name in ("page", "results", "object_list", "page_obj"):
        if name in context:
            hits = list(getattr(context[name], "object_list", context[name]))
            return getattr(hits[0], "key", str(hits[0].pk)) if hits else ""
    return ""


def _run(database: str) -> dict:
    env = dict(os.environ)
    if database == "postgresql":
        env["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/panel"
        )
    else:
        env.pop("DATABASE_URL", None)
    output = subprocess.run(
        [sys.executable, __file__, "--measure"], env=env, capture_output=True, text=True
    )
    if output.returncode:
        sys.exit(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
        return
    databases = ["sqlite"] if sys.argv[1:] == ["--only", "sqlite"] else ["sqlite", "postgresql"]
    print(f"{SEARCHES} searches per box and backend, 10,000 questions (p50 / p95 in ms)")
    print(
        f"{'database':<11}{'box':<17}{'stock Wagtail':>18}{'Panel':>18}  target p95  "
        "same first hit  queries"
    )
    for database in databases:
        figures = _run(database)
        vendor = figures["vendor"]
        for box in BOXES:
            stock = figures["results"].get(f"stock|{box}")
            panel = figures["results"].get(f"panel|{box}")
            columns = [
                f"{result['p50']:>9.0f} / {result['p95']:>5.0f}" if result else f"{'-':>17}"
                for result in (stock, panel)
            ]
            same = (
                f"{sum(a == b for a, b in zip(stock['firsts'], panel['firsts'], strict=True))}"
                f"/{len(stock['firsts'])}"
                if stock and panel
                else "-"
            )
            counts = ",".join(str(n) for n in (panel or stock)["queries"])
            print(
                f"{vendor:<11}{box:<17}{columns[0]} {columns[1]}"
                f"  < {TARGETS[vendor]:<8} {same:<15} {counts}"
            )
        print(f"{vendor}: load average {', '.join(f'{n:.1f}' for n in figures['load'])}")


if __name__ == "__main__":
    main()
