"""PDF reports: who may ask for which, what content they are made of, and the rendering job.

A report row is a job (queued → rendering → ready / failed). Its ``fingerprint`` is a sha256
of the canonical content, so asking again for unchanged content returns the ready file, and a
new submission or a reopened scorecard changes the fingerprint (the old file is stale).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import statistics
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import nh3
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from interviews import policies as hiring
from interviews.models import Candidate, Interview, PanelSeat
from interviews.weights import weighted_total
from questionbank.richtext import flattened_if_too_deep
from questionbank.selectors import rating_labels

from . import policies as scoring
from .charts import category_chart_svg
from .models import Recommendation, Report, ReportKind, ReportStatus, Scorecard, ScorecardStatus
from .rendering import PAPER_SIZES, html_to_pdf, paper_size_css
from .selectors import PanelSummary, candidate_interviews, panel_summary

logger = logging.getLogger(__name__)

# Bump when a template change should make every existing report stale.
TEMPLATE_VERSION = "4"
MAX_ATTEMPTS = 3
# Errors worth retrying: the database was briefly unavailable. A storage error is not: the PDF
# is made again only if the user asks, once the disk is fixed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
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


def _seats(interview: Interview) -> list[PanelSeat]:
    return list(PanelSeat.objects.filter(interview=interview).select_related("user"))


def _panel(seats: list[PanelSeat]) -> list[dict[str, Any]]:
    return [{"name": _person(seat.user), "lead": seat.is_lead} for seat in seats]


def _headline(*, summary: PanelSummary, pending: list[str]) -> dict[str, Any]:
    """What a reader needs first: who is for and against hiring, how the ratings came out."""
    if not summary.scorecards:
        return {"verdict": _("No panelist has submitted a scorecard yet."), "details": []}
    total = len(summary.scorecards)
    counts = {value: count for value, _label, count in summary.tally}
    verdict = ngettext(
        "%(for)d of %(total)d panelist for hiring, %(against)d against",
        "%(for)d of %(total)d panelists for hiring, %(against)d against",
        total,
    ) % {
        "for": counts[Recommendation.YES] + counts[Recommendation.STRONG_YES],
        "total": total,
        "against": counts[Recommendation.NO] + counts[Recommendation.STRONG_NO],
    }
    details = []
    ratings = [value for item in summary.questions for value in item.spread.values]
    if ratings:
        details.append(
            ngettext(
                "Mean rating %(mean).2f of 4 over %(count)d question",
                "Mean rating %(mean).2f of 4 over %(count)d questions",
                len(summary.questions),
            )
            % {"mean": statistics.fmean(ratings), "count": len(summary.questions)}
        )
        split = [f"Q{item.question.position}" for item in summary.disagreements]
        details.append(
            ngettext(
                "the panel disagrees on %(count)d question (%(questions)s)",
                "the panel disagrees on %(count)d questions (%(questions)s)",
                len(split),
            )
            % {"count": len(split), "questions": ", ".join(split)}
            if split
            else _("the panel agrees on every question")
        )
    if pending:
        details.append(_("not submitted yet: %(names)s") % {"names": ", ".join(pending)})
    return {"verdict": verdict, "details": details}


def _interview_block(
    interview: Interview, *, labels: dict[int, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The context and canonical data of one interview in a candidate report."""
    summary = panel_summary(interview=interview)
    names = [_person(scorecard.panelist) for scorecard in summary.scorecards]
    seats = _seats(interview)
    panel = _panel(seats)
    leads = {seat.user_id for seat in seats if seat.is_lead}
    submitted = {scorecard.panelist_id for scorecard in summary.scorecards}
    pending = [_person(seat.user) for seat in seats if seat.user_id not in submitted]
    disagreements: dict[str, list[int]] = {}
    for item in summary.disagreements:
        disagreements.setdefault(item.question.category_name, []).append(item.question.position)
    questions = [
        {
            "question": item.question,
            "prompt": rich_text(item.question.prompt),
            "spread": item.spread,
            "ratings": [
                (name, rating, labels.get(rating.rating))
                for name, rating in zip(names, item.ratings, strict=True)
            ],
        }
        for item in summary.questions
    ]
    who = [
        {
            "name": names[column],
            "lead": scorecard.panelist_id in leads,
            "recommendation": scorecard.recommendation,
            "label": scorecard.get_recommendation_display(),
            "summary": scorecard.summary,
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
        "headline": _headline(summary=summary, pending=pending),
        "questions": questions,
        "chart": category_chart_svg(summary.categories, disagreements=disagreements),
        "who": who,
        "weighted": weighted_total(interview=interview, categories=summary.categories),
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
        "weighted": context["weighted"] and context["weighted"].canonical(),
    }
    return context, canonical


# Interview kit pagination (see _kit_row). The kit's CSS sets these widths: the text column of
# A4 (Letter is wider, so the estimate errs tall there), guides beside a 34 mm label column.
KIT_PROMPT_WIDTH_MM, KIT_GUIDE_WIDTH_MM, KIT_LIST_WIDTH_MM = 178, 135, 155
# Average advance of a character of Liberation Sans at 9.5 pt and 8.5 pt, and the line heights.
KIT_PROMPT_CHAR_MM, KIT_SMALL_CHAR_MM = 1.62, 1.45
KIT_PROMPT_LINE_MM, KIT_SMALL_LINE_MM = 4.63, 3.9
# Heading, paddings, list titles, the "not asked" box and the notes box.
KIT_FIXED_MM = 47
# A question kept whole is pushed to the next page when it does not fit, leaving the rest of
# the page empty: only one estimated at most this tall is kept whole (about a third of a page:
# A4 has 259 mm between the margins, Letter 241 mm), so no page is left more than a third
# empty. A taller one breaks once, between asking and rating (the default bank's all do).
KIT_KEEP_TOGETHER_MM = 90


def _lines(text: str, width_mm: float, char_mm: float) -> int:
    return max(1, math.ceil(len(text) * char_mm / width_mm))


def _kit_height_mm(
    *, prompt: str, guides: list[str], follow_ups: list[str], key_points: list[str]
) -> float:
    """The printed height of a kit question, estimated from its text. Calibrated against
    WeasyPrint's layout of the default bank: from 2 mm short to 14 mm tall."""
    # The lists stand side by side when both are there, else one runs across the width.
    list_width = KIT_LIST_WIDTH_MM / 2 if follow_ups and key_points else KIT_LIST_WIDTH_MM
    list_lines = max(
        (
            1 + sum(_lines(item, list_width, KIT_SMALL_CHAR_MM) for item in items)
            for items in (follow_ups, key_points)
            if items
        ),
        default=0,
    )
    guide_lines = sum(_lines(guide, KIT_GUIDE_WIDTH_MM, KIT_SMALL_CHAR_MM) for guide in guides)
    prompt_lines = _lines(prompt, KIT_PROMPT_WIDTH_MM, KIT_PROMPT_CHAR_MM)
    return (
        KIT_FIXED_MM
        + prompt_lines * KIT_PROMPT_LINE_MM
        + (list_lines + guide_lines) * KIT_SMALL_LINE_MM
    )


def _kit_row(question, *, labels: dict[int, str]) -> dict[str, Any]:
    """One question of the interview kit and whether it is short enough to keep on one page."""
    guides = question.guides()
    follow_ups, key_points = question.follow_up_list(), question.key_point_list()
    levels = [(level, label, guides.get(level, "")) for level, label in labels.items()]
    height = _kit_height_mm(
        prompt=strip_tags(question.prompt),
        guides=[guide for _level, _label, guide in levels],
        follow_ups=follow_ups,
        key_points=key_points,
    )
    return {
        "question": question,
        "prompt": rich_text(question.prompt),
        "follow_ups": follow_ups,
        "key_points": key_points,
        "levels": levels,
        "keep_together": height <= KIT_KEEP_TOGETHER_MM,
    }


def _base_canonical(
    *, kind: str, candidate: Candidate, paper_size: str, labels: dict[int, str]
) -> dict[str, Any]:
    return {
        "kind": kind,
        "template": TEMPLATE_VERSION,
        # The rating scale's labels are printed beside every rating: renaming one is a change.
        "labels": labels,
        "paper_size": paper_size,
        "candidate": candidate.full_name,
        "position": candidate.position.title,
    }


def report_content(*, subject: Subject, paper_size: str) -> ReportContent:
    """Read the subject's current content; raises ValueError for a subject that cannot be drawn."""
    # An unknown paper size must fail here, before the queries, not later inside the renderer.
    paper_size_css(paper_size)
    labels = rating_labels()
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
            context, canonical = _interview_block(interview, labels=labels)
            blocks.append(context)
            canonicals.append(canonical)
        canonical = _base_canonical(
            kind=subject.kind, candidate=candidate, paper_size=paper_size, labels=labels
        )
        canonical["interviews"] = canonicals
        title = _("Candidate report: %(name)s") % {"name": candidate.full_name}
        return ReportContent(
            template="scorecards/reports/candidate_report.html",
            title=title,
            filename=f"candidate-report-{slugify(candidate.full_name) or 'candidate'}",
            context={"candidate": candidate, "blocks": blocks, "labels": labels},
            canonical=canonical,
        )
    if subject.kind == ReportKind.SCORECARD and subject.scorecard:
        scorecard = Scorecard.objects.select_related(
            "panelist", "interview__candidate__position", "interview__plan"
        ).get(pk=subject.scorecard.pk)
        interview = scorecard.interview
        questions = list(interview.questions.order_by("position", "pk"))
        answers = {a.question_id: a for a in scorecard.answers.all()}
        rows = []
        for question in questions:
            answer = answers.get(question.pk)
            rows.append(
                {
                    "question": question,
                    "prompt": rich_text(question.prompt),
                    "answer": answer,
                    "label": labels.get(answer.rating) if answer else None,
                }
            )
        canonical = _base_canonical(
            kind=subject.kind,
            candidate=interview.candidate,
            paper_size=paper_size,
            labels=labels,
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
                "panel": _panel(_seats(interview)),
                "rows": rows,
            },
            canonical=canonical,
        )
    if subject.kind == ReportKind.INTERVIEW_KIT and subject.interview:
        interview = Interview.objects.select_related("candidate__position", "plan").get(
            pk=subject.interview.pk
        )
        questions = list(interview.questions.order_by("position", "pk"))
        panel = _panel(_seats(interview))
        canonical = _base_canonical(
            kind=subject.kind,
            candidate=interview.candidate,
            paper_size=paper_size,
            labels=labels,
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
                "rows": [_kit_row(question, labels=labels) for question in questions],
                "recommendations": Recommendation.choices,
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
    """Send the report's task once its row is committed; the sweep re-sends it if that fails."""
    transaction.on_commit(lambda: report_send(report_id=report_id))


def report_request(*, user, subject: Subject, paper_size: str | None = None) -> Report:
    """The report of this subject's current content: a ready or pending one, or a new job.

    The caller has checked ``can_request``. A new job's task is sent after the transaction
    commits; if the broker does not take it, the row stays queued (``sent_at`` empty) and says so.
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


def report_nudge(*, report: Report) -> bool:
    """Do now what the sweep would do later for a report that waits too long: the status's
    "Still waiting — try again". False if it is not waiting too long (done, or within its time).
    """
    now = timezone.now()
    if not report_waits_too_long(report=report, now=now):
        return False
    if report.status == ReportStatus.RENDERING:
        if _worn_out_fail(now=now, report_id=report.pk):
            return True
        if not _requeue(report_id=report.pk, now=now):
            return False
    else:
        # The user starts the wait afresh: "Still waiting" shows again only after another while.
        Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(queued_at=now)
    report_send(report_id=report.pk)
    return True


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
# The report row is the job's truth and a broker message only a nudge (DESIGN, known pitfalls):
# sending can fail after the row is committed, Redis can restart without its data, a worker can
# die mid-render and its message come back only after the visibility timeout (hours). So a
# render is claimed with a conditional UPDATE that takes a lease, the worker renews the lease
# while it renders, and the sweep (Celery beat, every PANEL_REPORT_SWEEP_SECONDS) re-sends
# queued rows the broker may not have and re-queues renders whose lease ran out, MAX_ATTEMPTS
# times in all. A dead worker's report is rendering again within PANEL_REPORT_LEASE_SECONDS +
# PANEL_REPORT_SWEEP_SECONDS (90 s by default); any message may arrive twice, and the claim
# makes sure a report is rendered by one worker at a time.

# The longest pause between two re-sends of a report that waits behind a long queue.
RESEND_MAX_PAUSE = timedelta(minutes=15)


class ReportStorageError(Exception):
    """The PDF was made but could not be stored (disk full, read-only or missing volume)."""


@dataclass(frozen=True)
class SweepResult:
    """What one sweep did: reports re-sent to the broker, re-queued after their worker died, and
    failed because their worker died at every attempt."""

    resent: int = 0
    requeued: int = 0
    failed: int = 0


def can_see_error_detail(user) -> bool:
    """Staff read a failed report's technical cause; everyone else reads the plain message."""
    return user.is_staff


def _lease() -> timedelta:
    return timedelta(seconds=settings.PANEL_REPORT_LEASE_SECONDS)


def _resend_after() -> timedelta:
    return timedelta(seconds=settings.PANEL_REPORT_RESEND_AFTER_SECONDS)


def _lease_ran_out(now) -> Q:
    return Q(status=ReportStatus.RENDERING) & (
        Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    )


def _worker_died_message() -> str:
    return _(
        "The worker stopped while rendering this report, %(n)d times, so it was not tried again. "
        "Make the PDF again later; if this happens again, tell an administrator."
    ) % {"n": MAX_ATTEMPTS}


def _failure_message(exc: BaseException) -> str:
    """What the user is told about a failed render: what happened and what to do, no internals."""
    if isinstance(exc, ReportStorageError):
        return _("The server could not store the PDF; try again later.")
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Making this PDF took longer than the time limit; try again later.")
    if isinstance(exc, TRANSIENT_ERRORS):
        return _("The database was unavailable while making this PDF; try again later.")
    return _("This PDF could not be made. Try again; if it fails again, tell an administrator.")


def _failure_detail(exc: BaseException) -> str:
    """The technical cause, for the log and for staff: the underlying exception and its text."""
    cause = exc.__cause__ or exc
    return f"{type(cause).__name__}: {cause}"[:4000]


def report_waits_too_long(*, report: Report, now=None) -> bool:
    """Queued past the re-send grace period, or rendering on a lease that ran out."""
    now = now or timezone.now()
    if report.status == ReportStatus.QUEUED:
        return report.queued_at < now - _resend_after()
    if report.status == ReportStatus.RENDERING:
        return report.lease_expires_at is None or report.lease_expires_at < now
    return False


def report_send(*, report_id: int) -> bool:
    """Hand a queued report's task to the broker; False (logged) if the broker did not take it.

    The row stays queued either way and records the outcome in ``sent_at``: the sweep re-sends
    what the broker never took. Without REDIS_URL the task runs here and now (embedded mode).
    """
    from .tasks import render_report

    try:
        render_report.delay(report_id)
    except Exception:
        # Whatever the broker client raised (connection refused, timeout, auth), the row is the
        # truth and the sweep sends it again: a request must never fail for this.
        logger.warning(
            "report %s: the broker did not take its task; the sweep will send it again",
            report_id,
            exc_info=True,
        )
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(sent_at=None)
        return False
    Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(sent_at=timezone.now())
    return True


def _fail(*, report_id: int, attempt: int | None, exc: BaseException) -> int:
    rows = Report.objects.filter(pk=report_id).exclude(status=ReportStatus.READY)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    return rows.update(
        status=ReportStatus.FAILED,
        error=_failure_message(exc),
        error_detail=_failure_detail(exc),
        finished_at=timezone.now(),
    )


def report_fail(*, report_id: int, exc: BaseException) -> int:
    """Mark a report failed because its task gave up (retries of a transient error ran out)."""
    return _fail(report_id=report_id, attempt=None, exc=exc)


def _claim(*, report_id: int, now) -> bool:
    """Take the report for one attempt: queued, or rendering on a lease that ran out."""
    claimable = Q(status=ReportStatus.QUEUED) | _lease_ran_out(now)
    return bool(
        Report.objects.filter(claimable, pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
            status=ReportStatus.RENDERING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_expires_at=now + _lease(),
        )
    )


def _release(*, report_id: int, attempt: int) -> None:
    """Give a claimed render back to the queue; its task retries after a pause (and sends)."""
    now = timezone.now()
    Report.objects.filter(pk=report_id, status=ReportStatus.RENDERING, attempts=attempt).update(
        status=ReportStatus.QUEUED, queued_at=now, sent_at=now, lease_expires_at=None
    )


def _requeue(*, report_id: int, now) -> bool:
    """Put a render whose lease ran out back in the queue (its worker died)."""
    return bool(
        Report.objects.filter(_lease_ran_out(now), pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
            status=ReportStatus.QUEUED, queued_at=now, sent_at=None, lease_expires_at=None
        )
    )


def _worn_out_fail(*, now, report_id: int | None = None) -> int:
    """Fail renders whose lease ran out at the attempt limit: their worker died every time."""
    rows = Report.objects.filter(_lease_ran_out(now), attempts__gte=MAX_ATTEMPTS)
    if report_id is not None:
        rows = rows.filter(pk=report_id)
    failed = rows.update(
        status=ReportStatus.FAILED,
        error=_worker_died_message(),
        error_detail=(
            f"The lease of attempt {MAX_ATTEMPTS} ran out with no worker renewing it: the worker "
            "was killed (SIGKILL, out of memory) or passed the hard time limit, every time."
        ),
        finished_at=now,
    )
    if failed:
        logger.error("%s report(s) failed: their worker died %s times", failed, MAX_ATTEMPTS)
    return failed


@contextmanager
def _lease_kept(*, report_id: int, attempt: int) -> Iterator[None]:
    """Renew the lease every third of its length while the block runs.

    Rendering holds this thread, so a second one renews (with its own database connection); it
    stops when the block ends or when the row is no longer this attempt's (superseded).
    """
    stop = threading.Event()
    every = settings.PANEL_REPORT_LEASE_SECONDS / 3

    def renew() -> None:
        try:
            while not stop.wait(every):
                try:
                    kept = Report.objects.filter(
                        pk=report_id, status=ReportStatus.RENDERING, attempts=attempt
                    ).update(lease_expires_at=timezone.now() + _lease())
                except DatabaseError:
                    # Keep trying: if the database stays away past the lease, the sweep
                    # re-queues the report and this attempt's result is discarded.
                    logger.warning("report %s: could not renew the lease", report_id, exc_info=True)
                    continue
                if not kept:
                    return
        finally:
            connections.close_all()

    keeper = threading.Thread(target=renew, name=f"report-{report_id}-lease", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join(timeout=5)


def _pdf_store(*, name: str, pdf: bytes) -> str:
    """Store the PDF; on failure remove what was written of it and raise ReportStorageError."""
    name = default_storage.get_available_name(name)
    try:
        return default_storage.save(name, ContentFile(pdf))
    except Exception as exc:
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("could not remove the partial file %s", name, exc_info=True)
        raise ReportStorageError(str(exc)) from exc


def report_render(*, report_id: int) -> Report | None:
    """Claim the report, render it and store the file; safe to run twice or concurrently.

    Returns None when there was nothing to claim (done, or another worker holds the lease).
    Only the run holding the latest attempt may mark the row ready; a superseded run deletes
    its own file. A transient database error gives the row back to the queue and propagates
    (the task retries); anything else fails the row with a plain message and the cause.
    """
    now = timezone.now()
    if not _claim(report_id=report_id, now=now):
        _worn_out_fail(now=now, report_id=report_id)
        return None
    report = Report.objects.select_related("interview", "candidate", "scorecard").get(pk=report_id)
    attempt = report.attempts
    name = ""
    try:
        with _lease_kept(report_id=report_id, attempt=attempt):
            pdf, content = report_pdf(subject=Subject.of(report), paper_size=report.paper_size)
            name = _pdf_store(
                name=f"reports/{now:%Y/%m}/{content.filename}-{report_id}-{attempt}.pdf", pdf=pdf
            )
            # The row points at the file only once it is completely written.
            fingerprint = content.fingerprint
            stored = Report.objects.filter(
                pk=report_id, status=ReportStatus.RENDERING, attempts=attempt
            ).update(
                status=ReportStatus.READY,
                file=name,
                fingerprint=fingerprint,
                rendered_fingerprint=fingerprint,
                error="",
                error_detail="",
                finished_at=timezone.now(),
            )
    except Exception as exc:
        if name:
            default_storage.delete(name)
        if isinstance(exc, TRANSIENT_ERRORS) and attempt < MAX_ATTEMPTS:
            logger.warning("report %s attempt %s: database unavailable", report_id, attempt)
            _release(report_id=report_id, attempt=attempt)
            raise
        logger.exception("report %s attempt %s failed", report_id, attempt)
        _fail(report_id=report_id, attempt=attempt, exc=exc)
        return Report.objects.get(pk=report_id)
    if not stored:
        default_storage.delete(name)
        logger.info("report %s attempt %s superseded; discarded its file", report_id, attempt)
    return Report.objects.get(pk=report_id)


def _resend_due(report: Report, now) -> bool:
    """Is it time to send a queued report's task again?

    Never taken by the broker: yes (it is past the grace period). Taken: once it has waited
    since that send as long as it had waited before it (at least the grace period, at most
    RESEND_MAX_PAUSE), so a report behind a long queue is not sent again and again.
    """
    if report.sent_at is None:
        return True
    pause = min(max(_resend_after(), report.sent_at - report.queued_at), RESEND_MAX_PAUSE)
    return report.sent_at + pause < now


def reports_sweep() -> SweepResult:
    """Fail renders whose worker died at every attempt, re-queue the ones with attempts left, and
    re-send queued reports whose task the broker may not have (run by Celery beat)."""
    now = timezone.now()
    failed = _worn_out_fail(now=now)
    requeued = resent = 0
    dead = Report.objects.filter(_lease_ran_out(now), attempts__lt=MAX_ATTEMPTS)
    for report_id in dead.values_list("pk", flat=True):
        if _requeue(report_id=report_id, now=now):
            requeued += 1
            logger.warning("report %s: its worker stopped renewing the lease; re-queued", report_id)
            report_send(report_id=report_id)
    waiting = Report.objects.filter(
        status=ReportStatus.QUEUED, queued_at__lt=now - _resend_after()
    ).only("pk", "queued_at", "sent_at")
    for report in waiting:
        if _resend_due(report, now) and report_send(report_id=report.pk):
            resent += 1
    if resent:
        logger.info("sweep: re-sent %s queued report(s)", resent)
    return SweepResult(resent=resent, requeued=requeued, failed=failed)
