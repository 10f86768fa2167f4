from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardsConfig(AppConfig):
    name = "scorecards"
    verbose_name = _("Scorecards")

    def ready(self):
        from interviews.changes import SEAT_KEEPERS

        from .selectors import panelists_submitted

        # A panelist who submitted a scorecard stays on the panel when it changes.
        SEAT_KEEPERS.append(panelists_submitted)
