"""Top-level URL map: accounts, the Wagtail admin, and each app's pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls

from interviews import views as interview_views


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# Wagtail admin areas for pages, sites, images and documents (and the admin API that serves the
# page explorer), which Panel does not use: nobody uploads files or edits pages through them,
# whatever their permissions (the menus hide them).
UNUSED_ADMIN_AREAS = (
    r"^admin/(pages|images|documents|collections|sites|api)/",
    r"^admin/reports/(locked|aging-pages|page-types-usage)/",
)


def unused_admin_area(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    *(re_path(pattern, unused_admin_area) for pattern in UNUSED_ADMIN_AREAS),
    path("", interview_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("scoring/", include("scorecards.urls")),
    path("reports/", include("scorecards.report_urls")),
]
