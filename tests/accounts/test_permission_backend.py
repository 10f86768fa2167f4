"""Permission checks read the user's own and their groups' permissions in one query, and
answer exactly as Django's ModelBackend does."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from accounts.backends import OneQueryPermissionBackend

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request loads it: no permission read yet."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def direct_reader(nobody):
    """No role, but the bank's read permission given to the account itself."""
    nobody.user_permissions.add(
        Permission.objects.get(content_type__app_label="questionbank", codename="view_question")
    )
    return nobody


@pytest.fixture
def inactive_editor(editor):
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    return editor


@pytest.mark.parametrize(
    "persona",
    [
        "admin_user",
        "editor",
        "recruiter",
        "panelist",
        "hiring_manager",
        "nobody",
        "direct_reader",
        "inactive_editor",
    ],
)
def test_it_grants_what_django_grants(request, persona):
    user = request.getfixturevalue(persona)
    ours = OneQueryPermissionBackend().get_all_permissions(fresh(user))
    assert ours == ModelBackend().get_all_permissions(fresh(user))
    assert bool(ours) == (persona not in ("nobody", "inactive_editor"))


def test_it_reads_a_users_own_permission(direct_reader):
    assert fresh(direct_reader).has_perm("questionbank.view_question")
    assert not fresh(direct_reader).has_perm("questionbank.change_question")


def test_it_grants_nothing_to_an_inactive_user(inactive_editor):
    user = fresh(inactive_editor)
    assert not user.has_perm("questionbank.view_question")
    assert user.get_all_permissions() == set()


def test_it_asks_the_database_once_per_request(panelist, django_assert_num_queries):
    user = fresh(panelist)
    with django_assert_num_queries(1):
        assert user.has_perm("questionbank.view_question")
        # A refusal falls through to ModelBackend and allauth's backend: same set, no query.
        assert not user.has_perm("questionbank.change_question")
        assert user.has_module_perms("questionbank")
        assert not user.has_module_perms("interviews")


def test_it_signs_no_one_in(client, panelist):
    panelist.set_password("a long enough password")
    panelist.save(update_fields=["password"])
    assert client.login(username=panelist.username, password="a long enough password")
    assert client.session["_auth_user_backend"] != "accounts.backends.OneQueryPermissionBackend"
