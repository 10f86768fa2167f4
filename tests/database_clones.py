"""Test databases under xdist on PostgreSQL: migrated once per run, then cloned per worker.

Each worker used to run all of the project's and Wagtail's migrations into its own database
(about 11 s of the worker's CPU and much more of PostgreSQL's). Now the first worker of a run
migrates a template database; every worker copies it with CREATE DATABASE ... TEMPLATE, a file
copy inside PostgreSQL, and the last one to copy drops the template.
"""

import fcntl
import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def _locked_state(name: str):
    """The run's shared state (a JSON file), held under an exclusive lock."""
    path = Path(tempfile.gettempdir()) / f"panel-{name}.json"
    with path.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        text = handle.read()
        state = json.loads(text) if text else {}
        yield state
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(state))


def _execute_without_database(connection, *statements: str) -> None:
    connection.close()
    with connection._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def worker_database_clone(*, run: str, workers: int, verbosity: int) -> str:
    """Create this worker's test database as a clone of the run's migrated template; return
    its name. pytest-django then finds it and keeps it (keepdb): worker_database_drop ends it."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    test_settings = connection.settings_dict["TEST"]
    worker_name = test_settings["NAME"]  # pytest-django's name for this worker (…_gw0)
    template = f"test_{connection.settings_dict['NAME']}_template"
    with _locked_state(template) as state:
        if state.get("run") != run:
            test_settings["NAME"] = template
            original = connection.settings_dict["NAME"]
            connection.creation.create_test_db(
                verbosity=verbosity, autoclobber=True, serialize=False
            )
            connection.settings_dict["NAME"] = original
            settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"] = original
            test_settings["NAME"] = worker_name
            state.update(run=run, clones=0)
        _execute_without_database(
            connection,
            f"DROP DATABASE IF EXISTS {quote(worker_name)}",
            f"CREATE DATABASE {quote(worker_name)} TEMPLATE {quote(template)}",
        )
        state["clones"] += 1
        if state["clones"] == workers:
            _execute_without_database(connection, f"DROP DATABASE {quote(template)}")
    return worker_name


def worker_database_drop(name: str) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    _execute_without_database(
        connection, f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}"
    )
