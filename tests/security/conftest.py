"""Hiring data of the interviews tests (two positions, candidates, a plan, two interviews) and
the import helpers of the bank tests, for the hostile-input tests that need real objects or
files to aim at."""

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
from tests.questionbank.conftest import bank_file, run_import  # noqa: F401 (fixtures)
