from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from accounts.apps import is_final_post_migrate


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
