"""Real processes for tests: a private redis-server, Celery workers and beat, gunicorn.

Every process runs against the test's PostgreSQL database and MEDIA_ROOT, leads its own process
group (so a test can SIGKILL a whole worker with its pool), writes its output to a log under the
test's tmp_path, and is stopped when the test ends (the end of each log is printed then).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import redis
from django.conf import settings
from django.db import connection

BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def wait_for(predicate: Callable[[], object], *, timeout: float, what: str, every: float = 0.2):
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def pool_children(pid: int) -> list[int]:
    """The pids of a prefork worker's pool processes."""
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except FileNotFoundError:
        return []


@dataclass
class Started:
    """One started process: its command, log and readiness check."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    ready: Callable[[Started], bool]
    file_size_limit: int | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> Started:
        limit = self.file_size_limit

        def limit_file_size() -> None:
            # Only the soft limit: the test can lift it again later (prlimit), as if the disk
            # had been freed. Python ignores SIGXFSZ, so a write past the limit is an OSError.
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                # A process whose files are size-limited cannot write a log file of its own.
                stdout=subprocess.PIPE if limit else out,
                stderr=subprocess.STDOUT,
                cwd=settings.BASE_DIR,
                start_new_session=True,
                preexec_fn=limit_file_size if limit else None,
            )
        if limit:
            threading.Thread(target=self._copy_output, daemon=True).start()
        return self

    def _copy_output(self) -> None:
        with self.log.open("ab") as out:
            for line in self.process.stdout:
                out.write(line)
                out.flush()

    def wait_ready(self, timeout: float = 90) -> Started:
        def ready() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited early:\n{self.text()[-3000:]}")
            return self.ready(self)

        wait_for(ready, timeout=timeout, what=f"{self.name} to start", every=0.3)
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group, as the OOM killer or a lost host would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive():
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _log_says(text: str) -> Callable[[Started], bool]:
    return lambda started: text in started.text()


class Processes:
    """The processes one test starts; ``stop_all`` ends them."""

    def __init__(self, tmp_path: Path, redis_url: str, env: dict[str, str] | None = None):
        self.tmp_path = tmp_path
        self.redis_url = redis_url
        self.extra_env = env or {}
        self.started: list[Started] = []

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "panelsite.settings.test",
            "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
                **connection.settings_dict
            ),
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            **self.extra_env,
            **(extra or {}),
        }

    def _add(self, started: Started, wait: bool) -> Started:
        self.started.append(started)
        started.start()
        return started.wait_ready() if wait else started

    def redis(self, *, wait: bool = True) -> Started:
        """The redis-server of ``redis_url``, the test's own, on loopback and without
        persistence: restarting it loses every queued message, as a Redis that restarts
        without its data does."""
        port = urlparse(self.redis_url).port
        command = [
            REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.tmp_path),
        ]  # fmt: skip

        def ready(started: Started) -> bool:
            try:
                return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
            except redis.ConnectionError:
                return False

        started = Started(f"redis-{port}", command, dict(os.environ), self._log("redis"), ready)
        return self._add(started, wait)

    def worker(
        self,
        name: str,
        *,
        queues: str = "pdf,default",
        beat: bool = False,
        env: dict[str, str] | None = None,
        file_size_limit: int | None = None,
        wait: bool = True,
    ) -> Started:
        """A Celery worker with one pool process (``beat``: with Celery beat embedded)."""
        command = [
            str(BIN / "celery"), "-A", "panelsite", "worker", "-Q", queues, "-c", "1",
            "--pool", "prefork", "-n", f"{name}-{os.getpid()}@%h",
            "--without-mingle", "--without-gossip", "--loglevel", "INFO",
        ]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(self.tmp_path / f"{name}-beat-schedule")]
        started = Started(
            name,
            command,
            self.env(env),
            self._log(name),
            _log_says("ready."),
            file_size_limit=file_size_limit,
        )
        return self._add(started, wait)

    def beat(self, *, env: dict[str, str] | None = None, wait: bool = True) -> Started:
        command = [
            str(BIN / "celery"), "-A", "panelsite", "beat", "--loglevel", "INFO",
            "--schedule", str(self.tmp_path / "beat-schedule"),
        ]  # fmt: skip
        started = Started("beat", command, self.env(env), self._log("beat"), _log_says("Starting"))
        return self._add(started, wait)

    def web(self, port: int, *, env: dict[str, str] | None = None, wait: bool = True) -> Started:
        """gunicorn serving Panel, as in production (one worker process, a few threads)."""
        command = [
            str(BIN / "gunicorn"), "panelsite.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--threads", "4", "--timeout", "120",
        ]  # fmt: skip

        def ready(started: Started) -> bool:
            import httpx

            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        return self._add(Started("web", command, self.env(env), self._log("web"), ready), wait)

    def _log(self, name: str) -> Path:
        return self.tmp_path / f"{name}.log"

    def stop_all(self) -> None:
        for started in reversed(self.started):
            started.stop()
        for started in self.started:
            print(f"--- {started.log.name}\n{started.text()[-3000:]}")
