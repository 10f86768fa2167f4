"""Fixtures of the reports tests: a scored interview with a panel, and people around it."""

import pytest

from interviews.roles import Role
from tests.factories import UserFactory

from .panel_data import scored_interview_create


@pytest.fixture
def second_panelist(db):
    return UserFactory(username="panelist2", first_name="Paul", roles=[Role.INTERVIEWER])


@pytest.fixture
def scored_interview(lead, panelist, second_panelist, hiring_manager):
    """Lead and second panelist have submitted; ``panelist`` is seated and has not."""
    return scored_interview_create(
        panelists=[lead, second_panelist, panelist],
        submitted=[lead, second_panelist],
        questions=4,
        hiring_managers=[hiring_manager],
    )
