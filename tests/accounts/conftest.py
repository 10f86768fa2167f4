"""Accounts tests run against allauth's real views; rate limits live in the cache."""

import pytest
from django.core.cache import cache

from interviews.demo import DEMO_PASSWORD, demo_accounts_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_accounts(db):
    return demo_accounts_create()


@pytest.fixture
def sign_in(client):
    def post(email: str, password: str = DEMO_PASSWORD):
        return client.post("/accounts/login/", {"login": email, "password": password})

    return post
