"""Questions frozen into an interview never change when the bank does."""

import pytest
from django.utils import timezone

from interviews.models import InterviewQuestion
from interviews.scheduling import interview_schedule
from tests.interviews.conftest import categories_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db):
    """The bank questions carry published revisions: the snapshot freezes their ids."""
    return categories_create(publish=True)


def _frozen(interview):
    return list(
        InterviewQuestion.objects.filter(interview=interview)
        .order_by("position")
        .values(
            "pk",
            "position",
            "prompt",
            "category_name",
            "difficulty",
            "guide_1",
            "guide_4",
            "follow_ups",
            "key_points",
            "source_key",
            "source_revision_id",
            "expected_minutes",
        )
    )


@pytest.fixture
def scheduled(candidate, plan, lead, panelist, recruiter):
    return interview_schedule(
        candidate=candidate,
        plan=plan,
        scheduled_at=timezone.now() + timezone.timedelta(days=2),
        duration=60,
        location="Room 1",
        panel=[lead, panelist],
        lead=lead,
        by=recruiter,
        seed=11,
    )


def test_it_freezes_text_rubric_category_source_and_revision(scheduled):
    items = list(scheduled.questions.select_related("source_question__category"))
    assert len(items) == 4
    for item in items:
        source = item.source_question
        assert item.prompt == source.prompt
        assert item.guide_1 == source.guide_1
        assert item.category_name == source.category.name
        assert item.source_key == source.key
        assert source.live_revision_id is not None
        assert item.source_revision_id == source.live_revision_id


def test_it_keeps_the_snapshot_when_bank_questions_are_edited_unpublished_and_deleted(scheduled):
    before = _frozen(scheduled)
    sources = [item.source_question for item in scheduled.questions.all()]
    edited, unpublished, deleted = sources[0], sources[1], sources[2]

    edited.prompt = "<p>Rewritten</p>"
    edited.guide_1 = "changed"
    edited.save()
    edited.save_revision().publish()
    unpublished.unpublish()
    deleted.delete()

    assert _frozen(scheduled) == before
    assert scheduled.questions.get(position=3).source_question is None
    page_text = "Rewritten"
    assert page_text not in "".join(row["prompt"] for row in _frozen(scheduled))


def test_it_shows_the_frozen_prompt_on_the_interview_page_after_a_bank_edit(
    client, recruiter, scheduled
):
    item = scheduled.questions.first()
    original = item.prompt
    source = item.source_question
    source.prompt = "<p>Totally new wording</p>"
    source.save()
    source.save_revision().publish()
    client.force_login(recruiter)
    body = client.get(f"/interviews/{scheduled.pk}/").content.decode()
    assert "Totally new wording" not in body
    assert original.replace("<p>", "").replace("</p>", "") in body
