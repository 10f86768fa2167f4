"""Top-level URL map: accounts, the Wagtail admin, and each app's pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls

from interviews import views as interview_views


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", interview_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("scoring/", include("scorecards.urls")),
    path("reports/", include("scorecards.report_urls")),
]
