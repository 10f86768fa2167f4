"""Insert many rows of one model in one go: COPY on PostgreSQL, ``bulk_create`` elsewhere.

On PostgreSQL, Django 5.2's ``bulk_create`` sends each column as an array that psycopg quotes
in Python, character by character for the text ones (``INSERT ... SELECT * FROM UNNEST``),
after building a model instance and compiling every value of every row: for a 10,000-question
import about a third of its time (bench/bank_import.py). ``COPY ... FROM STDIN`` takes plain
tuples, which psycopg formats in C. COPY returns no ids: the rows that need theirs take them
from the table's sequence first, as the INSERT would have.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import JSONField, Model


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
    json_positions = [i for i, field in enumerate(fields) if isinstance(field, JSONField)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN"  # names from the model, no user input
        ) as copy,
    ):
        for row in rows:
            if json_positions:
                row = list(row)
                for i in json_positions:
                    row[i] = fields[i].get_db_prep_save(row[i], connection)
            copy.write_row(row)


def rows_insert(
    model: type[Model], names: Sequence[str], rows: Sequence[Sequence], *, with_ids: bool = False
) -> list[int]:
    """Insert rows given as values of the fields ``names`` (attribute names, e.g.
    ``user_id``), the other fields at their defaults; returns their new ids, in order, when
    ``with_ids``."""
    if not rows:
        return []
    if _copies():
        defaults = [
            (field.attname, field.get_default())
            for field in model._meta.concrete_fields
            if not field.primary_key and field.attname not in names
        ]
        if defaults:
            names = [*names, *(name for name, _value in defaults)]
            values = tuple(value for _name, value in defaults)
            rows = [(*row, *values) for row in rows]
        if not with_ids:
            _copy(model, names, rows)
            return []
        ids = ids_take(model, len(rows))
        pk = model._meta.pk.attname
        _copy(model, [pk, *names], [(id_, *row) for id_, row in zip(ids, rows, strict=True)])
        return ids
    objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objs)
    return [obj.pk for obj in objs]


def objects_insert(objs: Sequence[Model]) -> None:
    """``bulk_create(objs)`` for new instances of one model: sets their ids."""
    if not objs:
        return
    model = type(objs[0])
    if not _copies():
        model._default_manager.bulk_create(objs)
        return
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
