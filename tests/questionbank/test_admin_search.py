"""The search boxes of the Wagtail admin's question bank (list, results and chooser) find
questions on SQLite and PostgreSQL alike, and read query syntax as plain words.

The suite runs on PostgreSQL; the last test runs this module again on SQLite (the `make run`
database) in a subprocess, so both backends are covered by `make test`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from questionbank.models import Category
from questionbank.selectors import search_words
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ZANZIBAR_BANK = "1. Zanzibar Internals\n- What is a QuerySet?\n"
HOSTILE = ['"', '"select', "a AND (", "NEAR(x y)", "prompt:x*", "'\\"]


def _url(model: str, name: str) -> str:
    return reverse(f"wagtailsnippets_questionbank_{model}:{name}")


def _chooser_url(model: str, results: bool = False) -> str:
    suffix = "choose_results" if results else "choose"
    return reverse(f"wagtailsnippetchoosers_questionbank_{model}:{suffix}")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def questions(db):
    category = CategoryFactory(name="Models & Database", slug="models")
    wanted = QuestionFactory(
        category=category,
        prompt="<p>How do you avoid zanzibar queries in a list view?</p>",
        key_points="Mentions prefetch_related\nMeasures with quokkameter",
    )
    other = QuestionFactory(category=category, prompt="<p>What does a migration do?</p>")
    return wanted, other


@pytest.mark.parametrize("view", ["list", "list_results"])
@pytest.mark.parametrize("query", ["zanzibar", "zanz", "ZANZIBAR queries", "quokkameter"])
def test_it_finds_a_question_by_the_words_of_its_prompt_or_key_points(
    editor_client, questions, view, query
):
    wanted, other = questions
    response = editor_client.get(_url("question", view), {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "zanzibar queries" in body
    assert "What does a migration do?" not in body


@pytest.mark.parametrize("results", [False, True])
def test_it_finds_a_question_in_the_snippet_chooser(editor_client, questions, results):
    response = editor_client.get(_chooser_url("question", results), {"q": "zanzib"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "zanzibar queries" in body and "What does a migration do?" not in body


@pytest.mark.parametrize(
    "url",
    [
        lambda: _url("category", "list"),
        lambda: _url("category", "list_results"),
        lambda: _chooser_url("category"),
        lambda: _chooser_url("category", results=True),
    ],
    ids=["list", "results", "chooser", "chooser results"],
)
def test_it_finds_a_category_an_import_created(editor_client, bank_file, run_import, url):
    """The import writes categories in bulk (no post_save): it indexes them itself."""
    run_import(bank_file(ZANZIBAR_BANK))
    CategoryFactory(name="Models & Database", slug="models")

    response = editor_client.get(url(), {"q": "zanzibar"})

    body = response.content.decode()
    assert "Zanzibar Internals" in body and "Models &amp; Database" not in body


def test_it_indexes_a_category_stored_before_when_an_import_names_it(
    editor_client, bank_file, run_import
):
    Category.objects.bulk_create([Category(name="Zanzibar Internals", slug="zanzibar-internals")])
    run_import(bank_file(ZANZIBAR_BANK))

    response = editor_client.get(_url("category", "list"), {"q": "zanzibar"})

    assert "Zanzibar Internals" in response.content.decode()


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize(
    "url",
    [
        lambda: _url("question", "list"),
        lambda: _url("question", "list_results"),
        lambda: _url("category", "list"),
        lambda: _url("category", "list_results"),
        lambda: _chooser_url("question"),
        lambda: _chooser_url("question", results=True),
        lambda: _chooser_url("category"),
        lambda: _chooser_url("category", results=True),
    ],
    ids=[
        "question list",
        "question results",
        "category list",
        "category results",
        "question chooser",
        "question chooser results",
        "category chooser",
        "category chooser results",
    ],
)
def test_it_reads_query_syntax_as_plain_words(editor_client, questions, url, query):
    assert editor_client.get(url(), {"q": query}).status_code == 200


def test_it_still_finds_the_words_around_query_syntax(editor_client, questions):
    response = editor_client.get(_url("question", "list"), {"q": '"zanzibar" (queries*'})
    assert "zanzibar queries" in response.content.decode()


def test_it_reduces_a_query_to_its_words():
    assert search_words('"select_related" AND (N+1*') == "select_related AND N 1"
    assert search_words('" * ( )') == ""


def test_it_passes_on_sqlite_too():
    """Run this module again on SQLite, whose FTS backend has no column per field."""
    if connection.vendor == "sqlite":
        pytest.skip("this run is already on SQLite")
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-k",
            "not passes_on_sqlite",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout.splitlines()[-1]
