"""helpers.gradient_evidence: the comparisons it returns are the ones the notebook's checks rely on."""

import numpy as np
import pytest

from helpers.gradient_evidence import compare_with_finite_differences, gradient_ratios


def test_comparison_covers_every_case_and_agrees(classification, regression):
    comparison = compare_with_finite_differences({"logistic": classification, "squared": regression}, [1, 4, 16], repeats=2)
    assert comparison.analytic.shape == comparison.numeric.shape == (2 * 2 * 3 * 2, classification[0].shape[1])
    assert set(comparison.reduction) == {"sum", "mean"} and set(comparison.batch_size) == {1, 4, 16}
    np.testing.assert_allclose(comparison.analytic, comparison.numeric, rtol=1e-6, atol=1e-6)
    # The comparison can tell a gradient off by B from the right one.
    off_by_b = comparison.analytic * comparison.batch_size[:, None]
    assert not np.allclose(off_by_b, comparison.numeric, rtol=1e-6, atol=1e-6)


def test_same_seed_same_numbers(classification):
    a = compare_with_finite_differences({"logistic": classification}, [2], seed=5)
    b = compare_with_finite_differences({"logistic": classification}, [2], seed=5)
    np.testing.assert_array_equal(a.analytic, b.analytic)


def test_ratios_equal_b(classification):
    sizes = np.array([1, 2, 8, 64])
    ratios = gradient_ratios(*classification, "logistic", sizes, seed=1)
    np.testing.assert_allclose(ratios, np.broadcast_to(sizes[:, None], ratios.shape), rtol=1e-12)


@pytest.mark.parametrize("call, error", [
    (lambda X, y: compare_with_finite_differences([], [1]), TypeError),
    (lambda X, y: compare_with_finite_differences({"logistic": (X, y)}, [0]), ValueError),
    (lambda X, y: compare_with_finite_differences({"logistic": (X, y)}, [1000]), ValueError),
    (lambda X, y: compare_with_finite_differences({"logistic": (X, y)}, [1], repeats=0), ValueError),
    (lambda X, y: gradient_ratios(X, y, "zero_one", [1]), ValueError),
    (lambda X, y: gradient_ratios(X, y, "logistic", [2.5]), TypeError),
    (lambda X, y: gradient_ratios(X, y, "logistic", [1000]), ValueError),
])
def test_bad_arguments_are_named(classification, call, error):
    with pytest.raises(error):
        call(*classification)
