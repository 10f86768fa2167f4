"""How well a panel agreed: Krippendorff's alpha (ordinal) with a plain reading."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import selectors, stats

# Fewer questions rated by two or more panelists than this: "not enough data".
MIN_UNITS_FOR_INTERVIEW_ALPHA = 3


@dataclass(frozen=True)
class Agreement:
    """An alpha (None: not enough data), the pairable units and raters behind it."""

    alpha: float | None
    units: int
    raters: int
    minimum_units: int

    @property
    def reading(self) -> str:
        if self.alpha is None:
            return str(_("Not enough data"))
        if self.alpha >= stats.ALPHA_GOOD:
            return str(_("The panel agreed well"))
        if self.alpha >= stats.ALPHA_TENTATIVE:
            return str(_("The panel agreed moderately"))
        return str(_("The panel agreed poorly"))

    @property
    def level(self) -> str:
        """A CSS badge class for the reading."""
        if self.alpha is None:
            return "scheduled"
        if self.alpha >= stats.ALPHA_GOOD:
            return "ready"
        return "live" if self.alpha >= stats.ALPHA_TENTATIVE else "failed"


def agreement_from_matrix(
    matrix: list[list[float]], *, minimum_units: int, raters: int
) -> Agreement:
    units = sum(1 for unit in zip(*matrix, strict=True) if sum(v == v for v in unit) >= 2)
    alpha = stats.alpha_ordinal(matrix) if units >= minimum_units else None
    return Agreement(alpha=alpha, units=units, raters=raters, minimum_units=minimum_units)


def interview_agreement(*, interview_id: int) -> Agreement:
    """Alpha over the interview's questions (units) and submitted panelists (raters); "not
    asked" and unrated answers are missing values."""
    ratings = selectors.interview_ratings(interview_id=interview_id)
    raters = sorted({panelist for panelist, _q, _r in ratings})
    units = sorted({question for _p, question, _r in ratings})
    row = {panelist: index for index, panelist in enumerate(raters)}
    column = {question: index for index, question in enumerate(units)}
    matrix = [[float("nan")] * len(units) for _ in raters]
    for panelist, question, rating in ratings:
        matrix[row[panelist]][column[question]] = float(rating)
    if not matrix:
        return Agreement(alpha=None, units=0, raters=0, minimum_units=MIN_UNITS_FOR_INTERVIEW_ALPHA)
    return agreement_from_matrix(
        matrix, minimum_units=MIN_UNITS_FOR_INTERVIEW_ALPHA, raters=len(raters)
    )
