"""helpers.reporting against sums done by hand."""

import numpy as np
import pytest

from helpers.reporting import average_reports


def test_average_reports_by_hand():
    losses = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0])  # 4 mistakes in 8
    reports = average_reports(losses, [1, 2, 4, 8])
    np.testing.assert_allclose(reports["mean"], [0.5, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(reports["sum"], [0.5, 1.0, 2.0, 4.0])  # B x the error rate


def test_sum_is_b_times_mean_for_any_losses(rng):
    losses = rng.exponential(size=64)
    sizes = np.array([1, 2, 4, 8, 16, 32, 64])
    reports = average_reports(losses, sizes)
    np.testing.assert_allclose(reports["sum"], sizes * reports["mean"], rtol=1e-12)
    np.testing.assert_allclose(reports["mean"], losses.mean(), rtol=1e-12)


@pytest.mark.parametrize("losses, sizes, error", [
    (np.ones((2, 2)), [1], ValueError),        # not one loss per example
    (np.ones(6), [4], ValueError),             # 4 does not divide 6
    (np.ones(6), [0], ValueError),
    (np.ones(6), [2.5], TypeError),
    (np.ones(6), [12], ValueError),            # more than the examples
    ("abc", [1], TypeError),
    (np.array([1.0, np.nan]), [1], ValueError),
])
def test_bad_arguments_are_named(losses, sizes, error):
    with pytest.raises(error):
        average_reports(losses, sizes)
