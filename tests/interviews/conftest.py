"""Hiring data around the shared personas: two positions, each with a candidate and an
interview; `lead` and `panelist` sit on the first, `outsider` on the second."""

import pytest

from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    InterviewFactory,
    PlanFactory,
    PositionFactory,
    QuestionFactory,
)


def categories_create(*, publish: bool = False):
    """Two categories with four live questions each (publish=True: with published revisions)."""
    first = CategoryFactory(name="Models & Database", slug="models")
    second = CategoryFactory(name="Security", slug="security")
    for category in (first, second):
        for _ in range(4):
            QuestionFactory(category=category, publish=publish)
    return first, second


@pytest.fixture
def categories(db):
    return categories_create()


@pytest.fixture
def position(hiring_manager):
    return PositionFactory(title="Senior Django engineer", hiring_managers=[hiring_manager])


@pytest.fixture
def other_position(other_hiring_manager):
    return PositionFactory(title="Data engineer", hiring_managers=[other_hiring_manager])


@pytest.fixture
def candidate(position):
    return CandidateFactory(
        full_name="Maya Okafor", email="maya.secret@mail.test", position=position
    )


@pytest.fixture
def other_candidate(other_position):
    return CandidateFactory(
        full_name="Oskar Otherperson", email="oskar.secret@mail.test", position=other_position
    )


@pytest.fixture
def plan(categories):
    first, second = categories
    return PlanFactory(name="Backend mid", sections=[(first, 2), (second, 2)])


@pytest.fixture
def interview(candidate, plan, lead, panelist, categories):
    questions = list(categories[0].questions.all()[:3])
    return InterviewFactory(
        candidate=candidate, plan=plan, panel=[lead, panelist], questions=questions
    )


@pytest.fixture
def other_interview(other_candidate, plan, outsider, categories):
    questions = list(categories[1].questions.all()[:2])
    return InterviewFactory(
        candidate=other_candidate, plan=plan, panel=[outsider], questions=questions
    )
