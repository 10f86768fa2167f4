"""Hiring data of the interviews tests (two positions, candidates, a plan, two interviews), for
the hostile-input tests that need real objects to aim at."""

from tests.interviews.conftest import (  # noqa: F401 (fixtures)
    candidate,
    categories,
    interview,
    other_candidate,
    other_interview,
    other_position,
    plan,
    position,
)
