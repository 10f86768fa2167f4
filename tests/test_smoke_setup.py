import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/bank/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_sign_in_page_to_anonymous_visitors(client):
    assert client.get("/accounts/login/").status_code == 200
