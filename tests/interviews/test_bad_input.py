"""Bad input is a form error that says what is wrong, and nothing is half-saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from interviews.models import Interview, InterviewPlan, InterviewQuestion, PanelSeat, StatusChange

pytestmark = pytest.mark.django_db


def _plan_post(category, count, **extra):
    return {
        "name": "Broken plan",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-category": str(category.pk),
        "sections-0-count": str(count),
        "sections-0-difficulty": "",
        "sections-0-tag": "",
        "sections-0-minutes": "15",
        **extra,
    }


@pytest.mark.parametrize(
    "count, message",
    [(0, "Ask for at least one question."), (9, "only 4 published question(s) match")],
)
def test_it_refuses_a_plan_asking_zero_or_more_questions_than_exist(
    client, recruiter, categories, count, message
):
    client.force_login(recruiter)
    response = client.post("/plans/new/", _plan_post(categories[0], count))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_it_refuses_an_unknown_category_id(client, recruiter, categories):
    client.force_login(recruiter)
    post = _plan_post(categories[0], 2)
    post["sections-0-category"] = "987654"
    response = client.post("/plans/new/", post)
    assert "Unknown or unavailable choice" in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_it_refuses_an_unpublished_pin(client, recruiter, categories):
    client.force_login(recruiter)
    response = client.post("/plans/new/", _plan_post(categories[0], 1, pins=["987654"]))
    assert "not published" in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_it_saves_a_good_plan_with_sections_and_pins(client, recruiter, categories):
    client.force_login(recruiter)
    pin = categories[1].questions.first()
    response = client.post("/plans/new/", _plan_post(categories[0], 2, pins=[str(pin.pk)]))
    assert response.status_code == 302
    plan = InterviewPlan.objects.get()
    assert plan.sections.get().count == 2
    assert list(plan.pins.values_list("question_id", flat=True)) == [pin.pk]


@pytest.fixture
def good_interview_post(candidate, plan, lead, panelist):
    start = timezone.localtime() + timedelta(days=3)
    return {
        "candidate": str(candidate.pk),
        "plan": str(plan.pk),
        "scheduled_at": start.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "location": "Room 4",
        "panel": [str(lead.pk), str(panelist.pk)],
        "lead": str(lead.pk),
    }


def _nothing_saved():
    return not (
        Interview.objects.exists()
        or PanelSeat.objects.exists()
        or InterviewQuestion.objects.exists()
        or StatusChange.objects.exists()
    )


def test_it_schedules_a_good_interview(client, recruiter, good_interview_post):
    client.force_login(recruiter)
    response = client.post("/interviews/new/", good_interview_post)
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.questions.count() == 4
    assert interview.seats.filter(is_lead=True).get().user.username == "lead"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lead": ""}, "Choose exactly one lead among the panelists."),
        ({"lead": "TWO"}, "Choose exactly one lead, not several."),
        ({"scheduled_at": "2001-01-01T10:00"}, "The interview must start in the future."),
        ({"panel": "DUPLICATE"}, "A panelist is seated twice"),
        ({"panel": []}, "Seat at least one panelist."),
        ({"candidate": "987654"}, "Unknown candidate"),
        ({"plan": "987654"}, "Unknown or archived plan"),
        ({"panel": "UNKNOWN"}, "Unknown interviewer"),
        ({"lead": "OUTSIDER"}, "The lead must be one of the seated panelists."),
        ({"scheduled_at": "tomorrow-ish"}, "Enter a valid date/time."),
        ({"scheduled_at": "9999-12-31T23:59", "duration_minutes": "480"}, "out of range"),
        ({"scheduled_at": "2999-01-01T10:00"}, "within the next ten years"),
    ],
)
def test_it_refuses_bad_interview_input_and_saves_nothing(
    client, recruiter, outsider, good_interview_post, change, message
):
    post = dict(good_interview_post)
    for key, value in change.items():
        if value == "TWO":
            value = [post["panel"][0], post["panel"][1]]
        elif value == "DUPLICATE":
            value = [post["panel"][0], post["panel"][0], post["panel"][1]]
        elif value == "UNKNOWN":
            value = [post["panel"][0], "987654"]
        elif value == "OUTSIDER":
            value = str(outsider.pk)
        post[key] = value
    client.force_login(recruiter)
    response = client.post("/interviews/new/", post)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _nothing_saved()


def test_it_refuses_a_panelist_who_is_not_an_interviewer(
    client, recruiter, editor, good_interview_post
):
    post = dict(good_interview_post, panel=[good_interview_post["lead"], str(editor.pk)])
    client.force_login(recruiter)
    response = client.post("/interviews/new/", post)
    assert "Unknown interviewer" in response.content.decode()
    assert _nothing_saved()


def test_it_refuses_an_archived_plan(client, recruiter, plan, good_interview_post):
    plan.is_archived = True
    plan.save(update_fields=["is_archived"])
    client.force_login(recruiter)
    response = client.post("/interviews/new/", good_interview_post)
    assert "Unknown or archived plan" in response.content.decode()
    assert _nothing_saved()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "9999-12-31T23:59"])
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_it_refuses_dates_at_the_ends_of_the_calendar_in_any_time_zone(
    client, recruiter, good_interview_post, moment, zone
):
    """Read in the recruiter's zone, these cannot be turned into UTC (an OverflowError)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(recruiter)
    profile.current_time_zone = zone
    profile.save(update_fields=["current_time_zone"])
    client.force_login(recruiter)
    response = client.post("/interviews/new/", dict(good_interview_post, scheduled_at=moment))
    assert response.status_code == 422
    body = response.content.decode()
    assert any(m in body for m in ["out of range", "in the future", "within the next ten"])
    assert _nothing_saved()
