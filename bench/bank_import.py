"""Benchmark: import a 10,000-question Markdown bank, then import it again (nothing changes).

Run from the repository root: ``.venv/bin/python bench/bank_import.py`` (SQLite temp file), or
with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/panel`` for a fresh PostgreSQL database.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bank_setup import bank_file_write, database_prepare  # noqa: E402


def timed_import(path: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command("import_questions", str(path))
        seconds = time.perf_counter() - started
    print(f"  {seconds:.2f} s, {queries} SQL queries")


def main() -> None:
    print("Database:", database_prepare())
    with tempfile.TemporaryDirectory() as folder:
        path = bank_file_write(Path(folder))
        print(f"Bank file: {path.stat().st_size / 1e6:.1f} MB")
        print("First import (all new questions):")
        timed_import(path)
        print("Second import (same file, nothing changes):")
        timed_import(path)
        text = path.read_text(encoding="utf-8").replace("  - minutes: ", "  - minutes: 1", 1)
        path.write_text(text, encoding="utf-8")
        print("Third import (one question edited):")
        timed_import(path)
        from questionbank.models import Question

        print("Questions in the bank:", Question.objects.count())


if __name__ == "__main__":
    main()
