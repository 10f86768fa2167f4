"""Reads of hiring data, each scoped to what the user may see (see interviews.policies)."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questionbank.selectors import published_questions, questions_search

from .models import (
    Candidate,
    Interview,
    InterviewPlan,
    InterviewStatus,
    PanelSeat,
    Position,
)
from .policies import can_manage_hiring
from .roles import Role, has_role

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
    if can_manage_hiring(user):
        return Interview.objects.all()
    if not user.is_authenticated:
        return Interview.objects.none()
    scope = Q(seats__user=user)
    if has_role(user, Role.HIRING_MANAGER):
        scope |= Q(candidate__position__hiring_managers=user)
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
    questions = published_questions()
    if category:
        questions = questions.filter(category__slug=category)
    if query:
        found = questions_search(questions, query=query)[:PICKER_SIZE]
        ids = [question.pk for question in found]
    else:
        ids = list(questions.values_list("pk", flat=True)[:PICKER_SIZE])
    by_id = published_questions().select_related("category").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


# ---------------------------------------------------------------------------------------------
# Recruiter dashboard
# ---------------------------------------------------------------------------------------------

BUCKETS = {
    "upcoming": _("Upcoming"),
    "live": _("Live"),
    "awaiting": _("Awaiting feedback"),
    "completed": _("Completed"),
    "cancelled": _("Cancelled"),
}

SORTS = {
    "when": ("scheduled_at", "pk"),
    "-when": ("-scheduled_at", "-pk"),
    "candidate": ("candidate__full_name", "pk"),
    "-candidate": ("-candidate__full_name", "-pk"),
    "position": ("candidate__position__title", "scheduled_at", "pk"),
    "-position": ("-candidate__position__title", "-scheduled_at", "-pk"),
}


def _bucket_filter(bucket: str, now: datetime) -> Q:
    open_statuses = [InterviewStatus.SCHEDULED, InterviewStatus.LIVE]
    return {
        "upcoming": Q(status=InterviewStatus.SCHEDULED, ends_at__gt=now),
        "live": Q(status=InterviewStatus.LIVE, ends_at__gt=now),
        "awaiting": Q(status__in=open_statuses, ends_at__lte=now),
        "completed": Q(status=InterviewStatus.COMPLETED),
        "cancelled": Q(status=InterviewStatus.CANCELLED),
    }[bucket]


def dashboard_counts(*, now: datetime | None = None) -> dict[str, int]:
    """How many interviews each dashboard tab holds, in one query."""
    now = now or timezone.now()
    return Interview.objects.aggregate(
        **{bucket: Count("pk", filter=_bucket_filter(bucket, now)) for bucket in BUCKETS}
    )


@dataclass(frozen=True)
class DashboardRow:
    interview: Interview
    panel: list[PanelSeat]
    late: list[PanelSeat]

    @property
    def submitted(self) -> int:
        """Feedback progress: how many seated panelists have submitted their scorecard."""
        return sum(1 for seat in self.panel if seat.has_submitted)


def _seats_with_submission() -> QuerySet[PanelSeat]:
    # scorecards sits above interviews: read its table without importing its code.
    scorecard = apps.get_model("scorecards", "Scorecard")
    submitted = scorecard.objects.filter(
        interview_id=OuterRef("interview_id"), panelist_id=OuterRef("user_id"), status="submitted"
    )
    return PanelSeat.objects.select_related("user").annotate(has_submitted=Exists(submitted))


def dashboard_page(
    *, bucket: str, sort: str, page_number: str | int = 1, now: datetime | None = None
) -> tuple[Page, list[DashboardRow]]:
    """One page of a dashboard tab with panels and who is late, in a constant number of queries.

    A panelist is late once the interview's scheduled end has passed without their submitted
    scorecard.
    """
    now = now or timezone.now()
    default_sort = "-when" if bucket in ("completed", "cancelled", "awaiting") else "when"
    ordering = SORTS.get(sort) or SORTS[default_sort]
    interviews = (
        Interview.objects.filter(_bucket_filter(bucket, now))
        .select_related("candidate__position", "plan")
        .prefetch_related(Prefetch("seats", queryset=_seats_with_submission()))
        .order_by(*ordering)
    )
    page = Paginator(interviews, PAGE_SIZE).get_page(page_number)
    rows = []
    for interview in page.object_list:
        seats = list(interview.seats.all())
        over = interview.status in (InterviewStatus.SCHEDULED, InterviewStatus.LIVE) and (
            interview.ends_at is not None and interview.ends_at <= now
        )
        late = [seat for seat in seats if over and not seat.has_submitted]
        rows.append(DashboardRow(interview, seats, late))
    return page, rows


def question_pins(ids) -> dict:
    """Published questions by id (with category), for the plan editor's pinned list."""
    return published_questions().select_related("category").in_bulk(list(ids))
