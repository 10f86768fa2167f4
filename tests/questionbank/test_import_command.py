"""manage.py import_questions: the default bank, re-imports, dry runs and malformed files."""

import re

import pytest
from django.core.management.base import CommandError
from wagtail.models import Revision

from questionbank.models import Category, Question

from .conftest import SEED

pytestmark = pytest.mark.django_db


def _seed_expected() -> list[tuple[int, str, list[str]]]:
    """(number, category, question texts) read straight from the seed file."""
    expected, current = [], None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^(\d+)\. (.+)$", line):
            current = (int(heading[1]), heading[2], [])
            expected.append(current)
        elif line.startswith("- ") and current:
            current[2].append(line[2:])
    return expected


def test_it_loads_the_seed_as_ten_categories_and_forty_questions(seed_bank):
    expected = _seed_expected()
    assert [(c.number, c.name) for c in Category.objects.all()] == [
        (number, name) for number, name, _texts in expected
    ]
    assert Question.objects.count() == 40
    for number, _name, texts in expected:
        stored = Question.objects.filter(category__number=number).order_by("sort_order")
        assert [q.prompt_text for q in stored] == [t.replace("`", "") for t in texts]


def test_it_keeps_curly_quotes_and_renders_backticks_as_code(seed_bank):
    assert Question.objects.filter(prompt__contains="Django’s MVT").exists()
    question = Question.objects.get(prompt__contains="null=True")
    assert question.prompt == (
        "<p>Explain the difference between <code>null=True</code> and "
        "<code>blank=True</code> in Django models.</p>"
    )


def test_it_ships_every_default_question_with_a_rubric_follow_ups_and_key_points(seed_bank):
    for question in Question.objects.all():
        assert all(question.guides().values()), question.key
        assert question.follow_up_list() and question.key_point_list(), question.key
        assert question.tags.exists(), question.key


def test_it_publishes_every_imported_question_with_a_revision(seed_bank):
    for question in Question.objects.all():
        assert question.live and not question.has_unpublished_changes
        assert question.latest_revision_id == question.live_revision_id
        assert question.latest_revision.object_id == str(question.pk)


def test_it_changes_nothing_when_the_same_file_is_imported_again(seed_bank, run_import):
    revisions = Revision.objects.count()
    output = run_import(SEED)
    assert "0 created, 0 updated, 40 unchanged" in output
    assert Revision.objects.count() == revisions


def test_it_updates_the_matching_question_with_a_new_revision(db, bank_file, run_import):
    run_import(bank_file("1. ORM\n- What is a QuerySet? {#qs}\n"))
    question = Question.objects.get(key="qs")
    first_revision = question.latest_revision_id
    output = run_import(
        bank_file("1. ORM\n- What is a lazy QuerySet? {#qs}\n  - difficulty: senior\n")
    )
    assert "0 created, 1 updated, 0 unchanged" in output
    question.refresh_from_db()
    assert question.prompt_text == "What is a lazy QuerySet?"
    assert question.difficulty == "senior"
    assert question.latest_revision_id != first_revision
    assert question.live_revision_id == question.latest_revision_id
    assert question.revisions.count() == 2
    assert question.latest_revision.content["difficulty"] == "senior"
    assert question.latest_revision.content["latest_revision"] == first_revision


def test_it_reports_a_dry_run_and_writes_nothing(seed_bank, bank_file, run_import):
    before = list(Question.objects.order_by("pk").values())
    revisions = Revision.objects.count()
    text = SEED.read_text(encoding="utf-8").replace(
        "- How does Django handle sessions?",
        "- How does Django handle sessions?\n  - follow-up: Where is the session key kept?",
    )
    output = run_import(bank_file(text + "\n11. New\n- A brand new question?\n"), "--dry-run")
    assert "Dry run, nothing written" in output
    assert "1 created, 1 updated, 39 unchanged" in output
    assert re.search(
        r"^update .*bank\.md:\d+ miscellaneous-how-does-django-handle-sessions", output, re.M
    )
    assert re.search(r"^create .*bank\.md:\d+ new-a-brand-new-question", output, re.M)
    assert list(Question.objects.order_by("pk").values()) == before
    assert Revision.objects.count() == revisions
    assert not Category.objects.filter(name="New").exists()


@pytest.mark.parametrize(
    ("suffix", "text", "line"),
    [
        (".md", "intro\n- a question before any heading\n", 2),
        (".md", "1. A\n- q\n  - level: hard\n", 3),
        (".md", "1. A\n- q\n- r\n  - difficulty: wizard\n", 4),
        (".md", "1. A\n- q\n  - minutes: -3\n", 3),
        (".md", "1. A\n- q {#same}\n- r {#same}\n", 3),
        (".md", "", 1),
        (".csv", "key,category,text\na,B,Q?\n", 1),
        (".json", '{"questions": [\n  {"key": "a" "category": "B"}\n]}', 2),
    ],
)
def test_it_names_the_file_and_line_of_a_malformed_file_and_writes_nothing(
    seed_bank, bank_file, run_import, suffix, text, line
):
    before = list(Question.objects.order_by("pk").values())
    path = bank_file(text, suffix)
    with pytest.raises(CommandError, match=rf"^{re.escape(str(path))}:{line}: "):
        run_import(path)
    assert list(Question.objects.order_by("pk").values()) == before


def test_it_rolls_back_everything_when_the_database_refuses_a_row(db, bank_file, run_import):
    too_long_key = "k" * 121
    path = bank_file(f"1. A\n- fine {{#fine}}\n- bad {{#{too_long_key}}}\n")
    with pytest.raises(CommandError):
        run_import(path)
    assert not Question.objects.exists()


def test_it_keeps_unicode_exactly(db, bank_file, run_import):
    texts = [
        "Why “curly” and ‘single’ quotes — and an ellipsis…?",
        "Emoji 🚀 in a `code 🐍` span?",
        "什么是 Django 的 ORM？",
    ]
    run_import(bank_file("1. Ünïcödé ✓\n" + "".join(f"- {t}\n" for t in texts)))
    stored = list(Question.objects.order_by("sort_order"))
    assert [q.prompt_text for q in stored] == [t.replace("`", "") for t in texts]
    assert "<code>code 🐍</code>" in stored[1].prompt
    assert Category.objects.get().name == "Ünïcödé ✓"


def test_it_guesses_the_format_from_the_extension_or_takes_it_from_the_option(
    db, tmp_path, run_import
):
    path = tmp_path / "bank.txt"
    path.write_text("key,category,prompt\na,B,Q?\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run_import(path)
    run_import(path, "--format", "csv")
    assert Question.objects.get().key == "a"
