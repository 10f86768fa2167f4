"""An interview's pages: schedule one, its detail, status changes, question edits before it
starts, and its calendar invite."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from accounts.validators import one_line

from . import policies, question_edits, scheduling, selectors, transitions
from .change_views import clash_error
from .changes import can_change
from .clashes import PanelClashError
from .forms import InterviewForm
from .ics import interview_ics
from .invitation_mail import calendar_domain
from .models import InterviewStatus
from .view_helpers import form_status, id_param, require_recruiter


def interview_new(request):
    """Pick candidate, plan, time (in the user's zone), panel and lead; freezes the questions."""
    require_recruiter(request.user)
    initial = {
        "candidate": id_param(request.GET, "candidate"),
        "duration_minutes": 60,
    }
    form = InterviewForm(request.POST or None, initial=initial)
    clashes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interview = scheduling.interview_schedule(
                candidate=data["candidate"],
                plan=data["plan"],
                scheduled_at=data["scheduled_at"],
                duration=data["duration_minutes"],
                location=data["location"],
                panel=list(data["panel"]),
                lead=data["lead"],
                by=request.user,
                overlap_confirmed=data["confirm_overlap"],
            )
        except PanelClashError as error:
            clashes = clash_error(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Interview scheduled; its questions are frozen."))
            return redirect("interviews:interview", pk=interview.pk)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "clashes": clashes, "time_zone": timezone.get_current_timezone_name()},
        status=form_status(form),
    )


def _interview_or_404(user, pk):
    return get_object_or_404(
        selectors.interviews_visible_to(user).select_related("candidate__position", "plan"),
        pk=pk,
    )


def interview_detail(request, pk: int):
    interview = _interview_or_404(request.user, pk)
    user = request.user
    seats = list(interview.seats.select_related("user"))
    can_manage = policies.can_manage_hiring(user)
    return render(
        request,
        "interviews/interview_detail.html",
        {
            "interview": interview,
            "seats": seats,
            "questions": interview.questions.all(),
            "changes": interview.status_changes.select_related("changed_by"),
            "can_manage": can_manage,
            "can_edit_questions": can_manage and interview.is_scheduled,
            "is_panelist": policies.sits_on_panel(user, interview),
            "can_start": policies.can_start_interview(user, interview)
            and transitions.can_transition(interview=interview, to=InterviewStatus.LIVE),
            "can_complete": can_manage and interview.is_live,
            "can_cancel": can_manage
            and transitions.can_transition(interview=interview, to=InterviewStatus.CANCELLED),
            "can_change": can_manage and can_change(interview),
            "can_download_invite": policies.can_download_invite(user, interview),
            "show_candidate_details": policies.can_see_candidate_details(user, interview),
        },
    )


@require_POST
def interview_status(request, pk: int):
    interview = _interview_or_404(request.user, pk)
    action = request.POST.get("action", "")
    # A one-line audit note (StatusChange.note); PostgreSQL refuses a NUL in it.
    note = one_line(request.POST.get("note", ""))[:500]
    if action == "start":
        if not policies.can_start_interview(request.user, interview):
            raise PermissionDenied
        change = transitions.interview_start
    elif action in ("complete", "cancel"):
        require_recruiter(request.user)
        change = (
            transitions.interview_complete if action == "complete" else transitions.interview_cancel
        )
    else:
        messages.error(request, _("Unknown action."))
        return redirect("interviews:interview", pk=pk)
    kwargs = {} if action == "start" else {"note": note}
    try:
        change(interview=interview, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interviews:interview", pk=pk)
    messages.success(request, _("Status updated."))
    return redirect("interviews:interview", pk=pk)


@require_POST
def interview_questions(request, pk: int):
    """Before the start: drop, move up/down, or add a question from the bank."""
    require_recruiter(request.user)
    interview = _interview_or_404(request.user, pk)
    action = request.POST.get("action", "")
    item_id = id_param(request.POST, "item")
    try:
        if action == "drop":
            question_edits.interview_question_drop(interview=interview, item_id=item_id)
        elif action in ("up", "down"):
            question_edits.interview_question_move(
                interview=interview, item_id=item_id, offset=-1 if action == "up" else 1
            )
        elif action == "add":
            question_edits.interview_question_add(
                interview=interview, question_id=id_param(request.POST, "question")
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Questions updated."))
    return redirect("interviews:interview", pk=pk)


def interview_question_swap(request, pk: int, item_pk: int):
    """Choose another published question of the same category for one frozen question."""
    require_recruiter(request.user)
    interview = _interview_or_404(request.user, pk)
    item = get_object_or_404(interview.questions, pk=item_pk)
    if request.method == "POST":
        try:
            question_edits.interview_question_swap(
                interview=interview,
                item_id=item.pk,
                replacement_id=id_param(request.POST, "question"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Question swapped."))
            return redirect("interviews:interview", pk=pk)
    return render(
        request,
        "interviews/interview_swap.html",
        {
            "interview": interview,
            "item": item,
            "alternatives": question_edits.swap_candidates(item=item)[:100],
            "locked": not interview.is_scheduled,
        },
    )


@cache_control(private=True, no_store=True)
def interview_invite(request, pk: int):
    """The .ics calendar invite, for the interview's panelists and recruiters."""
    interview = _interview_or_404(request.user, pk)
    if not policies.can_download_invite(request.user, interview):
        raise PermissionDenied
    body = interview_ics(interview=interview, domain=calendar_domain())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response
