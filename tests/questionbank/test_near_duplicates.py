"""Near-duplicate questions: the method against the default bank, the warning after a save in
the admin, the import's listing and the editors' report."""

import itertools

import pytest
from django.urls import reverse
from rapidfuzz import fuzz
from wagtail.test.utils.form_data import rich_text

from questionbank import duplicates
from questionbank.duplicates import THRESHOLD, near_duplicate_pairs, near_duplicates
from questionbank.importing import parse_markdown
from questionbank.models import Question
from tests.factories import CategoryFactory, QuestionFactory

from .conftest import SEED

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/near-duplicates/"


@pytest.fixture(autouse=True)
def _fresh_prompts():
    """Ids and timestamps repeat between test databases; the in-memory prompts must not."""
    duplicates.prompts_clear_cache()
    yield
    duplicates.prompts_clear_cache()


def _seed_prompts() -> list[str]:
    return [row.prompt for row in parse_markdown(SEED.read_text()).questions]


def _score(a: str, b: str) -> float:
    return round(fuzz.ratio(duplicates.prompt_normalised(a), duplicates.prompt_normalised(b)), 1)


def test_it_scores_every_pair_of_the_default_bank_below_the_threshold():
    scores = [_score(a, b) for a, b in itertools.combinations(_seed_prompts(), 2)]
    assert max(scores) == 79.7
    assert max(scores) < THRESHOLD


def test_it_keeps_the_middleware_questions_of_the_default_bank_apart():
    prompts = [p for p in _seed_prompts() if "middleware" in p.lower()]
    assert len(prompts) == 3
    assert [_score(a, b) for a, b in itertools.combinations(prompts, 2)] == [57.5, 65.7, 62.1]


def test_it_normalises_case_punctuation_markdown_and_word_order():
    assert duplicates.prompt_normalised("<p>What is <code>middleware</code> in Django?</p>") == (
        "django in is middleware what"
    )
    assert _score("What is `middleware` in *Django*?", "what is MIDDLEWARE, in django!!") == 100
    assert _score("What is middleware in Django?", "In Django, what is middleware?") == 100
    assert _score("What is middleware in Django?", "What's middleware in Django?") == 90.9


@pytest.mark.parametrize(
    ("ascii_prompt", "unicode_prompt", "words"),
    [
        (
            "<p>Use_of select&amp;related, x2!</p>",
            "<p>Use_of select&amp;related, x2!\u00a0</p>",
            "of related select use x2",
        ),
        ("ASYNC\tviews\x1f-- &lt;b&gt;", "ＡＳＹＮＣ\tviews\x1f-- &lt;b&gt;", "async b views"),
    ],
)
def test_plain_ascii_and_unicode_prompts_normalise_to_the_same_words(
    ascii_prompt, unicode_prompt, words
):
    assert duplicates.prompt_normalised(ascii_prompt) == words
    assert duplicates.prompt_normalised(unicode_prompt) == words


def test_it_finds_no_pair_in_the_default_bank(seed_bank):
    assert near_duplicate_pairs() == []


def test_it_flags_a_copy_with_changed_punctuation_and_only_that_one(seed_bank):
    original = Question.objects.get(prompt="<p>What is middleware in Django?</p>")
    found = near_duplicates(prompt="<p>What is middleware, in Django!?</p>")
    assert [(match.question_id, match.score) for match in found] == [(original.pk, 100.0)]


def test_it_sees_a_question_saved_after_the_first_check(seed_bank):
    assert near_duplicates(prompt="Explain the Zen of Python.") == []
    fresh = QuestionFactory(prompt="<p>Explain the Zen of Python!</p>")
    assert [m.question_id for m in near_duplicates(prompt="Explain the Zen of Python.")] == [
        fresh.pk
    ]
    fresh.delete()
    assert near_duplicates(prompt="Explain the Zen of Python.") == []


def test_it_lists_near_duplicates_of_the_questions_an_import_adds(seed_bank, bank_file, run_import):
    path = bank_file("1. Middleware\n- What is middleware in Django??\n- Explain ASGI lifespan.\n")
    out = run_import(path)
    original = Question.objects.get(prompt="<p>What is middleware in Django?</p>")
    lines = [line for line in out.splitlines() if line.startswith("near-duplicate")]
    assert lines == [
        f"near-duplicate {path}:2 {Question.objects.get(prompt__contains='??').key} is 100% "
        f"like {original.key}: What is middleware in Django?"
    ]


def test_it_lists_them_in_a_dry_run_too(seed_bank, bank_file, run_import):
    path = bank_file("1. Middleware\n- what is MIDDLEWARE in django\n")
    out = run_import(path, "--dry-run")
    assert "near-duplicate" in out and "is 100% like" in out
    assert not Question.objects.filter(prompt__icontains="MIDDLEWARE in django<").exists()


def _form(category, text: str) -> dict:
    return {
        "prompt": rich_text(f"<p>{text}</p>"),
        "category": category.pk,
        "difficulty": "mid",
        "expected_minutes": 5,
        "tags": "",
        **{f"guide_{level}": "" for level in (1, 2, 3, 4)},
        "follow_ups": "",
        "key_points": "",
        "key": "",
        "sort_order": 1,
    }


def test_it_warns_an_editor_with_a_link_after_saving_a_near_copy(client, editor):
    original = QuestionFactory(prompt="<p>How do you create custom middleware in Django?</p>")
    client.force_login(editor)
    add = reverse("wagtailsnippets_questionbank_question:add")
    form = _form(CategoryFactory(), "How do you create custom middleware in Django ?")
    response = client.post(add, form, follow=True)
    page = response.content.decode()
    assert "This prompt is nearly the same as another question of the bank" in page
    assert reverse("wagtailsnippets_questionbank_question:edit", args=[original.pk]) in page
    assert "(100.0% similar)" in page


def test_it_says_nothing_after_saving_a_distinct_question(client, editor):
    QuestionFactory(prompt="<p>How do you create custom middleware in Django?</p>")
    client.force_login(editor)
    add = reverse("wagtailsnippets_questionbank_question:add")
    form = _form(CategoryFactory(), "What is middleware in Django?")
    page = client.post(add, form, follow=True).content.decode()
    assert "nearly the same" not in page


def test_the_report_lists_pairs_with_links_for_editors(client, editor):
    first = QuestionFactory(prompt="<p>What are Django signals?</p>")
    second = QuestionFactory(prompt="<p>What are Django signals ??</p>")
    QuestionFactory(prompt="<p>How does caching work?</p>")
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    page = response.content.decode()
    for question in (first, second):
        assert reverse("wagtailsnippets_questionbank_question:edit", args=[question.pk]) in page
    assert "How does caching work?" not in page


@pytest.mark.parametrize("persona", ["recruiter", "lead", "panelist", "hiring_manager", "nobody"])
def test_the_report_is_closed_to_everyone_but_editors(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert b"Near-duplicate" not in response.content


def test_the_report_is_closed_to_anonymous_visitors(client):
    response = client.get(REPORT)
    assert response.status_code == 302
