"""Pages go out gzipped to browsers that accept it; streamed files go out as they are."""

import gzip

import pytest
from django.http import StreamingHttpResponse

from interviews.middleware import PageGZipMiddleware
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_it_gzips_the_scoring_page_for_a_browser_that_accepts_it(client, lead, panelist):
    interview = InterviewFactory(panel=[lead, panelist], questions=3)
    client.force_login(panelist)
    url = f"/scoring/{interview.pk}/"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"Question 1 of 3" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get(url)  # no Accept-Encoding: plain


def test_it_sends_a_streamed_file_as_it_is(rf):
    body = [b"%PDF-1.7 " * 100]
    middleware = PageGZipMiddleware(lambda request: StreamingHttpResponse(iter(body)))
    response = middleware(rf.get("/reports/1/download/", HTTP_ACCEPT_ENCODING="gzip"))
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == body[0]
