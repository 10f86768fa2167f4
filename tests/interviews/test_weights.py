"""Optional section weights in the plan editor: recruiters set them, bad ones get a clear
message, other roles cannot, and an interview keeps the weights it was scheduled with."""

from decimal import Decimal

import pytest
from django.utils import timezone

from interviews.models import InterviewWeight, PlanSection
from interviews.scheduling import interview_schedule

pytestmark = pytest.mark.django_db


def _post(plan, first, second, weights=("2", "1"), second_category=None):
    return {
        "name": plan.name,
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "0",
        **{
            f"sections-{index}-{name}": value
            for index, (category, weight) in enumerate(
                [(first, weights[0]), (second_category or second, weights[1])]
            )
            for name, value in {
                "category": str(category.pk),
                "count": "2",
                "difficulty": "",
                "tag": "",
                "minutes": "15",
                "weight": weight,
            }.items()
        },
    }


def _weights(plan) -> list:
    return list(PlanSection.objects.filter(plan=plan).values_list("weight", flat=True))


def test_a_recruiter_sets_weights_and_sees_them_again(client, recruiter, plan, categories):
    client.force_login(recruiter)
    response = client.post(f"/plans/{plan.pk}/", _post(plan, *categories, weights=("2", "0.5")))
    assert response.status_code == 302
    assert _weights(plan) == [Decimal("2.00"), Decimal("0.50")]
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'name="sections-0-weight" value="2.00"' in page


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("-1", "A weight is a positive number (at least 0.01)."),
        ("0", "A weight is a positive number (at least 0.01)."),
        ("two", "A weight is a number, e.g. 2 or 1.5."),
        ("1000", "A weight is at most 100."),
        ("1.234", "A weight has at most two decimals."),
    ],
)
def test_a_bad_weight_is_a_clear_error_and_nothing_changes(
    client, recruiter, plan, categories, weight, message
):
    client.force_login(recruiter)
    response = client.post(f"/plans/{plan.pk}/", _post(plan, *categories, weights=(weight, "1")))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _weights(plan) == [None, None]


def test_two_sections_of_one_category_share_one_weight(client, recruiter, plan, categories):
    client.force_login(recruiter)
    first, _second = categories
    post = _post(plan, *categories, weights=("2", "3"), second_category=first)
    response = client.post(f"/plans/{plan.pk}/", post)
    assert response.status_code == 422
    assert "The sections of Models &amp; Database carry different weights" in (
        response.content.decode()
    )
    assert _weights(plan) == [None, None]


@pytest.mark.parametrize("persona", ["panelist", "lead", "editor", "hiring_manager", "outsider"])
def test_nobody_but_a_recruiter_can_set_weights(client, request, plan, categories, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/plans/{plan.pk}/", _post(plan, *categories))
    assert response.status_code in (403, 404)
    assert _weights(plan) == [None, None]


def test_an_interview_keeps_the_weights_it_was_scheduled_with(
    client, recruiter, plan, categories, candidate, lead
):
    client.force_login(recruiter)
    client.post(f"/plans/{plan.pk}/", _post(plan, *categories, weights=("2", "1")))
    interview = interview_schedule(
        candidate=candidate,
        plan=plan,
        scheduled_at=timezone.now() + timezone.timedelta(days=2),
        duration=60,
        location="",
        panel=[lead],
        lead=lead,
        by=recruiter,
        seed=3,
    )
    client.post(f"/plans/{plan.pk}/", _post(plan, *categories, weights=("5", "")))
    assert _weights(plan) == [Decimal("5.00"), None]
    frozen = InterviewWeight.objects.filter(interview=interview).values_list(
        "category_name", "weight"
    )
    assert sorted(frozen) == [("Models & Database", Decimal("2.00")), ("Security", Decimal("1.00"))]


def test_a_plan_without_weights_freezes_none(recruiter, plan, candidate, lead):
    interview = interview_schedule(
        candidate=candidate,
        plan=plan,
        scheduled_at=timezone.now() + timezone.timedelta(days=2),
        duration=60,
        location="",
        panel=[lead],
        lead=lead,
        by=recruiter,
        seed=3,
    )
    assert not InterviewWeight.objects.filter(interview=interview).exists()
