"""Benchmark: one Celery worker with concurrency 2 renders 50 queued 5 × 40 candidate reports.

Needs the local PostgreSQL and Redis. A throw-away database ``panel_reports_bench_<pid>`` (override
with ``BENCH_DATABASE``) is created and dropped at the end; Redis db 4 (override with
``BENCH_REDIS_URL``) is flushed before and after. Prints reports per minute and the spread of
single render times.

The worker is started with the command of the ``worker-pdf`` service in docker-compose.yml (plus
a node name and the log file), and the clock starts once it answers a ping.

In the same run, the baseline (issue 14: one worker within 80 % of "bare WeasyPrint rendering the
same documents with 2 processes"): plain ``weasyprint.HTML(...).write_pdf()`` renders the same 50
reports (each report's own HTML, with its stylesheet fetched the same way) in a pool of 2
processes forked after Django and WeasyPrint are loaded and warmed up, as the worker's children
are. A second, stricter pool renders only the reports' text (``report_render.bare_html``: one
paragraph per block, no stylesheet, no chart), a lighter document than the report: ours against
it mixes the worker's overhead with the report's styling (the text against the documents).

Run from the repository root: ``.venv/bin/python bench/report_throughput.py``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import socket
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


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and all their descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError):
                continue
    tree, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    ticks = 0
    for pid in tree:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def production_worker_command() -> list[str]:
    """The ``worker-pdf`` service's command in docker-compose.yml (a JSON-style list)."""
    compose = (ROOT / "docker-compose.yml").read_text()
    service = compose[compose.index("\n  worker-pdf:") :]
    return json.loads(re.search(r"^    command: (\[.*\])$", service, re.M).group(1))


def _bare_start() -> None:
    import gc

    import weasyprint

    weasyprint.HTML(string="<p>warm-up</p>").write_pdf()
    gc.freeze()  # as the worker's pool children do (scorecards.tasks)


def _bare_render(text: str) -> int:
    import weasyprint

    return len(weasyprint.HTML(string=text).write_pdf())


def reports_html(interviews) -> list[str]:
    """Each interview's candidate report as the worker draws it (one document: no chunks)."""
    from django.utils import timezone

    from scorecards.models import ReportKind
    from scorecards.reports import Subject, report_content, report_html

    htmls = []
    for interview in interviews:
        subject = Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
        content = report_content(subject=subject, paper_size="A4")
        htmls.append(report_html(content=content, paper_size="A4", generated_at=timezone.now()))
    return htmls


def _document_render(html: str) -> int:
    """Bare WeasyPrint on a report's own HTML: no collector pause, nothing of the worker's."""
    from scorecards.rendering import html_document

    return len(html_document(html=html).write_pdf())


def bare_seconds(texts: list[str], render=_bare_render) -> tuple[float, float]:
    """Seconds for a pool of 2 processes to render ``texts`` (bare WeasyPrint by default), and
    the CPU seconds the pool's processes used for it."""
    with multiprocessing.get_context("fork").Pool(2, initializer=_bare_start) as pool:
        pool.map(render, texts[:2], chunksize=1)  # both children started and warm
        children = [process.pid for process in pool._pool]
        cpu, started = cpu_seconds(children), time.perf_counter()
        pool.map(render, texts, chunksize=1)
        return time.perf_counter() - started, cpu_seconds(children) - cpu


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
    command = production_worker_command()
    assert command[0] == "celery", command
    node = f"bench-{os.getpid()}@%h"
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), *command[1:], "-n", node],
        env=os.environ.copy(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        # The clock starts once the worker answers (booted, pool forked), however busy the machine.
        from panelsite.celery import app

        booting = time.perf_counter()
        destination = [node.replace("%h", socket.gethostname())]
        while not app.control.ping(destination=destination, timeout=1.0):
            if worker.poll() is not None or time.perf_counter() - booting > 300:
                raise SystemExit(f"the worker did not start; see {log}")
        boot = time.perf_counter() - booting
        cpu, started = cpu_seconds([worker.pid]), time.perf_counter()
        with transaction.atomic():
            for interview in interviews:
                report_request(
                    user=recruiter,
                    subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview),
                )
        queued = time.perf_counter() - started
        done = 0
        while done < REPORTS:
            time.sleep(0.1)
            done = Report.objects.filter(
                status__in=[ReportStatus.READY, ReportStatus.FAILED]
            ).count()
            if time.perf_counter() - started > 1800:
                raise SystemExit(f"gave up: {done}/{REPORTS} done after 30 minutes")
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds([worker.pid]) - cpu
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    reports = list(Report.objects.all())
    failed = [r for r in reports if r.status != ReportStatus.READY]
    renders = [(r.finished_at - r.started_at).total_seconds() for r in reports if r.started_at]
    htmls = reports_html(interviews)
    same, same_cpu = bare_seconds(htmls, render=_document_render)
    text, text_cpu = bare_seconds([bare_html(html) for html in htmls])
    ours_rate, same_rate, text_rate = (REPORTS / seconds * 60 for seconds in (elapsed, same, text))
    print(f"{REPORTS} reports of 5 panelists x 40 questions, one worker, concurrency 2")
    print(f"  command        {' '.join(command)}")
    print(f"  boot           {boot:.1f} s (until it answered a ping; not counted)")
    print(f"  wall time      {elapsed:.1f} s (from queueing to the last report done)")
    print(f"  of which       {queued:.1f} s asking for the 50 reports (one transaction)")
    print(f"  throughput     {ours_rate:.1f} reports/minute")
    print(f"  CPU            {cpu / REPORTS:.2f} s a report (the worker's processes)")
    print(
        f"  one render     median {statistics.median(renders):.2f} s, "
        f"max {max(renders):.2f} s (claim to ready, in the worker)"
    )
    print(f"  failed         {len(failed)}")
    print(f"bare WeasyPrint, the same {REPORTS} reports (their own HTML), a pool of 2 processes")
    print(f"  wall time      {same:.1f} s")
    print(f"  throughput     {same_rate:.1f} reports/minute")
    print(f"  CPU            {same_cpu / REPORTS:.2f} s a report")
    print(f"ours / bare      {ours_rate / same_rate:.0%} (target >= 80 %)")
    print(f"bare WeasyPrint, only the {REPORTS} reports' text (no stylesheet), a pool of 2")
    print(f"  wall time      {text:.1f} s")
    print(f"  throughput     {text_rate:.1f} reports/minute")
    print(f"  CPU            {text_cpu / REPORTS:.2f} s a report")
    print(f"ours / text      {ours_rate / text_rate:.0%} (stricter: a lighter document)")
    print(
        f"CPU a report     ours / bare {cpu / same_cpu:.2f}, ours / text {cpu / text_cpu:.2f}, "
        f"bare / text {same_cpu / text_cpu:.2f} (CPU moves less than wall time on a busy machine)"
    )
    print(f"load average     {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    database_drop(DATABASE)


if __name__ == "__main__":
    main()
