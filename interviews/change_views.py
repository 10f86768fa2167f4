"""Pages that change a scheduled interview: edit its time, place and panel, or cancel it after a
confirmation. Recruiters only (a 403); an interview they may not see is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.validators import one_line

from . import policies, selectors, transitions
from .changes import can_change, interview_change
from .clashes import PanelClashError
from .forms import InterviewChangeForm
from .models import InterviewStatus


def _managed_interview(request, pk: int):
    if not policies.can_manage_hiring(request.user):
        raise PermissionDenied
    return get_object_or_404(
        selectors.interviews_visible_to(request.user).select_related("candidate__position"),
        pk=pk,
    )


def clash_error(form, error: PanelClashError) -> list:
    """Show the clashes on the form: the checkbox to confirm them carries the message."""
    form.add_error("confirm_overlap", error.messages[0])
    return error.clashes


def _changed_message(change) -> str:
    told = len(change.staying) + len(change.added) + len(change.removed)
    return ngettext(
        "Interview updated; %(n)d person is told by e-mail.",
        "Interview updated; %(n)d people are told by e-mail.",
        told,
    ) % {"n": told}


def interview_edit(request, pk: int):
    """Change the time, duration, place and panel before the interview starts."""
    interview = _managed_interview(request, pk)
    if not can_change(interview):
        messages.error(request, _("An interview can only change before it starts."))
        return redirect("interviews:interview", pk=pk)
    seats = list(interview.seats.all())
    initial = {
        "scheduled_at": timezone.localtime(interview.scheduled_at),
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "panel": [seat.user_id for seat in seats],
        "lead": next((seat.user_id for seat in seats if seat.is_lead), None),
    }
    form = InterviewChangeForm(request.POST or None, initial=initial)
    clashes = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = interview_change(
                interview=interview,
                scheduled_at=data["scheduled_at"],
                duration=data["duration_minutes"],
                location=data["location"],
                panel=list(data["panel"]),
                lead=data["lead"],
                overlap_confirmed=data["confirm_overlap"],
            )
        except PanelClashError as error:
            clashes = clash_error(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change.changed:
                messages.success(request, _changed_message(change))
            else:
                messages.info(request, _("Nothing changed; nobody was e-mailed."))
            return redirect("interviews:interview", pk=pk)
    return render(
        request,
        "interviews/interview_edit.html",
        {
            "form": form,
            "interview": interview,
            "clashes": clashes,
            "time_zone": timezone.get_current_timezone_name(),
        },
        status=422 if form.errors else 200,
    )


def interview_cancel(request, pk: int):
    """Ask first; on confirmation cancel and send the panel a calendar cancellation."""
    interview = _managed_interview(request, pk)
    if not transitions.can_transition(interview=interview, to=InterviewStatus.CANCELLED):
        messages.error(request, _("This interview can no longer be cancelled."))
        return redirect("interviews:interview", pk=pk)
    if request.method == "POST":
        try:
            transitions.interview_cancel(
                interview=interview,
                by=request.user,
                note=one_line(request.POST.get("note", ""))[:500],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Interview cancelled; the panel is told by e-mail."))
        return redirect("interviews:interview", pk=pk)
    return render(
        request,
        "interviews/interview_cancel.html",
        {"interview": interview, "seats": interview.seats.select_related("user")},
    )
