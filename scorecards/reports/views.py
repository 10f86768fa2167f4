"""Request a PDF report, watch its status (htmx polling), download it, retry a failed one.

Every view asks reports.policies.can_request/can_download, which ask the same policies as the
pages; a subject the user does not see at all is a 404, like a missing one. Files are
streamed from storage here, never from a public media URL.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from ..models import Report, ReportStatus
from ..rendering import PAPER_SIZES
from .jobs import report_waits_too_long
from .policies import can_download, can_request, can_see_error_detail, can_see_subject
from .selectors import POLL_STATUSES, SUBJECTS, report_is_stale, subject_slug
from .services import report_nudge, report_request
from .subject import Subject

# Reports carry panel ratings: never kept by a browser or proxy cache.
private_no_store = cache_control(private=True, no_store=True)


def subject_request_url(report: Report) -> str:
    """Where to POST for a fresh report of the same subject."""
    return reverse("reports:request", args=subject_slug(Subject.of(report)))


def _report_for(request, pk: int) -> Report:
    report = get_object_or_404(
        Report.objects.select_related(
            "interview__candidate__position",
            "candidate__position",
            "scorecard__interview__candidate__position",
        ),
        pk=pk,
    )
    if not can_see_subject(request.user, Subject.of(report)):
        raise Http404
    if not can_download(request.user, report):
        raise PermissionDenied
    return report


def _status_context(request, report: Report) -> dict:
    return {
        "report": report,
        "polling": report.status in POLL_STATUSES,
        "stale": report_is_stale(report=report),
        "waiting": report_waits_too_long(report=report),
        "show_error_detail": can_see_error_detail(request.user),
        "request_url": subject_request_url(report),
        "paper_sizes": list(PAPER_SIZES),
    }


@require_POST
def request_report(request, subject: str, pk: int):
    """Queue a report of a subject (or return the ready one for unchanged content)."""
    if subject not in SUBJECTS:
        raise Http404
    kind, model, field = SUBJECTS[subject]
    target = get_object_or_404(model, pk=pk)
    wanted = Subject(kind=kind, **{field: target})
    if not can_see_subject(request.user, wanted):
        raise Http404
    if not can_request(request.user, wanted):
        raise PermissionDenied
    paper_size = request.POST.get("paper_size") or None
    if paper_size is not None and paper_size not in PAPER_SIZES:
        return HttpResponseBadRequest(_("Unknown paper size."))
    report = report_request(user=request.user, subject=wanted, paper_size=paper_size)
    report.refresh_from_db()
    if request.htmx:
        return render(request, "scorecards/reports/_status.html", _status_context(request, report))
    return redirect("reports:detail", pk=report.pk)


@private_no_store
@require_GET
def report_detail(request, pk: int):
    """A page showing one report's status, for browsers without htmx and for bookmarks."""
    report = _report_for(request, pk)
    return render(request, "scorecards/reports/detail.html", _status_context(request, report))


@private_no_store
@require_GET
def report_status(request, pk: int):
    """The status partial; htmx polls it every two seconds until the report is done."""
    report = _report_for(request, pk)
    return render(request, "scorecards/reports/_status.html", _status_context(request, report))


@private_no_store
@require_GET
def report_download(request, pk: int):
    """Stream the PDF after the permission check; a missing or unfinished file is a 404."""
    report = _report_for(request, pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404(_("This report is not ready."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This report's file is missing; request it again.")) from None
    candidate = report.candidate or (report.interview or report.scorecard.interview).candidate
    name = slugify(f"{report.get_kind_display()} {candidate.full_name} {report.pk}") or "report"
    return FileResponse(
        handle, as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )


@require_POST
def retry(request, pk: int):
    """ "Still waiting — try again": send a report that waits too long to a worker again."""
    report = _report_for(request, pk)
    if not report_nudge(report=report):
        return render(
            request,
            "scorecards/reports/_status.html",
            _status_context(request, report),
            status=409,
        )
    report.refresh_from_db()
    if request.htmx:
        return render(request, "scorecards/reports/_status.html", _status_context(request, report))
    return redirect("reports:detail", pk=report.pk)
