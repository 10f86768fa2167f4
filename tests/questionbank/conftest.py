"""Fixtures of the question-bank tests: files to import and a way to run the commands."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SEED = (
    Path(__file__).resolve().parents[2] / "questionbank" / "seeds" / "django-interview-questions.md"
)


@pytest.fixture
def bank_file(tmp_path):
    """Write text to a file of the given extension and return its path."""

    def write(text: str, suffix: str = ".md") -> Path:
        path = tmp_path / f"bank{suffix}"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_import():
    """Run import_questions and return what it printed."""

    def run(path, *args) -> str:
        out = StringIO()
        call_command("import_questions", str(path), *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def run_export():
    def run(*args) -> str:
        out = StringIO()
        call_command("export_questions", *args, stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def seed_bank(db, run_import):
    run_import(SEED)
