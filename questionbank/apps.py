from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class QuestionbankConfig(AppConfig):
    name = "questionbank"
    verbose_name = _("Question bank")

    def ready(self):
        from .services import question_moderation_after_migrate

        post_migrate.connect(question_moderation_after_migrate, sender=self)
