"""Seeded synthetic data: shapes, determinism, the stated distributions, and their arguments."""

import numpy as np
import pytest

import helpers


def test_two_gaussians_are_balanced_seeded_and_separated():
    X, y = helpers.make_two_gaussians(10001, separation=3.0, seed=4)
    assert X.shape == (10001, 2) and y.sum() == 10001 - 10001 // 2
    a, b = helpers.make_two_gaussians(50, seed=4), helpers.make_two_gaussians(50, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], helpers.make_two_gaussians(50, seed=5)[0])
    np.testing.assert_allclose([X[y == 0, 0].mean(), X[y == 1, 0].mean()], [-1.5, 1.5], atol=0.05)


def test_label_noise_flips_that_fraction():
    _, clean = helpers.make_two_gaussians(20000, seed=1)
    _, noisy = helpers.make_two_gaussians(20000, label_noise=0.2, seed=1)
    assert np.mean(clean != noisy) == pytest.approx(0.2, abs=0.01)


def test_linear_regression_has_the_stated_covariance():
    scales = np.array([1.0, 0.5, 0.1])
    X, y, w = helpers.make_linear_regression(40000, 3, noise=0.0, feature_scales=scales, seed=2)
    np.testing.assert_allclose(X.std(axis=0), scales, rtol=0.02)
    np.testing.assert_allclose(y, X @ w)


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.make_two_gaussians(10, seed=-1), ValueError, "seed must be a non-negative integer or None"),
    (lambda: helpers.make_two_gaussians(10, seed="0"), TypeError, "seed must be a non-negative integer or None"),
    (lambda: helpers.make_two_gaussians(10, label_noise=1.5), ValueError, r"label_noise must lie in \[0, 1\]"),
    (lambda: helpers.make_two_gaussians(10, offset=(1.0, 2.0, 3.0)), ValueError, "offset must hold 2 entries"),
    (lambda: helpers.make_two_gaussians(10**12), ValueError, "reduce n_examples"),
    (lambda: helpers.make_linear_regression(4, 2, feature_scales=np.ones(3)), ValueError, "feature_scales must hold one scale"),
    (lambda: helpers.make_linear_regression(10**6, 10**4), ValueError, "reduce n_examples or n_features"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
