"""User-written text reaches the PDF as text, and the renderer can fetch nothing but our CSS."""

import socket
import threading

import pytest

from scorecards.models import Answer, ReportKind, ReportStatus
from scorecards.rendering import StaticOnlyFetcher, html_to_pdf
from scorecards.reports import Subject, report_content, report_html

from .conftest import pdf_text

HOSTILE_NOTE = (
    '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:6379/"> '
    "<style>body { background: url(file:///etc/hostname) }</style><b>bold?</b>"
)


@pytest.fixture
def listener():
    """A TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            connections.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join()
    server.close()


@pytest.mark.django_db
def test_it_prints_hostile_notes_and_names_as_text(render_now, recruiter, scored_interview):
    answer = Answer.objects.filter(scorecard__interview=scored_interview).exclude(notes="").first()
    answer.notes = HOSTILE_NOTE
    answer.save(update_fields=["notes"])
    candidate = scored_interview.candidate
    candidate.full_name = "Eve <script>alert(1)</script> O'Brien"
    candidate.save(update_fields=["full_name"])

    report = render_now(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )
    assert report.status == ReportStatus.READY, report.error
    text = pdf_text(report.file.read())
    assert '<img src="file:///etc/passwd">' in text
    assert "<b>bold?</b>" in text
    assert "Eve <script>alert(1)</script> O'Brien" in text
    assert "root:x:0:0" not in text


@pytest.mark.django_db
def test_it_sanitises_rich_text_from_the_bank(recruiter, scored_interview):
    question = scored_interview.questions.first()
    question.prompt = (
        '<p>Explain <code>F()</code> <img src="file:///etc/passwd"> '
        '<a href="javascript:alert(1)">here</a> <a href="https://docs.djangoproject.com/">docs</a>'
        "<script>steal()</script></p>"
    )
    question.save(update_fields=["prompt"])
    content = report_content(
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
        paper_size="A4",
    )
    html = report_html(content=content, paper_size="A4", generated_at=question.frozen_at)
    assert "<code>F()</code>" in html
    assert "<img" not in html and "javascript:" not in html and "steal()" not in html
    assert '<a href="https://docs.djangoproject.com/">docs</a>' in html


def test_it_refuses_local_files_and_every_host(listener):
    port, connections = listener
    fetcher = StaticOnlyFetcher()
    html = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>
        @import url("http://127.0.0.1:{port}/import.css");
        body {{ background: url(file:///etc/hostname); }}
        @font-face {{ font-family: x; src: url(http://127.0.0.1:{port}/font.woff); }}
      </style></head>
      <body style="font-family: x"><p>hello</p>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/pixel.png">
      <object data="file:///etc/passwd"></object>
      <img src="panel-static:../../../../etc/passwd"></body></html>"""

    pdf = html_to_pdf(html=html, fetcher=fetcher)

    assert pdf_text(pdf) == "hello"
    assert not connections
    attempted = " ".join(fetcher.calls)
    for url in [
        f"http://127.0.0.1:{port}/x.css",
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/import.css",
        "file:///etc/hostname",
        f"http://127.0.0.1:{port}/pixel.png",
        "panel-static:../../../../etc/passwd",
    ]:
        assert url in attempted
    assert fetcher.served == []


def test_it_serves_our_own_static_files():
    fetcher = StaticOnlyFetcher()
    html_to_pdf(
        html='<link rel="stylesheet" href="panel-static:css/panel.css"><p>styled</p>',
        fetcher=fetcher,
    )
    assert fetcher.served == ["panel-static:css/panel.css"]
