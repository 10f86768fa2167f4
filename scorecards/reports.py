"""PDF reports: who may ask for which, what content they are made of, and the rendering job.

A report row is a job (queued → rendering → ready / failed). Its ``fingerprint`` is a sha256
of the canonical content, so asking again for unchanged content returns the ready file, and a
new submission or a reopened scorecard changes the fingerprint (the old file is stale).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import nh3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from interviews import policies as hiring
from interviews.models import Candidate, Interview, PanelSeat
from questionbank.richtext import flattened_if_too_deep

from . import policies as scoring
from .charts import category_chart_svg
from .models import Report, ReportKind, ReportStatus, Scorecard, ScorecardStatus
from .rendering import PAPER_SIZES, html_to_pdf, paper_size_css
from .selectors import candidate_interviews, panel_summary

logger = logging.getLogger(__name__)

# Bump when a template change should make every existing report stale.
TEMPLATE_VERSION = "3"
MAX_ATTEMPTS = 3
# Errors worth retrying: the database or the storage was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, OSError)
# Seconds past the task's hard time limit after which a "rendering" row is surely dead.
STUCK_GRACE_SECONDS = 60
RICH_TEXT_TAGS = {"p", "br", "code", "pre", "strong", "em", "ul", "ol", "li", "a"}
ACTIVE = (ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.READY)
# Not done yet: the status partial keeps polling while a report is in one of these.
POLL_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING)


# --- Permissions ------------------------------------------------------------------------------
# Who may request and download reports is decided here, and only by asking the policies that
# decide the pages: interviews.policies (who sees an interview or a candidate) and
# scorecards.policies (who reads other panelists' ratings: never before one's own submission).


def can_see_panel_ratings(user, interview: Interview) -> bool:
    return hiring.can_view_interview(user, interview) and scoring.can_read_panel(user, interview)


@dataclass(frozen=True)
class Subject:
    """What a report is about: an interview, a candidate (all interviews) or one scorecard."""

    kind: str
    interview: Interview | None = None
    candidate: Candidate | None = None
    scorecard: Scorecard | None = None

    @classmethod
    def of(cls, report: Report) -> Subject:
        return cls(
            kind=report.kind,
            interview=report.interview,
            candidate=report.candidate,
            scorecard=report.scorecard,
        )

    def filter(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "interview": self.interview,
            "candidate": self.candidate,
            "scorecard": self.scorecard,
        }


def can_see_subject(user, subject: Subject) -> bool:
    """Does ``user`` see what the report is about at all? If not, the subject answers 404 like
    a missing one; if so but the report is not theirs to have, 403."""
    if subject.candidate is not None:
        return hiring.can_view_candidate(user, subject.candidate)
    interview = subject.interview or (subject.scorecard and subject.scorecard.interview)
    return interview is not None and hiring.can_view_interview(user, interview)


def can_request(user, subject: Subject) -> bool:
    """May ``user`` ask for (and so read) this report? Never more than the pages show."""
    if not user.is_authenticated:
        return False
    if subject.kind == ReportKind.INTERVIEW_KIT and subject.interview:
        return hiring.can_view_interview(user, subject.interview)
    if subject.kind == ReportKind.SCORECARD and subject.scorecard:
        scorecard = subject.scorecard
        if scorecard.panelist_id == user.pk:
            return scoring.can_score(user, scorecard.interview)
        return scorecard.status == ScorecardStatus.SUBMITTED and can_see_panel_ratings(
            user, scorecard.interview
        )
    if subject.kind == ReportKind.CANDIDATE_REPORT and subject.interview:
        return can_see_panel_ratings(user, subject.interview)
    if subject.kind == ReportKind.CANDIDATE_REPORT and subject.candidate:
        # Every interview of the candidate is in it: only those who see the whole candidate
        # and owe no scorecard on any of those interviews.
        return scoring.can_read_candidate_panels(user, subject.candidate)
    return False


def can_download(user, report: Report) -> bool:
    """The same check as requesting: a report shows exactly what its subject's pages show."""
    return can_request(user, Subject.of(report))


# --- Content ------------------------------------------------------------------------------------


def rich_text(html: str) -> SafeString:
    """Bank rich text frozen in an interview, reduced to harmless inline markup (and to its
    text alone if it was frozen nested too deep to lay out)."""
    return mark_safe(
        flattened_if_too_deep(
            nh3.clean(
                html,
                tags=RICH_TEXT_TAGS,
                attributes={"a": {"href"}},
                url_schemes={"http", "https", "mailto"},
                link_rel=None,
            )
        )
    )


@dataclass
class ReportContent:
    """Everything a report is made of: the template, its context, and the canonical data."""

    template: str
    title: str
    filename: str
    context: dict[str, Any]
    canonical: dict[str, Any] = field(repr=False)

    @property
    def fingerprint(self) -> str:
        payload = json.dumps(self.canonical, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def _person(user) -> str:
    return user.get_full_name() or user.email or user.username


def _question_canonical(question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "position": question.position,
        "prompt": question.prompt,
        "category": question.category_name,
        "difficulty": question.difficulty,
        "guides": [question.guide_1, question.guide_2, question.guide_3, question.guide_4],
        "follow_ups": question.follow_ups,
        "key_points": question.key_points,
    }


def _scorecard_canonical(scorecard: Scorecard, answers) -> dict[str, Any]:
    return {
        "id": scorecard.pk,
        "panelist": _person(scorecard.panelist),
        "status": scorecard.status,
        "recommendation": scorecard.recommendation,
        "summary": scorecard.summary,
        "answers": sorted([a.question_id, a.rating, a.not_asked, a.notes] for a in answers),
    }


def _panel(interview: Interview) -> list[dict[str, Any]]:
    seats = PanelSeat.objects.filter(interview=interview).select_related("user")
    return [{"name": _person(seat.user), "lead": seat.is_lead} for seat in seats]


def _interview_block(interview: Interview) -> tuple[dict[str, Any], dict[str, Any]]:
    """The context and canonical data of one interview in a candidate report."""
    summary = panel_summary(interview=interview)
    names = [_person(scorecard.panelist) for scorecard in summary.scorecards]
    panel = _panel(interview)
    questions = [
        {
            "question": item.question,
            "prompt": rich_text(item.question.prompt),
            "spread": item.spread,
            "ratings": list(zip(names, item.ratings, strict=True)),
        }
        for item in summary.questions
    ]
    who = [
        {
            "name": names[column],
            "scorecard": scorecard,
            "ratings": [
                (item.question.position, item.ratings[column]) for item in summary.questions
            ],
        }
        for column, scorecard in enumerate(summary.scorecards)
    ]
    context = {
        "interview": interview,
        "summary": summary,
        "panel": panel,
        "questions": questions,
        "chart": category_chart_svg(summary.categories),
        "who": who,
    }
    canonical = {
        "interview": interview.pk,
        "scheduled_at": interview.scheduled_at.isoformat(),
        "plan": interview.plan.name if interview.plan else "",
        "panel": panel,
        "questions": [_question_canonical(q.question) for q in summary.questions],
        "scorecards": [
            {
                "id": scorecard.pk,
                "panelist": _person(scorecard.panelist),
                "recommendation": scorecard.recommendation,
                "summary": scorecard.summary,
                "ratings": [
                    [q.question.pk, q.ratings[i].rating, q.ratings[i].not_asked, q.ratings[i].notes]
                    for q in summary.questions
                ],
            }
            for i, scorecard in enumerate(summary.scorecards)
        ],
    }
    return context, canonical


def _base_canonical(*, kind: str, candidate: Candidate, paper_size: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "template": TEMPLATE_VERSION,
        "paper_size": paper_size,
        "candidate": candidate.full_name,
        "position": candidate.position.title,
    }


def report_content(*, subject: Subject, paper_size: str) -> ReportContent:
    """Read the subject's current content; raises ValueError for a subject that cannot be drawn."""
    # An unknown paper size must fail here, before the queries, not later inside the renderer.
    paper_size_css(paper_size)
    if subject.kind == ReportKind.CANDIDATE_REPORT:
        if subject.interview:
            interviews = [
                Interview.objects.select_related("candidate__position", "plan").get(
                    pk=subject.interview.pk
                )
            ]
            candidate = interviews[0].candidate
        elif subject.candidate:
            candidate = subject.candidate
            interviews = list(candidate_interviews(candidate=candidate))
        else:
            raise ValueError("a candidate report needs an interview or a candidate")
        blocks, canonicals = [], []
        for interview in interviews:
            context, canonical = _interview_block(interview)
            blocks.append(context)
            canonicals.append(canonical)
        canonical = _base_canonical(kind=subject.kind, candidate=candidate, paper_size=paper_size)
        canonical["interviews"] = canonicals
        title = _("Candidate report: %(name)s") % {"name": candidate.full_name}
        return ReportContent(
            template="scorecards/reports/candidate_report.html",
            title=title,
            filename=f"candidate-report-{slugify(candidate.full_name) or 'candidate'}",
            context={"candidate": candidate, "blocks": blocks},
            canonical=canonical,
        )
    if subject.kind == ReportKind.SCORECARD and subject.scorecard:
        scorecard = Scorecard.objects.select_related(
            "panelist", "interview__candidate__position", "interview__plan"
        ).get(pk=subject.scorecard.pk)
        interview = scorecard.interview
        questions = list(interview.questions.order_by("position", "pk"))
        answers = {a.question_id: a for a in scorecard.answers.all()}
        rows = [
            {"question": q, "prompt": rich_text(q.prompt), "answer": answers.get(q.pk)}
            for q in questions
        ]
        canonical = _base_canonical(
            kind=subject.kind, candidate=interview.candidate, paper_size=paper_size
        )
        canonical.update(
            interview=interview.pk,
            scheduled_at=interview.scheduled_at.isoformat(),
            questions=[_question_canonical(q) for q in questions],
            scorecard=_scorecard_canonical(scorecard, answers.values()),
        )
        panelist = _person(scorecard.panelist)
        return ReportContent(
            template="scorecards/reports/scorecard.html",
            title=_("Scorecard of %(panelist)s for %(name)s")
            % {"panelist": panelist, "name": interview.candidate.full_name},
            filename=f"scorecard-{slugify(interview.candidate.full_name)}-{slugify(panelist)}",
            context={
                "interview": interview,
                "candidate": interview.candidate,
                "scorecard": scorecard,
                "panelist": panelist,
                "panel": _panel(interview),
                "rows": rows,
            },
            canonical=canonical,
        )
    if subject.kind == ReportKind.INTERVIEW_KIT and subject.interview:
        interview = Interview.objects.select_related("candidate__position", "plan").get(
            pk=subject.interview.pk
        )
        questions = list(interview.questions.order_by("position", "pk"))
        panel = _panel(interview)
        canonical = _base_canonical(
            kind=subject.kind, candidate=interview.candidate, paper_size=paper_size
        )
        canonical.update(
            interview=interview.pk,
            scheduled_at=interview.scheduled_at.isoformat(),
            plan=interview.plan.name if interview.plan else "",
            panel=panel,
            questions=[_question_canonical(q) for q in questions],
        )
        return ReportContent(
            template="scorecards/reports/interview_kit.html",
            title=_("Interview kit: %(name)s") % {"name": interview.candidate.full_name},
            filename=f"interview-kit-{slugify(interview.candidate.full_name) or 'candidate'}",
            context={
                "interview": interview,
                "candidate": interview.candidate,
                "panel": panel,
                "rows": [
                    {"question": q, "prompt": rich_text(q.prompt), "guides": q.guides().items()}
                    for q in questions
                ],
            },
            canonical=canonical,
        )
    raise ValueError(f"no report of kind {subject.kind!r} for this subject")


def report_html(*, content: ReportContent, paper_size: str, generated_at) -> str:
    fingerprint = content.fingerprint
    return render_to_string(
        content.template,
        {
            **content.context,
            "title": content.title,
            "page_size": paper_size_css(paper_size),
            "generated_at": generated_at,
            "short_fingerprint": fingerprint[:12],
        },
    )


def report_pdf(*, subject: Subject, paper_size: str) -> tuple[bytes, ReportContent]:
    """Render a subject's current content to PDF bytes in this process (used by the task)."""
    content = report_content(subject=subject, paper_size=paper_size)
    html = report_html(content=content, paper_size=paper_size, generated_at=timezone.now())
    return html_to_pdf(html=html), content


# --- Requesting ---------------------------------------------------------------------------------


def default_paper_size() -> str:
    return settings.PANEL_PAPER_SIZE if settings.PANEL_PAPER_SIZE in PAPER_SIZES else "A4"


def _queue(report_id: int) -> None:
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.delay(report_id))


def report_request(*, user, subject: Subject, paper_size: str | None = None) -> Report:
    """The report of this subject's current content: a ready or pending one, or a new job.

    The caller has checked ``can_request``. A new job is queued after the transaction commits.
    """
    paper_size = paper_size or default_paper_size()
    fingerprint = report_content(subject=subject, paper_size=paper_size).fingerprint
    with transaction.atomic():
        existing = (
            Report.objects.filter(
                **subject.filter(),
                paper_size=paper_size,
                fingerprint=fingerprint,
                status__in=ACTIVE,
            )
            .order_by("-created_at")
            .first()
        )
        if existing:
            return existing
        report = Report.objects.create(
            **subject.filter(),
            requested_by=user,
            paper_size=paper_size,
            fingerprint=fingerprint,
            status=ReportStatus.QUEUED,
        )
        _queue(report.pk)
    return report


def report_retry(*, report: Report) -> bool:
    """Queue a failed report again with a fresh attempt budget; False if it was not failed."""
    with transaction.atomic():
        requeued = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
            status=ReportStatus.QUEUED, attempts=0, error="", started_at=None, finished_at=None
        )
        if requeued:
            _queue(report.pk)
    return bool(requeued)


def report_is_stale(*, report: Report) -> bool:
    """Has the subject's content changed since this report was rendered?"""
    if report.status != ReportStatus.READY:
        return False
    try:
        content = report_content(subject=Subject.of(report), paper_size=report.paper_size)
    except ValueError:
        return True
    return content.fingerprint != report.rendered_fingerprint


def reports_for_subject(*, subject: Subject) -> QuerySet[Report]:
    return Report.objects.filter(**subject.filter()).order_by("-created_at")


# --- Rendering job ------------------------------------------------------------------------------


def _fail(*, report_id: int, attempt: int | None, error: str) -> int:
    rows = Report.objects.filter(pk=report_id).exclude(status=ReportStatus.READY)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    return rows.update(status=ReportStatus.FAILED, error=error[:2000], finished_at=timezone.now())


def report_fail(*, report_id: int, error: str) -> int:
    """Mark a report failed (the task gave up retrying a transient error)."""
    return _fail(report_id=report_id, attempt=None, error=error)


def report_render(*, report_id: int) -> Report | None:
    """Claim the report, render it and store the file; safe to run twice or concurrently.

    The claim is a conditional UPDATE (queued/rendering → rendering, attempts + 1) bounded by
    MAX_ATTEMPTS, because a worker killed mid-render gets its message back with no counter.
    Only the run holding the latest attempt may mark the row ready; a superseded run deletes
    its own file. Transient errors propagate (the task retries); anything else fails the row.
    """
    started = timezone.now()
    claimed = Report.objects.filter(
        pk=report_id,
        status__in=(ReportStatus.QUEUED, ReportStatus.RENDERING),
        attempts__lt=MAX_ATTEMPTS,
    ).update(status=ReportStatus.RENDERING, attempts=F("attempts") + 1, started_at=started)
    if not claimed:
        gave_up = Report.objects.filter(
            pk=report_id, status=ReportStatus.RENDERING, attempts__gte=MAX_ATTEMPTS
        ).update(
            status=ReportStatus.FAILED,
            error=_("Gave up after %(n)d attempts (the worker stopped mid-render).")
            % {"n": MAX_ATTEMPTS},
            finished_at=started,
        )
        if gave_up:
            logger.warning("report %s failed after %s attempts", report_id, MAX_ATTEMPTS)
        return None
    report = Report.objects.select_related("interview", "candidate", "scorecard").get(pk=report_id)
    attempt = report.attempts
    try:
        pdf, content = report_pdf(subject=Subject.of(report), paper_size=report.paper_size)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("report %s failed to render", report_id)
        _fail(report_id=report_id, attempt=attempt, error=f"{type(exc).__name__}: {exc}")
        return Report.objects.get(pk=report_id)

    name = default_storage.save(
        f"reports/{started:%Y/%m}/{content.filename}-{report_id}-{attempt}.pdf", ContentFile(pdf)
    )
    # The row points at the file only once it is completely written: no half file is served.
    fingerprint = content.fingerprint
    stored = Report.objects.filter(
        pk=report_id, status=ReportStatus.RENDERING, attempts=attempt
    ).update(
        status=ReportStatus.READY,
        file=name,
        fingerprint=fingerprint,
        rendered_fingerprint=fingerprint,
        error="",
        finished_at=timezone.now(),
    )
    if not stored:
        default_storage.delete(name)
        logger.info("report %s attempt %s superseded; discarded its file", report_id, attempt)
    return Report.objects.get(pk=report_id)


def reports_expire_stuck(*, now=None) -> int:
    """Fail reports stuck in "rendering" past the task's hard time limit; users can retry them."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + STUCK_GRACE_SECONDS)
    return Report.objects.filter(status=ReportStatus.RENDERING, started_at__lt=cutoff).update(
        status=ReportStatus.FAILED,
        error=_("Rendering took longer than the time limit; try again."),
        finished_at=now,
    )
