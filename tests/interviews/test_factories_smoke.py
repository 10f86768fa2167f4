import pytest

from tests.factories import interview_with_panel

pytestmark = pytest.mark.django_db


def test_it_builds_an_interview_with_a_frozen_snapshot_and_one_lead(lead, panelist):
    interview = interview_with_panel(lead=lead, panelists=[panelist], questions=2)
    assert interview.questions.count() == 2
    assert list(interview.seats.values_list("user__username", "is_lead")) == [
        ("lead", True),
        ("panelist", False),
    ]
    assert interview.ends_at is not None
