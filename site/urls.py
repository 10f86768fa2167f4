"""Top-level URL map: accounts, the Wagtail admin, and each app's pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access

from accounts.admin_users import PanelAccountView
from interviews import views as interview_views
from scorecards import views as scorecard_views


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


def _to_allauth(pattern_name: str):
    """GET or POST, always a redirect: nothing is authenticated or sent on the way."""
    return login_not_required(RedirectView.as_view(pattern_name=pattern_name, query_string=True))


_allauth_login = _to_allauth("account_login")


@login_not_required
def admin_login(request):
    """Wagtail's login page. Anonymous visitors go to allauth's (keeping ?next=). Wagtail also
    sends here signed-in people who may not use the admin, after queueing its message: allauth
    would send them straight back to the admin, a redirect loop, so they go home, where the
    message shows. People who may use the admin go to it."""
    if not request.user.is_authenticated:
        return _allauth_login(request)
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    return redirect("home")


urlpatterns = [
    *(re_path(pattern, unused_admin_area) for pattern in UNUSED_ADMIN_AREAS),
    path("", interview_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    # The recruiter dashboard shows who is late, which scorecards knows: it is scorecards' page.
    path("dashboard/", scorecard_views.dashboard, name="dashboard"),
    path("accounts/", include("allauth.urls")),
    # One door into a session: allauth's, which applies two-factor and rate limits. Wagtail's
    # own login and password-reset views would sign in with the password alone, so they only
    # point there (the login keeps ?next=).
    path("admin/login/", admin_login),
    re_path(r"^admin/password_reset/", _to_allauth("account_reset_password")),
    path("admin/account/", require_admin_access(PanelAccountView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("bank/", include("questionbank.urls")),
    path("", include("interviews.urls")),
    path("scoring/", include("scorecards.urls")),
    path("reports/", include("scorecards.reports.urls")),
    path("analytics/", include("analytics.urls")),
]
