"""A PostgreSQL database that a benchmark creates fresh and drops when it is done."""

import os

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _run(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def database_recreate(name: str) -> str:
    """Drop any leftover of ``name``, create it empty, and return its DATABASE_URL."""
    database_drop(name)
    _run(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def database_drop(name: str) -> None:
    """Close this process's connections and drop ``name`` (others' sessions are ended)."""
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()
    _run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
