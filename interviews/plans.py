"""Plans: resolving sections and pins into a question list (deterministic for a seed), and
saving, duplicating and archiving plans."""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from questionbank.models import Question

from .models import InterviewPlan, PlanPin, PlanSection
from .weights import weights_conflicts


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
