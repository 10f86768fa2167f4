"""Benchmark: render the candidate report for 3 × 10, 5 × 40 and 10 × 200 (panelists × questions).

Each size is measured in its own subprocess (so peak memory is that render's), in-process like
the worker does it: the database reads, the template and WeasyPrint, after a warm-up render and
``gc.freeze()`` (as the worker's pool children do).
Beside it, in the same run, a bare ``weasyprint.HTML(string=...).write_pdf()`` of minimal HTML
holding the same text (one <p> per text block, no CSS) gives the ratio report / bare. Wall time
and the process's CPU time are both printed: on a shared machine the CPU time moves less.

Run from the repository root: ``.venv/bin/python bench/report_render.py`` (temporary SQLite).
"""

from __future__ import annotations

import gc
import html
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(3, 10), (5, 40), (10, 200)]


def django_setup(database_url: str, media_root: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = media_root
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "panelsite.settings.base"
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def data_create() -> dict[str, int]:
    """One scored interview per size; returns {"3x10": interview id, ...}."""
    from django.core.management import call_command

    from accounts.roles import Role
    from tests.factories import UserFactory
    from tests.reports.panel_data import scored_interview_create

    call_command("migrate", verbosity=0, interactive=False)
    people = [
        UserFactory(first_name=f"Panelist{n}", last_name="Bench", roles=[Role.INTERVIEWER])
        for n in range(max(p for p, _ in SIZES))
    ]
    ids = {}
    for panelists, questions in SIZES:
        interview = scored_interview_create(
            panelists=people[:panelists],
            questions=questions,
            candidate_name=f"Bench Candidate {panelists}x{questions}",
        )
        ids[f"{panelists}x{questions}"] = interview.pk
    return ids


def bare_html(report_html: str) -> str:
    """The report's text, one paragraph per text block, without any styling."""
    body = re.sub(r"<(style|svg)\b.*?</\1>", "", report_html, flags=re.S)
    blocks = [html.unescape(part).strip() for part in re.split(r"<[^>]+>", body)]
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in blocks if text)
    return f"<!doctype html><html><body>{paragraphs}</body></html>"


def measure(variant: str, interview_id: int, repeat: int) -> dict:
    """In this process: warm up, then time ``repeat`` renders; peak RSS of the process."""
    import weasyprint
    from django.utils import timezone

    from interviews.models import Interview
    from scorecards.models import ReportKind
    from scorecards.reports import Subject, report_content, report_html, report_pdf

    weasyprint.HTML(string="<p>warm-up</p>").write_pdf()
    # As in the worker's pool children (scorecards.tasks.freeze_inherited_objects).
    gc.freeze()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    subject = Subject(
        kind=ReportKind.CANDIDATE_REPORT, interview=Interview.objects.get(pk=interview_id)
    )
    content = report_content(subject=subject, paper_size="A4")
    text = report_html(content=content, paper_size="A4", generated_at=timezone.now())
    bare = bare_html(text)
    seconds, cpu_seconds, size = [], [], 0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        if variant == "report":
            pdf, _content = report_pdf(subject=subject, paper_size="A4")
        else:
            pdf = weasyprint.HTML(string=bare).write_pdf()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        size = len(pdf)
    import io

    from pypdf import PdfReader

    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "bytes": size,
        "text_chars": sum(len(t) for t in re.findall(r"<p>(.*?)</p>", bare)),
        "baseline_mb": baseline,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(variant: str, interview_id: int, repeat: int, env: dict) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--measure", variant, str(interview_id), str(repeat)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    folder = tempfile.mkdtemp(prefix="panel-report-bench-")
    database_url = f"sqlite:///{folder}/bench.sqlite3"
    media_root = f"{folder}/media"
    django_setup(database_url, media_root)
    started = time.perf_counter()
    ids = data_create()
    print(f"Data in SQLite {folder}/bench.sqlite3 ({time.perf_counter() - started:.0f} s)")
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": media_root}
    print(
        f"{'size':>8} {'pages':>5} {'text':>8} | {'report s':>8} {'cpu s':>6} {'peak MB':>8} | "
        f"{'bare s':>7} {'cpu s':>6} {'peak MB':>8} | {'ratio':>5} {'cpu':>5}"
    )
    for panelists, questions in SIZES:
        key = f"{panelists}x{questions}"
        repeat = 1 if questions >= 200 else 5
        ours = run_child("report", ids[key], repeat, env)
        bare = run_child("bare", ids[key], repeat, env)
        ours_s, bare_s = statistics.median(ours["seconds"]), statistics.median(bare["seconds"])
        ours_cpu = statistics.median(ours["cpu_seconds"])
        bare_cpu = statistics.median(bare["cpu_seconds"])
        print(
            f"{key:>8} {ours['pages']:>5} {ours['text_chars']:>8} | {ours_s:>8.2f} "
            f"{ours_cpu:>6.2f} {ours['peak_mb']:>8.0f} | {bare_s:>7.2f} {bare_cpu:>6.2f} "
            f"{bare['peak_mb']:>8.0f} | {ours_s / bare_s:>5.2f} {ours_cpu / bare_cpu:>5.2f}"
        )
    print(
        "report s / bare s: wall-clock median of 5 renders (1 for 10x200) after a warm-up, each "
        "size in its own process; cpu s: the same renders' process CPU time; ratio: report / "
        "bare, wall and cpu; peak MB: the process's peak RSS (Python + Django + WeasyPrint, "
        f"about {ours['baseline_mb']:.0f} MB before rendering)."
    )
    print(f"load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        django_setup(os.environ["DATABASE_URL"], os.environ["MEDIA_ROOT"])
        print(json.dumps(measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        main()
