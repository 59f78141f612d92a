"""Noise scales, optimal steps, stability limits, the two-batch estimator; sampling in bounded memory."""

import numpy as np
import pytest

import helpers
from helpers.noise import (GradientMoments, empirical_moments, gaussian_least_squares_moments, minibatch_gradient_variance,
                           sample_batch_gradients, squared_loss_hessian, stable_learning_rate, two_batch_estimates)

SCALES = np.sqrt(np.array([1.0, 0.5, 0.1]))


def test_noise_scales_by_hand():
    m = GradientMoments(np.array([1.0, 0.0]), np.diag([2.0, 1.0]), np.diag([3.0, 5.0]))
    assert m.simple_noise_scale == 8.0                  # (3 + 5) / 1
    assert m.noise_scale == (2 * 3 + 1 * 5) / 2.0       # tr(H Sigma) / G^T H G
    eps, gain = m.optimal_step(np.array([1, 11]))
    np.testing.assert_allclose(eps, [1 / (2 + 11), 1 / (2 + 1)])
    np.testing.assert_allclose(gain, [0.5 / 13, 0.5 / 3])


def test_optimal_step_formula_in_the_papers_form():
    m = gaussian_least_squares_moments(np.diag(SCALES**2), np.array([1.0, -1.0, 0.5]), 0.7)
    sizes = np.array([1, 4, 64, 10**6])
    eps, gain = m.optimal_step(sizes)
    eps_max, gain_max = m.optimal_step(10**12)
    np.testing.assert_allclose(eps, eps_max / (1 + m.noise_scale / sizes), rtol=1e-9)
    np.testing.assert_allclose(gain, gain_max / (1 + m.noise_scale / sizes), rtol=1e-9)


def test_closed_form_matches_a_large_sample():
    X, y, w_star = helpers.make_linear_regression(2**17, 3, noise=0.7, feature_scales=SCALES, seed=5)
    w = w_star + np.array([1.0, -1.0, 0.5])
    closed = gaussian_least_squares_moments(np.diag(SCALES**2), w - w_star, 0.7)
    sampled = empirical_moments(w, X, y)
    np.testing.assert_allclose(sampled.gradient, closed.gradient, atol=0.02)
    np.testing.assert_allclose(sampled.covariance, closed.covariance, rtol=0.05, atol=0.02)
    assert sampled.noise_scale == pytest.approx(closed.noise_scale, rel=0.05)


def test_closed_form_fails_without_the_isserlis_factor():
    # The check above would catch a wrong covariance: drop the G G^T term and the large sample disagrees.
    X, y, w_star = helpers.make_linear_regression(2**17, 3, noise=0.0, feature_scales=SCALES, seed=5)
    delta = np.array([2.0, 0.0, 0.0])
    closed = gaussian_least_squares_moments(np.diag(SCALES**2), delta, 0.0)
    wrong = closed.covariance - np.outer(closed.gradient, closed.gradient)
    sampled = empirical_moments(w_star + delta, X, y)
    assert np.abs(sampled.covariance - wrong).max() > 0.5


def test_sampled_batches_have_covariance_sigma_over_b():
    m = gaussian_least_squares_moments(np.diag(SCALES**2), np.array([1.0, 0.0, -1.0]), 0.5)
    g = sample_batch_gradients(np.diag(SCALES**2), np.array([1.0, 0.0, -1.0]), 0.5, 8, n_draws=40000, seed=1)
    np.testing.assert_allclose(g.mean(axis=0), m.gradient, atol=0.02)
    assert np.trace(np.cov(g.T)) == pytest.approx(np.trace(m.covariance) / 8, rel=0.03)


def test_variance_falls_as_one_over_b(regression):
    X, y = regression
    sizes = np.array([1, 4, 16])
    trace = np.trace(empirical_moments(np.zeros(3), X, y).covariance)
    measured = minibatch_gradient_variance(np.zeros(3), X, y, "squared", sizes, n_draws=6000, seed=0)
    np.testing.assert_allclose(measured * sizes / trace, 1, atol=0.1)
    full = minibatch_gradient_variance(np.zeros(3), X, y, "squared", np.array([64]), n_draws=10, replace=False)
    assert full[0] == pytest.approx(0, abs=1e-20)   # the whole data set every time


def test_two_batch_estimator_is_unbiased_on_exact_expectations():
    g2, tr_sigma = 0.3, 6.0
    small, big = 4, 64
    estimate = two_batch_estimates([g2 + tr_sigma / small], [g2 + tr_sigma / big], small, big)
    assert estimate == pytest.approx((g2, tr_sigma))


def test_hessian_and_stability_limit():
    X = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 2.0]])
    np.testing.assert_allclose(squared_loss_hessian(X, "sum"), X.T @ X)
    np.testing.assert_allclose(squared_loss_hessian(X), X.T @ X / 3)
    assert stable_learning_rate(np.diag([4.0, 1.0])) == 0.5
    # gradient descent on the mean loss: converges just below the limit, diverges just above
    y = X @ np.array([1.0, -1.0])
    limit = stable_learning_rate(squared_loss_hessian(X))
    run = helpers.train_linear_model(X, y, loss="squared", batch_size=3, learning_rate=np.array([0.98, 1.02]) * limit,
                                     reduction="mean", epochs=2000)
    np.testing.assert_array_equal(run.diverged, [False, True])


@pytest.mark.parametrize("call, error, words", [
    (lambda: GradientMoments(np.ones(1), np.eye(1), np.eye(1)).optimal_step(0), ValueError, "batch_size must hold positive"),
    (lambda: gaussian_least_squares_moments(np.eye(2), np.ones(3), 0.1), ValueError, "covariance must be d x d"),
    (lambda: gaussian_least_squares_moments(np.array([[1.0, 2.0], [0.0, 1.0]]), np.ones(2), 0.1), ValueError, "symmetric"),
    (lambda: gaussian_least_squares_moments(np.eye(2), np.ones(2), -1.0), ValueError, "noise must be >= 0"),
    (lambda: stable_learning_rate(np.zeros((2, 2))), ValueError, "positive eigenvalue"),
    (lambda: stable_learning_rate(np.ones((2, 3))), ValueError, "symmetric square"),
    (lambda: squared_loss_hessian(np.ones((2, 2)), "none"), ValueError, "reduction must be one of"),
    (lambda: two_batch_estimates([1.0], [1.0], 8, 8), ValueError, "big must be larger than small"),
    (lambda: two_batch_estimates([], [1.0], 1, 8), ValueError, "small_norms must not be empty"),
    (lambda: sample_batch_gradients(np.eye(2), np.ones(2), 0.1, 0, n_draws=5), ValueError, "batch_size must be a positive integer"),
    (lambda: empirical_moments(np.zeros(2), np.ones((3, 2)), np.ones(3), "logistic"), ValueError, "loss must be 'squared'"),
    (lambda: minibatch_gradient_variance(np.zeros(2), np.ones((3, 2)), np.ones(3), "squared", np.array([4]), replace=False),
     ValueError, "batch_sizes must be at most 3"),
    (lambda: GradientMoments(np.zeros(2), np.eye(2), np.eye(2)).noise_scale, ValueError, "undefined where G\\^T H G"),
    (lambda: GradientMoments(np.zeros(2), np.eye(2), np.eye(2)).simple_noise_scale, ValueError, "undefined where the gradient is 0"),
    (lambda: sample_batch_gradients(np.diag([1.0, 0.0]), np.ones(2), 0.1, 4, n_draws=5), ValueError, "positive definite"),
    (lambda: sample_batch_gradients(np.eye(2), np.ones(2), 0.1, 512, n_draws=10**9), ValueError, "reduce n_draws"),
    (lambda: minibatch_gradient_variance(np.zeros(2), np.ones((3, 2)), np.ones(3), "squared", np.array([1]), n_draws=10**12),
     ValueError, "reduce n_draws"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def _peak_megabytes(function) -> tuple[object, float]:
    import tracemalloc
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_sampling_runs_in_bounded_memory_with_the_same_numbers(monkeypatch):
    # Notebook 04 draws 20000 batches of 512: held at once, the inputs alone took 1.3 GB.
    # Drawn in blocks, the peak stays flat, and the numbers do not depend on the block size.
    C = np.diag(SCALES**2)
    delta = np.array([1.0, 0.0, -1.0])
    big, peak = _peak_megabytes(lambda: sample_batch_gradients(C, delta, 0.5, 512, n_draws=2000, seed=3))
    assert 2000 * 512 * 3 * 8 / 2**20 > 20 and peak < 2 * helpers.noise.CHUNK_BYTES / 2**20 + 5
    X, y, _ = helpers.make_linear_regression(256, 3, seed=1)
    sizes = np.array([1, 64, 256])
    variance = minibatch_gradient_variance(np.zeros(3), X, y, "squared", sizes, n_draws=300, seed=2)
    variance_without = minibatch_gradient_variance(np.zeros(3), X, y, "squared", sizes, n_draws=300, replace=False, seed=2)
    monkeypatch.setattr(helpers.noise, "CHUNK_BYTES", 4096)   # many small blocks
    np.testing.assert_array_equal(sample_batch_gradients(C, delta, 0.5, 512, n_draws=2000, seed=3), big)
    np.testing.assert_array_equal(minibatch_gradient_variance(np.zeros(3), X, y, "squared", sizes, n_draws=300, seed=2), variance)
    np.testing.assert_array_equal(
        minibatch_gradient_variance(np.zeros(3), X, y, "squared", sizes, n_draws=300, replace=False, seed=2), variance_without)


def test_sampled_batches_are_the_draws_of_one_big_sample():
    # What the blocks reproduce: the inputs of all the draws first, then all the label noise, from one generator.
    C, delta, b, n = np.diag(SCALES**2), np.array([1.0, 0.0, -1.0]), 4, 50
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, b, 3)) @ np.linalg.cholesky(C).T
    residual = x @ delta - 0.5 * rng.standard_normal((n, b))
    expected = np.einsum("nb,nbd->nd", residual, x) / b
    np.testing.assert_array_equal(sample_batch_gradients(C, delta, 0.5, b, n_draws=n, seed=7), expected)
