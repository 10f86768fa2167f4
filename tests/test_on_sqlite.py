"""Tests once more on SQLite, the database of `make run`, when the suite runs on PostgreSQL:

- the hostile-input tests: SQLite's full-text search parses query syntax and its integers
  overflow at 64 bits, unlike PostgreSQL's;
- the import's and the search index's writers, which take another path on each database
  (questionbank/bulk_rows.py: COPY on PostgreSQL, executemany on SQLite; the SQLite search
  backend, questionbank/search_sqlite.py).

tests/questionbank/test_admin_search.py runs itself again on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
TARGETS = [
    "tests/security",
    "tests/questionbank/test_search_input.py",
    "tests/questionbank/test_search_ranking.py",
    "tests/questionbank/test_rich_text_limits.py",
    "tests/questionbank/test_bulk_import.py",
    "tests/questionbank/test_bulk_publish.py",
    "tests/questionbank/test_bulk_rows.py",
    "tests/questionbank/test_import_command.py",
    "tests/questionbank/test_import_revisions.py",
    "tests/questionbank/test_search_indexing.py",
]

pytestmark = pytest.mark.slow


def test_it_holds_on_sqlite_too():
    if connection.vendor == "sqlite":
        pytest.skip("this run is on SQLite already")
    environment = {**os.environ, "DATABASE_URL": "sqlite:///:memory:"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *TARGETS, "-q", "-n", "0", "-p", "no:cacheprovider"]
        + ["-m", "not slow and not browser"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
