"""The debrief's pages: record (or change) a decision on a candidate, and close feedback early.

Access: an interview the user may not see is a 404 (ids cannot be probed); one they see but may
not act on is a 403. The rules live in scorecards.decisions.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from interviews.models import Interview
from interviews.selectors import interviews_visible_to

from . import decisions
from .forms import DecisionForm


def _interview(user, interview_id: int) -> Interview:
    return get_object_or_404(
        interviews_visible_to(user).select_related("candidate__position"), pk=interview_id
    )


@cache_control(private=True, no_store=True)
@require_http_methods(["GET", "POST"])
def decision_record(request, interview_id: int):
    """Advance, hold or reject the interview's candidate, with a rationale; a change adds a row."""
    interview = _interview(request.user, interview_id)
    if not decisions.can_record_decision(request.user, interview):
        raise PermissionDenied
    candidate = interview.candidate
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                decision = decisions.decision_record(
                    interview=interview,
                    by=request.user,
                    outcome=form.cleaned_data["outcome"],
                    rationale=form.cleaned_data["rationale"],
                )
            except decisions.InvalidDecision as error:
                form.add_error("rationale", error.message)
            except decisions.DecisionError as error:
                messages.error(request, error.message)
                status = error.status
            else:
                recorded = _("Decision recorded: %(outcome)s.")
                messages.success(request, recorded % {"outcome": decision.get_outcome_display()})
                return redirect("interviews:candidate", pk=candidate.pk)
    return render(
        request,
        "scorecards/decision_form.html",
        {
            "interview": interview,
            "candidate": candidate,
            "form": form,
            "refusal": decisions.decision_refusal(interview=interview),
            "current": decisions.decision_current(candidate=candidate),
            "pending": decisions.pending_panelists(interview=interview),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def feedback_close(request, interview_id: int):
    """The panel lead or a recruiter closes feedback before every panelist has submitted."""
    interview = _interview(request.user, interview_id)
    if not decisions.can_close_feedback(request.user, interview):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        try:
            decisions.feedback_close(interview=interview, by=request.user)
        except decisions.DecisionError as error:
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(
                request,
                _("Feedback closed. A decision can be recorded; late panelists may still submit."),
            )
            return redirect("interviews:interview", pk=interview.pk)
    return render(
        request,
        "scorecards/feedback_close.html",
        {
            "interview": interview,
            "refusal": decisions.close_refusal(interview=interview),
            "pending": decisions.pending_seats(interview=interview),
        },
        status=status,
    )
