"""Optional section weights: the plan's rule (one weight per category), their freezing into an
interview at scheduling, and the weighted total shown beside the per-category means.

A weight belongs to a category, not to a question: the panel summary pools ratings by
category, so a weighted total is ``sum(weight × category mean) / sum(weights)`` over the
weighted categories that have ratings. Two sections of one category must carry the same
weight. Weights are copied into ``InterviewWeight`` when the interview is scheduled: editing the
plan later never changes an interview's total (as with its frozen questions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import Interview, InterviewPlan, InterviewWeight

FORMULA = "sum(weight × category mean) / sum(weights), over weighted categories with ratings"


def weights_conflicts(*, sections: Iterable) -> list[str]:
    """Messages for categories whose sections carry different weights (None = no weight)."""
    seen: dict[int, tuple[str, Decimal | None]] = {}
    problems = []
    for spec in sections:
        name, weight = spec.category_name, spec.weight
        if spec.category_id in seen and seen[spec.category_id][1] != weight:
            problems.append(
                _(
                    "The sections of %(category)s carry different weights (%(a)s and %(b)s): "
                    "give every section of one category the same weight, or none."
                )
                % {
                    "category": name,
                    "a": seen[spec.category_id][1] or _("none"),
                    "b": weight or _("none"),
                }
            )
        seen.setdefault(spec.category_id, (name, weight))
    return problems


def interview_weights_freeze(*, interview: Interview, plan: InterviewPlan) -> None:
    """Copy the plan's section weights (by category name) into the interview."""
    weights = {
        section.category.name: section.weight
        for section in plan.sections.select_related("category")
        if section.weight is not None
    }
    InterviewWeight.objects.bulk_create(
        InterviewWeight(interview=interview, category_name=name, weight=weight)
        for name, weight in weights.items()
    )


@dataclass
class WeightedRow:
    category: str
    weight: Decimal
    mean: float

    @property
    def weight_text(self) -> str:
        """2.00 → "2", 0.50 → "0.5"."""
        return format(self.weight.normalize(), "f")


@dataclass
class WeightedTotal:
    """The weighted total of one interview; ``value`` is None when no weighted category has a
    rating yet. ``unweighted`` names rated categories left out (pinned or added questions of a
    category no section weighs)."""

    rows: list[WeightedRow] = field(default_factory=list)
    unweighted: list[str] = field(default_factory=list)
    unrated: list[str] = field(default_factory=list)
    formula: str = FORMULA

    @property
    def value(self) -> float | None:
        total = sum(row.weight for row in self.rows)
        if not total:
            return None
        return float(sum(Decimal(str(row.mean)) * row.weight for row in self.rows) / total)

    def canonical(self) -> dict:
        return {
            "weights": [[row.category, str(row.weight)] for row in self.rows],
            "unrated": self.unrated,
            "unweighted": self.unweighted,
            "value": None if self.value is None else round(self.value, 6),
        }


def weighted_total(*, interview: Interview, categories: Sequence) -> WeightedTotal | None:
    """The weighted total of the summary's categories (name, spread.mean); None when the
    interview carries no weight at all."""
    weights = dict(interview.weights.values_list("category_name", "weight"))
    if not weights:
        return None
    result = WeightedTotal()
    for category in categories:
        weight, mean = weights.get(category.name), category.spread.mean
        if weight is None:
            if mean is not None:
                result.unweighted.append(category.name)
        elif mean is None:
            result.unrated.append(category.name)
        else:
            result.rows.append(WeightedRow(category=category.name, weight=weight, mean=mean))
    return result
