"""Writes of hiring: resolving and saving plans, scheduling interviews, editing their frozen
questions before they start, and moving interviews through their statuses (with an audit row).
"""

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.people import display_name
from accounts.roles import Role, has_role
from questionbank.models import Question

from .clashes import clashes_check
from .models import (
    OPEN_STATUSES,
    Candidate,
    Interview,
    InterviewPlan,
    InterviewQuestion,
    InterviewStatus,
    PanelSeat,
    PlanPin,
    PlanSection,
    StatusChange,
)
from .notifications import notify_cancelled, notify_scheduled
from .weights import interview_weights_freeze, weights_conflicts

# ---------------------------------------------------------------------------------------------
# Plan resolution
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    """What a PlanSection asks for, saved or still being edited in the plan editor."""

    category_id: int
    count: int
    difficulty: str = ""
    tag: str = ""
    minutes: int = 15
    category_name: str = ""
    weight: Decimal | None = None

    @property
    def label(self) -> str:
        parts = [self.category_name]
        if self.difficulty:
            parts.append(self.difficulty)
        if self.tag:
            parts.append(f"#{self.tag}")
        return " · ".join(part for part in parts if part)


class WarningKind:
    SHORT = "short"
    EMPTY = "empty"
    REPEATED = "repeated"
    OVER_BUDGET = "over_budget"
    UNPUBLISHED_PIN = "unpublished_pin"


@dataclass(frozen=True)
class PlanWarning:
    kind: str
    message: str
    section_index: int | None = None


@dataclass(frozen=True)
class ResolvedQuestion:
    question: Question
    section_label: str
    section_index: int | None  # None for a pinned question


@dataclass
class ResolvedPlan:
    questions: list[ResolvedQuestion] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    budget_minutes: int = 0

    @property
    def total_minutes(self) -> int:
        return sum(item.question.expected_minutes for item in self.questions)

    @property
    def blocking(self) -> list[PlanWarning]:
        """Warnings a plan may not be saved with: sections that cannot be filled."""
        return [w for w in self.warnings if w.kind in (WarningKind.SHORT, WarningKind.EMPTY)]


def _section_pool(spec: SectionSpec) -> list[int]:
    """Ids of the published questions a section may draw from, sorted so a seed is stable."""
    questions = Question.objects.live().filter(category_id=spec.category_id)
    if spec.difficulty:
        questions = questions.filter(difficulty=spec.difficulty)
    if spec.tag:
        questions = questions.filter(tags__name__iexact=spec.tag)
    return sorted(set(questions.values_list("pk", flat=True)))


def sections_resolve(
    *, sections: Sequence[SectionSpec], pin_ids: Sequence[int], seed: int
) -> ResolvedPlan:
    """Resolve sections and pins into an ordered question list, deterministically for a seed.

    Pins come first in their order; each section then draws a shuffled sample of its pool
    (never the same first N), skipping pinned and already drawn questions.
    """
    rng = random.Random(seed)
    result = ResolvedPlan(budget_minutes=sum(spec.minutes for spec in sections))
    chosen: list[tuple[int, str, int | None]] = []
    taken: set[int] = set()

    seen_pins: set[int] = set()
    for pin_id in pin_ids:
        if pin_id in seen_pins:
            result.warnings.append(
                PlanWarning(
                    WarningKind.REPEATED, _("Question #%(id)s is pinned twice.") % {"id": pin_id}
                )
            )
            continue
        seen_pins.add(pin_id)
    live_pins = set(Question.objects.live().filter(pk__in=seen_pins).values_list("pk", flat=True))
    for pin_id in dict.fromkeys(pin_ids):
        if pin_id not in live_pins:
            result.warnings.append(
                PlanWarning(
                    WarningKind.UNPUBLISHED_PIN,
                    _("Pinned question #%(id)s is not published; it is left out.") % {"id": pin_id},
                )
            )
            continue
        chosen.append((pin_id, _("Pinned"), None))
        taken.add(pin_id)

    section_minutes: dict[int, int] = {}
    for index, spec in enumerate(sections):
        if spec.count < 1:
            result.warnings.append(
                PlanWarning(
                    WarningKind.EMPTY,
                    _("Section %(n)s asks for no question; ask for at least one.")
                    % {"n": index + 1},
                    index,
                )
            )
            continue
        pool = _section_pool(spec)
        repeated = [pk for pk in pool if pk in taken]
        available = [pk for pk in pool if pk not in taken]
        if repeated:
            result.warnings.append(
                PlanWarning(
                    WarningKind.REPEATED,
                    _(
                        "Section %(n)s (%(label)s) overlaps pins or earlier sections on "
                        "%(count)s question(s); they are not asked twice."
                    )
                    % {"n": index + 1, "label": spec.label, "count": len(repeated)},
                    index,
                )
            )
        if len(available) < spec.count:
            result.warnings.append(
                PlanWarning(
                    WarningKind.SHORT,
                    _(
                        "Section %(n)s asks for %(asked)s questions from %(label)s, but only "
                        "%(available)s published question(s) match."
                    )
                    % {
                        "n": index + 1,
                        "asked": spec.count,
                        "label": spec.label,
                        "available": len(available),
                    },
                    index,
                )
            )
        drawn = rng.sample(available, min(spec.count, len(available)))
        for pk in drawn:
            chosen.append((pk, spec.label, index))
            taken.add(pk)

    by_id = Question.objects.select_related("category").in_bulk([pk for pk, _l, _i in chosen])
    for pk, label, index in chosen:
        question = by_id[pk]
        result.questions.append(ResolvedQuestion(question, label, index))
        if index is not None:
            section_minutes[index] = section_minutes.get(index, 0) + question.expected_minutes

    for index, spec in enumerate(sections):
        used = section_minutes.get(index, 0)
        if used > spec.minutes:
            result.warnings.append(
                PlanWarning(
                    WarningKind.OVER_BUDGET,
                    _(
                        "Section %(n)s (%(label)s) expects %(used)s minutes, over its budget "
                        "of %(budget)s."
                    )
                    % {"n": index + 1, "label": spec.label, "used": used, "budget": spec.minutes},
                    index,
                )
            )
    if result.total_minutes > result.budget_minutes:
        result.warnings.append(
            PlanWarning(
                WarningKind.OVER_BUDGET,
                _("The questions expect %(total)s minutes in all; the budget is %(budget)s.")
                % {"total": result.total_minutes, "budget": result.budget_minutes},
            )
        )
    return result


def plan_specs(*, plan: InterviewPlan) -> tuple[list[SectionSpec], list[int]]:
    sections = [
        SectionSpec(
            category_id=section.category_id,
            count=section.count,
            difficulty=section.difficulty,
            tag=section.tag,
            minutes=section.minutes,
            category_name=section.category.name,
            weight=section.weight,
        )
        for section in plan.sections.select_related("category")
    ]
    return sections, list(plan.pins.values_list("question_id", flat=True))


def plan_resolve(*, plan: InterviewPlan, seed: int) -> ResolvedPlan:
    """The concrete question list of a saved plan for a seed (same seed, same list)."""
    sections, pin_ids = plan_specs(plan=plan)
    return sections_resolve(sections=sections, pin_ids=pin_ids, seed=seed)


def _plan_contents_create(
    *, plan: InterviewPlan, sections: Sequence[SectionSpec], pin_ids: Sequence[int]
) -> None:
    PlanSection.objects.bulk_create(
        PlanSection(
            plan=plan,
            category_id=spec.category_id,
            count=spec.count,
            difficulty=spec.difficulty,
            tag=spec.tag,
            minutes=spec.minutes,
            weight=spec.weight,
            sort_order=index,
        )
        for index, spec in enumerate(sections)
    )
    PlanPin.objects.bulk_create(
        PlanPin(plan=plan, question_id=pk, sort_order=index)
        for index, pk in enumerate(dict.fromkeys(pin_ids))
    )


@transaction.atomic
def plan_save(
    *,
    plan: InterviewPlan,
    sections: Sequence[SectionSpec],
    pin_ids: Sequence[int],
    by,
) -> InterviewPlan:
    """Save a plan with its sections and pins, replacing the old ones; refuses unfillable plans."""
    if not sections and not pin_ids:
        raise ValidationError(_("A plan needs at least one section or one pinned question."))
    resolved = sections_resolve(sections=sections, pin_ids=pin_ids, seed=0)
    problems = resolved.blocking + [
        w for w in resolved.warnings if w.kind == WarningKind.UNPUBLISHED_PIN
    ]
    messages = [w.message for w in problems] + weights_conflicts(sections=sections)
    if messages:
        raise ValidationError(messages)
    if plan.pk is None:
        plan.created_by = by
    plan.save()
    plan.sections.all().delete()
    plan.pins.all().delete()
    _plan_contents_create(plan=plan, sections=sections, pin_ids=pin_ids)
    return plan


@transaction.atomic
def plan_duplicate(*, plan: InterviewPlan, by) -> InterviewPlan:
    """A copy of the plan (sections and pins), named "… (copy)", not archived."""
    copy = InterviewPlan.objects.create(
        name=_("%(name)s (copy)") % {"name": plan.name},
        description=plan.description,
        position=plan.position,
        created_by=by,
    )
    sections, pin_ids = plan_specs(plan=plan)
    _plan_contents_create(plan=copy, sections=sections, pin_ids=pin_ids)
    return copy


def plan_archive(*, plan: InterviewPlan, archived: bool = True) -> InterviewPlan:
    """Archived plans leave the pickers; interviews already scheduled from them are untouched."""
    plan.is_archived = archived
    plan.save(update_fields=["is_archived", "updated_at"])
    return plan


# ---------------------------------------------------------------------------------------------
# Scheduling and the frozen snapshot
# ---------------------------------------------------------------------------------------------


def _snapshot(*, interview: Interview, question: Question, position: int, label: str):
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
        _snapshot(interview=interview, question=question, position=i, label=label)
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
    now = timezone.now()
    if scheduled_at <= now:
        errors.setdefault("scheduled_at", []).append(_("The interview must start in the future."))
    elif scheduled_at > now + SCHEDULING_HORIZON:
        errors.setdefault("scheduled_at", []).append(
            _("The interview must start within the next ten years.")
        )
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


class InterviewLockedError(ValidationError):
    """The interview has started (or ended): its questions can no longer change."""


def _lock_scheduled(interview: Interview) -> Interview:
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    if locked.status != InterviewStatus.SCHEDULED:
        raise InterviewLockedError(_("Questions can only change before the interview starts."))
    return locked


def _renumber(interview: Interview) -> None:
    items = list(interview.questions.order_by("position", "pk"))
    for number, item in enumerate(items, start=1):
        item.position = number
    InterviewQuestion.objects.bulk_update(items, ["position"])


def swap_candidates(*, item: InterviewQuestion):
    """Published questions of the item's category that the interview does not ask yet."""
    used = item.interview.questions.exclude(source_question=None).values("source_question_id")
    return (
        Question.objects.live()
        .filter(category__name=item.category_name)
        .exclude(pk__in=used)
        .select_related("category")
    )


@transaction.atomic
def interview_question_swap(
    *, interview: Interview, item_id: int, replacement_id: int
) -> InterviewQuestion:
    """Replace a frozen question with another published one from the same category."""
    _lock_scheduled(interview)
    item = interview.questions.get(pk=item_id)
    replacement = swap_candidates(item=item).filter(pk=replacement_id).first()
    if replacement is None:
        raise ValidationError(
            _("Pick a published question of %(category)s that this interview does not ask yet.")
            % {"category": item.category_name}
        )
    fresh = _snapshot(
        interview=interview, question=replacement, position=item.position, label=item.section_label
    )
    item.delete()
    fresh.save()
    return fresh


@transaction.atomic
def interview_question_drop(*, interview: Interview, item_id: int) -> None:
    _lock_scheduled(interview)
    deleted, _rows = interview.questions.filter(pk=item_id).delete()
    if not deleted:
        raise ValidationError(_("This question is not part of the interview."))
    if not interview.questions.exists():
        raise ValidationError(_("An interview needs at least one question."))
    _renumber(interview)


@transaction.atomic
def interview_question_add(*, interview: Interview, question_id: int) -> InterviewQuestion:
    """Append a published question from the bank (once per interview)."""
    _lock_scheduled(interview)
    question = Question.objects.live().select_related("category").filter(pk=question_id).first()
    if question is None:
        raise ValidationError(_("Pick a published question from the bank."))
    if interview.questions.filter(source_question=question).exists():
        raise ValidationError(_("This interview already asks that question."))
    last = interview.questions.aggregate(last=Max("position"))["last"] or 0
    item = _snapshot(interview=interview, question=question, position=last + 1, label=_("Added"))
    item.save()
    return item


@transaction.atomic
def interview_question_reorder(*, interview: Interview, item_ids: Sequence[int]) -> None:
    """Set the order of the interview's questions; item_ids must list each exactly once."""
    _lock_scheduled(interview)
    items = {item.pk: item for item in interview.questions.all()}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("The new order must list every question of the interview once."))
    for number, pk in enumerate(item_ids, start=1):
        items[pk].position = number
    InterviewQuestion.objects.bulk_update(items.values(), ["position"])


def interview_question_move(*, interview: Interview, item_id: int, offset: int) -> None:
    """Move a question up (-1) or down (+1) by one place."""
    ids = list(interview.questions.order_by("position", "pk").values_list("pk", flat=True))
    if item_id not in ids:
        raise ValidationError(_("This question is not part of the interview."))
    index = ids.index(item_id)
    target = index + offset
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    interview_question_reorder(interview=interview, item_ids=ids)


# ---------------------------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------------------------

# The only place that says which status may follow which.
TRANSITIONS: dict[str, set[str]] = {
    InterviewStatus.LIVE: {InterviewStatus.SCHEDULED},
    # Completion usually follows "live"; scorecards may all be submitted without anyone
    # pressing "start", so a scheduled interview may complete directly too.
    InterviewStatus.COMPLETED: {InterviewStatus.LIVE, InterviewStatus.SCHEDULED},
    InterviewStatus.CANCELLED: set(OPEN_STATUSES),
}


class InterviewTransitionError(ValidationError):
    """The interview is not in a status that allows this change (or someone changed it first)."""


def can_transition(*, interview: Interview, to: str) -> bool:
    return interview.status in TRANSITIONS[to]


@transaction.atomic
def _transition(*, interview: Interview, to: str, by, note: str = "") -> Interview:
    current = Interview.objects.only("status").get(pk=interview.pk).status
    if current not in TRANSITIONS[to]:
        raise InterviewTransitionError(
            _("A %(current)s interview cannot become %(to)s.")
            % {"current": InterviewStatus(current).label, "to": InterviewStatus(to).label}
        )
    now = timezone.now()
    changes: dict = {"status": to}
    if to == InterviewStatus.LIVE:
        changes["started_at"] = now
    else:
        changes["ended_at"] = now
    # Conditional update: of two concurrent requests only one finds the old status.
    updated = Interview.objects.filter(pk=interview.pk, status=current).update(**changes)
    if not updated:
        raise InterviewTransitionError(_("Someone else changed this interview's status first."))
    StatusChange.objects.create(
        interview_id=interview.pk,
        from_status=current,
        to_status=to,
        changed_by=by,
        note=note[:500],
    )
    for name, value in changes.items():
        setattr(interview, name, value)
    return interview


def interview_start(*, interview: Interview, by) -> Interview:
    return _transition(interview=interview, to=InterviewStatus.LIVE, by=by)


def interview_complete(*, interview: Interview, by, note: str = "") -> Interview:
    """Close the interview: called by scorecards when the last panelist submits, or a recruiter."""
    return _transition(interview=interview, to=InterviewStatus.COMPLETED, by=by, note=note)


@transaction.atomic
def interview_cancel(*, interview: Interview, by, note: str = "") -> Interview:
    """Cancel the interview and send METHOD:CANCEL to the whole panel (after commit)."""
    _transition(interview=interview, to=InterviewStatus.CANCELLED, by=by, note=note)
    notify_cancelled(interview=interview)
    return interview
