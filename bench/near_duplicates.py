"""Benchmark: the near-duplicate check on save against a 10,000-question bank, and the bank-wide
pair list of the admin report.

Run from the repository root: ``.venv/bin/python bench/near_duplicates.py`` (SQLite temp file),
or with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/panel`` for a fresh PostgreSQL database.
"""

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bank_setup import bank_file_write, database_prepare  # noqa: E402

CHECKS = 50


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"p50 {_ms(statistics.median(ordered))}, p95 {_ms(p95)}"


def main() -> None:
    print("Database:", database_prepare())
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        call_command("import_questions", str(bank_file_write(Path(folder))))
        print(
            f"import of 10,000 questions, near-duplicate listing included: "
            f"{time.perf_counter() - started:.1f} s"
        )

    from questionbank.duplicates import near_duplicate_pairs, near_duplicates, prompts_clear_cache
    from questionbank.models import Question

    questions = list(Question.objects.values_list("pk", "prompt"))
    print("Bank:", len(questions), "questions")
    rng = random.Random(5)

    prompts_clear_cache()
    pk, prompt = rng.choice(questions)
    started = time.perf_counter()
    near_duplicates(prompt=prompt, exclude_id=pk)
    print(
        "first check after a restart (normalises every prompt):", _ms(time.perf_counter() - started)
    )

    def check(pk: int, prompt: str) -> tuple[float, int, int]:
        executed = 0

        def count(execute, sql, params, many, context):
            nonlocal executed
            executed += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            found = near_duplicates(prompt=prompt, exclude_id=pk)
            return time.perf_counter() - started, executed, len(found)

    samples, queries = [], set()
    for pk, prompt in rng.sample(questions, CHECKS):
        # As on a save: the edited question is a reworded copy of itself, just saved.
        edited = prompt.replace("how would you use", "how do you use")
        Question.objects.filter(pk=pk).update(prompt=edited, updated_at=timezone.now())
        seconds, executed, _found = check(pk, edited)
        samples.append(seconds)
        queries.add(executed)
    print(
        f"check on save ({CHECKS} saves, each after its own edit): {_percentiles(samples)}, "
        f"SQL queries per check: {sorted(queries)}"
    )

    copies = []
    for _pk, prompt in rng.sample(questions, CHECKS):
        copy = prompt.replace("?", " !").upper()
        seconds, _executed, found = check(0, copy)
        copies.append(found)
        samples.append(seconds)
    print(
        f"punctuation/case copies of {CHECKS} questions flagged: "
        f"{sum(1 for n in copies if n)} of {CHECKS}"
    )

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        pairs = near_duplicate_pairs()
        timings.append(time.perf_counter() - started)
    print(
        f"bank-wide pair list (admin report): {len(pairs)} pairs, "
        f"median of 3 runs {_ms(statistics.median(timings))}"
    )


if __name__ == "__main__":
    main()
