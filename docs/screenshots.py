"""Regenerate the pictures of the README's tour: the scoring page 390 and 1366 px wide, the
analytics pages (a recruiter's calibration, a question's figures, the editors' "Questions to
review" report) and page 1 of each PDF (candidate report, interview kit, panelist scorecard).

    .venv/bin/python docs/screenshots.py

It builds the demo data (`make run`'s bank and accounts) in a throwaway SQLite database, serves
it with runserver on a free port, signs in as the demo panel lead in Debian's Chromium, renders
the PDFs in this process (scorecards.reports.report_pdf) and turns their first pages into PNGs
with pdftoppm. Every PNG is reduced to a small palette so that it stays well under 150 KB.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
SEED = ROOT / "questionbank" / "seeds" / "django-interview-questions.md"
LEAD = "lead@panel.test"
MAX_BYTES = 150_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shrink(path: Path, colors: int = 96) -> int:
    """A palette PNG: screenshots of flat UI lose nothing visible and most of their bytes."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    size = path.stat().st_size
    if size > MAX_BYTES and colors > 16:
        return shrink(path, colors // 2)
    return size


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not answer in {seconds:.0f} s")


def demo_database(env: dict) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = (
        ["migrate", "--no-input"],
        ["createcachetable"],  # sign-in's rate limits live in the database cache
        ["import_questions", str(SEED)],
        ["seed_demo", "--history", "30"],
    )
    for command in commands:
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)


def signed_in_page(browser, base: str, login: str, width: int, height: int):
    """A new browser context's page, signed in as a demo account."""
    from interviews.demo import DEMO_PASSWORD

    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def scoring_page_shots(base: str, interview_id: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in ((1366, 900), (390, 844)):
            page = signed_in_page(browser, base, LEAD, width, height)
            page.goto(f"{base}/scoring/{interview_id}/")
            if width == 1366:
                # Rate the first two questions and land on the third, as mid-interview.
                for key in ("3", "n", "4", "n"):
                    page.keyboard.press(key)
                    page.wait_for_timeout(300)
                page.wait_for_timeout(900)
            else:
                # The question being scored, from its heading: marker, prompt, ratings.
                page.locator(".scoring-question.current").evaluate(
                    "el => el.scrollIntoView({block: 'start'})"
                )
            path = DOCS / f"tour-scoring-{width}.png"
            page.screenshot(path=str(path))
            shots.append(path)
            page.context.close()
        browser.close()
    return shots


def analytics_shots(base: str, question_id: int) -> list[Path]:
    """What the demo history (seed_demo --history 30) gives each role to read, at 1366 px."""
    from playwright.sync_api import sync_playwright

    shots = []
    pages = (
        ("recruiter@panel.test", "/analytics/calibration/", "tour-calibration.png"),
        ("recruiter@panel.test", f"/analytics/questions/{question_id}/", "tour-question.png"),
        ("editor@panel.test", "/admin/reports/questions-to-review/", "tour-review.png"),
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for login, url, name in pages:
            page = signed_in_page(browser, base, login, 1366, 900)
            page.goto(f"{base}{url}")
            page.wait_for_load_state("networkidle")
            path = DOCS / name
            page.screenshot(path=str(path))
            shots.append(path)
            page.context.close()
        browser.close()
    return shots


def pdf_first_pages(workdir: Path) -> list[Path]:
    from interviews.models import Interview, InterviewStatus
    from scorecards.demo import DEMO_CANDIDATE
    from scorecards.models import ReportKind, Scorecard
    from scorecards.reports import Subject, report_pdf

    scored = Interview.objects.get(
        status=InterviewStatus.COMPLETED, candidate__email=DEMO_CANDIDATE[1]
    )
    upcoming = Interview.objects.filter(status=InterviewStatus.SCHEDULED).first()
    subjects = {
        "candidate-report": Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored),
        "interview-kit": Subject(kind=ReportKind.INTERVIEW_KIT, interview=upcoming),
        "scorecard": Subject(
            kind=ReportKind.SCORECARD,
            scorecard=Scorecard.objects.filter(interview=scored).order_by("pk").first(),
        ),
    }
    pages = []
    for name, subject in subjects.items():
        pdf, _content = report_pdf(subject=subject, paper_size="A4")
        source = workdir / f"{name}.pdf"
        source.write_bytes(pdf)
        target = DOCS / f"tour-{name}.png"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                target.with_suffix(""),
            ],
            check=True,
        )
        pages.append(target)
    return pages


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="panel-tour-") as tmp:
        workdir = Path(tmp)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="panelsite.settings.dev",
            DATABASE_URL=f"sqlite:///{workdir / 'tour.sqlite3'}",
            MEDIA_ROOT=str(workdir / "media"),
        )
        demo_database(env)
        os.environ.update(env)
        import django

        django.setup()
        from django.db.models import Count

        from interviews.models import Interview, InterviewQuestion, InterviewStatus

        live = Interview.objects.get(status=InterviewStatus.LIVE)
        # The question the demo history asks in every interview: the most figures behind it.
        asked_most = (
            InterviewQuestion.objects.exclude(source_question=None)
            .values("source_question")
            .annotate(uses=Count("id"))
            .order_by("-uses", "source_question")[0]["source_question"]
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz")
            written = scoring_page_shots(base, live.pk)
            written += analytics_shots(base, asked_most)
        finally:
            server.terminate()
            server.wait(timeout=10)
        written += pdf_first_pages(workdir)
    for path in written:
        print(f"{path.relative_to(ROOT)}: {shrink(path) / 1000:.0f} KB")


if __name__ == "__main__":
    main()
