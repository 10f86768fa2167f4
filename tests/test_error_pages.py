"""Forbidden, missing and broken pages are Panel's own styled pages that say what to do next."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import server_error

from panelsite.urls import urlpatterns as site_urlpatterns
from tests.factories import InterviewFactory


def _broken_view(request):
    raise RuntimeError("a bug in a view")


def _refusing_view(request):
    raise PermissionDenied


# This module is also the URL map of the tests marked with it: the site plus two test views.
urlpatterns = [
    *site_urlpatterns,
    path("test-broken/", _broken_view),
    path("test-refused/", _refusing_view),
]


@pytest.mark.django_db
def test_it_renders_the_styled_403_page_for_scoring_someone_elses_interview(
    client, hiring_manager, lead
):
    """The position's hiring manager sees the interview but has no seat to score from (someone
    who does not see the interview at all gets the 404 page instead)."""
    interview = InterviewFactory(
        panel=[lead], candidate__position__hiring_managers=[hiring_manager]
    )
    client.force_login(hiring_manager)
    response = client.get(reverse("scorecards:score", args=[interview.pk]))
    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "You do not have access to this page" in page
    assert 'href="/"' in page
    assert interview.candidate.full_name not in page


@pytest.mark.django_db
def test_it_renders_the_styled_404_page_for_a_missing_interview(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("interviews:interview", args=[999_999]))
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "This page does not exist" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_it_renders_the_styled_500_page_when_a_view_raises(recruiter):
    client = Client(raise_request_exception=False)
    client.force_login(recruiter)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "a bug in a view" not in page
    assert 'href="/"' in page


@pytest.mark.django_db
@pytest.mark.urls("tests.test_error_pages")
def test_it_renders_the_403_page_with_the_navigation_for_a_signed_in_user(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/test-refused/")
    assert response.status_code == 403
    assert "Sign out" in response.content.decode()


def test_it_renders_the_500_page_without_the_database_or_a_user():
    # No django_db mark: pytest-django fails the test if the page touches the database.
    response = server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "/static/css/panel.css" in page
