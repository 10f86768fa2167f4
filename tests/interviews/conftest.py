"""Hiring data around the shared personas: two positions, each with a candidate and an
interview; `lead` and `panelist` sit on the first, `outsider` on the second.

Each fixture calls a builder of the same name, so a module can build the same data once for
all its tests (hiring_data_create, with the module_db fixture).
"""

import pytest

from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    InterviewFactory,
    PlanFactory,
    PositionFactory,
    QuestionFactory,
)


def categories_create(*, publish: bool = False):
    """Two categories with four live questions each (publish=True: with published revisions)."""
    first = CategoryFactory(name="Models & Database", slug="models")
    second = CategoryFactory(name="Security", slug="security")
    for category in (first, second):
        for _ in range(4):
            QuestionFactory(category=category, publish=publish)
    return first, second


def position_create(*, hiring_manager):
    return PositionFactory(title="Senior Django engineer", hiring_managers=[hiring_manager])


def other_position_create(*, other_hiring_manager):
    return PositionFactory(title="Data engineer", hiring_managers=[other_hiring_manager])


def candidate_create(*, position):
    return CandidateFactory(
        full_name="Maya Okafor", email="maya.secret@mail.test", position=position
    )


def other_candidate_create(*, other_position):
    return CandidateFactory(
        full_name="Oskar Otherperson", email="oskar.secret@mail.test", position=other_position
    )


def plan_create(*, categories):
    first, second = categories
    return PlanFactory(name="Backend mid", sections=[(first, 2), (second, 2)])


def interview_create(*, candidate, plan, lead, panelist, categories):
    questions = list(categories[0].questions.all()[:3])
    return InterviewFactory(
        candidate=candidate, plan=plan, panel=[lead, panelist], questions=questions
    )


def other_interview_create(*, other_candidate, plan, outsider, categories):
    questions = list(categories[1].questions.all()[:2])
    return InterviewFactory(
        candidate=other_candidate, plan=plan, panel=[outsider], questions=questions
    )


def hiring_data_create(*, lead, panelist, outsider, hiring_manager, other_hiring_manager):
    """Everything the fixtures below give, at once, by fixture name."""
    data = {"categories": categories_create()}
    data["position"] = position_create(hiring_manager=hiring_manager)
    data["other_position"] = other_position_create(other_hiring_manager=other_hiring_manager)
    data["candidate"] = candidate_create(position=data["position"])
    data["other_candidate"] = other_candidate_create(other_position=data["other_position"])
    data["plan"] = plan_create(categories=data["categories"])
    data["interview"] = interview_create(
        candidate=data["candidate"],
        plan=data["plan"],
        lead=lead,
        panelist=panelist,
        categories=data["categories"],
    )
    data["other_interview"] = other_interview_create(
        other_candidate=data["other_candidate"],
        plan=data["plan"],
        outsider=outsider,
        categories=data["categories"],
    )
    return data


@pytest.fixture
def categories(db):
    return categories_create()


@pytest.fixture
def position(hiring_manager):
    return position_create(hiring_manager=hiring_manager)


@pytest.fixture
def other_position(other_hiring_manager):
    return other_position_create(other_hiring_manager=other_hiring_manager)


@pytest.fixture
def candidate(position):
    return candidate_create(position=position)


@pytest.fixture
def other_candidate(other_position):
    return other_candidate_create(other_position=other_position)


@pytest.fixture
def plan(categories):
    return plan_create(categories=categories)


@pytest.fixture
def interview(candidate, plan, lead, panelist, categories):
    return interview_create(
        candidate=candidate, plan=plan, lead=lead, panelist=panelist, categories=categories
    )


@pytest.fixture
def other_interview(other_candidate, plan, outsider, categories):
    return other_interview_create(
        other_candidate=other_candidate, plan=plan, outsider=outsider, categories=categories
    )


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free loopback port; Django's SMTP backend sends to it."""
    from .smtp import SmtpServer

    server = SmtpServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.controller.stop()
