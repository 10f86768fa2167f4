"""Factories for test data: real rows in the real database, never mocks."""

import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from interviews.roles import Role, roles_sync
from questionbank.models import Category, Difficulty, Question

_seq = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not extracted:
            self.save()
            return
        roles_sync()
        self.groups.set(Group.objects.filter(name__in=[Role(r) for r in extracted]))
        self.save()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    number = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A published question with a revision, as editors leave it after publishing."""

    class Meta:
        model = Question

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
        if create:
            self.save_revision().publish()
