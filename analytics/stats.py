"""The statistics behind Panel's analytics, as pure functions on plain lists and arrays.

Every function answers "not enough data" (None, or a result whose ``value`` is None) rather than
raising or returning NaN, so a page can always show the n behind a figure and nothing invented.

Choices: Krippendorff's alpha comes from the ``krippendorff`` package (ordinal metric, missing
values allowed); the t quantile of the mean's interval from ``scipy.stats``. The rank
correlation is Kendall's tau-b, made for two ordinal variables with many ties (a 1-4 rating
against a 4-level recommendation or a 2-level decision); it is counted on the contingency table
the database returns (a few cells), because scipy's version wants the n raw pairs and cost
milliseconds per question on the report of every question; the tests hold it to scipy's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

# Krippendorff (2004, 2011): alpha >= 0.800 is reliable, 0.667 the lowest for tentative
# conclusions.
ALPHA_GOOD = 0.8
ALPHA_TENTATIVE = 0.667


def _t_quantile(probability: float, degrees_of_freedom: int) -> float:
    # scipy.stats is imported on first use, not with the app: it adds about 80 MB to every
    # process that loads Django (the PDF worker's children included) and is needed by one
    # analytics figure.
    from scipy import stats as scipy_stats

    return scipy_stats.t.ppf(probability, degrees_of_freedom)


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
    half_width = float(_t_quantile(0.975, n - 1)) * math.sqrt(variance / n)
    return MeanInterval(n=n, mean=mean, low=mean - half_width, high=mean + half_width)


def mean_interval_of(values: Sequence[float]) -> MeanInterval:
    return mean_interval(
        n=len(values), total=float(sum(values)), total_squares=float(sum(v * v for v in values))
    )


def kendall_tau_b(table: dict[tuple[int, int], int]) -> tuple[float | None, int]:
    """Kendall's tau-b of two ordinal variables given as a contingency table
    {(x, y): count}, and the n behind it. None when either variable does not vary.

    Counted on the table itself (concordant and discordant pairs of cells), so its cost
    depends on the number of levels, not on n; tests check it against scipy.stats.kendalltau.
    """
    n = sum(count for count in table.values() if count > 0)
    xs = sorted({x for (x, _y), count in table.items() if count > 0})
    ys = sorted({y for (_x, y), count in table.items() if count > 0})
    if n < 2 or len(xs) < 2 or len(ys) < 2:
        return None, n
    cells = np.zeros((len(xs), len(ys)))
    for (x, y), count in table.items():
        if count > 0:
            cells[xs.index(x), ys.index(y)] = count
    # below_right[i, j]: pairs' partners with a higher x and a higher y; below_left: higher x,
    # lower y.
    higher_x = np.cumsum(cells[::-1], axis=0)[::-1]
    higher_x = np.vstack([higher_x[1:], np.zeros(len(ys))])
    below_right = np.cumsum(higher_x[:, ::-1], axis=1)[:, ::-1]
    below_right = np.hstack([below_right[:, 1:], np.zeros((len(xs), 1))])
    below_left = np.cumsum(higher_x, axis=1)
    below_left = np.hstack([np.zeros((len(xs), 1)), below_left[:, :-1]])
    concordant = float((cells * below_right).sum())
    discordant = float((cells * below_left).sum())
    pairs = n * (n - 1) / 2
    tied_x = float((cells.sum(axis=1) * (cells.sum(axis=1) - 1) / 2).sum())
    tied_y = float((cells.sum(axis=0) * (cells.sum(axis=0) - 1) / 2).sum())
    return (concordant - discordant) / math.sqrt((pairs - tied_x) * (pairs - tied_y)), n
