"""Shared fixtures: named personas for every role, and the default question bank."""

import pytest

from interviews.roles import Role
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=[Role.EDITOR])


@pytest.fixture
def recruiter(db):
    return UserFactory(username="recruiter", roles=[Role.RECRUITER])


@pytest.fixture
def lead(db):
    return UserFactory(username="lead", roles=[Role.INTERVIEWER])


@pytest.fixture
def panelist(db):
    return UserFactory(username="panelist", roles=[Role.INTERVIEWER])


@pytest.fixture
def outsider(db):
    """An interviewer who sits on no panel of the interview under test."""
    return UserFactory(username="outsider", roles=[Role.INTERVIEWER])


@pytest.fixture
def hiring_manager(db):
    return UserFactory(username="manager", roles=[Role.HIRING_MANAGER])


@pytest.fixture
def other_hiring_manager(db):
    """A hiring manager of some other position."""
    return UserFactory(username="othermanager", roles=[Role.HIRING_MANAGER])


@pytest.fixture
def nobody(db):
    """A signed-in account with no role at all."""
    return UserFactory(username="nobody")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test process (Playwright cannot download its own here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
