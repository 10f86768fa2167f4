"""Wagtail's PostgreSQL search backend (modelsearch), answering a page of hits and their total
in one query on the index's GIN index.

modelsearch matches ``title || body`` and ranks both columns. A model without a search field
named "title" (Question, Category) always has an empty title vector: concatenating it to every
entry's body before the match cost ≈ 80 ms over 10,000 questions and kept the GIN index of
``body`` out of the plan. For such models the match and the rank read ``body`` alone: the same
hits (an empty vector adds no lexeme) and the same scores (the rank of an empty vector is 0).

A page of hits is then found as ids (no select_related join, annotation or wide column carried
through the sort of every hit), with ``COUNT(*) OVER ()`` for the total, and the page's rows are
read by id from the searched queryset, in rank order. questionbank.pagination's paginator fetches
the page before it counts, so a paginated search is one search query, not a search and a COUNT.
"""

from functools import cache

from django.db.models import Count, Window
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.index import RelatedFields, SearchField, get_indexed_models

from .search_indexing import FieldOncePostgresSearchBackend

_TOTAL = "_search_total"


def _names_title(fields) -> bool:
    """Whether a search field named "title" fills the index's title vector (modelsearch's
    ObjectIndexer.title), related fields included."""
    return any(
        (isinstance(field, SearchField) and field.field_name == "title")
        or (isinstance(field, RelatedFields) and _names_title(field.fields))
        for field in fields
    )


@cache
def has_title_vector(model) -> bool:
    """Whether entries joined to a search of ``model`` (its own and its subclasses') may have a
    non-empty title vector."""
    return any(
        _names_title(indexed.get_search_fields())
        for indexed in get_indexed_models()
        if issubclass(indexed, model)
    )


class BodyOnlyQueryCompiler(PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        if has_title_vector(self.queryset.model):
            return super().get_index_vectors(search_query)
        return super().get_index_vectors(search_query)[1:]  # the body, weighted 1.0


class RankedIdsSearchResults(PostgresSearchResults):
    """Results read as ranked ids with their total, then loaded by id."""

    total = None  # the number of hits, slices aside, once a slice has been read

    def _do_search(self):
        searched = self.get_queryset()
        queryset = self.query_compiler.queryset
        if queryset.query.distinct:
            return super()._do_search()  # a window over duplicate rows would miscount
        fields = ["pk", _TOTAL] + ([self._score_field] if self._score_field else [])
        rows = list(
            searched.annotate(**{_TOTAL: Window(Count("*"))})
            .prefetch_related(None)
            .values_list(*fields)
        )
        if rows:
            self.total = rows[0][1]
        elif not self.start:
            self.total = 0
        objects = queryset.filter(pk__in=[row[0] for row in rows])
        by_pk = {obj.pk: obj for obj in objects}
        hits = []
        for pk, _total, *score in rows:
            obj = by_pk.get(pk)
            if obj is None:  # deleted between the two queries
                continue
            if score:
                setattr(obj, self._score_field, score[0])
            hits.append(obj)
        return hits

    def _do_count(self):
        if self.total is not None and not self.start and self.stop is None:
            return self.total
        return super()._do_count()


class PanelPostgresSearchBackend(FieldOncePostgresSearchBackend):
    query_compiler_class = BodyOnlyQueryCompiler
    results_class = RankedIdsSearchResults
