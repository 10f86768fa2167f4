"""Shared set-up of the bank benchmarks: a throw-away database and a generated 10,000-question bank.

The database is a temporary SQLite file, or, when DATABASE_URL names PostgreSQL, a fresh
database beside it (``<name>_bench_<pid>``) that is dropped at exit. Never the real one.
"""

import atexit
import os
import random
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = 50
PER_CATEGORY = int(os.environ.get("BENCH_PER_CATEGORY", "200"))
_WORDS = (
    "queryset migration middleware signal template form serializer cache session csrf "
    "transaction index admin model view router permission celery redis postgres sqlite "
    "select_related prefetch_related annotate aggregate pagination throttling logging "
    "deployment gunicorn static media storage locale timezone fixture testing factory "
    "async channel websocket upload validation manager queryset-api raw-sql explain lock"
)
WORDS = _WORDS.split()
TAGS = [f"tag{n}" for n in range(40)]


def database_prepare(*, code_root: Path = ROOT) -> str:
    """Point Django at a fresh database, migrate it, and return a description of it.

    ``code_root``: the tree whose code is imported (another worktree, to measure a baseline)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/') or 'panel'}_bench_{os.getpid()}"
        import psycopg

        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

        atexit.register(drop)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        described = f"PostgreSQL database {name} (dropped at exit)"
    else:
        folder = tempfile.mkdtemp(prefix="panel-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        described = f"SQLite {folder}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    # Development settings (plain static files, eager Celery), but DEBUG off as in production.
    os.environ["DJANGO_SETTINGS_MODULE"] = "panelsite.settings.dev"
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(code_root))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return described


def bank_markdown(seed: int = 7) -> str:
    """50 categories × 200 questions, each with difficulty, minutes, tags, guides, follow-ups."""
    rng = random.Random(seed)
    lines = ["A generated bank for benchmarks.", ""]
    for category in range(1, CATEGORIES + 1):
        lines.append(f"{category}. Category {category} {rng.choice(WORDS)}")
        for number in range(1, PER_CATEGORY + 1):
            words = " ".join(rng.choice(WORDS) for _ in range(10))
            code = rng.choice(WORDS)
            lines.append(f"- Q{category}.{number}: how would you use `{code}` {words}?")
            lines.append(f"  - difficulty: {rng.choice(['junior', 'mid', 'senior'])}")
            lines.append(f"  - minutes: {rng.randint(2, 15)}")
            lines.append(f"  - tags: {', '.join(rng.sample(TAGS, 3))}")
            for level in range(1, 5):
                lines.append(f"  - guide {level}: level {level} " + " ".join(rng.sample(WORDS, 6)))
            lines.append(f"  - follow-up: and what about {rng.choice(WORDS)}?")
            lines.append(f"  - key point: mentions {rng.choice(WORDS)}")
        lines.append("")
    return "\n".join(lines)


def bank_file_write(folder: Path) -> Path:
    path = folder / "bank.md"
    path.write_text(bank_markdown(), encoding="utf-8")
    return path
