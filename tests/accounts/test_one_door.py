"""One way into a session: allauth's, with its MFA and rate limits. Wagtail's own login and
password pages only send visitors there."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from interviews.demo import DEMO_PASSWORD
from tests.conftest import PERSONAS, persona_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_with_totp(demo_accounts):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(email="editor@panel.test")
    TOTP.activate(editor, generate_totp_secret())
    return editor


def test_it_sends_wagtails_login_page_to_allauth_with_next(client):
    response = client.get("/admin/login/?next=/admin/snippets/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/snippets/"


def test_it_never_signs_in_through_wagtails_login_form(client, editor_with_totp):
    """The password alone must not open a session for a user who has two-factor on."""
    response = client.post(
        "/admin/login/", {"username": "editor@panel.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_it_asks_for_the_second_factor_through_the_one_door(client, editor_with_totp, sign_in):
    response = sign_in("editor@panel.test")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session


def test_it_rate_limits_guesses_made_at_wagtails_login_too(client, demo_accounts, sign_in):
    for n in range(8):
        client.post("/admin/login/", {"username": "editor@panel.test", "password": f"guess-{n}"})
    client.post("/admin/login/", {"username": "editor@panel.test", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "path",
    [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/set-password/",
        "/admin/password_reset/complete/",
    ],
)
def test_it_sends_wagtails_password_reset_pages_to_allauth(client, demo_accounts, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    client.post(path, {"email": "editor@panel.test"})
    assert not mail.outbox


def test_it_changes_no_password_from_wagtails_account_page(client, demo_accounts):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(email="editor@panel.test")
    client.force_login(editor)
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": "Edith",
            "name_email-last_name": "Editor",
            "name_email-email": "editor@panel.test",
            "locale-preferred_language": "",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "password-old_password": DEMO_PASSWORD,
            "password-new_password1": "a-new-Password-9",
            "password-new_password2": "a-new-Password-9",
        },
    )
    assert response.status_code == 302  # the rest of the account settings still save
    editor.refresh_from_db()
    assert editor.check_password(DEMO_PASSWORD)
    page = client.get("/admin/account/").content.decode()
    assert "/accounts/password/change/" in page


def test_it_sends_anonymous_admin_visitors_to_allauth(client):
    response = client.get("/admin/snippets/", follow=True)
    assert response.redirect_chain[-1] == ("/accounts/login/?next=/admin/snippets/", 302)
    assert response.status_code == 200


ADMIN_USERS = {"admin_user", "editor", "panelist_superuser"}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_it_sends_a_signed_in_user_to_the_admin_or_home_never_round_in_a_loop(client, persona):
    """Wagtail sends a signed-in user who may not use the admin to its login page; allauth
    would send them straight back. Every persona, one role or two, ends on a page."""
    client.force_login(persona_create(persona))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    assert len(response.redirect_chain) <= 2
    if persona in ADMIN_USERS:
        assert response.request["PATH_INFO"] == "/admin/"
    else:
        assert response.request["PATH_INFO"] == "/"
        assert "You do not have permission to access the admin." in response.content.decode()


@pytest.mark.parametrize(("persona", "landing"), [("editor", "/admin/"), ("panelist", "/")])
def test_it_sends_a_signed_in_visitor_of_wagtails_login_page_on(client, persona, landing):
    client.force_login(persona_create(persona))

    response = client.get("/admin/login/?next=/admin/snippets/")

    assert response.status_code == 302
    assert response["Location"] == landing
