"""An oversized request is refused with a message before anything reads or writes it."""

import pytest

from scorecards.models import Answer
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoring(client, lead):
    interview = InterviewFactory(panel=[lead], questions=1)
    client.force_login(lead)
    return interview, interview.questions.get()


def test_it_refuses_a_form_body_past_the_limit_with_413(client, scoring, settings):
    interview, question = scoring
    notes = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        f"/scoring/{interview.pk}/answers/{question.pk}/", {"notes": notes, "version": "0"}
    )
    assert response.status_code == 413
    assert b"too large" in response.content
    assert not Answer.objects.exists()


def test_it_refuses_a_declared_length_past_the_limit_before_reading(client, scoring, settings):
    interview, question = scoring
    response = client.generic(
        "POST",
        f"/scoring/{interview.pk}/answers/{question.pk}/",
        b"version=0",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.PANEL_MAX_REQUEST_BYTES + 1),
    )
    assert response.status_code == 413
    assert b"too large" in response.content


def test_it_refuses_too_many_fields_with_400(client, scoring, settings):
    interview, question = scoring
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    data["version"] = "0"
    response = client.post(f"/scoring/{interview.pk}/answers/{question.pk}/", data)
    assert response.status_code == 400
    assert b"too many fields" in response.content
    assert not Answer.objects.exists()


def test_it_still_takes_the_longest_notes_a_panelist_may_write(client, scoring):
    interview, question = scoring
    notes = "é" * 20_000  # NOTES_MAX_LENGTH, two bytes each
    response = client.post(
        f"/scoring/{interview.pk}/answers/{question.pk}/", {"notes": notes, "version": "0"}
    )
    assert response.status_code == 200
    assert Answer.objects.get().notes == notes
