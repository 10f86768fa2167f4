"""Signing in with allauth: demo accounts, wrong passwords, rate limits, closed sign-up."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from interviews.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("email", [row[0] for row in DEMO_ACCOUNTS])
def test_it_signs_in_every_demo_account(client, demo_accounts, sign_in, email):
    response = sign_in(email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(email=email).pk)
    assert client.get("/bank/").status_code == 200


def test_it_rejects_a_wrong_password_with_a_message(client, demo_accounts, sign_in):
    response = sign_in("editor@panel.test", "not-the-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_it_stops_guessing_after_repeated_failures(client, demo_accounts, sign_in):
    responses = [sign_in("editor@panel.test", f"guess-{n}") for n in range(8)]
    last = responses[-1]
    limited = last.status_code == 429 or "Too many failed login attempts" in last.content.decode()
    assert limited
    # Even the right password is refused while the limit holds.
    response = sign_in("editor@panel.test")
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_it_keeps_sign_up_closed(client):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()
    client.post(
        "/accounts/signup/",
        {
            "email": "intruder@example.test",
            "password1": "Zq9!long-pass",
            "password2": "Zq9!long-pass",
        },
    )
    assert not get_user_model().objects.filter(email="intruder@example.test").exists()


def test_it_sends_a_password_reset_email(client, demo_accounts):
    assert client.get("/accounts/password/reset/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": "recruiter@panel.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["recruiter@panel.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_shows_the_two_factor_pages_to_a_signed_in_user(client, demo_accounts, sign_in):
    sign_in("lead@panel.test")
    assert client.get("/accounts/2fa/").status_code == 200
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again before 2FA changes
        assert response["Location"].startswith("/accounts/reauthenticate/")
        client.post(response["Location"], {"password": DEMO_PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert "otpauth://" in response.content.decode() or "svg" in response.content.decode()


def test_it_sends_anonymous_visitors_from_two_factor_pages_to_sign_in(client):
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
