"""Panel's configuration package, importable as ``panelsite`` (``site`` is a stdlib module name)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
