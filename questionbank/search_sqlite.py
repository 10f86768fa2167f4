"""Wagtail's SQLite search backend, with its relevance ranking done in one join.

Wagtail's SQLite backend (modelsearch) filters hits with one FTS5 match, then ranks every hit
with a correlated subquery that runs the whole match again: O(hits²), 2.75 s median for a
10,000-question bank. Here the FTS5 table is joined to the searched rows once and bm25() is
read from that join: the same MATCH expression, the same score formula, the same order, in
≈10 ms. The join needs questionbank's migration 0004 (an index on the question id as text).
Imported only on SQLite (the FTS5 model exists only there).
"""

from django.db.models import F, FloatField, Func, Lookup, Q
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .bulk_rows import rows_insert
from .search_indexing import FieldOnceIndexMixin, FieldOnceMixin

# The searched model's index entry (Wagtail's generic relation) and its FTS5 row.
_ENTRY = "index_entries"
_FTS_COLUMN = f"{_ENTRY}__sqliteftsindexentry__body"
_FTS_INNER_JOIN = f"{_ENTRY}__sqliteftsindexentry__title__isnull"


def _fts_table(compiler, connection, column) -> str:
    """The FTS5 table's hidden column, qualified by the alias the join gave it."""
    quote = compiler.quote_name_unless_alias
    return f"{quote(column.alias)}.{connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)}"


class JoinedMatch(Lookup):
    """``<fts table> MATCH '<query>'`` on the FTS5 row joined to the searched row."""

    prepare_rhs = False

    def __init__(self, match: MatchExpression):
        self.match = match
        super().__init__(F(_FTS_COLUMN), None)

    def as_sql(self, compiler, connection):
        column = self.lhs
        _, params = self.match.as_sql(compiler, connection)
        return f"{_fts_table(compiler, connection, column)} MATCH %s", params


class JoinedBM25(Func):
    """bm25() of the joined FTS5 row (lower is more relevant, as in Wagtail's backend)."""

    output_field = FloatField()

    def __init__(self):
        super().__init__(F(_FTS_COLUMN))

    def as_sql(self, compiler, connection, **extra_context):
        return f"bm25({_fts_table(compiler, connection, self.source_expressions[0])})", []


class JoinedRankMixin:
    """Plain-text searches in one FTS5 match each; any other query is left to Wagtail's."""

    def joined_rank(self):
        """Wagtail's score for a plain-text or phrase query: bm25 × (title_norm + 1)."""
        return JoinedBM25() * F(f"{_ENTRY}__title_norm") + JoinedBM25() * 1.0

    def is_plain(self) -> bool:
        return isinstance(normalize(self.query), (PlainText, Phrase)) and not self.fields

    def match(self, config) -> MatchExpression:
        search_query = self.build_search_query(normalize(self.query), config=config)
        return MatchExpression(self.FTS_TABLE_FIELDS, search_query)

    def search(self, config, start, stop, score_field=None):
        if not self.is_plain():
            return super().search(config, start, stop, score_field=score_field)
        if not self.order_by_relevance and score_field is None:
            queryset = self.matching(config)
            return (queryset if queryset.query.order_by else queryset.order_by("-pk"))[start:stop]
        # A MATCH needs inner joins: the always-set title column makes them so, and the match
        # reuses them. One index entry per object (content type and id are unique), so the
        # join adds no duplicates.
        queryset = self.queryset.filter(
            Q(**{_FTS_INNER_JOIN: False}), JoinedMatch(self.match(config))
        )
        score_field = score_field or "_score"
        queryset = queryset.annotate(**{score_field: self.joined_rank()})
        if self.order_by_relevance:
            queryset = queryset.order_by(score_field, "-pk")
        return queryset[start:stop]

    def matching(self, config):
        """The searched rows among the ids of one FTS5 match, unranked. Wagtail's own filter
        (and a count of the join) let SQLite's planner start from the content type's index
        entries and re-run the match for each of them: 1 s over 10,000 questions."""
        if not self.is_plain():
            return super().search(config, None, None)
        content_types = get_descendants_content_types_pks(self.queryset.model)
        ids = (
            SQLiteFTSIndexEntry.objects.filter(self.match(config))
            # "+ 0" keeps the content type's index out of the plan, so the match leads.
            .alias(content_type_id=F("index_entry__content_type_id") + 0)
            .filter(content_type_id__in=content_types)
            .values_list("index_entry__object_id", flat=True)
        )
        return self.queryset.filter(pk__in=ids)


class JoinedRankSQLiteSearchQueryCompiler(JoinedRankMixin, SQLiteSearchQueryCompiler):
    pass


class JoinedRankSQLiteAutocompleteQueryCompiler(JoinedRankMixin, SQLiteAutocompleteQueryCompiler):
    def joined_rank(self):
        """Wagtail's autocomplete score: bm25 alone."""
        return JoinedBM25() * 1.0


class JoinedRankSQLiteSearchResults(SQLiteSearchResults):
    def _do_count(self):
        config = self.query_compiler.get_config(self.backend)
        return self.query_compiler.matching(config).count()


class FieldOnceSQLiteObjectIndexer(FieldOnceMixin, ObjectIndexer):
    pass


class FieldOnceSQLiteIndex(FieldOnceIndexMixin, SQLiteIndex):
    indexer_class = FieldOnceSQLiteObjectIndexer

    def add_items(self, model, objs):
        """modelsearch's SQLiteIndex.add_items, each field read once per object
        (questionbank/search_indexing.py) and the entries of indexed objects replaced in bulk
        (the FTS5 table follows through modelsearch's triggers)."""
        indexers = self.indexers(model, objs)
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_pk)
        ids = [indexer.id for indexer in indexers]
        kept_norms = dict(entries.filter(object_id__in=ids).values_list("object_id", "title_norm"))
        entries.filter(object_id__in=kept_norms).delete()
        rows_insert(
            IndexEntry,
            ("content_type_id", "object_id", "title", "autocomplete", "body", "title_norm"),
            [
                (
                    content_type_pk,
                    indexer.id,
                    indexer.title,
                    indexer.autocomplete,
                    indexer.body,
                    kept_norms.get(indexer.id, 1.0),
                )
                for indexer in indexers
            ],
        )
        self._refresh_title_norms()


class JoinedRankSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = FieldOnceSQLiteIndex
    results_class = JoinedRankSQLiteSearchResults
    query_compiler_class = JoinedRankSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = JoinedRankSQLiteAutocompleteQueryCompiler
