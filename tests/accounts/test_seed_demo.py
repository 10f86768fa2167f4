"""manage.py seed_demo: development only, and safe to run twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from interviews.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def test_it_creates_each_account_once_even_when_run_twice(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    User = get_user_model()
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    for email, *_rest in DEMO_ACCOUNTS:
        assert User.objects.filter(email=email).count() == 1
        user = User.objects.get(email=email)
        assert user.emailaddress_set.count() == 1
