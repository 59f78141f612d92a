"""Noise scales, optimal steps, stability limits, the two-batch estimator, and Adam under sum() and mean()."""

import numpy as np
import pytest

import helpers
from helpers.adam import adam_step, train_adam
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


def test_adam_is_blind_to_the_reduction_but_for_epsilon(regression):
    X, y = regression
    paths = train_adam(X, y, loss="squared", batch_size=16, learning_rate=0.05, epochs=3,
                       reduction=np.array(["sum", "mean", "sum", "mean", "mean"]), epsilon=np.array([0, 0, 1e-3, 1e-3, 1e-3 / 16]))
    assert paths.shape == (5, 3 * 4 + 1, 3)
    np.testing.assert_allclose(paths[0], paths[1], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(paths[2], paths[4], rtol=1e-12, atol=1e-15)
    assert np.abs(paths[2] - paths[3]).max() > 1e-6


def test_adam_step_by_hand():
    w, m, v = adam_step(np.array([1.0]), np.array([0.5]), np.zeros(1), np.zeros(1), 1, learning_rate=0.1, epsilon=0.0)
    np.testing.assert_allclose((w, m, v), ([0.9], [0.05], [0.00025]))          # first step moves lr * sign(g)
    w, _, _ = adam_step(np.array([1.0]), np.array([0.0]), np.zeros(1), np.zeros(1), 1, learning_rate=0.1, epsilon=0.0)
    assert w[0] == 1.0                                                            # no gradient, no step (not 0/0)


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
    (lambda: adam_step(np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), 0, learning_rate=0.1), ValueError, "step must be a positive"),
    (lambda: adam_step(np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), 1, learning_rate=-0.1), ValueError, "learning_rate must be positive"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=8, learning_rate=0.1, reduction="sum",
                        epsilon=0.0, epochs=1), ValueError, "batch_size must be at most 4"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=2, learning_rate=0.1, reduction="none",
                        epsilon=0.0, epochs=1), ValueError, "reduction must be one of"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=2, learning_rate=0.1, reduction="sum",
                        epsilon=-1.0, epochs=1), ValueError, "epsilon must be >= 0"),
    (lambda: helpers.make_linear_regression(4, 2, feature_scales=np.ones(3)), ValueError, "feature_scales must hold one scale"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
