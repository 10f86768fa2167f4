from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def is_final_post_migrate(sender) -> bool:
    """post_migrate is sent once per app with models; set-up that needs every app's tables,
    content types and permissions (Wagtail adds publish/lock ones late) waits for the last."""
    return sender is [config for config in apps.get_app_configs() if config.models_module][-1]


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from .roles import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="accounts-roles")
