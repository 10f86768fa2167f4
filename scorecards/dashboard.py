"""The recruiter dashboard: one page of a tab, each interview with its panel and who is late.

It lives here, above interviews, because lateness is read from scorecards
(scorecards.selectors.late_seats); the tabs and their counts are interviews.selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from interviews.models import Interview, PanelSeat
from interviews.selectors import PAGE_SIZE, bucket_filter

from .models import Scorecard, ScorecardStatus
from .selectors import late_seats

SORTS = {
    "when": ("scheduled_at", "pk"),
    "-when": ("-scheduled_at", "-pk"),
    "candidate": ("candidate__full_name", "pk"),
    "-candidate": ("-candidate__full_name", "-pk"),
    "position": ("candidate__position__title", "scheduled_at", "pk"),
    "-position": ("-candidate__position__title", "-scheduled_at", "-pk"),
}


@dataclass(frozen=True)
class DashboardRow:
    interview: Interview
    panel: list[PanelSeat]
    late: list[PanelSeat]

    @property
    def submitted(self) -> int:
        """Feedback progress: how many seated panelists have submitted their scorecard."""
        return sum(1 for seat in self.panel if seat.has_submitted)


def dashboard_page(
    *, bucket: str, sort: str, page_number: str | int = 1, now: datetime | None = None
) -> tuple[Page, list[DashboardRow]]:
    """One page of a dashboard tab with panels and who is late, in a constant number of queries.

    Each seat carries ``is_late`` (scorecards.selectors.late_seats, the one definition).
    """
    now = now or timezone.now()
    default_sort = "-when" if bucket in ("completed", "cancelled", "awaiting") else "when"
    ordering = SORTS.get(sort) or SORTS[default_sort]
    seats = PanelSeat.objects.select_related("user").annotate(
        is_late=Exists(late_seats(now=now).filter(pk=OuterRef("pk"))),
        has_submitted=Exists(
            Scorecard.objects.filter(
                interview_id=OuterRef("interview_id"),
                panelist_id=OuterRef("user_id"),
                status=ScorecardStatus.SUBMITTED,
            )
        ),
    )
    interviews = (
        Interview.objects.filter(bucket_filter(bucket, now))
        .select_related("candidate__position", "plan")
        .prefetch_related(Prefetch("seats", queryset=seats))
        .order_by(*ordering)
    )
    page = Paginator(interviews, PAGE_SIZE).get_page(page_number)
    rows = []
    for interview in page.object_list:
        panel = list(interview.seats.all())
        rows.append(DashboardRow(interview, panel, [seat for seat in panel if seat.is_late]))
    return page, rows
