"""Positions and candidates: lists for recruiters and hiring managers, forms for recruiters."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import policies, selectors
from .forms import CandidateForm, PositionForm
from .view_helpers import form_status, id_param, require_recruiter, text_param

# --- positions -------------------------------------------------------------------------------


def positions(request):
    scoped = selectors.positions_visible_to(request.user)
    if not policies.can_manage_hiring(request.user) and not scoped.exists():
        raise PermissionDenied
    query = text_param(request, "q", limit=100)
    items = (
        selectors.search_positions(queryset=scoped, query=query)
        .annotate(candidate_count=Count("candidates"))
        .prefetch_related("hiring_managers")
        # Meta.ordering is ignored by the GROUP BY of the count, so order here.
        .order_by("title", "pk")
    )
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "interviews/positions.html",
        {
            "page": page,
            "query": query,
            "can_edit": policies.can_manage_hiring(request.user),
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


def position_form(request, pk: int | None = None):
    require_recruiter(request.user)
    position = (
        get_object_or_404(selectors.positions_visible_to(request.user), pk=pk) if pk else None
    )
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Position saved."))
        return redirect("interviews:positions")
    return render(
        request,
        "interviews/position_form.html",
        {"form": form, "position": position},
        status=form_status(form),
    )


# --- candidates ------------------------------------------------------------------------------


def candidates(request):
    scoped = selectors.candidates_visible_to(request.user)
    if (
        not policies.can_manage_hiring(request.user)
        and not selectors.positions_visible_to(request.user).exists()
    ):
        raise PermissionDenied
    query = text_param(request, "q", limit=100)
    items = selectors.search_candidates(queryset=scoped, query=query).select_related("position")
    position_id = id_param(request.GET, "position")
    position = None
    if position_id:
        items = items.filter(position_id=position_id)
        position = selectors.positions_visible_to(request.user).filter(pk=position_id).first()
    page = Paginator(items, selectors.PAGE_SIZE).get_page(request.GET.get("page", 1))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "interviews/candidates.html",
        {
            "page": page,
            "query": query,
            "position": position,
            "can_edit": policies.can_manage_hiring(request.user),
            "query_string": query_string.urlencode(),
        },
    )


def candidate_detail(request, pk: int):
    candidate = get_object_or_404(
        selectors.candidates_visible_to(request.user).select_related("position"), pk=pk
    )
    return render(
        request,
        "interviews/candidate_detail.html",
        {
            "candidate": candidate,
            "can_edit": policies.can_manage_hiring(request.user),
        },
    )


def candidate_form(request, pk: int | None = None):
    require_recruiter(request.user)
    candidate = (
        get_object_or_404(selectors.candidates_visible_to(request.user), pk=pk) if pk else None
    )
    initial = {"position": id_param(request.GET, "position")}
    form = CandidateForm(request.POST or None, instance=candidate, initial=initial)
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        if candidate.pk is None:
            candidate.created_by = request.user
        candidate.save()
        messages.success(request, _("Candidate saved."))
        return redirect("interviews:candidate", pk=candidate.pk)
    return render(
        request,
        "interviews/candidate_form.html",
        {"form": form, "candidate": candidate},
        status=form_status(form),
    )
