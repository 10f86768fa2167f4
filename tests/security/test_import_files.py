"""The importer takes the hostile corpus in every field of every format: either the file
imports, or it is refused with FILE:LINE: message (exit 1) and nothing is written."""

import csv
import io
import json

import pytest
from django.core.management.base import CommandError

from questionbank.models import Category, Question

from .hostile import HUGE, TEXT

pytestmark = pytest.mark.django_db

VALUES = [*TEXT, HUGE, "9" * 5000, "-1", "'=1+1", '=HYPERLINK("x")']


def _markdown(field: str, value: str) -> str:
    parts = {"category": "Basics", "text": "What is it?", "tags": "orm", "guide 1": "g"}
    parts[field] = value
    return (
        f"1. {parts['category']}\n- {parts['text']}\n  - tags: {parts['tags']}\n"
        f"  - guide 1: {parts['guide 1']}\n  - order: {parts.get('order', '1')}\n"
    )


def _csv(field: str, value: str) -> str:
    row = {"key": "k1", "category": "Basics", "prompt": "What is it?", "tags": "orm"}
    row["sort_order"] = "1"
    row[field] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return buffer.getvalue()


def _json(field: str, value) -> str:
    item = {"key": "k1", "category": "Basics", "prompt": "What is it?", "tags": ["orm"]}
    item[field] = value
    return json.dumps({"questions": [item]}, ensure_ascii=False)


FILES = [
    (".md", _markdown, ["category", "text", "tags", "guide 1", "order"]),
    (".csv", _csv, ["key", "category", "prompt", "tags", "sort_order"]),
    (".json", _json, ["key", "category", "prompt", "tags", "sort_order", "follow_ups"]),
]


@pytest.mark.parametrize("suffix, build, fields", FILES, ids=[f[0] for f in FILES])
def test_it_imports_or_refuses_every_hostile_value_with_its_line(
    bank_file, run_import, suffix, build, fields
):
    failures = []
    for field in fields:
        for value in VALUES:
            Question.objects.all().delete()
            Category.objects.all().delete()
            path = bank_file(build(field, value), suffix)
            try:
                run_import(path)
            except CommandError as error:
                refused = str(error)
                if not refused.startswith(f"{path}:") or Question.objects.exists():
                    failures.append((field, repr(value)[:30], refused[:120]))
            except Exception as error:  # anything but a clean refusal is a failure
                failures.append((field, repr(value)[:30], type(error).__name__))
    assert not failures
