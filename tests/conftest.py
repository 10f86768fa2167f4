"""Shared fixtures: named personas for every role, data built once per module (module_db),
and test databases cloned per xdist worker."""

import pytest
from django.db import connection, transaction

from accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings_parallel_suffix, django_db_blocker
):
    """Under xdist on PostgreSQL, this worker's test database is a clone of one migrated once
    for the whole run (tests/database_clones.py); yields its name, or None when it is not."""
    workerinput = getattr(request.config, "workerinput", None)
    clone = (
        workerinput is not None
        and connection.vendor == "postgresql"
        and not request.config.getvalue("reuse_db")
        and not request.config.getvalue("nomigrations")
    )
    if not clone:
        yield None
        return
    from tests.database_clones import worker_database_clone, worker_database_drop

    with django_db_blocker.unblock():
        name = worker_database_clone(
            run=workerinput["testrunuid"],
            workers=workerinput["workercount"],
            verbosity=request.config.option.verbose,
        )
    yield name
    with django_db_blocker.unblock():
        worker_database_drop(name)


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """Keep (reuse) the database: asked with --reuse-db, or made ready as a clone (which
    django_db_modify_db_settings drops at the end)."""
    return bool(request.config.getvalue("reuse_db") or django_db_modify_db_settings)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# Each persona fixture's user, by fixture name (persona_create builds one for shared data).
PERSONAS = {
    "admin_user": {"username": "admin", "is_superuser": True, "is_staff": True},
    "editor": {"username": "editor", "roles": [Role.EDITOR]},
    "recruiter": {"username": "recruiter", "roles": [Role.RECRUITER]},
    "lead": {"username": "lead", "roles": [Role.INTERVIEWER]},
    "panelist": {"username": "panelist", "roles": [Role.INTERVIEWER]},
    "outsider": {"username": "outsider", "roles": [Role.INTERVIEWER]},
    "hiring_manager": {"username": "manager", "roles": [Role.HIRING_MANAGER]},
    "other_hiring_manager": {"username": "othermanager", "roles": [Role.HIRING_MANAGER]},
    "nobody": {"username": "nobody"},
    # Two roles at once: tests seat them with seat_on_panel().
    "panelist_recruiter": {
        "username": "panelrecruiter",
        "roles": [Role.INTERVIEWER, Role.RECRUITER],
    },
    "panelist_manager": {
        "username": "panelmanager",
        "roles": [Role.INTERVIEWER, Role.HIRING_MANAGER],
    },
    "panelist_superuser": {"username": "panelsuper", "is_superuser": True, "is_staff": True},
}


def persona_create(name: str):
    return UserFactory(**PERSONAS[name])


@pytest.fixture
def admin_user(db):
    return persona_create("admin_user")


@pytest.fixture
def editor(db):
    return persona_create("editor")


@pytest.fixture
def recruiter(db):
    return persona_create("recruiter")


@pytest.fixture
def lead(db):
    return persona_create("lead")


@pytest.fixture
def panelist(db):
    return persona_create("panelist")


@pytest.fixture
def outsider(db):
    """An interviewer who sits on no panel of the interview under test."""
    return persona_create("outsider")


@pytest.fixture
def hiring_manager(db):
    return persona_create("hiring_manager")


@pytest.fixture
def other_hiring_manager(db):
    """A hiring manager of some other position."""
    return persona_create("other_hiring_manager")


@pytest.fixture
def nobody(db):
    """A signed-in account with no role at all."""
    return persona_create("nobody")


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a module, for data its tests share: built once, rolled back
    after the module's last test (like Django's setUpTestData). Each test still runs in its own
    savepoint inside it (the `db` fixture), so no test sees another's writes. Tests using it
    must not be transactional (no transactional_db, live_server or transaction=True), and
    must set it up before their own transaction: name the module's data fixture in
    `pytest.mark.usefixtures` (a getfixturevalue() from inside a test comes too late).
    """
    if connection.in_atomic_block:
        raise RuntimeError("module_db started inside a test's transaction; see its docstring")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fixtures_from(source: str, names) -> dict:
    """Fixtures named `names`, each the object of that name in the dict fixture `source`.

    A module that builds its data once (module_db) hands each test a copy of it as `source`;
    `globals().update(fixtures_from(source, names))` there overrides the fixtures of those names,
    so its tests keep asking for `lead` or `interview` and get the shared objects.
    """

    def fixture_for(name):
        @pytest.fixture(name=name)
        def from_source(request):
            return request.getfixturevalue(source)[name]

        return from_source

    return {name: fixture_for(name) for name in names}


# --- two roles at once: seated on a panel and something more ----------------------------------
# Tests seat them with seat_on_panel(); a seat's duty (blind scoring until one's own scorecard is
# submitted) holds whatever else they are.


@pytest.fixture
def panelist_recruiter(db):
    return persona_create("panelist_recruiter")


@pytest.fixture
def panelist_manager(db):
    """An interviewer who is also a hiring manager (of the position, once seated)."""
    return persona_create("panelist_manager")


@pytest.fixture
def panelist_superuser(db):
    return persona_create("panelist_superuser")


DUAL_ROLES = ("panelist_recruiter", "panelist_manager", "panelist_superuser")


def seat_on_panel(interview, user) -> None:
    """Seat ``user`` on the interview (not as lead); a hiring manager also manages its position."""
    from accounts.roles import has_role
    from interviews.models import PanelSeat

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
