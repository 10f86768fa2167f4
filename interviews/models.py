"""Positions, candidates, interview plans, interviews, panels and frozen question snapshots."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_single_line
from questionbank.models import QuestionContent


class Position(models.Model):
    """An open role ("Senior Django engineer"); hiring managers read its candidates' results."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    team = models.CharField(
        _("team"), max_length=120, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), blank=True)
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_positions",
        verbose_name=_("hiring managers"),
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    """A person being interviewed for a Position. Personal data: see interviews.policies."""

    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"))
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("position")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "position"], name="candidate_once_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class InterviewPlan(models.Model):
    """A reusable question set: PlanSections drawn by category plus PlanPins chosen by hand."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    position = models.ForeignKey(
        Position,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name=_("position"),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanSection(models.Model):
    """'N questions from category C (at difficulty D, tagged T)' with a time budget."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="sections")
    category = models.ForeignKey(
        "questionbank.Category", on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(
        _("questions"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    difficulty = models.CharField(_("difficulty"), max_length=10, blank=True)
    tag = models.CharField(_("tag"), max_length=100, blank=True, validators=[validate_single_line])
    minutes = models.PositiveSmallIntegerField(_("time budget (minutes)"), default=15)
    # Optional: blank on every section = no weighted total (see interviews.weights).
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="section_count_positive"),
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gt=0),
                name="section_weight_positive",
            ),
        ]


class PlanPin(models.Model):
    """A question chosen by hand that every interview from the plan asks."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="pins")
    question = models.ForeignKey(
        "questionbank.Question", on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "question"], name="pin_once_per_plan")
        ]


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# An open interview still runs or is still to come: it can be scored, cancelled, completed.
OPEN_STATUSES = (InterviewStatus.SCHEDULED, InterviewStatus.LIVE)


class InterviewQuerySet(models.QuerySet):
    def open(self) -> "InterviewQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> "InterviewQuerySet":
        return self.exclude(status__in=OPEN_STATUSES)


class Interview(models.Model):
    """A Candidate meets a panel (PanelSeats) over the frozen InterviewQuestions of a plan."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("candidate")
    )
    plan = models.ForeignKey(
        InterviewPlan,
        null=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
        verbose_name=_("plan"),
    )
    scheduled_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    location = models.CharField(
        _("location or video link"),
        max_length=500,
        blank=True,
        validators=[validate_single_line],
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    seed = models.PositiveIntegerField(default=0)
    panelists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PanelSeat", related_name="panel_interviews"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Derived from scheduled_at + duration on every save, so "is it over?" is one indexed
    # comparison on any database (interval arithmetic differs between SQLite and PostgreSQL).
    ends_at = models.DateTimeField(_("ends at"), null=True, editable=False)
    # The calendar SEQUENCE (RFC 5545): raised on every change the panel is told about.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"]),
            models.Index(fields=["status", "ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=InterviewStatus.values), name="interview_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.scheduled_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.ends_at = self.scheduled_at + timedelta(minutes=self.duration_minutes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"scheduled_at", "duration_minutes"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "ends_at"}
        super().save(*args, **kwargs)

    @property
    def location_is_link(self) -> bool:
        """A video link (https only) is shown as a link; anything else as text."""
        return self.location.startswith("https://")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_scheduled(self) -> bool:
        return self.status == InterviewStatus.SCHEDULED

    @property
    def is_live(self) -> bool:
        return self.status == InterviewStatus.LIVE


class PanelSeatQuerySet(models.QuerySet):
    def of(self, *, user, interview) -> "PanelSeatQuerySet":
        """The user's seat on the interview (an instance or an id): the one seat check. Empty
        for anyone not seated, and for a signed-out visitor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(interview=interview, user_id=user.pk)


class PanelSeat(models.Model):
    """A panelist on an interview; exactly one seat per interview is the lead."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    is_lead = models.BooleanField(_("lead"), default=False)

    objects = PanelSeatQuerySet.as_manager()

    class Meta:
        ordering = ["-is_lead", "user__first_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="seat_once_per_interview"),
            models.UniqueConstraint(
                fields=["interview"],
                condition=models.Q(is_lead=True),
                name="one_lead_per_interview",
            ),
        ]


class InterviewQuestion(QuestionContent):
    """A question frozen into an interview: the bank can change, this never does."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    source_question = models.ForeignKey(
        "questionbank.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_key = models.CharField(max_length=120, blank=True)
    source_revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    category_name = models.CharField(max_length=120)
    section_label = models.CharField(max_length=200, blank=True)
    difficulty = models.CharField(max_length=10)
    prompt = models.TextField(help_text=_("Rich text HTML as it was when frozen"))
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["interview", "position", "pk"]
        indexes = [models.Index(fields=["interview", "position"])]


class InterviewWeight(models.Model):
    """A category's weight frozen into an interview when it is scheduled (the plan may change
    later); an interview without rows has no weighted total."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="weights")
    category_name = models.CharField(max_length=120)
    weight = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["interview", "category_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "category_name"], name="weight_once_per_category"
            ),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="weight_positive"),
        ]


class StatusChange(models.Model):
    """An audit row for every interview status change: who, when, from, to, why."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=InterviewStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=InterviewStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]


# ---------------------------------------------------------------------------------------------
# Invitations (interviews/notifications.py): the outbox of e-mails about an interview
# ---------------------------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    INVITE = "invite", _("Invitation")
    UPDATE = "update", _("Updated invitation")
    REMOVED = "removed", _("Removed from the panel")
    CANCEL = "cancel", _("Cancellation")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (recipient's preference)")


class Notification(models.Model):
    """One e-mail about an Interview to one user, at one SEQUENCE: the row is the truth, the
    Celery message only a nudge. Unique per (interview, recipient, kind, sequence), so a double
    click or a retried task never makes or sends a second one."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    sequence = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the task was last handed to the broker (or the row created): the sweep's clock.
    queued_at = models.DateTimeField(default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "recipient", "kind", "sequence"],
                name="notification_once_per_change",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=NotificationStatus.values),
                name="notification_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.sequence} to {self.recipient_id}"


class NotificationPreference(models.Model):
    """A user's choice about e-mails on invitations and changes (reminders always go)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_notifications = models.BooleanField(_("send me notification e-mails"), default=True)
