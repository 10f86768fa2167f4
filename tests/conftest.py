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


# --- two roles at once: seated on a panel and something more ----------------------------------
# Tests seat them with seat_on_panel(); a seat's duty (blind scoring until one's own scorecard is
# submitted) holds whatever else they are.


@pytest.fixture
def panelist_recruiter(db):
    return UserFactory(username="panelrecruiter", roles=[Role.INTERVIEWER, Role.RECRUITER])


@pytest.fixture
def panelist_manager(db):
    """An interviewer who is also a hiring manager (of the position, once seated)."""
    return UserFactory(username="panelmanager", roles=[Role.INTERVIEWER, Role.HIRING_MANAGER])


@pytest.fixture
def panelist_superuser(db):
    return UserFactory(username="panelsuper", is_superuser=True, is_staff=True)


DUAL_ROLES = ("panelist_recruiter", "panelist_manager", "panelist_superuser")


def seat_on_panel(interview, user) -> None:
    """Seat ``user`` on the interview (not as lead); a hiring manager also manages its position."""
    from interviews.models import PanelSeat
    from interviews.roles import has_role

    PanelSeat.objects.create(interview=interview, user=user)
    if has_role(user, Role.HIRING_MANAGER) and not user.is_superuser:
        interview.candidate.position.hiring_managers.add(user)


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
