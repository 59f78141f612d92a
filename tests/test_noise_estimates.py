"""Sampled gradient-noise quantities: unbiased, with honest standard errors, chunked, and clear errors."""

import numpy as np
import pytest

import helpers
from helpers.noise import empirical_moments, gaussian_least_squares_moments
from helpers.noise_estimates import (NOISE_STATISTICS, batch_gradient_squared_norms, covariance_margins, gradient_descent_moments,
                                     noise_scales_along_path, per_example_noise_statistics, simulated_step_gains, standard_error)

C = np.diag([1.0, 0.5, 0.1])
DELTA = np.array([1.0, -1.0, 0.5])


def test_standard_error_by_hand():
    assert standard_error(np.array([1.0, 3.0])) == pytest.approx(1.0)        # std 1.414 / sqrt 2
    np.testing.assert_allclose(standard_error(np.ones((5, 2))), [0.0, 0.0])


def test_batch_norms_match_the_variance_formulas(regression):
    X, y = regression
    g = helpers.per_example_gradients(np.zeros(3), X, y, "squared")
    n, sizes = len(y), np.array([1, 4, 16, 64])
    trace = np.trace(empirical_moments(np.zeros(3), X, y).covariance)
    for replace, factor in ((True, np.ones(4)), (False, (n - sizes) / (n - 1))):
        draws = batch_gradient_squared_norms(g, sizes, n_draws=3000, replace=replace, centre=True, seed=1)
        assert draws.shape == (3000, 4)
        expected = trace / sizes * factor
        z = (draws.mean(axis=0)[:3] - expected[:3]) / standard_error(draws)[:3]
        assert np.all(np.abs(z) < 4)
    # Without replacement, a batch of all N examples is the full gradient: no noise at all.
    assert np.all(batch_gradient_squared_norms(g, np.array([n]), n_draws=5, replace=False, centre=True) < 1e-25)


def test_uncentred_norms_add_the_gradient(regression):
    X, y = regression
    g = helpers.per_example_gradients(np.zeros(3), X, y, "squared")
    full = g.mean(axis=0)
    centred = batch_gradient_squared_norms(g, np.array([2, 8]), n_draws=50, replace=True, centre=True, seed=3)
    raw = batch_gradient_squared_norms(g, np.array([2, 8]), n_draws=50, replace=True, seed=3)
    assert raw.mean() != pytest.approx(centred.mean())
    # Same draws: |g_B|^2 - |g_B - G|^2 = 2 G.(g_B - G) + |G|^2, whose mean over many draws is |G|^2.
    many_raw = batch_gradient_squared_norms(g, np.array([8]), n_draws=20000, replace=True, seed=4)
    many_centred = batch_gradient_squared_norms(g, np.array([8]), n_draws=20000, replace=True, centre=True, seed=4)
    difference = many_raw - many_centred
    assert abs(difference.mean() - full @ full) < 4 * standard_error(difference)[0]


def test_per_example_statistics_are_unbiased():
    stats = per_example_noise_statistics(C, DELTA, 0.5, n_examples=2**17, seed=0)
    closed = gaussian_least_squares_moments(C, DELTA, 0.5)
    u = closed.gradient / np.linalg.norm(closed.gradient)
    expected = {"total": np.trace(closed.covariance), "along_gradient": u @ closed.covariance @ u,
                "curvature_weighted": np.trace(C @ closed.covariance)}
    for name, value in expected.items():
        assert abs(stats[name].mean() - value) < 4 * standard_error(stats[name]), name
    # The statistic along G rejects a covariance without its G G^T term.
    wrong = u @ (closed.covariance - np.outer(closed.gradient, closed.gradient)) @ u
    assert abs(stats["along_gradient"].mean() - wrong) > 10 * standard_error(stats["along_gradient"])


def test_simulated_gains_match_the_formula():
    closed = gaussian_least_squares_moments(C, DELTA, 0.5)
    for b in (1, 16):
        step, gain = closed.optimal_step(b)
        gains = simulated_step_gains(C, DELTA, 0.5, b, float(step), n_draws=40000, seed=b)
        assert abs(gains.mean() - gain) < 4 * standard_error(gains)


def test_the_formula_step_beats_its_neighbours_on_the_same_draws():
    closed = gaussian_least_squares_moments(C, DELTA, 0.5)
    step = float(closed.optimal_step(4)[0])
    gains = simulated_step_gains(C, DELTA, 0.5, 4, step * np.array([0.7, 1.0, 1.4]), n_draws=20000, seed=2)
    assert gains.shape == (20000, 3)
    for other in (0, 2):
        difference = gains[:, 1] - gains[:, other]
        assert difference.mean() > 4 * standard_error(difference)


def test_chunks_do_not_change_the_answer_size():
    gains = simulated_step_gains(C, DELTA, 0.5, 4096, 0.1, n_draws=70, seed=0)   # several chunks of few draws
    assert gains.shape == (70,) and np.all(np.isfinite(gains))


def test_noise_scales_along_a_path_and_along_gradient_descent(regression):
    X, y = regression
    path = np.array([[0.0, 0.0, 0.0], [0.1, -0.2, 0.3]])
    np.testing.assert_allclose(noise_scales_along_path(path, X, y),
                               [empirical_moments(w, X, y).noise_scale for w in path])
    moments = gradient_descent_moments(C, DELTA, 0.5, 1.0, np.array([0, 1, 5]))
    assert moments[0].noise_scale == pytest.approx(gaussian_least_squares_moments(C, DELTA, 0.5).noise_scale)
    np.testing.assert_allclose(moments[1].gradient, C @ ((np.eye(3) - C) @ DELTA))
    assert moments[0].noise_scale < moments[1].noise_scale < moments[2].noise_scale


@pytest.mark.parametrize("call, error, words", [
    (lambda: standard_error(np.ones(1)), ValueError, "at least 2 draws"),
    (lambda: batch_gradient_squared_norms(np.ones((3, 2)), np.array([4]), n_draws=2, replace=False), ValueError,
     "batch_sizes must be at most 3"),
    (lambda: batch_gradient_squared_norms(np.ones((3, 2)), np.array([2]), n_draws=2, replace="no"), TypeError,
     "replace must be True or False"),
    (lambda: batch_gradient_squared_norms(np.ones((3, 2)), np.array([2]), n_draws=0, replace=True), ValueError,
     "n_draws must be a positive integer"),
    (lambda: per_example_noise_statistics(C, np.zeros(3), 0.5, n_examples=10), ValueError, "weight_error must not be zero"),
    (lambda: simulated_step_gains(C, DELTA, 0.5, 4, -0.1, n_draws=10), ValueError, "steps must be positive"),
    (lambda: noise_scales_along_path(np.zeros(3), np.ones((3, 3)), np.ones(3)), ValueError, "weights_path must be 2-D"),
    (lambda: gradient_descent_moments(C, DELTA, 0.5, 1.0, np.array([-1])), ValueError, "steps must be"),
])
def test_bad_arguments_get_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_covariance_margins_are_each_seeds_distance_in_standard_errors():
    right = gaussian_least_squares_moments(C, DELTA, 0.5).covariance
    g = C @ DELTA
    wrong = right + np.outer(g, g)
    margins = covariance_margins(C, DELTA, 0.5, np.array([right, wrong, 3 * right]), n_examples=4096, seeds=[1, 2])
    assert margins.shape == (2, 3, 3)
    stats = per_example_noise_statistics(C, DELTA, 0.5, n_examples=4096, seed=2)
    u = g / np.linalg.norm(g)
    predicted = [np.trace(wrong), u @ wrong @ u, np.trace(C @ wrong)]
    by_hand = [abs(stats[name].mean() - p) / standard_error(stats[name]) for name, p in zip(NOISE_STATISTICS, predicted)]
    np.testing.assert_allclose(margins[1, 1], by_hand)
    assert np.all(margins[:, 0] < 4) and np.all(margins[:, 2] > 10)      # the right formula passes; a far one does not


def test_covariance_margins_refuse_candidates_of_the_wrong_size():
    with pytest.raises(ValueError, match="candidates must be a stack of 3 x 3"):
        covariance_margins(C, DELTA, 0.5, np.eye(3), n_examples=16, seeds=[0])
