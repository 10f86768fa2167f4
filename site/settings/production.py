"""Production: DEBUG off, HTTPS everywhere, secrets and hosts only from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = False

# A weak key lets anyone forge sessions, password-reset links and signed values: refuse to
# start rather than run with the development key, a placeholder or something short.
_PLACEHOLDER_WORDS = ("change", "insecure", "not-secret", "do-not-use", "example", "placeholder")


def _weak_secret_key(key: str) -> bool:
    return (
        len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure")
        or any(word in key.lower() for word in _PLACEHOLDER_WORDS)
    )


if _weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing, shorter than 50 characters, too repetitive or a placeholder. "
        "Set a random one, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# X-Forwarded-Proto is trusted only behind a proxy that terminates TLS and sets it: anywhere
# else a client could claim https for a plain-http request.
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page of Panel is framed, except Wagtail's preview inside its own editor: Wagtail marks
# its preview views SAMEORIGIN itself (xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"
