"""Reads of reports: the latest report of a subject, whether it is stale, and the "PDF
documents" card of an interview or candidate page in one call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _

from interviews.models import Candidate, Interview

from ..models import Report, ReportKind, ReportStatus, Scorecard
from ..rendering import PAPER_SIZES
from .content import ContentReader, report_fingerprint
from .jobs import report_waits_too_long
from .policies import can_request, can_see_error_detail
from .services import default_paper_size
from .subject import Subject

# Not done yet: the status partial keeps polling while a report is in one of these.
POLL_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING)

# URL slug → (report kind, subject model, subject field)
SUBJECTS = {
    "interview-report": (ReportKind.CANDIDATE_REPORT, Interview, "interview"),
    "candidate-report": (ReportKind.CANDIDATE_REPORT, Candidate, "candidate"),
    "scorecard": (ReportKind.SCORECARD, Scorecard, "scorecard"),
    "kit": (ReportKind.INTERVIEW_KIT, Interview, "interview"),
}
SLUGS = {(kind, field): slug for slug, (kind, _model, field) in SUBJECTS.items()}


def subject_slug(subject: Subject) -> tuple[str, int]:
    """The URL slug and id that name this subject in ``reports:request``."""
    for field in ("interview", "candidate", "scorecard"):
        obj = getattr(subject, field)
        if obj is not None:
            return SLUGS[(subject.kind, field)], obj.pk
    raise ValueError("a report without a subject")


def reports_for_subject(*, subject: Subject) -> QuerySet[Report]:
    return Report.objects.filter(**subject.filter()).order_by("-created_at")


def report_is_stale(*, report: Report, reader: ContentReader | None = None) -> bool:
    """Has the subject's content changed since this report was rendered? Reads the canonical
    data only (pass one ``reader`` to check several reports of the same interview)."""
    if report.status != ReportStatus.READY:
        return False
    try:
        current = report_fingerprint(
            subject=Subject.of(report), paper_size=report.paper_size, reader=reader
        )
    except ValueError:
        return True
    return current != report.rendered_fingerprint


def _latest_reports(subjects: list[Subject]) -> dict[tuple, Report]:
    """The latest report of each subject, in one query."""
    if not subjects:
        return {}
    rows = (
        Report.objects.filter(reduce(or_, (Q(**subject.filter()) for subject in subjects)))
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("kind"), F("interview"), F("candidate"), F("scorecard")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(newest=1)
    )
    return {
        (report.kind, report.interview_id, report.candidate_id, report.scorecard_id): report
        for report in rows
    }


@dataclass
class ReportAction:
    """One report the user may make, with its latest job and whether that one is stale."""

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


def _offers(*, user, interview: Interview | None, candidate: Candidate | None):
    """(subject, label, help) of every report the card could offer, before permissions."""
    if interview:
        yield (
            Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
            _("Candidate report"),
            _("All submitted scorecards of this interview."),
        )
        own = Scorecard.objects.filter(interview=interview, panelist_id=user.pk).first()
        if own:
            yield (
                Subject(kind=ReportKind.SCORECARD, scorecard=own),
                _("My scorecard"),
                _("Your own ratings, notes and recommendation."),
            )
        yield (
            Subject(kind=ReportKind.INTERVIEW_KIT, interview=interview),
            _("Interview kit"),
            _("Questions, rubrics, follow-ups and space for notes; no scores."),
        )
    if candidate:
        yield (
            Subject(kind=ReportKind.CANDIDATE_REPORT, candidate=candidate),
            _("Candidate report, all interviews"),
            _("Every submitted scorecard of every interview of this candidate."),
        )


@dataclass
class ReportCard:
    """The "PDF documents" card: the reports a user may make of an interview or a candidate."""

    actions: list[ReportAction]
    paper_sizes: list[str]
    paper_size: str
    show_error_detail: bool


def report_card(
    *, user, interview: Interview | None = None, candidate: Candidate | None = None
) -> ReportCard:
    """Every report ``user`` may make here, each with its latest job and staleness.

    The current fingerprint of every offered subject is read whether or not it has a report
    (through one reader, so shared rows are read once): the page costs the same number of
    queries with no report as with ready ones.
    """
    offers = [
        offer
        for offer in _offers(user=user, interview=interview, candidate=candidate)
        if can_request(user, offer[0])
    ]
    latest = _latest_reports([subject for subject, _label, _help in offers])
    reader = ContentReader()
    paper_size = default_paper_size()
    actions = []
    for subject, label, help_text in offers:
        report = latest.get(subject.key())
        try:
            current = report_fingerprint(
                subject=subject,
                paper_size=report.paper_size if report else paper_size,
                reader=reader,
            )
        except ValueError:
            current = None
        slug, pk = subject_slug(subject)
        actions.append(
            ReportAction(
                label=label,
                help=help_text,
                request_url=reverse("reports:request", args=[slug, pk]),
                slot=f"report-{slug}-{pk}",
                report=report,
                stale=bool(report)
                and report.status == ReportStatus.READY
                and current != report.rendered_fingerprint,
            )
        )
    return ReportCard(
        actions=actions,
        paper_sizes=list(PAPER_SIZES),
        paper_size=paper_size,
        show_error_detail=can_see_error_detail(user),
    )
