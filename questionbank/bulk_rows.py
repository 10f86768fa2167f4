"""Insert many rows of one model in one go: COPY on PostgreSQL, ``executemany`` elsewhere.

Django 5.2's ``bulk_create`` builds a model instance per row and compiles every value of every
row in Python; on PostgreSQL it then sends each column as an array that psycopg quotes in
Python, character by character for the text ones (``INSERT ... SELECT * FROM UNNEST``). For a
10,000-question import that was about a third of its time on PostgreSQL and 40 % on SQLite
(bench/bank_import.py). Here the rows stay plain tuples:

- PostgreSQL: ``COPY ... FROM STDIN``, which psycopg formats in C. COPY returns no ids: the
  rows that need theirs take them from the table's sequence first, as the INSERT would have.
- Elsewhere (SQLite): one ``INSERT`` run by the driver's ``executemany`` loop, in C. The rows
  that need their ids read them back inside the same transaction: SQLite has one writer at a
  time, so from the first insert on no other connection can add rows, and the newest ``count``
  ids of the table are these rows', in the order they were inserted (AUTOINCREMENT only grows).

On both, values go to the driver as the model's attributes hold them, except for fields whose
Python value is not what the database stores (dates, JSON, UUIDs...): those pass through the
field's ``get_db_prep_save``, as ``bulk_create`` does for every value (``_db_rows``).
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.db.models import Field, Model

# Field classes whose Python value is what the database stores (str, int, bool or None).
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.IntegerField,
    models.PositiveBigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.SmallIntegerField,
    models.TextField,
)


def _copies() -> bool:
    return connection.vendor == "postgresql"


def ids_take(model: type[Model], count: int) -> list[int]:
    """``count`` new ids of the model's table, in increasing order, from its sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _copy(model: type[Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """COPY the rows (values as the model's attributes hold them) into the model's table."""
    fields = [model._meta.get_field(name) for name in names]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"  # names from the model, no user input
        ) as copy,
    ):
        for row in _db_rows(fields, rows):
            copy.write_row(row)


def _plain(field: Field) -> bool:
    """Whether the field's values go to the database as they are (exact classes only: a
    subclass may convert them)."""
    if field.is_relation:
        field = field.target_field
    return type(field) in _PLAIN_FIELDS


def _db_rows(fields: Sequence[Field], rows: Iterable[Sequence]) -> Iterable[Sequence]:
    """The rows, each value the database stores differently from its Python value (dates,
    JSON, UUIDs...) passed through its field's ``get_db_prep_save``, as ``bulk_create`` does."""
    converted = [(i, field) for i, field in enumerate(fields) if not _plain(field)]
    if not converted:
        yield from rows
        return
    for row in rows:
        row = list(row)
        for i, field in converted:
            row[i] = field.get_db_prep_save(row[i], connection)
        yield row


def _insert(model: type[Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
    """One INSERT statement run for every row by the driver (not PostgreSQL's path)."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            # names from the model, no user input
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",
            _db_rows(fields, rows),
        )


def _newest_ids(model: type[Model], count: int) -> list[int]:
    """The ids of the table's ``count`` newest rows, oldest first."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk} FROM {connection.ops.quote_name(model._meta.db_table)} "
            f"ORDER BY {pk} DESC LIMIT %s",
            [count],
        )
        return [row[0] for row in reversed(cursor.fetchall())]


def rows_insert(
    model: type[Model], names: Sequence[str], rows: Sequence[Sequence], *, with_ids: bool = False
) -> list[int]:
    """Insert rows given as values of the fields ``names`` (attribute names, e.g.
    ``user_id``), the other fields at their defaults; returns their new ids, in order, when
    ``with_ids``."""
    if not rows:
        return []
    defaulted = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in names
    ]
    if defaulted:
        names = [*names, *(field.attname for field in defaulted)]
        # A default is asked for each row, as a new instance would (a callable default such
        # as uuid4 gives each row its own value).
        rows = [(*row, *(field.get_default() for field in defaulted)) for row in rows]
    if _copies():
        if not with_ids:
            _copy(model, names, rows)
            return []
        ids = ids_take(model, len(rows))
        pk = model._meta.pk.attname
        _copy(model, [pk, *names], [(id_, *row) for id_, row in zip(ids, rows, strict=True)])
        return ids
    if not with_ids:
        _insert(model, names, rows)
        return []
    with transaction.atomic(savepoint=False):  # holds SQLite's write lock until the ids are read
        _insert(model, names, rows)
        return _newest_ids(model, len(rows))


def objects_insert(objs: Sequence[Model]) -> None:
    """``bulk_create(objs)`` for new instances of one model with an auto-incremented id: sets
    their ids."""
    if not objs:
        return
    model = type(objs[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                field.pre_save(obj, True)
    names = [field.attname for field in fields]
    rows = [tuple(getattr(obj, name) for name in names) for obj in objs]
    for obj, id_ in zip(objs, rows_insert(model, names, rows, with_ids=True), strict=True):
        obj.pk = id_
        obj._state.adding = False
        obj._state.db = connection.alias
