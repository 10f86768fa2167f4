"""Benchmark: one Celery worker with concurrency 2 renders 50 queued 5 × 40 candidate reports.

Needs the local PostgreSQL and Redis. A throw-away database ``panel_reports_bench_<pid>`` (override
with ``BENCH_DATABASE``) is created and dropped at the end; Redis db 4 (override with
``BENCH_REDIS_URL``) is flushed before and after. Prints reports per minute and the spread of
single render times.

In the same run, the baseline (issue 14: within 80 % of it): bare WeasyPrint renders the same
50 reports' text (``report_render.bare_html`` of each report's HTML) in a pool of 2 processes
forked after Django and WeasyPrint are loaded and warmed up, as the worker's children are.

Run from the repository root: ``.venv/bin/python bench/report_throughput.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_render import bare_html
from throwaway_postgres import database_drop, database_recreate

ROOT = Path(__file__).resolve().parent.parent
REPORTS = int(os.environ.get("BENCH_REPORTS", "50"))
DATABASE = os.environ.get("BENCH_DATABASE", f"panel_reports_bench_{os.getpid()}")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")


def _bare_start() -> None:
    import gc

    import weasyprint

    weasyprint.HTML(string="<p>warm-up</p>").write_pdf()
    gc.freeze()  # as the worker's pool children do (scorecards.tasks)


def _bare_render(text: str) -> int:
    import weasyprint

    return len(weasyprint.HTML(string=text).write_pdf())


def bare_seconds(interviews) -> float:
    """Seconds for a pool of 2 processes to render the reports' text with bare WeasyPrint."""
    from django.utils import timezone

    from scorecards.models import ReportKind
    from scorecards.reports import Subject, report_content, report_html

    texts = []
    for interview in interviews:
        subject = Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
        content = report_content(subject=subject, paper_size="A4")
        texts.append(
            bare_html(report_html(content=content, paper_size="A4", generated_at=timezone.now()))
        )
    with multiprocessing.get_context("fork").Pool(2, initializer=_bare_start) as pool:
        pool.map(_bare_render, texts[:2], chunksize=1)  # both children started and warm
        started = time.perf_counter()
        pool.map(_bare_render, texts, chunksize=1)
        return time.perf_counter() - started


def main() -> None:
    import redis

    database_url = database_recreate(DATABASE)
    media_root = tempfile.mkdtemp(prefix="panel-throughput-")
    os.environ.update(
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        MEDIA_ROOT=media_root,
        SECRET_KEY="bench-only",
        DJANGO_SETTINGS_MODULE="panelsite.settings.base",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from accounts.roles import Role
    from scorecards.models import Report, ReportKind, ReportStatus
    from scorecards.reports import Subject, report_request
    from tests.factories import UserFactory
    from tests.reports.panel_data import scored_interview_create

    redis.Redis.from_url(REDIS_URL).flushdb()
    call_command("migrate", verbosity=0, interactive=False)
    people = [
        UserFactory(first_name=f"Panelist{n}", last_name="Bench", roles=[Role.INTERVIEWER])
        for n in range(5)
    ]
    recruiter = UserFactory(roles=[Role.RECRUITER])
    interviews = [
        scored_interview_create(panelists=people, questions=40, candidate_name=f"Candidate {n}")
        for n in range(REPORTS)
    ]

    log = Path(media_root) / "worker.log"
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")), "-A", "panelsite", "worker",
            "-Q", "pdf", "-c", "2", "--pool", "prefork", "-n", f"bench-{os.getpid()}@%h",
            "--without-mingle", "--without-gossip", "--loglevel", "WARNING",
        ],
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )  # fmt: skip
    try:
        # Let the worker boot (and import WeasyPrint in its children) before the clock starts.
        time.sleep(8)
        started = time.perf_counter()
        with transaction.atomic():
            for interview in interviews:
                report_request(
                    user=recruiter,
                    subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
                )
        done = 0
        while done < REPORTS:
            time.sleep(0.5)
            done = Report.objects.filter(
                status__in=[ReportStatus.READY, ReportStatus.FAILED]
            ).count()
            if time.perf_counter() - started > 1800:
                raise SystemExit(f"gave up: {done}/{REPORTS} done after 30 minutes")
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    reports = list(Report.objects.all())
    failed = [r for r in reports if r.status != ReportStatus.READY]
    renders = [(r.finished_at - r.started_at).total_seconds() for r in reports if r.started_at]
    bare = bare_seconds(interviews)
    ours_rate, bare_rate = REPORTS / elapsed * 60, REPORTS / bare * 60
    print(f"{REPORTS} reports of 5 panelists x 40 questions, one worker, concurrency 2")
    print(f"  wall time      {elapsed:.1f} s (from queueing to the last report done)")
    print(f"  throughput     {ours_rate:.1f} reports/minute")
    print(
        f"  one render     median {statistics.median(renders):.2f} s, "
        f"max {max(renders):.2f} s (claim to ready, in the worker)"
    )
    print(f"  failed         {len(failed)}")
    print(f"bare WeasyPrint, the same {REPORTS} reports' text, a pool of 2 processes")
    print(f"  wall time      {bare:.1f} s")
    print(f"  throughput     {bare_rate:.1f} reports/minute")
    print(f"ours / bare      {ours_rate / bare_rate:.0%} (target >= 80 %)")
    print(f"load average     {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    database_drop(DATABASE)


if __name__ == "__main__":
    main()
