"""Compute the analytics aggregates of every interview again (after a deploy, a bulk import of
history, or a submitted scorecard deleted by hand). Pages catch up by themselves otherwise."""

import time

from django.core.management.base import BaseCommand

from analytics.aggregates import aggregates_rebuild
from analytics.models import QuestionUse, ScorecardCalibration


class Command(BaseCommand):
    help = "Compute the analytics aggregates of every interview again."

    def handle(self, *args, **options):
        started = time.perf_counter()
        aggregates_rebuild()
        self.stdout.write(
            f"Analytics aggregates: {QuestionUse.objects.count():,} question uses, "
            f"{ScorecardCalibration.objects.count():,} scorecards "
            f"({time.perf_counter() - started:.1f} s)."
        )
