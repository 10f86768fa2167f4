"""Local development: DEBUG on, an insecure key, SQLite and eager Celery unless told otherwise."""

import os

os.environ.setdefault("SECRET_KEY", "dev-insecure-key-do-not-use-in-production")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
