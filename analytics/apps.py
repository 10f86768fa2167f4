from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from scorecards.services import SUBMISSION_LISTENERS

        from .aggregates import aggregates_refresh

        # A submitted or reopened scorecard refreshes its interview's figures in its transaction.
        SUBMISSION_LISTENERS.append(aggregates_refresh)
