"""Production settings refuse a weak secret key, trust a proxy's scheme header only when told
to, and pass Django's deployment checks with nothing silenced."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = secrets.token_urlsafe(50)


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh process under the production settings."""
    environment = {
        # Not the test run's own switches (the browser tests allow async-unsafe calls).
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("SECRET_KEY", "BEHIND_TLS_PROXY", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "DJANGO_SETTINGS_MODULE": "panelsite.settings.production",
        "DATABASE_URL": "sqlite:///:memory:",
        "SECRET_KEY": STRONG_KEY,
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def _setting(name: str, **env: str) -> str:
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = _run("-c", code, **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


@pytest.mark.parametrize(
    "key",
    [
        "",
        "short-key",
        "dev-insecure-key-do-not-use-in-production",
        "test-key-not-secret",
        "django-insecure-" + "x1y2z3" * 10,
        "a" * 64,
        "change-me-change-me-change-me-change-me-change-me-change-me",
    ],
)
def test_it_refuses_to_start_with_a_weak_secret_key(key):
    result = _run("-c", "import django; django.setup()", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_it_starts_with_a_strong_secret_key():
    assert _setting("DEBUG") == "False"


def test_it_trusts_x_forwarded_proto_only_when_told_a_proxy_terminates_tls():
    assert _setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert _setting("SECURE_PROXY_SSL_HEADER", BEHIND_TLS_PROXY="true") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_it_passes_the_deployment_checks_with_nothing_silenced():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
