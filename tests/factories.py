"""Factories for test data: real rows in the real database, never mocks."""

import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import Role, roles_sync
from questionbank.models import Category, Difficulty, Question

_seq = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    """A user; roles=[Role.RECRUITER, ...] puts them in those role groups.

    The groups exist from migrate on (post_migrate runs roles_sync), so a user costs a handful
    of queries; roles_sync runs here only if a test removed the groups.
    """

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*_role_groups([Role(r) for r in extracted]))


def _role_groups(roles: list[Role]) -> list[Group]:
    groups = list(Group.objects.filter(name__in=roles))
    if len(groups) < len(set(roles)):
        roles_sync()
        groups = list(Group.objects.filter(name__in=roles))
    return groups


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    number = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A live question, as a plain row: cheap, and enough for everything that reads the bank.

    It has no revision. A test about revisions, publishing, moderation or the revision id a
    snapshot freezes asks for one: publish=True saves a revision and publishes it through
    Wagtail, as an editor leaves a question after publishing. live=False gives a draft that
    was never published (one unpublished revision), as an editor leaves one.
    """

    class Meta:
        model = Question
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"question-{n}")
    category = factory.SubFactory(CategoryFactory)
    prompt = factory.Sequence(lambda n: f"<p>What is thing number {n}?</p>")
    difficulty = Difficulty.MID
    expected_minutes = 5
    guide_1 = "No idea"
    guide_2 = "Vague"
    guide_3 = "Solid"
    guide_4 = "Deep"
    follow_ups = "Why?\nWhen not?"
    key_points = "Point one\nPoint two"
    live = True

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if not create:
            return
        if not self.live:
            self.save_revision()
        elif extracted:
            self.save_revision().publish()


# --- interviews (hiring) -------------------------------------------------------------------


class PositionFactory(factory.django.DjangoModelFactory):
    """An open position; pass hiring_managers=[user, ...] to seat its managers."""

    class Meta:
        model = "interviews.Position"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Django engineer {n}")
    team = "Platform"

    @factory.post_generation
    def hiring_managers(self, create, extracted, **kwargs):
        if create and extracted:
            self.hiring_managers.set(extracted)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Candidate"

    full_name = factory.Sequence(lambda n: f"Candidate Number{n}")
    email = factory.Sequence(lambda n: f"candidate{n}@mail.test")
    position = factory.SubFactory(PositionFactory)
    notes = "Referred by a friend."


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan; sections=[(category, count), ...] adds sections (15 minutes each)."""

    class Meta:
        model = "interviews.InterviewPlan"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Plan {n}")

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        from interviews.models import PlanSection

        for index, (category, count) in enumerate(extracted or []):
            PlanSection.objects.create(
                plan=self, category=category, count=count, minutes=15, sort_order=index
            )


def _tomorrow():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=1)


class InterviewFactory(factory.django.DjangoModelFactory):
    """An interview tomorrow with a frozen snapshot of published questions.

    panel=[lead, other, ...] seats the panel (the first is the lead); questions=N (default 3)
    creates N live questions in one category (QuestionFactory: no revisions) and freezes them,
    or questions=[Question, ...] freezes those. status="live"/"completed" sets the status
    directly (no audit row).
    """

    class Meta:
        model = "interviews.Interview"
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    plan = None
    scheduled_at = factory.LazyFunction(lambda: _tomorrow())
    duration_minutes = 60
    location = "Room 1"
    seed = 0

    @factory.post_generation
    def panel(self, create, extracted, **kwargs):
        from interviews.models import PanelSeat

        for index, user in enumerate(extracted or []):
            PanelSeat.objects.create(interview=self, user=user, is_lead=index == 0)

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        from interviews.scheduling import interview_questions_freeze

        if not create:
            return
        if extracted is None or isinstance(extracted, int):
            category = CategoryFactory()
            count = 3 if extracted is None else extracted
            extracted = [QuestionFactory(category=category) for _ in range(count)]
        interview_questions_freeze(interview=self, questions=list(extracted))


def interview_with_panel(*, lead, panelists=(), questions=3, **kwargs):
    """Shortcut: an interview whose panel is lead (as lead) plus panelists, with a snapshot."""
    return InterviewFactory(panel=[lead, *panelists], questions=questions, **kwargs)
