"""Reads of the question bank: filtered, searched, paginated with a constant number of queries."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from taggit.models import Tag

from .models import Category, Difficulty, Question, RatingScale
from .pagination import HitsFirstPaginator

BANK_PAGE_SIZE = 25
MAX_SEARCH_WORDS = 12
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class BankFilters:
    category: str = ""
    difficulty: str = ""
    tag: str = ""
    query: str = ""


def categories_with_counts() -> QuerySet[Category]:
    from django.db.models import Count, Q

    return Category.objects.annotate(live_count=Count("questions", filter=Q(questions__live=True)))


def published_questions() -> QuerySet[Question]:
    return Question.objects.live()


def search_words(query: str) -> str:
    """The words of a search, space-separated: never query syntax for the backend (quotes,
    operators, column filters, prefixes and NUL are dropped, whatever the database)."""
    return " ".join(_WORD_RE.findall(query)[:MAX_SEARCH_WORDS])


def questions_search(questions: QuerySet[Question], *, query: str):
    """Full-text search of ``questions`` for every word of ``query`` (none: no result)."""
    words = search_words(query)
    if not words:
        return questions.none()
    return questions.search(words, operator="and")


def _with_relations(questions: QuerySet[Question]) -> QuerySet[Question]:
    return questions.select_related("category").prefetch_related("tags")


def bank_page(*, filters: BankFilters, page_number: str | int = 1) -> Page:
    """One page of published questions matching the filters; full-text search when asked."""
    questions = published_questions()
    if filters.category:
        questions = questions.filter(category__slug=filters.category)
    if filters.difficulty in Difficulty.values:
        questions = questions.filter(difficulty=filters.difficulty)
    if filters.tag:
        # Tags are case-insensitive (TAGGIT_CASE_INSENSITIVE): find the stored spelling first,
        # so that the search backend can filter on an exact name.
        name = Tag.objects.filter(name__iexact=filters.tag).values_list("name", flat=True).first()
        questions = questions.filter(tags__name=name or filters.tag)
    questions = _with_relations(questions)
    if filters.query:
        # The page first: on PostgreSQL its query also counts the hits (search_postgres.py).
        results = questions_search(questions, query=filters.query)
        return HitsFirstPaginator(results, BANK_PAGE_SIZE).get_page(page_number)
    return Paginator(questions, BANK_PAGE_SIZE).get_page(page_number)


def popular_tags(limit: int = 30) -> list[str]:
    from django.db.models import Count

    from .models import QuestionTag

    rows = (
        QuestionTag.objects.filter(content_object__live=True)
        .values("tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:limit]
    )
    return [row["tag__name"] for row in rows]


def rating_labels() -> dict[int, str]:
    return RatingScale.load().labels()
