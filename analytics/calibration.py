"""Interviewer calibration: how far each interviewer's ratings sit from the rest of the same
panel on the same questions, and how often their recommendation went against the decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.people import display_name

from . import selectors, stats
from .aggregates import aggregates_catch_up

# Below these, the figures are shown with their n but without a verdict.
MIN_INTERVIEWS = 5  # interviews behind a mean difference
MIN_DECISIONS = 5  # decided candidates behind a rate of going against the decision

PERIODS = {
    "90": (_("Last 90 days"), 90),
    "365": (_("Last 12 months"), 365),
    "all": (_("All time"), None),
}
DEFAULT_PERIOD = "365"


@dataclass(frozen=True)
class Calibration:
    """One interviewer's figures over a period."""

    user: object
    difference: stats.MeanInterval  # n = interviews
    ratings: int
    decisions: int
    against_decision: int

    @property
    def enough(self) -> bool:
        return self.difference.n >= MIN_INTERVIEWS and self.difference.low is not None

    @property
    def verdict(self) -> str:
        if not self.enough:
            return str(_("Not enough data"))
        if self.difference.low > 0:
            return str(_("More lenient than the rest of the panel"))
        if self.difference.high < 0:
            return str(_("Stricter than the rest of the panel"))
        return str(_("In line with the rest of the panel"))

    @property
    def against_rate(self) -> float | None:
        if self.decisions < MIN_DECISIONS:
            return None
        return self.against_decision / self.decisions

    @property
    def against_percent(self) -> int | None:
        rate = self.against_rate
        return None if rate is None else round(100 * rate)


def period_start(period: str):
    days = PERIODS[period][1]
    return timezone.now() - timedelta(days=days) if days else None


def calibrations(*, period: str, viewer, panelist_id: int | None = None) -> list[Calibration]:
    """Every interviewer with a compared rating in the period (or only ``panelist_id``), by
    name. Interviews on which ``viewer`` still owes a scorecard are left out (blind scoring)."""
    aggregates_catch_up()
    scope = {
        "since": period_start(period),
        "panelist_id": panelist_id,
        "hidden": selectors.interviews_owed_by(viewer),
    }
    deviations = selectors.panelist_deviations(**scope)
    decisions = selectors.panelist_decision_disagreements(**scope)
    ids = {row[0] for row in deviations} | set(decisions)
    if panelist_id is not None:
        ids = {panelist_id}
    users = get_user_model().objects.in_bulk(ids)
    by_user = {row[0]: row for row in deviations}
    result = []
    for user_id, user in users.items():
        _id, interviews, total, squares, ratings = by_user.get(user_id, (user_id, 0, 0, 0, 0))
        compared, against = decisions.get(user_id, (0, 0))
        result.append(
            Calibration(
                user=user,
                difference=stats.mean_interval(
                    n=int(interviews), total=float(total or 0), total_squares=float(squares or 0)
                ),
                ratings=int(ratings or 0),
                decisions=compared,
                against_decision=against,
            )
        )
    return sorted(result, key=lambda row: display_name(row.user).casefold())
