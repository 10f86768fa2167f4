"""The search backend of WAGTAILSEARCH_BACKENDS: Wagtail's database backend for the current
database, indexing many objects at once faster (questionbank/search_indexing.py), on SQLite
ranking hits in one join (questionbank/search_sqlite.py), on PostgreSQL matching on the GIN
index and counting in the page's query (questionbank/search_postgres.py)."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    if connection.vendor == "postgresql":
        from .search_postgres import PanelPostgresSearchBackend

        return PanelPostgresSearchBackend(params)
    backend = database_search_backend(params)
    if connection.vendor != "sqlite":
        return backend  # the SQLite module's models exist only on SQLite
    from .search_sqlite import JoinedRankSQLiteSearchBackend, SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):  # not the fallback without FTS5
        return JoinedRankSQLiteSearchBackend(params)
    return backend
