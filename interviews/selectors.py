"""Reads of hiring data, each scoped to what the user may see (see interviews.policies)."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from questionbank.selectors import published_questions, questions_search

from .models import (
    OPEN_STATUSES,
    Candidate,
    Interview,
    InterviewPlan,
    InterviewStatus,
    PanelSeat,
    Position,
)
from .policies import can_manage_hiring, interview_scope

PAGE_SIZE = 25


def positions_visible_to(user) -> QuerySet[Position]:
    if can_manage_hiring(user):
        return Position.objects.all()
    if has_role(user, Role.HIRING_MANAGER):
        return Position.objects.filter(hiring_managers=user)
    return Position.objects.none()


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Candidates whose personal data the user may read: recruiters all, managers theirs."""
    if can_manage_hiring(user):
        return Candidate.objects.all()
    if has_role(user, Role.HIRING_MANAGER):
        return Candidate.objects.filter(position__hiring_managers=user)
    return Candidate.objects.none()


def interviews_for_panelist(user) -> QuerySet[Interview]:
    """The interviews the user sits on, soonest first."""
    if not user.is_authenticated:
        return Interview.objects.none()
    return (
        Interview.objects.filter(seats__user=user)
        .select_related("candidate__position", "plan")
        .prefetch_related(Prefetch("seats", queryset=PanelSeat.objects.select_related("user")))
        .order_by("scheduled_at")
    )


def interviews_visible_to(user) -> QuerySet[Interview]:
    """The interviews of interviews.policies.interview_scope, without duplicate rows."""
    scope = interview_scope(user)
    if not scope:
        return Interview.objects.all()
    ids = Interview.objects.filter(scope).values("pk")
    return Interview.objects.filter(pk__in=ids)


def plans_for_picking() -> QuerySet[InterviewPlan]:
    return InterviewPlan.objects.filter(is_archived=False).select_related("position")


def plans_search(*, archived: bool, query: str) -> QuerySet[InterviewPlan]:
    """Active or archived plans whose name contains the query, with what the list shows."""
    plans = (
        InterviewPlan.objects.filter(is_archived=archived)
        .select_related("position")
        .prefetch_related("sections__category", "pins")
    )
    if query:
        plans = plans.filter(name__icontains=query)
    return plans


def interviewers() -> QuerySet:
    """Users who may sit on a panel."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=Role.INTERVIEWER) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def search_candidates(*, queryset: QuerySet[Candidate], query: str) -> QuerySet[Candidate]:
    if query:
        queryset = queryset.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(position__title__icontains=query)
        )
    return queryset


def search_positions(*, queryset: QuerySet[Position], query: str) -> QuerySet[Position]:
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(team__icontains=query))
    return queryset


PICKER_SIZE = 15


def question_search(*, query: str, category: str = "") -> list:
    """Up to PICKER_SIZE published questions for the pickers (plan pins, adding to an interview).

    Full-text through Wagtail's search backend over the published queryset only.
    """
    questions = published_questions().select_related("category")
    if category:
        questions = questions.filter(category__slug=category)
    if query:
        return list(questions_search(questions, query=query)[:PICKER_SIZE])
    return list(questions[:PICKER_SIZE])


# ---------------------------------------------------------------------------------------------
# Recruiter dashboard tabs (the page itself, which shows who is late, is scorecards.dashboard)
# ---------------------------------------------------------------------------------------------

BUCKETS = {
    "upcoming": _("Upcoming"),
    "live": _("Live"),
    "awaiting": _("Awaiting feedback"),
    "completed": _("Completed"),
    "cancelled": _("Cancelled"),
}


def bucket_filter(bucket: str, now: datetime) -> Q:
    """The interviews of one dashboard tab: "awaiting" holds open interviews past their end."""
    return {
        "upcoming": Q(status=InterviewStatus.SCHEDULED, ends_at__gt=now),
        "live": Q(status=InterviewStatus.LIVE, ends_at__gt=now),
        "awaiting": Q(status__in=OPEN_STATUSES, ends_at__lte=now),
        "completed": Q(status=InterviewStatus.COMPLETED),
        "cancelled": Q(status=InterviewStatus.CANCELLED),
    }[bucket]


def dashboard_counts(*, now: datetime | None = None) -> dict[str, int]:
    """How many interviews each dashboard tab holds, in one query."""
    now = now or timezone.now()
    return Interview.objects.aggregate(
        **{bucket: Count("pk", filter=bucket_filter(bucket, now)) for bucket in BUCKETS}
    )


def question_pins(ids) -> dict:
    """Published questions by id (with category), for the plan editor's pinned list."""
    return published_questions().select_related("category").in_bulk(list(ids))
