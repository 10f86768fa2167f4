"""Wagtail admin additions of the accounts side: the account page points to allauth."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_account_menu_item")
def change_password(request):
    """Wagtail's own password form is off (one door for credentials): link to allauth's."""
    return {
        "url": reverse("account_change_password"),
        "label": _("Change password"),
        "help_text": _("Passwords are managed on Panel's account pages."),
    }


@hooks.register("register_account_menu_item")
def two_factor(request):
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("Turn on an authenticator app for signing in."),
    }
