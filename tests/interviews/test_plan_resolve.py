"""Plan resolution: deterministic per seed, spread across the category, warnings as it edits."""

import pytest

from interviews.plans import SectionSpec, WarningKind, plan_resolve, sections_resolve
from tests.factories import CategoryFactory, PlanFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_category():
    category = CategoryFactory(name="ORM")
    for _ in range(12):
        QuestionFactory(category=category)
    return category


def _ids(resolved):
    return [item.question.pk for item in resolved.questions]


def test_it_resolves_the_same_questions_for_the_same_seed(big_category):
    plan = PlanFactory(sections=[(big_category, 4)])
    assert _ids(plan_resolve(plan=plan, seed=7)) == _ids(plan_resolve(plan=plan, seed=7))


def test_it_spreads_across_the_category_instead_of_the_first_n(big_category):
    plan = PlanFactory(sections=[(big_category, 3)])
    first_three = sorted(big_category.questions.values_list("pk", flat=True))[:3]
    draws = {tuple(_ids(plan_resolve(plan=plan, seed=seed))) for seed in range(20)}
    assert len(draws) > 10
    assert len({pk for draw in draws for pk in draw}) == 12
    assert any(sorted(draw) != first_three for draw in draws)


def test_it_never_uses_unpublished_questions(big_category):
    hidden = big_category.questions.order_by("pk")[:10]
    for question in hidden:
        question.live = False
        question.save(update_fields=["live"])
    plan = PlanFactory(sections=[(big_category, 2)])
    ids = _ids(plan_resolve(plan=plan, seed=3))
    assert set(ids) == set(big_category.questions.filter(live=True).values_list("pk", flat=True))


def test_it_puts_pins_first_and_never_repeats_them(big_category):
    pinned = big_category.questions.order_by("pk").last()
    spec = SectionSpec(category_id=big_category.pk, count=11, category_name="ORM")
    resolved = sections_resolve(sections=[spec], pin_ids=[pinned.pk], seed=1)
    ids = _ids(resolved)
    assert ids[0] == pinned.pk
    assert len(ids) == len(set(ids)) == 12
    assert WarningKind.REPEATED in {w.kind for w in resolved.warnings}


def test_it_warns_when_a_category_has_fewer_questions_than_asked(big_category):
    spec = SectionSpec(category_id=big_category.pk, count=20, category_name="ORM")
    resolved = sections_resolve(sections=[spec], pin_ids=[], seed=1)
    assert [w.kind for w in resolved.blocking] == [WarningKind.SHORT]
    assert "only 12" in resolved.blocking[0].message


def test_it_warns_when_the_time_budget_is_exceeded(big_category):
    spec = SectionSpec(category_id=big_category.pk, count=4, minutes=10, category_name="ORM")
    resolved = sections_resolve(sections=[spec], pin_ids=[], seed=1)
    assert resolved.total_minutes == 20
    assert resolved.budget_minutes == 10
    assert WarningKind.OVER_BUDGET in {w.kind for w in resolved.warnings}


def test_it_filters_a_section_by_difficulty_and_tag(big_category):
    senior = QuestionFactory(category=big_category, difficulty="senior")
    senior.tags.add("security")
    senior.save()
    spec = SectionSpec(category_id=big_category.pk, count=1, difficulty="senior", tag="Security")
    assert _ids(sections_resolve(sections=[spec], pin_ids=[], seed=5)) == [senior.pk]
