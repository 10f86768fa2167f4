"""The search backend of WAGTAILSEARCH_BACKENDS: Wagtail's database backend for the current
database, indexing many objects at once faster (questionbank/search_indexing.py), and on
SQLite ranking hits in one join (questionbank/search_sqlite.py)."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    if connection.vendor == "postgresql":
        from .search_indexing import FieldOncePostgresSearchBackend

        return FieldOncePostgresSearchBackend(params)
    backend = database_search_backend(params)
    if connection.vendor != "sqlite":
        return backend  # the SQLite module's models exist only on SQLite
    from .search_sqlite import JoinedRankSQLiteSearchBackend, SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):  # not the fallback without FTS5
        return JoinedRankSQLiteSearchBackend(params)
    return backend
