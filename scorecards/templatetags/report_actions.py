"""The "PDF documents" card: which reports this user may make of an interview or a candidate."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from scorecards.models import Report, ReportKind, Scorecard
from scorecards.rendering import PAPER_SIZES
from scorecards.report_views import subject_slug
from scorecards.reports import (
    POLL_STATUSES,
    Subject,
    can_request,
    can_see_error_detail,
    default_paper_size,
    report_is_stale,
    report_waits_too_long,
    reports_for_subject,
)

register = template.Library()


@dataclass
class ReportAction:
    label: str
    help: str
    request_url: str
    slot: str
    report: Report | None
    stale: bool

    @property
    def polling(self) -> bool:
        return bool(self.report) and self.report.status in POLL_STATUSES

    @property
    def waiting(self) -> bool:
        return bool(self.report) and report_waits_too_long(report=self.report)


def _action(*, user, subject: Subject, label: str, help: str):
    if not can_request(user, subject):
        return None
    slug, pk = subject_slug(subject)
    latest = reports_for_subject(subject=subject).first()
    return ReportAction(
        label=label,
        help=help,
        request_url=reverse("reports:request", args=[slug, pk]),
        slot=f"report-{slug}-{pk}",
        report=latest,
        stale=bool(latest) and report_is_stale(report=latest),
    )


@register.inclusion_tag("scorecards/reports/_actions_list.html", takes_context=True)
def report_actions(context, interview=None, candidate=None):
    user = context["request"].user
    actions = []
    if interview:
        actions.append(
            _action(
                user=user,
                subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
                label=_("Candidate report"),
                help=_("All submitted scorecards of this interview."),
            )
        )
        own = Scorecard.objects.filter(interview=interview, panelist_id=user.pk).first()
        if own:
            actions.append(
                _action(
                    user=user,
                    subject=Subject(kind=ReportKind.SCORECARD, scorecard=own),
                    label=_("My scorecard"),
                    help=_("Your own ratings, notes and recommendation."),
                )
            )
        actions.append(
            _action(
                user=user,
                subject=Subject(kind=ReportKind.INTERVIEW_KIT, interview=interview),
                label=_("Interview kit"),
                help=_("Questions, rubrics, follow-ups and space for notes; no scores."),
            )
        )
    if candidate:
        actions.append(
            _action(
                user=user,
                subject=Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=candidate),
                label=_("Candidate report, all interviews"),
                help=_("Every submitted scorecard of every interview of this candidate."),
            )
        )
    return {
        "actions": [action for action in actions if action],
        "paper_sizes": list(PAPER_SIZES),
        "paper_size": default_paper_size(),
        "show_error_detail": can_see_error_detail(user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
