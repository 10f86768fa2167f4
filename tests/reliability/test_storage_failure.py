"""The disk fills up while a PDF is written: the report fails at once with a plain message and
leaves no partial file behind; once there is room again, "Make PDF" renders it.

The worker runs with a file-size limit smaller than the PDF (RLIMIT_FSIZE): the write stops
part-way with an OSError, exactly as on a full disk.
"""

import resource

import pytest
from django.urls import reverse

from scorecards.models import Report, ReportStatus
from tests.processes import pool_children

from .conftest import STORAGE_FAILED, media_files, pdfs, status_page, wait_for, wait_until_ready

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

FILE_SIZE_LIMIT = 4096  # bytes: a report of a few questions is tens of kilobytes


def test_it_fails_plainly_without_a_partial_file_when_the_disk_is_full(
    stack, web_side, client, recruiter, scored_interview
):
    stack.redis()
    worker = stack.worker("pdf", file_size_limit=FILE_SIZE_LIMIT)
    client.force_login(recruiter)
    request_url = reverse("reports:request", args=["interview-report", scored_interview.pk])
    client.post(request_url, HTTP_HX_REQUEST="true")
    report = Report.objects.get()

    wait_for(
        lambda: Report.objects.get(pk=report.pk).status == ReportStatus.FAILED,
        timeout=90,
        what="the report to fail",
    )
    report.refresh_from_db()
    assert report.attempts == 1, "a storage failure is not re-rendered"
    assert report.error == STORAGE_FAILED
    assert "File too large" in report.error_detail
    assert media_files() == [], "a partial PDF was left behind"
    page = status_page(client, report)
    assert STORAGE_FAILED in page
    assert "Make PDF" in page and str(stack.tmp_path) not in page

    # Room again: lift the limit of the worker and its pool process, and make the PDF anew.
    for pid in [worker.pid, *pool_children(worker.pid)]:
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
    client.post(request_url, {"paper_size": "A4"}, HTTP_HX_REQUEST="true")
    again = Report.objects.exclude(pk=report.pk).get()
    wait_until_ready(client, again, timeout=90)
    assert media_files() == pdfs() and len(pdfs()) == 1
