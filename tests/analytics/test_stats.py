"""analytics.stats against published and hand-computed values."""

import math

import krippendorff
import pytest

from analytics import stats

N = math.nan
# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four coders
# (A-D) by twelve units with missing values; published alpha: nominal 0.743, ordinal 0.815,
# interval 0.849.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_the_package_gives_the_published_values_of_the_worked_example(level, published):
    value = krippendorff.alpha(reliability_data=KRIPPENDORFF_2011, level_of_measurement=level)
    assert round(value, 3) == published


def test_it_computes_the_ordinal_alpha_of_the_worked_example():
    assert round(stats.alpha_ordinal(KRIPPENDORFF_2011), 3) == 0.815


def test_it_gives_the_same_alpha_from_value_counts_as_from_the_matrix():
    counts = []
    for unit in zip(*KRIPPENDORFF_2011, strict=True):
        counts.append([sum(1 for v in unit if v == level) for level in (1, 2, 3, 4, 5)])
    alpha = stats.alpha_ordinal_from_counts(counts, value_domain=[1, 2, 3, 4, 5])
    assert alpha == pytest.approx(stats.alpha_ordinal(KRIPPENDORFF_2011))
    # Unit 12 has one value only: it is not pairable.
    assert stats.pairable_units(counts) == 11


def test_perfect_agreement_is_one():
    assert stats.alpha_ordinal([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, N]]) == 1.0


def test_systematic_disagreement_is_below_zero():
    assert stats.alpha_ordinal([[1, 4, 1, 4], [4, 1, 4, 1]]) < 0


@pytest.mark.parametrize(
    "data",
    [
        [[N, N, N], [N, N, N]],  # all missing
        [[1, 2, 3, 4]],  # one rater
        [[1, N, 3], [N, 2, N]],  # no unit rated twice
        [[3, 3, 3], [3, 3, 3]],  # one value: nothing to agree on
        [],
    ],
)
def test_it_says_not_enough_data_instead_of_raising(data):
    assert stats.alpha_ordinal(data) is None


def test_counts_with_no_pairable_unit_give_none():
    assert stats.alpha_ordinal_from_counts([[1, 0, 0, 0], [0, 0, 0, 0]], [1, 2, 3, 4]) is None
    assert stats.alpha_ordinal_from_counts([], [1, 2, 3, 4]) is None


def test_mean_interval_uses_the_t_distribution():
    result = stats.mean_interval_of([1, 2, 3, 4, 5])
    # mean 3, s = sqrt(2.5), t(0.975, 4) = 2.776445 -> half-width 1.963243
    assert result.n == 5
    assert result.mean == 3
    assert result.low == pytest.approx(1.036757, abs=1e-6)
    assert result.high == pytest.approx(4.963243, abs=1e-6)


def test_mean_interval_from_sums_matches_the_values():
    values = [0.5, -1.0, 0.25, 2.0]
    by_sums = stats.mean_interval(n=4, total=sum(values), total_squares=sum(v * v for v in values))
    assert by_sums == stats.mean_interval_of(values)


def test_mean_interval_needs_two_values():
    assert stats.mean_interval_of([]) == stats.MeanInterval(n=0, mean=None, low=None, high=None)
    assert stats.mean_interval_of([2.0]) == stats.MeanInterval(n=1, mean=2.0, low=None, high=None)


def test_kendall_tau_b_of_a_contingency_table():
    # x = 1,1,2,3,4,4 against y = 0,0,0,1,1,1: 9 concordant pairs, none discordant, 2 pairs
    # tied on x, 6 tied on y, of 15: tau-b = 9 / sqrt(13 * 9) = 0.832050
    tau, n = stats.kendall_tau_b({(1, 0): 2, (2, 0): 1, (3, 1): 1, (4, 1): 2})
    assert n == 6
    assert tau == pytest.approx(9 / math.sqrt(117))


def test_kendall_tau_b_of_reversed_order_is_minus_one():
    tau, n = stats.kendall_tau_b({(1, 4): 1, (2, 3): 1, (3, 2): 1, (4, 1): 1})
    assert (tau, n) == (pytest.approx(-1.0), 4)


def test_kendall_tau_b_is_none_without_variation():
    assert stats.kendall_tau_b({(4, 1): 5, (4, 2): 3}) == (None, 8)
    assert stats.kendall_tau_b({}) == (None, 0)


def test_kendall_tau_b_from_the_table_equals_scipys_on_the_raw_pairs():
    import numpy as np
    from scipy.stats import kendalltau

    rng = np.random.default_rng(3)
    for _ in range(20):
        table = {(x, y): int(rng.integers(0, 30)) for x in (1, 2, 3, 4) for y in (1, 2, 3, 4)}
        xs = [x for (x, _y), count in table.items() for _ in range(count)]
        ys = [y for (_x, y), count in table.items() for _ in range(count)]
        tau, n = stats.kendall_tau_b(table)
        assert n == len(xs)
        assert tau == pytest.approx(kendalltau(xs, ys, variant="b").statistic)
