from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def is_final_post_migrate(sender) -> bool:
    """post_migrate is sent once per app with models; set-up that needs every app's tables,
    content types and permissions (Wagtail adds publish/lock ones late) waits for the last."""
    return sender is [config for config in apps.get_app_configs() if config.models_module][-1]


def _moderation_after_migrate(sender, **kwargs) -> None:
    if not is_final_post_migrate(sender):
        return
    from django.contrib.contenttypes.models import ContentType

    from .services import question_moderation_ensure

    # A flush (end of a transactional test) re-creates content types under new ids.
    ContentType.objects.clear_cache()
    question_moderation_ensure()


class QuestionbankConfig(AppConfig):
    name = "questionbank"
    verbose_name = _("Question bank")

    def ready(self):
        post_migrate.connect(_moderation_after_migrate, dispatch_uid="questionbank-moderation")
