"""Panel has no pages, images or documents: the Wagtail admin neither shows their menus,
reports, dashboard panels and search boxes, nor serves their views to anyone (404)."""

import html
import json

import pytest
from wagtail.models import GroupCollectionPermission, GroupPagePermission

pytestmark = pytest.mark.django_db

UNUSED = [
    "/admin/pages/",
    "/admin/pages/search/?q=x",
    "/admin/pages/add/wagtailcore/page/1/",
    "/admin/images/",
    "/admin/images/multiple/add/",
    "/admin/images/chooser/",
    "/admin/documents/",
    "/admin/documents/multiple/add/",
    "/admin/documents/chooser/",
    "/admin/collections/",
    "/admin/sites/",
    "/admin/api/main/pages/",
    "/admin/api/main/images/",
    "/admin/reports/locked/",
    "/admin/reports/aging-pages/",
    "/admin/reports/page-types-usage/",
]


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
@pytest.mark.parametrize("url", UNUSED)
def test_it_answers_404_for_the_page_image_and_document_views(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_it_refuses_an_image_or_document_upload(client, request, persona, tmp_path):
    client.force_login(request.getfixturevalue(persona))
    for url in ("/admin/images/multiple/add/", "/admin/documents/multiple/add/"):
        response = client.post(url, {"files[]": b"GIF89a"})
        assert response.status_code == 404


def test_it_keeps_the_reports_that_cover_questions(client, admin_user):
    client.force_login(admin_user)
    for url in ("/admin/reports/site-history/", "/admin/reports/workflow/"):
        assert client.get(url).status_code == 200


def _sidebar(body: str) -> dict:
    """The sidebar's menus and search box, as the admin page hands them to its script."""
    start = body.index('id="wagtail-sidebar-props"')
    start = body.index(">", start) + 1
    return json.loads(html.unescape(body[start : body.index("</script>", start)]))


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_it_shows_no_page_parts_on_the_dashboard_or_in_the_menus(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    body = response.content.decode()
    sidebar = json.dumps(_sidebar(body))
    for absent in ("Search all pages", "Aging pages", "Page types usage", "Locked pages"):
        assert absent not in body, absent
    for area in ("/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/collections/"):
        assert area not in sidebar, area
    assert "/admin/sites/" not in sidebar
    assert "Search questions" in body
    assert [panel.name for panel in response.context["panels"]] == [
        "user_objects_in_workflow_moderation",
        "workflow_objects_to_moderate",
    ]


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_it_points_the_sidebar_search_at_questions(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    modules = _sidebar(client.get("/admin/").content.decode())["modules"]
    search = next(m for m in modules if m["_type"] == "wagtail.sidebar.SearchModule")
    assert search["_args"] == ["/admin/snippets/questionbank/question/"]


def test_it_gives_the_editors_group_no_page_or_collection_rights(editor):
    groups = editor.groups.all()
    assert groups
    assert not GroupPagePermission.objects.filter(group__in=groups).exists()
    assert not GroupCollectionPermission.objects.filter(group__in=groups).exists()
