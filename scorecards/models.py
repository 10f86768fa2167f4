"""Scorecards (one per panelist per interview), their answers, reminders and PDF report jobs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questionbank.models import RATING_LEVELS

NOTES_MAX_LENGTH = 20_000
SUMMARY_MAX_LENGTH = 20_000


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", _("Strong no")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Scorecard(models.Model):
    """One panelist's scores for one interview: Answers, a recommendation and a summary."""

    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="scorecards"
    )
    panelist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(
        max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices, blank=True)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX_LENGTH)
    summary_version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Figures kept above this app (analytics) catch up on rows saved since they last looked.
        indexes = [models.Index(fields=["updated_at"], name="scorecard_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "panelist"], name="one_scorecard_per_seat"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ScorecardStatus.values), name="scorecard_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ScorecardStatus.SUBMITTED)
                | ~models.Q(recommendation=""),
                name="submitted_scorecard_has_recommendation",
            ),
        ]

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED


class DecisionOutcome(models.TextChoices):
    ADVANCE = "advance", _("Advance")
    HOLD = "hold", _("Hold")
    REJECT = "reject", _("Reject")


DECISION_RATIONALE_MAX_LENGTH = 20_000


class Decision(models.Model):
    """A hiring decision on a candidate, taken at an interview's debrief.

    Rows are never edited: changing a decision adds a row, so the rows are the audit trail and
    the newest one (by ``decided_at``, then id) is the candidate's current decision."""

    candidate = models.ForeignKey(
        "interviews.Candidate", on_delete=models.CASCADE, related_name="decisions"
    )
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    rationale = models.TextField(_("rationale"), max_length=DECISION_RATIONALE_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-decided_at"], name="decision_candidate_newest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=DecisionOutcome.values),
                name="decision_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.decided_at:%Y-%m-%d})"


class FeedbackClosure(models.Model):
    """The panel lead or a recruiter closed an interview's feedback before every seated panelist
    submitted, so that a decision may be taken. Late panelists may still submit afterwards."""

    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="feedback_closure"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(default=timezone.now)


class Answer(models.Model):
    """A rating and notes for one frozen question; ``version`` guards concurrent saves."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "interviews.InterviewQuestion", on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    not_asked = models.BooleanField(default=False)
    notes = models.TextField(blank=True, max_length=NOTES_MAX_LENGTH)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["updated_at"], name="answer_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=RATING_LEVELS[0], rating__lte=RATING_LEVELS[-1]),
                name="answer_rating_on_scale",
            ),
            models.CheckConstraint(
                condition=~(models.Q(not_asked=True) & models.Q(rating__isnull=False)),
                name="answer_not_asked_has_no_rating",
            ),
        ]


class ScorecardReopen(models.Model):
    """A recruiter reopened a submitted scorecard: who, when and why."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="reopens")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)


class ReminderSent(models.Model):
    """A feedback reminder for one slot (0 = one hour after the end, 1..N = daily after)."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="reminders")
    slot = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "slot"], name="one_reminder_per_slot")
        ]


class ScoringPreference(models.Model):
    """A user's scoring-page preferences."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scoring_preference"
    )
    auto_advance = models.BooleanField(_("move to the next question after rating"), default=False)


class ReportKind(models.TextChoices):
    CANDIDATE_REPORT = "candidate_report", _("Candidate report")
    SCORECARD = "scorecard", _("Panelist scorecard")
    INTERVIEW_KIT = "interview_kit", _("Interview kit")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """A PDF rendering job and its file; ``fingerprint`` names the content it was made from.

    The row is the job's truth, the broker message only a nudge: ``sent_at`` records when the
    broker last took a message for it (null: not yet, e.g. the broker was down), and a claimed
    render holds a lease (``lease_expires_at``) that its worker renews; the sweep re-sends queued
    rows and re-queues renders whose lease ran out (scorecards.reports.jobs). ``error`` is what the
    user is told, ``error_detail`` the technical cause, for staff.
    """

    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    candidate = models.ForeignKey(
        "interviews.Candidate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    scorecard = models.ForeignKey(
        Scorecard, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    error_detail = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    rendered_fingerprint = models.CharField(max_length=64, blank=True)
    paper_size = models.CharField(max_length=10, default="A4")
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_valid"
            )
        ]
        indexes = [
            # The sweep reads only unfinished jobs, a few rows among every report ever made.
            models.Index(
                fields=["status"],
                condition=models.Q(status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING]),
                name="report_unfinished",
            )
        ]

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED

    @property
    def is_rendering(self) -> bool:
        return self.status == ReportStatus.RENDERING
