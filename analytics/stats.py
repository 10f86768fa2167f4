"""The statistics behind Panel's analytics, as pure functions on plain lists and arrays.

Every function answers "not enough data" (None, or a result whose ``value`` is None) rather than
raising or returning NaN, so a page can always show the n behind a figure and nothing invented.

Choices: Krippendorff's alpha comes from the ``krippendorff`` package (ordinal metric, missing
values allowed). The t quantile of the mean's interval and Kendall's tau-b come from
``scipy.stats``: tau-b is the rank correlation for two ordinal variables with many ties (a 1-4
rating against a 4-level recommendation or a 2-level decision), and scipy's implementation is
exact and well kept; writing our own would need its own tests against scipy anyway.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np
from scipy import stats as scipy_stats

# Krippendorff (2004, 2011): alpha >= 0.800 is reliable, 0.667 the lowest for tentative
# conclusions.
ALPHA_GOOD = 0.8
ALPHA_TENTATIVE = 0.667


def alpha_ordinal(reliability_data) -> float | None:
    """Krippendorff's alpha, ordinal, for a raters x units matrix (NaN or None = missing).

    None when alpha is undefined: no unit rated by two raters (one rater, all missing) or a
    single value in the whole matrix (no variation to agree or disagree on).
    """
    data = np.array(reliability_data, dtype=float)
    if data.ndim != 2 or data.size == 0:
        return None
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = np.unique(data[:, pairable][~np.isnan(data[:, pairable])])
    if not pairable.any() or values.size < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal"))


def alpha_ordinal_from_counts(value_counts, value_domain: Sequence[int]) -> float | None:
    """Krippendorff's alpha, ordinal, from a units x values matrix of counts (how many raters
    gave each value to each unit): the form the database aggregates to."""
    counts = np.array(value_counts, dtype=float).reshape(-1, len(value_domain))
    pairable = counts[counts.sum(axis=1) >= 2]
    if pairable.size == 0 or np.count_nonzero(pairable.sum(axis=0)) < 2:
        return None
    return float(
        krippendorff.alpha(
            value_counts=pairable,
            value_domain=list(value_domain),
            level_of_measurement="ordinal",
        )
    )


def pairable_units(value_counts) -> int:
    """Units rated by at least two raters: the n behind an alpha."""
    counts = np.array(value_counts, dtype=float)
    if counts.size == 0:
        return 0
    return int((counts.sum(axis=1) >= 2).sum())


@dataclass(frozen=True)
class MeanInterval:
    """A mean with its 95 % confidence interval (t distribution) and the n behind it."""

    n: int
    mean: float | None
    low: float | None
    high: float | None


def mean_interval(*, n: int, total: float, total_squares: float) -> MeanInterval:
    """Mean and 95 % t interval from n, the sum and the sum of squares (as SQL aggregates them).

    Fewer than two values: the mean alone (n = 1) or nothing (n = 0), never an interval.
    """
    if n <= 0:
        return MeanInterval(n=0, mean=None, low=None, high=None)
    mean = total / n
    if n < 2:
        return MeanInterval(n=n, mean=mean, low=None, high=None)
    variance = max(total_squares - n * mean * mean, 0.0) / (n - 1)
    half_width = float(scipy_stats.t.ppf(0.975, n - 1)) * math.sqrt(variance / n)
    return MeanInterval(n=n, mean=mean, low=mean - half_width, high=mean + half_width)


def mean_interval_of(values: Sequence[float]) -> MeanInterval:
    return mean_interval(
        n=len(values), total=float(sum(values)), total_squares=float(sum(v * v for v in values))
    )


def kendall_tau_b(table: dict[tuple[int, int], int]) -> tuple[float | None, int]:
    """Kendall's tau-b of two ordinal variables given as a contingency table
    {(x, y): count}, and the n behind it. None when either variable does not vary."""
    cells = [(x, y, count) for (x, y), count in table.items() if count > 0]
    n = sum(count for _x, _y, count in cells)
    if n < 2 or len({x for x, _y, _c in cells}) < 2 or len({y for _x, y, _c in cells}) < 2:
        return None, n
    counts = np.array([count for _x, _y, count in cells])
    xs = np.repeat(np.array([x for x, _y, _c in cells], dtype=float), counts)
    ys = np.repeat(np.array([y for _x, y, _c in cells], dtype=float), counts)
    tau = scipy_stats.kendalltau(xs, ys, variant="b").statistic
    return (None if math.isnan(tau) else float(tau)), n
