"""Pages for recruiters, panelists and hiring managers."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from .roles import user_roles


def home(request):
    """Shows each role where to go."""
    return render(request, "home.html", {"roles": sorted(user_roles(request.user))})


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[("", _("Server default (UTC)"))]
        + [(name, name) for name in sorted(zoneinfo.available_timezones())],
        required=False,
    )


def preferences(request):
    profile = UserProfile.get_for_user(request.user)
    form = PreferencesForm(request.POST or None, initial={"time_zone": profile.current_time_zone})
    if request.method == "POST" and form.is_valid():
        profile.current_time_zone = form.cleaned_data["time_zone"]
        profile.save(update_fields=["current_time_zone"])
        messages.success(request, _("Preferences saved."))
        return redirect("interviews:preferences")
    return render(request, "interviews/preferences.html", {"form": form})
