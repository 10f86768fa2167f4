"""The hostile-input tests once more on SQLite, the database of `make run`: its full-text
search parses query syntax and its integers overflow at 64 bits, unlike PostgreSQL's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TARGETS = [
    "tests/security",
    "tests/questionbank/test_search_input.py",
    "tests/questionbank/test_search_ranking.py",
    "tests/questionbank/test_rich_text_limits.py",
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
