"""Benchmark: resolving a 10-section interview plan over a 10,000-question bank.

Builds a throw-away database (temporary SQLite, or a fresh PostgreSQL database beside
DATABASE_URL, dropped at exit; see bank_setup.database_prepare) with 10 categories × 1,000
published questions (plus 500 unpublished ones that must never be drawn), a plan of 10 sections
(one per category, 3 questions each, three of them restricted to a difficulty, one to a tag)
and 2 pinned questions, then resolves it with BENCH_ROUNDS different seeds.
Prints milliseconds per resolve (median, p95, min, max) and SQL queries per resolve.

Run from the repository root: ``.venv/bin/python bench/plan_resolve.py``.
"""

import os
import random
import statistics
import time

from bank_setup import database_prepare

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))
CATEGORIES = 10
PER_CATEGORY = 1000


def bank_create() -> None:
    from taggit.models import Tag

    from questionbank.models import Category, Question, QuestionTag

    rng = random.Random(3)
    categories = Category.objects.bulk_create(
        Category(name=f"Category {n}", slug=f"category-{n}", number=n)
        for n in range(1, CATEGORIES + 1)
    )
    rows = []
    for category in categories:
        for number in range(PER_CATEGORY + 50):
            rows.append(
                Question(
                    key=f"c{category.number}-q{number}",
                    category=category,
                    prompt=f"<p>Question {number} of {category.name}</p>",
                    difficulty=rng.choice(["junior", "mid", "senior"]),
                    expected_minutes=rng.randint(2, 10),
                    live=number < PER_CATEGORY,
                )
            )
    Question.objects.bulk_create(rows, batch_size=2000)
    tag = Tag.objects.create(name="security", slug="security")
    tagged = Question.objects.filter(category=categories[0], live=True).values_list("pk", flat=True)
    QuestionTag.objects.bulk_create(
        QuestionTag(content_object_id=pk, tag=tag) for pk in list(tagged)[::10]
    )


def plan_create():
    from django.contrib.auth import get_user_model

    from interviews.models import InterviewPlan
    from interviews.plans import SectionSpec, plan_save
    from questionbank.models import Category, Question

    specs = []
    for index, category in enumerate(Category.objects.order_by("number")):
        specs.append(
            SectionSpec(
                category_id=category.pk,
                count=3,
                difficulty=["", "", "senior", "", "mid", "", "junior", "", "", ""][index],
                tag="security" if index == 0 else "",
                minutes=15,
                category_name=category.name,
            )
        )
    pins = list(Question.objects.live().order_by("?").values_list("pk", flat=True)[:2])
    user = get_user_model().objects.create(username="bench")
    return plan_save(plan=InterviewPlan(name="Bench plan"), sections=specs, pin_ids=pins, by=user)


def main() -> None:
    described = database_prepare()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.plans import plan_resolve
    from questionbank.models import Question

    bank_create()
    plan = plan_create()
    print(f"Database: {described}")
    print(
        f"Bank: {Question.objects.live().count():,} published questions "
        f"(+{Question.objects.filter(live=False).count()} unpublished), plan of "
        f"{plan.sections.count()} sections + {plan.pins.count()} pins"
    )
    plan_resolve(plan=plan, seed=0)  # warm caches and connections
    timings, queries, sizes = [], [], set()
    for seed in range(1, ROUNDS + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            resolved = plan_resolve(plan=plan, seed=seed)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        sizes.add(len(resolved.questions))
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(
        f"plan_resolve over {ROUNDS} seeds: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, min {timings[0]:.1f} ms, max {timings[-1]:.1f} ms"
    )
    print(
        f"SQL queries per resolve: {sorted(set(queries))}; questions per resolve: {sorted(sizes)}"
    )


if __name__ == "__main__":
    main()
