"""Wagtail's database search indexes (modelsearch), writing many objects' entries faster.

modelsearch's ``add_items`` reads every search field of an object once per index column
(title, body, autocomplete and, on PostgreSQL, the two plain-text columns): five passes, each
stripping the rich-text prompt with Django's HTML parser. On PostgreSQL it also builds and
compiles a tree of ``SearchVector`` expressions per object. For a 10,000-question import that
was about 35 s of 78 on PostgreSQL (bench/README.md). Here each field is read once per object,
and each shape of vector (the weights of its non-empty texts) is compiled once per batch; the
rows written are the same, column for column (tests/questionbank/test_search_indexing.py
compares them with modelsearch's own).
"""

import uuid

import psycopg
from django.db.models.sql import InsertQuery
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchBackend,
)
from modelsearch.backends.database.postgres.postgres import (
    ObjectIndexer as PostgresObjectIndexer,
)
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk


class FieldOnceMixin:
    """An object indexer that reads each of the object's search fields once, however many
    index columns ask for it."""

    def prepare_field(self, obj, field):
        if obj is not self.obj:  # a related object's field: read once by its parent field
            return super().prepare_field(obj, field)
        prepared = self.__dict__.setdefault("_prepared", {})
        if id(field) not in prepared:  # the fields of self.search_fields live as long as self
            prepared[id(field)] = list(super().prepare_field(obj, field))
        return prepared[id(field)]


class FieldOncePostgresObjectIndexer(FieldOnceMixin, PostgresObjectIndexer):
    """The texts of each vector column as (text, weight), chosen as modelsearch's ``title``,
    ``autocomplete`` and ``body`` choose them."""

    def prepare_field(self, obj, field):
        """modelsearch's, with the value of a field that is both searched and autocompleted
        (the question's prompt: its HTML stripped by Python's HTML parser) read once."""
        if obj is not self.obj or not isinstance(field, SearchField | AutocompleteField):
            return super().prepare_field(obj, field)
        values = self.__dict__.setdefault("_values", {})
        if field.field_name not in values:
            values[field.field_name] = self.prepare_value(field.get_value(obj))
        weight = get_weight(field.boost) if isinstance(field, SearchField) else "D"
        return [(field, weight, values[field.field_name])]

    def _texts(self, wanted) -> list[tuple[str, str]]:
        return [
            (value, weight)
            for field in self.search_fields
            for current, weight, value in self.prepare_field(self.obj, field)
            if wanted(current)
        ]

    @property
    def title_texts(self):
        return self._texts(lambda f: isinstance(f, SearchField) and f.field_name == "title")

    @property
    def body_texts(self):
        return self._texts(lambda f: isinstance(f, SearchField) and f.field_name != "title")

    @property
    def autocomplete_texts(self):
        return self._texts(lambda f: isinstance(f, AutocompleteField))


class _CompiledVectors:
    """The SQL of ``indexer.as_vector(texts)``, compiled once per shape (the weights of the
    non-empty texts, and whether it is the autocomplete column): a compiled shape is reused
    with each object's texts in place of placeholder strings."""

    def __init__(self, compiler, connection, column):
        self.compiler, self.connection, self.column = compiler, connection, column
        self.shapes: dict[tuple, tuple[str, list, dict[int, int]]] = {}

    def as_sql(self, indexer, texts, *, for_autocomplete=False) -> tuple[str, list]:
        # as_vector drops texts that are empty once stripped, and strips the others.
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        shape = (tuple(weight for _text, weight in texts), for_autocomplete)
        if shape not in self.shapes:
            slots = [f"slot-{uuid.uuid4()}" for _ in texts]
            vector = indexer.as_vector(
                [(slot, weight) for slot, (_t, weight) in zip(slots, texts, strict=True)],
                for_autocomplete=for_autocomplete,
            )
            value = self.compiler.prepare_value(self.column, vector)
            sql, params = value.as_sql(self.compiler, self.connection)
            positions = {
                position: slots.index(param)
                for position, param in enumerate(params)
                if isinstance(param, str) and param in slots
            }
            self.shapes[shape] = (sql, list(params), positions)
        sql, params, positions = self.shapes[shape]
        params = list(params)
        for position, slot in positions.items():
            params[position] = texts[slot][0]
        return sql, params


class FieldOnceIndexMixin:
    """An index whose ``add_items`` reads objects through ``indexer_class``."""

    indexer_class: type

    def indexers(self, model, objs) -> list:
        """One indexer per object; none when the model has no search field."""
        if not model.get_search_fields():
            return []
        return [self.indexer_class(obj, self.backend) for obj in objs]


class FieldOncePostgresIndex(FieldOnceIndexMixin, PostgresIndex):
    indexer_class = FieldOncePostgresObjectIndexer

    def add_items(self, model, objs):
        """modelsearch's PostgresIndex.add_items, each field read and each vector shape
        compiled once."""
        indexers = self.indexers(model, objs)
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        columns = {
            name: _CompiledVectors(
                compiler, self.write_connection, IndexEntry._meta.get_field(name)
            )
            for name in ("title", "autocomplete", "body")
        }
        # One single-row statement per shape of row, run with executemany: psycopg sends the
        # rows in one pipeline and converts each short statement once, where one statement of
        # 500 rows (≈ 270 kB of SQL, thousands of placeholders) was parsed and quoted anew
        # for every chunk (bench/bank_import.py: 8.5 s of a 35.6 s PostgreSQL import). The
        # values are bound by the server (Django's cursors inline them as quoted literals):
        # PostgreSQL then parses and plans each shape once instead of each row, and psycopg
        # does not quote the texts (4.1 of 7 s of server CPU in a 10,000-question import).
        rows: dict[str, list[list]] = {}
        for indexer in indexers:
            row_params = [content_type_pk, indexer.id]
            vectors = []
            for name, texts in (
                ("title", indexer.title_texts),
                ("autocomplete", indexer.autocomplete_texts),
                ("body", indexer.body_texts),
            ):
                sql, params = columns[name].as_sql(
                    indexer, texts, for_autocomplete=name == "autocomplete"
                )
                vectors.append(sql)
                row_params.extend(params)
            row_params.extend((indexer.title_text, indexer.body_text))
            row_sql = f"(%s, %s, {vectors[0]}, {vectors[1]}, {vectors[2]}, 1.0, %s, %s)"
            rows.setdefault(row_sql, []).append(row_params)
        self.write_connection.ensure_connection()
        with self.write_connection.make_cursor(
            psycopg.Cursor(self.write_connection.connection)
        ) as cursor:
            for row_sql, params_seq in rows.items():
                cursor.executemany(
                    f"""
                    INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title,
                        autocomplete, body, title_norm, title_text, body_text)
                    VALUES {row_sql}
                    ON CONFLICT (content_type_id, object_id)
                    DO UPDATE SET title = EXCLUDED.title,
                                  title_norm = 1.0,
                                  autocomplete = EXCLUDED.autocomplete,
                                  body = EXCLUDED.body,
                                  title_text = EXCLUDED.title_text,
                                  body_text = EXCLUDED.body_text
                    """,  # noqa: S608 (table name from the model, values as parameters)
                    params_seq,
                )
        self._refresh_title_norms()


class FieldOncePostgresSearchBackend(PostgresSearchBackend):
    index_class = FieldOncePostgresIndex
