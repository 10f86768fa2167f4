"""bulk_rows inserts what bulk_create inserts: COPY on PostgreSQL, executemany on SQLite.

The whole-import comparison with Wagtail's public path is test_bulk_publish.py (the default
SQLite database takes the executemany path, DATABASE_URL=postgres://... the COPY path); these
check the writer's own promises.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry, ReferenceIndex

from questionbank.bulk_publish import REFERENCE_FIELDS
from questionbank.bulk_rows import objects_insert, rows_insert
from questionbank.models import Category

pytestmark = pytest.mark.django_db

FIELDS = ("content_type_id", "object_id", "label", "action", "data", "timestamp")


def _log_rows(count: int) -> list[tuple]:
    content_type = ContentType.objects.get_for_model(Category)
    now = timezone.now()
    return [
        (content_type.pk, str(n), f"label {n}", "wagtail.publish", {"n": n, "t": ["a"]}, now)
        for n in range(count)
    ]


def test_it_returns_the_new_rows_ids_in_order():
    rows = _log_rows(3)

    ids = rows_insert(ModelLogEntry, FIELDS, rows, with_ids=True)

    stored = {entry.pk: entry for entry in ModelLogEntry.objects.filter(pk__in=ids)}
    assert [stored[pk].object_id for pk in ids] == ["0", "1", "2"]
    assert ids == sorted(ids)


def test_it_stores_the_values_and_fills_the_other_fields_with_their_defaults():
    (row,) = _log_rows(1)

    rows_insert(ModelLogEntry, FIELDS, [row])

    entry = ModelLogEntry.objects.get(object_id="0")
    assert (entry.label, entry.action, entry.data, entry.timestamp) == row[2:]
    assert (entry.deleted, entry.content_changed, entry.uuid, entry.user_id) == (
        False,
        False,
        None,
        None,
    )


def test_it_gives_new_instances_their_ids_and_leaves_the_sequence_past_them():
    categories = [Category(name=f"C{n}", slug=f"c{n}", number=n) for n in range(3)]

    objects_insert(categories)

    assert all(category.pk for category in categories)
    assert list(Category.objects.order_by("pk").values_list("pk", "name")) == [
        (category.pk, category.name) for category in categories
    ]
    later = Category.objects.create(name="Later", slug="later")
    assert later.pk > max(category.pk for category in categories)


def test_it_stores_what_bulk_create_stores_for_values_the_database_converts():
    """Dates, JSON and UUIDs pass through their fields' conversion; text, numbers and None
    as they are. Read back through the ORM, each row equals bulk_create's twin."""
    content_type = ContentType.objects.get_for_model(Category)
    moment = timezone.now()
    rows = [
        (content_type.pk, "1", "Ünïcode ‘quotes’ \\ %s", "a.b", {"nested": [1, None, "x"]}, moment),
        (content_type.pk, "2", "", "a.b", {}, moment.replace(microsecond=0)),
    ]
    ModelLogEntry.objects.bulk_create(
        [ModelLogEntry(**dict(zip(FIELDS, row, strict=True)), user_id=None) for row in rows]
    )
    ids = rows_insert(ModelLogEntry, FIELDS, rows, with_ids=True)
    reference = (content_type.pk, content_type.pk, "7", content_type.pk, "9", "category", "cat")
    names = REFERENCE_FIELDS[:-1]  # all but content_path_hash
    hashed = ReferenceIndex._get_content_path_hash("cat")
    ReferenceIndex.objects.bulk_create(
        [ReferenceIndex(**dict(zip(names, reference, strict=True)), content_path_hash=hashed)]
    )
    twin = (*reference[:2], "8", *reference[3:])  # another object: the index's key is unique
    rows_insert(ReferenceIndex, REFERENCE_FIELDS, [(*twin, hashed)])

    logged = ModelLogEntry.objects.order_by("pk").values(*FIELDS, "deleted", "uuid")
    assert list(logged[2:]) == list(logged[:2])
    stored = _stored_columns(ModelLogEntry)  # as the database holds them, not as Django reads
    assert stored[2:] == stored[:2]
    assert [entry.pk for entry in ModelLogEntry.objects.order_by("pk")[2:]] == ids
    indexed = ReferenceIndex.objects.order_by("pk").values(*names, "content_path_hash")
    assert [row.pop("object_id") for row in indexed] == ["7", "8"]
    assert indexed[0] == indexed[1]
    assert indexed[1]["content_path_hash"] == hashed
    stored = _stored_columns(ReferenceIndex, but="object_id")
    assert stored[1:] == stored[:1]


def _stored_columns(model, *, but: str = "") -> list[tuple]:
    """The table's rows, oldest first, as the database returns them, without the id (and the
    column ``but``)."""
    columns = [
        field.column
        for field in model._meta.concrete_fields
        if not field.primary_key and field.column != but
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)} "
            f"ORDER BY {quote(model._meta.pk.column)}"
        )
        return cursor.fetchall()


def test_it_returns_the_ids_after_the_newest_ones_were_deleted():
    """A table's ids only grow: ids freed at the end are not handed out again, and the new
    rows' ids are read back, not guessed."""
    first = rows_insert(ModelLogEntry, FIELDS, _log_rows(3), with_ids=True)
    ModelLogEntry.objects.filter(pk__in=first[1:]).delete()

    with transaction.atomic():
        ids = rows_insert(ModelLogEntry, FIELDS, _log_rows(2), with_ids=True)

    assert min(ids) > max(first)
    assert list(ModelLogEntry.objects.order_by("pk").values_list("pk", "object_id")) == [
        (first[0], "0"),
        (ids[0], "0"),
        (ids[1], "1"),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the executemany path is SQLite's")
def test_it_inserts_all_rows_with_one_statement_on_sqlite():
    with CaptureQueriesContext(connection) as queries:
        rows_insert(ModelLogEntry, FIELDS, _log_rows(300))
        objects_insert([Category(name=f"C{n}", slug=f"c{n}") for n in range(3)])

    inserts = [query for query in queries if "INSERT INTO" in query["sql"].upper()]
    assert len(inserts) == 2
    assert ModelLogEntry.objects.count() == 300 and Category.objects.count() == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_it_copies_rows_on_postgresql_instead_of_inserting_them():
    with CaptureQueriesContext(connection) as queries:
        rows_insert(ModelLogEntry, FIELDS, _log_rows(2))
        objects_insert([Category(name="C", slug="c")])

    assert not [query for query in queries if "INSERT" in query["sql"].upper()]
    assert ModelLogEntry.objects.count() == 2 and Category.objects.count() == 1
