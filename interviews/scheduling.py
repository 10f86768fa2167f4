"""Scheduling an interview: the panel rules, seating the panel and freezing the plan's resolved
questions (text, rubric, source and revision) into the interview."""

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.people import display_name
from accounts.roles import Role, has_role
from questionbank.models import Question

from .clashes import clashes_check
from .models import (
    Candidate,
    Interview,
    InterviewPlan,
    InterviewQuestion,
    InterviewStatus,
    PanelSeat,
    StatusChange,
)
from .notifications import notify_scheduled
from .plans import plan_resolve
from .weights import interview_weights_freeze


def question_snapshot(*, interview: Interview, question: Question, position: int, label: str):
    return InterviewQuestion(
        interview=interview,
        position=position,
        source_question=question,
        source_key=question.key,
        source_revision_id=question.live_revision_id,
        category_name=question.category.name,
        section_label=label,
        **question.content(),
    )


def interview_questions_freeze(
    *,
    interview: Interview,
    questions: Sequence[Question],
    labels: Sequence[str] | None = None,
) -> list[InterviewQuestion]:
    """Copy questions (text, rubric, category, source and revision) into the interview."""
    labels = labels or [question.category.name for question in questions]
    return InterviewQuestion.objects.bulk_create(
        question_snapshot(interview=interview, question=question, position=i, label=label)
        for i, (question, label) in enumerate(zip(questions, labels, strict=True), start=1)
    )


# The form's own "nothing picked" messages (its required fields) are these two.
PANEL_EMPTY = gettext_lazy("Seat at least one panelist.")
LEAD_MISSING = gettext_lazy("Choose exactly one lead among the panelists.")


def panel_errors(*, panel: Sequence, lead) -> dict[str, list[str]]:
    """What is wrong with a panel (users, a person listed twice counts twice) and its lead, by
    field ("panel", "lead"); empty when it may be seated. The one place for the panel rules:
    interview_schedule enforces them, InterviewForm shows them next to the fields."""
    errors: dict[str, list[str]] = {}
    if not panel:
        errors.setdefault("panel", []).append(str(PANEL_EMPTY))
    ids = [user.pk for user in panel]
    if len(ids) != len(set(ids)):
        errors.setdefault("panel", []).append(
            _("A panelist is seated twice; each person sits once.")
        )
    not_interviewers = [display_name(u) for u in panel if not has_role(u, Role.INTERVIEWER)]
    if not_interviewers:
        errors.setdefault("panel", []).append(
            _("Not in the Interviewers group: %(names)s.") % {"names": ", ".join(not_interviewers)}
        )
    if lead is None:
        errors.setdefault("lead", []).append(str(LEAD_MISSING))
    elif lead.pk not in ids:
        errors.setdefault("lead", []).append(_("The lead must be one of the seated panelists."))
    return errors


# How far ahead an interview may be scheduled (a typo of a year stays a form error).
SCHEDULING_HORIZON = timedelta(days=10 * 365)


def start_errors(scheduled_at: datetime) -> list[str]:
    """What is wrong with an interview's start time: in the past, or past the horizon."""
    now = timezone.now()
    if scheduled_at <= now:
        return [_("The interview must start in the future.")]
    if scheduled_at > now + SCHEDULING_HORIZON:
        return [_("The interview must start within the next ten years.")]
    return []


@transaction.atomic
def interview_schedule(
    *,
    candidate: Candidate,
    plan: InterviewPlan,
    scheduled_at: datetime,
    duration: int,
    location: str,
    panel: Sequence,
    lead,
    by,
    seed: int | None = None,
    overlap_confirmed: bool = False,
) -> Interview:
    """Create an interview, seat its panel, freeze the plan's resolved questions into it and
    invite the panel by e-mail (after commit).

    Raises ValidationError (keyed by field) and saves nothing when any input is wrong, and
    clashes.PanelClashError when a panelist is booked elsewhere then, unless overlap_confirmed.
    """
    errors: dict[str, list[str]] = {}
    if start := start_errors(scheduled_at):
        errors["scheduled_at"] = start
    if plan.is_archived:
        errors.setdefault("plan", []).append(_("This plan is archived; pick an active plan."))
    errors.update(panel_errors(panel=panel, lead=lead))
    if seed is None:
        seed = secrets.randbelow(2**31)
    resolved = plan_resolve(plan=plan, seed=seed) if "plan" not in errors else None
    if resolved is not None and not resolved.questions:
        errors.setdefault("plan", []).append(_("This plan resolves to no published question."))
    if errors:
        raise ValidationError(errors)
    clashes_check(
        users=panel, starts_at=scheduled_at, duration=duration, confirmed=overlap_confirmed
    )

    interview = Interview.objects.create(
        candidate=candidate,
        plan=plan,
        scheduled_at=scheduled_at,
        duration_minutes=duration,
        location=location,
        seed=seed,
        created_by=by,
    )
    PanelSeat.objects.bulk_create(
        PanelSeat(interview=interview, user=user, is_lead=user.pk == lead.pk) for user in panel
    )
    interview_questions_freeze(
        interview=interview,
        questions=[item.question for item in resolved.questions],
        labels=[item.section_label for item in resolved.questions],
    )
    interview_weights_freeze(interview=interview, plan=plan)
    StatusChange.objects.create(
        interview=interview, from_status="", to_status=InterviewStatus.SCHEDULED, changed_by=by
    )
    notify_scheduled(interview=interview)
    return interview
