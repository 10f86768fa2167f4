"""Point the web side's Celery at a real broker for one test: the test Redis db, or a dead port.

Two test processes on one Redis db would flush each other's queue and run each other's tasks, so
a test holds a file lock named after the db while it uses it: under ``pytest -n 2`` such tests
take turns. (``xdist_group`` cannot do it here: with pytest 9.2 ``--dist loadgroup`` silently
ignores the mark, pytest-dev/pytest-xdist#1386.)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

from panelsite.celery import app

REDIS_URL = os.environ.get("REPORTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def free_port() -> int:
    """A loopback port nothing listens on (the kernel just handed it out and took it back)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _forget_connections() -> None:
    """Make the app open connections to the broker it is configured with now."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def redis_db_to_ourselves(url: str) -> Iterator[None]:
    """Wait until no other test process on this machine uses the Redis db ``url``."""
    name = hashlib.sha256(url.encode()).hexdigest()[:16]
    with (Path(tempfile.gettempdir()) / f"panel-worker-tests-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@contextmanager
def celery_sending_to(url: str) -> Iterator[None]:
    """Send tasks to the broker at ``url`` instead of running them in-process."""
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections()


@contextmanager
def sending_to_test_redis() -> Iterator[redis.Redis]:
    """Celery sends to the test Redis db, flushed before and after; yields a client of it."""
    with redis_db_to_ourselves(REDIS_URL):
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()
        try:
            with celery_sending_to(REDIS_URL):
                yield client
        finally:
            client.flushdb()


def queued_messages(client: redis.Redis, queue: str = "pdf") -> int:
    """How many task messages wait in a queue of the Redis broker."""
    return client.llen(queue)
