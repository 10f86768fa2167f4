"""Aggregates behind the analytics pages, kept in the database so that a page sums a few small
rows per interview instead of reading every answer (analytics.aggregates keeps them up to date).

Only submitted scorecards are counted here. What can change without touching a scorecard (an
interview cancelled or moved, a decision taken, a viewer who still owes a scorecard) is applied
when a page reads these rows, by joining the interview and the decisions.
"""

from django.conf import settings
from django.db import models


class QuestionUse(models.Model):
    """One frozen question's submitted answers: a unit of Krippendorff's alpha (how many
    panelists gave each rating) and its cells of the rating x recommendation table."""

    question = models.OneToOneField(
        "interviews.InterviewQuestion",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="+"
    )
    source_question = models.ForeignKey(
        "questionbank.Question", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.PositiveIntegerField()
    not_asked = models.PositiveIntegerField()
    rated_1 = models.PositiveIntegerField()
    rated_2 = models.PositiveIntegerField()
    rated_3 = models.PositiveIntegerField()
    rated_4 = models.PositiveIntegerField()
    # rated_<rating>_<recommendation>: ratings given on scorecards with that recommendation.
    rated_1_strong_no = models.PositiveIntegerField()
    rated_1_no = models.PositiveIntegerField()
    rated_1_yes = models.PositiveIntegerField()
    rated_1_strong_yes = models.PositiveIntegerField()
    rated_2_strong_no = models.PositiveIntegerField()
    rated_2_no = models.PositiveIntegerField()
    rated_2_yes = models.PositiveIntegerField()
    rated_2_strong_yes = models.PositiveIntegerField()
    rated_3_strong_no = models.PositiveIntegerField()
    rated_3_no = models.PositiveIntegerField()
    rated_3_yes = models.PositiveIntegerField()
    rated_3_strong_yes = models.PositiveIntegerField()
    rated_4_strong_no = models.PositiveIntegerField()
    rated_4_no = models.PositiveIntegerField()
    rated_4_yes = models.PositiveIntegerField()
    rated_4_strong_yes = models.PositiveIntegerField()


class ScorecardCalibration(models.Model):
    """One submitted scorecard against the rest of its panel: how many of its ratings had
    another panelist's rating of the same question to compare with, and the mean of (own rating
    minus the mean of the others'); the recommendation, to compare with the decision."""

    scorecard = models.OneToOneField(
        "scorecards.Scorecard", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="+"
    )
    panelist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    recommendation = models.CharField(max_length=12)
    compared = models.PositiveIntegerField()
    difference = models.FloatField(null=True)


class InterviewRefresh(models.Model):
    """When an interview's aggregates were last computed: a scorecard or answer of it saved at
    or after this time is not in them yet."""

    interview = models.OneToOneField(
        "interviews.Interview", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    refreshed_at = models.DateTimeField()


class Watermark(models.Model):
    """One row: when the aggregates last caught up with changes made outside the services
    (None: never, so everything is computed again), and when every interview was last computed
    (rows saved before then are in the aggregates)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    caught_up_at = models.DateTimeField(null=True)
    recomputed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_watermark")]
