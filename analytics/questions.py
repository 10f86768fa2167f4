"""Question effectiveness: how each bank question behaved over its frozen uses, and why an
editor should review it. Figures are summed by analytics.selectors from the aggregates kept per
frozen question (a fixed number of queries for any number of questions and interviews)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext_lazy as _

from questionbank.models import RATING_LEVELS

from . import selectors, stats
from .aggregates import aggregates_catch_up

# Below these, a figure reads "not enough data" and gives no verdict.
MIN_RATINGS = 10  # ratings behind a mean, a distribution or a rank correlation
MIN_INTERVIEWS = 5  # uses rated by two or more panelists behind an alpha
# Verdicts.
CEILING_SHARE = 0.5  # most ratings (more than half) at 4 (ceiling) or at 1 (floor)
NO_DISCRIMINATION_TAU = 0.1  # tau-b below this: the rating does not track the recommendation
OVERUSED_SHARE = 0.5  # asked in more than half of all interviews: candidates pass it on


class Reason:
    OVERUSED = "overused"
    NO_DISCRIMINATION = "no_discrimination"
    CEILING = "ceiling"
    FLOOR = "floor"
    POOR_AGREEMENT = "poor_agreement"

    choices = [
        (OVERUSED, _("Overused")),
        (NO_DISCRIMINATION, _("No discrimination")),
        (CEILING, _("Ceiling")),
        (FLOOR, _("Floor")),
        (POOR_AGREEMENT, _("Poor agreement")),
    ]
    labels = dict(choices)


@dataclass(frozen=True)
class Correlation:
    tau: float | None
    n: int

    @property
    def enough(self) -> bool:
        return self.tau is not None and self.n >= MIN_RATINGS


@dataclass
class QuestionFigures:
    """Everything the pages show for one bank question; counts are always present."""

    question_id: int
    uses: int = 0
    answers: int = 0
    not_asked: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    alpha: float | None = None
    alpha_units: int = 0
    by_recommendation: Correlation = Correlation(None, 0)
    by_decision: Correlation = Correlation(None, 0)
    interviews_total: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def enough_ratings(self) -> bool:
        return self.rated >= MIN_RATINGS

    @property
    def mean(self) -> float | None:
        if not self.rated:
            return None
        return sum(level * count for level, count in self.counts.items()) / self.rated

    @property
    def not_asked_rate(self) -> float | None:
        return self.not_asked / self.answers if self.answers else None

    @property
    def distribution(self) -> list[tuple[int, int, float]]:
        """(level, count, share of rated) for every level of the scale."""
        rated = self.rated or 1
        return [
            (level, self.counts.get(level, 0), self.counts.get(level, 0) / rated)
            for level in RATING_LEVELS
        ]

    @property
    def enough_alpha(self) -> bool:
        return self.alpha is not None and self.alpha_units >= MIN_INTERVIEWS

    @property
    def reason_labels(self) -> list[str]:
        return [str(Reason.labels[reason]) for reason in self.reasons]

    # Rounded as the pages show them, for the CSV export.
    @property
    def reasons_text(self) -> str:
        return ", ".join(self.reason_labels)

    @property
    def mean_rounded(self) -> float | None:
        return round(self.mean, 1) if self.enough_ratings else None

    @property
    def alpha_rounded(self) -> float | None:
        return round(self.alpha, 2) if self.enough_alpha else None

    @property
    def tau_recommendation(self) -> float | None:
        correlation = self.by_recommendation
        return round(correlation.tau, 2) if correlation.enough else None

    @property
    def tau_decision(self) -> float | None:
        return round(self.by_decision.tau, 2) if self.by_decision.enough else None

    @property
    def use_share(self) -> float | None:
        return self.uses / self.interviews_total if self.interviews_total else None


def _alpha(patterns) -> tuple[float | None, int]:
    """Alpha from rows (count at 1, .., count at 4, units with that pattern)."""
    if len(patterns) == 0:
        return None, 0
    patterns = np.asarray(patterns)
    value_counts = np.repeat(patterns[:, :-1].astype(float), patterns[:, -1], axis=0)
    alpha = stats.alpha_ordinal_from_counts(value_counts, value_domain=RATING_LEVELS)
    return alpha, stats.pairable_units(value_counts)


def review_reasons(figures: QuestionFigures) -> list[str]:
    reasons = []
    if (
        figures.interviews_total >= MIN_INTERVIEWS
        and figures.use_share is not None
        and figures.use_share > OVERUSED_SHARE
    ):
        reasons.append(Reason.OVERUSED)
    correlation = figures.by_recommendation
    if correlation.enough and correlation.tau < NO_DISCRIMINATION_TAU:
        reasons.append(Reason.NO_DISCRIMINATION)
    if figures.enough_ratings:
        if figures.counts.get(RATING_LEVELS[-1], 0) > CEILING_SHARE * figures.rated:
            reasons.append(Reason.CEILING)
        if figures.counts.get(RATING_LEVELS[0], 0) > CEILING_SHARE * figures.rated:
            reasons.append(Reason.FLOOR)
    if figures.enough_alpha and figures.alpha < stats.ALPHA_TENTATIVE:
        reasons.append(Reason.POOR_AGREEMENT)
    return reasons


def question_effectiveness(
    *, question_ids: list[int] | None = None, viewer=None
) -> dict[int, QuestionFigures]:
    """Figures for the given bank questions (None: every question ever used), by id. Interviews
    on which ``viewer`` still owes a scorecard are left out (blind scoring)."""
    aggregates_catch_up()
    scope = {
        "question_ids": question_ids,
        "hidden": selectors.interviews_owed_by(viewer) if viewer is not None else [],
    }
    uses = selectors.question_uses(**scope)
    by_decision = selectors.question_decision_tables(**scope)
    interviews_total = selectors.completed_interview_count()
    wanted = question_ids if question_ids is not None else list(uses)
    figures = {}
    for question_id in wanted:
        row = uses.get(question_id, {})
        alpha, alpha_units = _alpha(row.get("patterns", []))
        item = QuestionFigures(
            question_id=question_id,
            uses=row.get("uses", 0),
            answers=row.get("answers", 0),
            not_asked=row.get("not_asked", 0),
            counts={level: row.get(f"r{level}", 0) for level in RATING_LEVELS},
            alpha=alpha,
            alpha_units=alpha_units,
            by_recommendation=Correlation(*stats.kendall_tau_b(row.get("by_recommendation", {}))),
            by_decision=Correlation(*stats.kendall_tau_b(by_decision.get(question_id, {}))),
            interviews_total=interviews_total,
        )
        item.reasons = review_reasons(item)
        figures[question_id] = item
    return figures
