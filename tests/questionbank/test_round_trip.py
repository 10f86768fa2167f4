"""export_questions → import_questions into an empty bank gives back the same bank."""

import pytest
from taggit.models import Tag

from questionbank.models import Category, Question
from tests.factories import CategoryFactory, QuestionFactory

pytestmark = pytest.mark.django_db

FIELDS = [
    "key",
    "category__name",
    "category__number",
    "category__description",
    "prompt",
    "difficulty",
    "expected_minutes",
    "guide_1",
    "guide_2",
    "guide_3",
    "guide_4",
    "follow_ups",
    "key_points",
    "sort_order",
    "live",
]


def _bank() -> list[dict]:
    rows = list(Question.objects.order_by("key").values(*FIELDS))
    for row in rows:
        question = Question.objects.get(key=row["key"])
        row["tags"] = sorted(tag.name for tag in question.tags.all())
    return rows


def _rich_bank() -> None:
    orm = CategoryFactory(name="Models & “ORM”", slug="models-orm", number=2)
    orm.description = "Everything about the ORM.\nSecond line."
    orm.save()
    misc = CategoryFactory(name="雑多 🚀", slug="category-x", number=7)
    plain = QuestionFactory(
        key="orm-plain",
        category=orm,
        prompt="<p>Explain <code>select_related</code> &amp; <code>a&lt;b</code>’s cost</p>",
        difficulty="senior",
        expected_minutes=12,
        guide_1="",
        guide_4="Multi-line\n\nguide with a blank line",
        follow_ups="When not?\nWhat about prefetch?",
        key_points="One query",
        sort_order=5,
    )
    plain.tags.add("orm", "Performance")
    plain.save_revision().publish()
    QuestionFactory(
        key="orm-rich",
        category=orm,
        prompt='<p><b>Bold</b> and <a href="https://example.com">a link</a></p><ul><li>x</li></ul>',
        sort_order=9,
    )
    QuestionFactory(
        key="misc-cjk",
        category=misc,
        prompt="<p>什么是中间件？ 🐍 “quotes”</p>",
        difficulty="junior",
        follow_ups="",
        key_points="",
        sort_order=1,
    )


def _empty() -> None:
    Question.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_it_round_trips_every_field(fmt, tmp_path, run_export, run_import):
    _rich_bank()
    before = _bank()
    path = tmp_path / f"bank.{fmt}"
    path.write_text(run_export("--format", fmt), encoding="utf-8")
    _empty()
    output = run_import(path)
    assert "3 created" in output
    assert _bank() == before
    assert "0 created, 0 updated, 3 unchanged" in run_import(path)


def test_it_round_trips_the_seed_through_markdown(seed_bank, tmp_path, run_export, run_import):
    before = _bank()
    path = tmp_path / "bank.md"
    path.write_text(run_export(), encoding="utf-8")
    _empty()
    run_import(path)
    assert _bank() == before


def test_it_writes_the_export_to_a_file(seed_bank, tmp_path, run_export):
    path = tmp_path / "out.json"
    run_export("--output", str(path))
    assert '"questions"' in path.read_text(encoding="utf-8")
