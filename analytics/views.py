"""Analytics pages: interviewer calibration, a question's figures, and the interview agreement
partial of the panel summary. Access is decided in analytics.policies."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from interviews.selectors import interviews_visible_to
from questionbank.selectors import published_questions
from scorecards.policies import is_recruiter

from . import agreement, calibration, policies, questions

private_no_store = cache_control(private=True, no_store=True)


def _period(request) -> str | None:
    """The chosen period's key, or None when the query string names none of them."""
    period = request.GET.get("period", calibration.DEFAULT_PERIOD)
    return period if period in calibration.PERIODS else None


def _bad_period(request):
    choices = ", ".join(calibration.PERIODS)
    return render(
        request,
        "bad_request.html",
        {"message": _("Choose one of the periods offered (%(choices)s).") % {"choices": choices}},
        status=400,
    )


def _calibration_context(request, period: str, rows) -> dict:
    return {
        "rows": rows,
        "period": period,
        "periods": [(key, label) for key, (label, _days) in calibration.PERIODS.items()],
        "min_interviews": calibration.MIN_INTERVIEWS,
        "min_decisions": calibration.MIN_DECISIONS,
    }


@private_no_store
@require_GET
def calibration_list(request):
    """Recruiters: every interviewer's calibration. An interviewer: their own."""
    if not policies.can_see_calibrations(request.user):
        raise PermissionDenied
    period = _period(request)
    if period is None:
        return _bad_period(request)
    only = None if is_recruiter(request.user) else request.user.pk
    rows = calibration.calibrations(period=period, viewer=request.user, panelist_id=only)
    context = _calibration_context(request, period, rows)
    context["everyone"] = only is None
    return render(request, "analytics/calibration.html", context)


@private_no_store
@require_GET
def calibration_detail(request, user_id: int):
    """One interviewer's calibration; anyone else's is a 404, as for a missing id."""
    if not policies.can_see_calibration_of(request.user, user_id):
        raise Http404
    get_object_or_404(get_user_model(), pk=user_id)
    period = _period(request)
    if period is None:
        return _bad_period(request)
    (row,) = calibration.calibrations(period=period, viewer=request.user, panelist_id=user_id)
    context = _calibration_context(request, period, [row])
    context["row"] = row
    return render(request, "analytics/calibration_detail.html", context)


def question_context(*, question, viewer) -> dict:
    figures = questions.question_effectiveness(question_ids=[question.pk], viewer=viewer)
    return {
        "question": question,
        "figures": figures[question.pk],
        "min_ratings": questions.MIN_RATINGS,
        "min_interviews": questions.MIN_INTERVIEWS,
    }


@require_GET
def question_detail(request, pk: int):
    """A bank question's figures over every frozen use: agreement, distribution, discrimination."""
    if not policies.can_see_question_figures(request.user):
        raise PermissionDenied
    question = get_object_or_404(published_questions().select_related("category"), pk=pk)
    return render(
        request, "analytics/question.html", question_context(question=question, viewer=request.user)
    )


@private_no_store
@require_GET
def interview_agreement(request, interview_id: int):
    """The panel summary's agreement card (loaded by htmx), for those who may read the panel."""
    interview = get_object_or_404(interviews_visible_to(request.user), pk=interview_id)
    if not policies.can_read_panel(request.user, interview):
        raise PermissionDenied
    return render(
        request,
        "analytics/_interview_agreement.html",
        {"agreement": agreement.interview_agreement(interview_id=interview.pk)},
    )
