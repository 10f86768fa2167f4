"""Every search box and list filter takes hostile text without a server error.

Search input reaches the full-text backend as plain words, never as query syntax (a lone
quote was an FTS5 syntax error on SQLite); text filters never reach the database with a NUL
(PostgreSQL refuses it).
"""

import pytest

from tests.factories import PositionFactory, QuestionFactory

from .hostile import SEARCH

pytestmark = pytest.mark.django_db

# (persona, url, parameter): every GET parameter that takes free text.
BOXES = [
    ("panelist", "/bank/", "q"),
    ("panelist", "/bank/", "category"),
    ("panelist", "/bank/", "tag"),
    ("panelist", "/bank/", "difficulty"),
    ("recruiter", "/questions/pick/", "q"),
    ("recruiter", "/questions/pick/", "category"),
    ("recruiter", "/candidates/", "q"),
    ("recruiter", "/positions/", "q"),
    ("recruiter", "/plans/", "q"),
    ("recruiter", "/dashboard/", "sort"),
    ("recruiter", "/dashboard/", "tab"),
    ("hiring_manager", "/candidates/", "q"),
    ("editor", "/admin/snippets/questionbank/question/", "q"),
    ("editor", "/admin/snippets/questionbank/category/", "q"),
]


@pytest.fixture
def bank(hiring_manager):
    """A question to find, and a position for the hiring manager's candidate list."""
    QuestionFactory(prompt="<p>How does <code>select_related</code> join?</p>", key="joins")
    PositionFactory(hiring_managers=[hiring_manager])


@pytest.mark.parametrize("persona, url, parameter", BOXES)
def test_it_answers_hostile_text_in_every_search_box(
    client, request, bank, persona, url, parameter
):
    client.force_login(request.getfixturevalue(persona))
    failures = []
    for value in SEARCH:
        response = client.get(url, {parameter: value})
        if response.status_code != 200:
            failures.append((value, response.status_code))
    assert not failures
