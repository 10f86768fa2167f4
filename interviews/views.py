"""Pages for everyone signed in: home (where each role goes), preferences and my interviews.

Every view asks interviews.policies (directly or through a scoped selector): a page the role may
not open is a 403, an object outside the user's scope is a 404. The other hiring pages are in
hiring_views (positions, candidates), plan_views, interview_views and change_views.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile

from accounts.roles import user_roles

from . import policies, selectors
from .forms import PreferencesForm
from .notifications import preference_set, wants_notifications
from .view_helpers import form_status


def home(request):
    """Shows each role where to go."""
    context = {"roles": sorted(user_roles(request.user))}
    if policies.can_manage_hiring(request.user):
        context["dashboard_counts"] = selectors.dashboard_counts()
    mine = selectors.interviews_for_panelist(request.user)
    context["my_upcoming"] = mine.open()[:5]
    context["managed_positions"] = selectors.positions_visible_to(request.user).filter(
        hiring_managers=request.user
    )[:10]
    return render(request, "home.html", context)


def preferences(request):
    profile = UserProfile.get_for_user(request.user)
    initial = {
        "time_zone": profile.current_time_zone,
        "email_notifications": wants_notifications(request.user),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile.current_time_zone = form.cleaned_data["time_zone"]
        profile.save(update_fields=["current_time_zone"])
        preference_set(
            user=request.user, email_notifications=form.cleaned_data["email_notifications"]
        )
        messages.success(request, _("Preferences saved."))
        return redirect("interviews:preferences")
    return render(request, "interviews/preferences.html", {"form": form}, status=form_status(form))


def my_interviews(request):
    """The interviews the signed-in user sits on: coming and past."""
    mine = selectors.interviews_for_panelist(request.user)
    return render(
        request,
        "interviews/my_interviews.html",
        {
            "upcoming": mine.open(),
            "past": mine.closed().order_by("-scheduled_at")[:50],
        },
    )
