"""wagtail.users as Panel installs it: its user admin with Panel's forms (admin_users.py).

Kept apart from admin_users.py, which imports models: an app config module is imported
before the models are ready.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class PanelUsersConfig(WagtailUsersAppConfig):
    user_viewset = "accounts.admin_users.PanelUserViewSet"
