"""Live scoring pages: the panelist's scoring page and its autosave endpoints, submit, the
lead's progress partial, the panel summary, reopening, and for recruiters late feedback and
the dashboard.

Every view decides access through scorecards.policies; write endpoints address the signed-in
user's own scorecard through the interview id, so nobody can name another's scorecard.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviews.models import Interview, InterviewStatus
from interviews.selectors import BUCKETS, dashboard_counts, interviews_visible_to
from interviews.weights import weighted_total
from questionbank.selectors import rating_labels

from . import policies, selectors, services
from .dashboard import dashboard_page
from .forms import AnswerForm, AutoAdvanceForm, OverallForm, ReopenForm, SubmitForm, first_error
from .models import Recommendation, Scorecard, ScorecardStatus, ScoringPreference


def _interview(user, interview_id: int) -> Interview:
    """The interview if the user may see it at all; otherwise a 404, as for a missing id, so
    ids cannot be probed. Who may do what with a visible interview is a 403 decided later."""
    return get_object_or_404(
        interviews_visible_to(user).select_related("candidate__position"), pk=interview_id
    )


def _own_scorecard(request, interview_id: int) -> tuple[Interview, Scorecard]:
    """The interview and the signed-in panelist's scorecard; 404 unknown or unseen id, 403 not
    seated (scorecard_open refuses anyone without a seat)."""
    interview = _interview(request.user, interview_id)
    return interview, services.scorecard_open(interview=interview, panelist=request.user)


# Scores and notes are never kept by a browser or proxy cache (shared computers, back button).
private_no_store = cache_control(private=True, no_store=True)


def _error_page(request, message: str, status: int, interview: Interview | None = None):
    return render(
        request,
        "scorecards/error.html",
        {"message": message, "interview": interview},
        status=status,
    )


@private_no_store
@require_GET
def score(request, interview_id: int):
    """The scoring page: every frozen question with its rubric, rating, notes and autosave."""
    interview = _interview(request.user, interview_id)
    seat = policies.seat_of(request.user, interview)
    if seat is None:
        raise PermissionDenied
    scorecard = services.scorecard_open(interview=interview, panelist=request.user, seat=seat)
    items = selectors.scoring_items(scorecard=scorecard)
    levels = list(rating_labels().items())
    preference = ScoringPreference.objects.filter(user=request.user).first()
    cancelled = interview.status == InterviewStatus.CANCELLED
    submitted = scorecard.status == ScorecardStatus.SUBMITTED
    watching = policies.can_watch_progress(request.user, interview, seat=seat)
    return render(
        request,
        "scorecards/score.html",
        {
            "interview": interview,
            "seat": seat,
            "scorecard": scorecard,
            "items": items,
            "rating_levels": levels,
            "rubrics": selectors.scoring_rubrics(items=items, levels=levels),
            "recommendations": Recommendation.choices,
            "auto_advance": bool(preference and preference.auto_advance),
            "read_only": cancelled or submitted,
            "cancelled": cancelled,
            "submitted": submitted,
            "can_start": interview.status == InterviewStatus.SCHEDULED
            and policies.can_start(request.user, interview, seat=seat),
            "answered": sum(1 for item in items if item.answer.is_answered),
            "budget_minutes": selectors.plan_budget_minutes(interview=interview, items=items),
            "expected_minutes": sum(item.question.expected_minutes for item in items),
            "progress": selectors.panel_progress(interview=interview, total=len(items))
            if watching
            else None,
            "notes_max": services.NOTES_MAX_LENGTH,
        },
    )


def _partial(template: str, context: dict, status: int = 200) -> HttpResponse:
    """An autosave answer: a small fragment that needs no request context (fewer queries)."""
    return HttpResponse(render_to_string(template, context), status=status)


def _answer_status(*, state: str, answer, message: str = "", status: int = 200):
    return _partial(
        "scorecards/_answer_status.html",
        {"state": state, "answer": answer, "message": message},
        status=status,
    )


@private_no_store
@require_POST
def answer_save(request, interview_id: int, question_id: int):
    """Autosave one question's answer; 409 with the saved value when the version is stale.

    A save is one locking read and one write (services.answer_write). Only when that finds no
    scorecard of the user's seat, or the input is malformed, does the view ask why, in the order
    a refusal is answered: 404 unseen interview, 403 not seated, 404 foreign question, 422.
    """
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            return _answer_written(request, interview_id, question_id, form.cleaned_data)
        except services.ScorecardNotOpen:
            pass
    interview, _scorecard = _own_scorecard(request, interview_id)  # opened if it was not
    if not interview.questions.filter(pk=question_id).exists():
        missing = services.QuestionNotFound()
        return _answer_status(
            state="error", answer=None, message=missing.message, status=missing.status
        )
    if not form.is_valid():
        return _answer_status(state="error", answer=None, message=first_error(form), status=422)
    return _answer_written(request, interview_id, question_id, form.cleaned_data)


def _answer_written(request, interview_id: int, question_id: int, data: dict) -> HttpResponse:
    try:
        answer = services.answer_write(
            interview_id=interview_id,
            question_id=question_id,
            rating=data["rating"],
            not_asked=data["not_asked"],
            notes=data["notes"],
            expected_version=data["version"],
            by=request.user,
        )
    except services.StaleAnswer as error:
        return _answer_status(
            state="conflict",
            answer=error.current,
            message=error.message,
            status=error.status,
        )
    except services.ScoringError as error:
        return _answer_status(
            state="error", answer=None, message=error.message, status=error.status
        )
    return _answer_status(state="saved", answer=answer)


@private_no_store
@require_POST
def overall_save(request, interview_id: int):
    """Autosave the overall recommendation and summary."""
    interview, scorecard = _own_scorecard(request, interview_id)
    form = OverallForm(request.POST)
    context = {"state": "error", "overall": None, "recommendations": dict(Recommendation.choices)}
    if not form.is_valid():
        context["message"] = first_error(form)
        return _partial("scorecards/_overall_status.html", context, status=422)
    try:
        context["overall"] = services.scorecard_overall_save(
            scorecard=scorecard,
            recommendation=form.cleaned_data["recommendation"],
            summary=form.cleaned_data["summary"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
        context["state"] = "saved"
        status = 200
    except services.StaleOverall as error:
        context.update(state="conflict", overall=error.current, message=error.message)
        status = error.status
    except services.ScoringError as error:
        context["message"] = error.message
        status = error.status
    return _partial("scorecards/_overall_status.html", context, status=status)


@private_no_store
@require_http_methods(["GET", "POST"])
def submit(request, interview_id: int):
    """Review before submitting: every own rating, the recommendation, and a confirmation
    for unrated questions."""
    interview, scorecard = _own_scorecard(request, interview_id)
    if scorecard.status == ScorecardStatus.SUBMITTED:
        return redirect("scorecards:score", interview_id=interview.pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_submit(
                scorecard=scorecard,
                by=request.user,
                confirm_unrated=form.cleaned_data["confirm_unrated"],
            )
        except services.ScoringError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(
                request,
                _("Scorecard submitted. You can now read the panel's scores."),
            )
            return redirect("scorecards:summary", interview_id=interview.pk)
    scorecard.refresh_from_db()
    return render(
        request,
        "scorecards/submit.html",
        {
            "interview": interview,
            "scorecard": scorecard,
            "unrated": services.unrated_questions(scorecard=scorecard),
            "review": selectors.scorecard_review(scorecard=scorecard),
            "form": form,
            "cancelled": interview.status == InterviewStatus.CANCELLED,
        },
        status=status,
    )


@require_POST
def start(request, interview_id: int):
    """Start a scheduled interview from the scoring page (the timer runs from then)."""
    interview = _interview(request.user, interview_id)
    if not (
        policies.can_score(request.user, interview) and policies.can_start(request.user, interview)
    ):
        raise PermissionDenied
    try:
        services.interview_begin(interview=interview, by=request.user)
    except services.ScoringError as error:
        return _error_page(request, error.message, error.status, interview)
    return redirect("scorecards:score", interview_id=interview.pk)


@private_no_store
@require_GET
def progress(request, interview_id: int):
    """The lead's live view: who is scoring and how far along (polled; never any rating)."""
    interview = _interview(request.user, interview_id)
    if not policies.can_watch_progress(request.user, interview):
        raise PermissionDenied
    return render(
        request,
        "scorecards/_progress.html",
        {"interview": interview, "progress": selectors.panel_progress(interview=interview)},
    )


@private_no_store
@require_GET
def summary(request, interview_id: int):
    """The panel's ratings side by side, for those allowed to read them (blind until submit)."""
    interview = _interview(request.user, interview_id)
    if not policies.can_read_panel(request.user, interview):
        raise PermissionDenied
    panel = selectors.panel_summary(interview=interview)
    return render(
        request,
        "scorecards/summary.html",
        {
            "interview": interview,
            "panel": panel,
            "labels": rating_labels(),
            "can_reopen": policies.is_recruiter(request.user),
            "progress": selectors.panel_progress(interview=interview),
            "weighted": weighted_total(interview=interview, categories=panel.categories),
        },
    )


@require_http_methods(["GET", "POST"])
def reopen(request, scorecard_id: int):
    """A recruiter reopens a submitted scorecard, saying why."""
    if not policies.is_recruiter(request.user):
        raise PermissionDenied
    scorecard = get_object_or_404(
        Scorecard.objects.select_related("interview__candidate", "panelist"), pk=scorecard_id
    )
    form = ReopenForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scorecard_reopen(
                    scorecard=scorecard, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ScoringError as error:
                messages.error(request, error.message)
                status = error.status
            else:
                messages.success(request, _("The scorecard is a draft again."))
                return redirect("scorecards:summary", interview_id=scorecard.interview_id)
        else:
            status = 422
    return render(
        request,
        "scorecards/reopen.html",
        {
            "scorecard": scorecard,
            "form": form,
            "reopens": scorecard.reopens.select_related("reopened_by"),
        },
        status=status,
    )


@require_POST
def auto_advance(request):
    """Remember whether the scoring page moves to the next question after a rating."""
    form = AutoAdvanceForm(request.POST)
    form.is_valid()
    services.auto_advance_set(
        user=request.user, enabled=bool(form.cleaned_data.get("auto_advance"))
    )
    return HttpResponse(status=204)


@require_GET
def late(request):
    """Recruiters: panelists whose feedback is overdue, with the reminders sent so far."""
    if not policies.can_see_late_feedback(request.user):
        raise PermissionDenied
    return render(
        request, "scorecards/late.html", {"late": selectors.late_feedback(now=timezone.now())}
    )


def dashboard(request):
    """Upcoming, live, awaiting feedback (and who is late), completed: sortable, paginated."""
    if not policies.is_recruiter(request.user):
        raise PermissionDenied
    bucket = request.GET.get("tab", "upcoming")
    if bucket not in BUCKETS:
        bucket = "upcoming"
    sort = request.GET.get("sort", "")
    page, rows = dashboard_page(bucket=bucket, sort=sort, page_number=request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "scorecards/dashboard.html",
        {
            "bucket": bucket,
            "buckets": BUCKETS,
            "counts": dashboard_counts(),
            "page": page,
            "rows": rows,
            "sort": sort,
            "query_string": query.urlencode(),
        },
    )
