"""How a PDF worker starts: its main process draws one page before it forks its pool, and the
workers run without Celery's worker events (the command in docker-compose.yml, which
bench/report_throughput.py also runs)."""

import gc
import json
import re
from pathlib import Path

import pytest
from celery.signals import worker_init

from scorecards import tasks
from scorecards.reports.rendering import report_renderer_warm

from .conftest import pdf_pages, pdf_text

ROOT = Path(__file__).resolve().parent.parent.parent


def _compose_command(service: str) -> list[str]:
    compose = (ROOT / "docker-compose.yml").read_text()
    block = compose[compose.index(f"\n  {service}:") :]
    return json.loads(re.search(r"^    command: (\[.*\])$", block, re.M).group(1))


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_it_warms_the_renderer_when_the_worker_starts():
    receivers = [receiver() for _, receiver in worker_init.receivers]

    assert tasks.warm_renderer_before_fork in receivers


def test_it_warms_up_by_drawing_one_page_of_the_reports_template():
    pdf = report_renderer_warm()

    assert len(pdf_pages(pdf)) == 1
    assert "Panel" in pdf_text(pdf)


def test_it_freezes_what_the_main_process_holds_before_the_fork(unfrozen):
    gc.unfreeze()

    tasks.warm_renderer_before_fork(sender=None)

    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("service", ["worker", "worker-pdf"])
def test_it_runs_the_workers_without_gossip_mingle_or_heartbeat(service):
    command = _compose_command(service)

    assert command[:4] == ["celery", "-A", "panelsite", "worker"]
    assert {"--without-gossip", "--without-mingle", "--without-heartbeat"} <= set(command)


def test_it_renders_pdfs_on_their_own_queue_with_two_processes():
    command = _compose_command("worker-pdf")

    assert command[command.index("-Q") + 1] == "pdf"
    assert command[command.index("-c") + 1] == "2"


def test_a_worker_whose_renderer_fails_to_warm_up_still_starts(unfrozen, monkeypatch, caplog):
    def broken():
        raise OSError("no fonts")

    monkeypatch.setattr(tasks, "report_renderer_warm", broken)
    gc.unfreeze()

    tasks.warm_renderer_before_fork(sender=None)

    assert "could not be warmed up" in caplog.text
    assert gc.get_freeze_count() > 0
