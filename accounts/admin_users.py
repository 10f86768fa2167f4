"""Wagtail's user admin and account page, with Panel's rule for people's names (one line) and
its check of posted ids (the groups).

Names end up in e-mails, calendar invites and PDF file names (see accounts.validators).
The user admin takes these forms through accounts.users_app.PanelUsersConfig (in
INSTALLED_APPS); the account page through site/urls.py, which routes /admin/account/ to
PanelAccountView.
"""

from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .fields import IdMultipleChoiceField
from .validators import validate_single_line


class SingleLineNames:
    """Adds the one-line rule to a user form's name fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].validators.append(validate_single_line)


class PanelUserCreationForm(SingleLineNames, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        # A group "id" past 64 bits overflowed SQLite inside the IN (…) of the check (500).
        field_classes = {"groups": IdMultipleChoiceField}


class PanelUserEditForm(SingleLineNames, UserEditForm):
    class Meta(UserEditForm.Meta):
        field_classes = {"groups": IdMultipleChoiceField}


class PanelUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PanelUserEditForm if for_update else PanelUserCreationForm


class PanelNameEmailForm(SingleLineNames, NameEmailForm):
    pass


class PanelNameEmailSettingsPanel(NameEmailSettingsPanel):
    form_class = PanelNameEmailForm


class PanelAccountView(AccountView):
    """Wagtail's account page, its name form holding names to one line."""

    def get_panels(self):
        return [
            PanelNameEmailSettingsPanel(self.request, panel.user, panel.profile)
            if type(panel) is NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]
