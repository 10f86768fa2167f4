"""bulk_rows inserts what bulk_create inserts: COPY on PostgreSQL, bulk_create elsewhere.

The whole-import comparison with Wagtail's public path is test_bulk_publish.py (run it with
DATABASE_URL=postgres://... for the COPY path); these check the writer's own promises.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's")
def test_it_copies_rows_on_postgresql_instead_of_inserting_them():
    with CaptureQueriesContext(connection) as queries:
        rows_insert(ModelLogEntry, FIELDS, _log_rows(2))
        objects_insert([Category(name="C", slug="c")])

    assert not [query for query in queries if "INSERT" in query["sql"].upper()]
    assert ModelLogEntry.objects.count() == 2 and Category.objects.count() == 1
