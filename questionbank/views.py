"""The bank page: signed-in staff browse, filter and search published questions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from accounts.validators import one_line

from .models import Difficulty
from .policies import can_browse_bank, can_edit_bank
from .selectors import (
    BankFilters,
    bank_page,
    categories_with_counts,
    popular_tags,
    published_questions,
    rating_labels,
)


def _require_bank_reader(user) -> None:
    if not can_browse_bank(user):
        raise PermissionDenied


def bank(request):
    """Filter by category, difficulty and tag; full-text search; each question with its rubric."""
    _require_bank_reader(request.user)
    # Query-string text is one line (no NUL, which PostgreSQL refuses) and bounded.
    filters = BankFilters(
        category=one_line(request.GET.get("category", ""))[:120],
        difficulty=request.GET.get("difficulty", "")[:10],
        tag=one_line(request.GET.get("tag", ""))[:100],
        query=one_line(request.GET.get("q", ""))[:200],
    )
    page = bank_page(filters=filters, page_number=request.GET.get("page", 1))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "questionbank/bank.html",
        {
            "page": page,
            "filters": filters,
            "categories": categories_with_counts(),
            "difficulties": Difficulty.choices,
            "tags": popular_tags(),
            "labels": rating_labels(),
            "can_edit": can_edit_bank(request.user),
            "query_string": query_string.urlencode(),
        },
    )


def question_detail(request, pk: int):
    _require_bank_reader(request.user)
    question = get_object_or_404(
        published_questions().select_related("category").prefetch_related("tags"), pk=pk
    )
    return render(
        request,
        "questionbank/question_detail.html",
        {"question": question, "labels": rating_labels(), "can_edit": can_edit_bank(request.user)},
    )
