"""The two-batch estimator on the network: unbiased against the exact |G|^2 and tr(Sigma), along training."""

import numpy as np
import pytest

from helpers.network import gradient_statistics, initial_parameters, network_gradient
from helpers.network_noise import NoiseScalePath, TwoBatchEstimate, noise_scale_along_training, two_batch_noise_scale

SIZES = (4, 5, 3)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(80, 4)), rng.integers(0, 3, 80)


def test_each_pair_uses_the_mean_gradients_of_nested_batches(data):
    X, y = data
    theta = initial_parameters(SIZES, seed=1)
    estimate = two_batch_noise_scale(theta, SIZES, X, y, small=3, big=11, n_draws=4, seed=5)
    picks = np.random.default_rng(5).integers(0, len(y), size=(4, 11))
    for k in range(4):
        small = network_gradient(theta, SIZES, X[picks[k, :3]], y[picks[k, :3]], "mean")
        big = network_gradient(theta, SIZES, X[picks[k]], y[picks[k]], "mean")
        s2, b2 = small @ small, big @ big
        assert estimate.gradient_squared[k] == pytest.approx((11 * b2 - 3 * s2) / 8, rel=1e-10)
        assert estimate.trace[k] == pytest.approx((s2 - b2) / (1 / 3 - 1 / 11), rel=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unbiased_within_its_standard_errors(data, seed):
    X, y = data
    theta = initial_parameters(SIZES, seed=seed)
    estimate = two_batch_noise_scale(theta, SIZES, X, y, small=2, big=20, n_draws=3000, seed=seed + 10)
    g2, trace = gradient_statistics(theta, SIZES, X, y)
    g2_error, trace_error = estimate.standard_errors
    assert isinstance(estimate, TwoBatchEstimate)
    assert abs(estimate.gradient_squared.mean() - g2) < 4 * g2_error
    assert abs(estimate.trace.mean() - trace) < 4 * trace_error
    assert estimate.simple_noise_scale == pytest.approx(estimate.trace.mean() / estimate.gradient_squared.mean())


def test_the_estimator_can_tell_a_wrong_formula(data):
    """With these draws, forgetting to average before dividing (the mean of per-pair ratios) lands far off."""
    X, y = data
    theta = initial_parameters(SIZES, seed=3)
    estimate = two_batch_noise_scale(theta, SIZES, X, y, small=2, big=20, n_draws=3000, seed=4)
    g2, trace = gradient_statistics(theta, SIZES, X, y)
    right = estimate.simple_noise_scale
    wrong = np.mean(estimate.trace / estimate.gradient_squared)
    assert abs(right / (trace / g2) - 1) < 0.2 and abs(wrong / (trace / g2) - 1) > 0.5


def test_along_training(data):
    X, y = data
    paths = np.stack([np.stack([initial_parameters(SIZES, seed=s), 1.5 * initial_parameters(SIZES, seed=s)]) for s in (0, 1)])
    path = noise_scale_along_training(paths, SIZES, X, y, small=2, big=16, n_draws=50, seed=7)
    assert isinstance(path, NoiseScalePath) and path.trace.shape == (2, 2)
    g2, trace = gradient_statistics(paths[1, 0], SIZES, X, y)
    assert path.exact_gradient_squared[1, 0] == pytest.approx(g2) and path.exact_trace[1, 0] == pytest.approx(trace)
    one = two_batch_noise_scale(paths[1, 0], SIZES, X, y, small=2, big=16, n_draws=50,
                                seed=int(np.random.SeedSequence([7, 1, 0]).generate_state(1)[0]))
    assert path.trace[1, 0] == pytest.approx(one.trace.mean()) and path.trace_error[1, 0] == pytest.approx(one.standard_errors[1])
    np.testing.assert_allclose(path.exact_simple_noise_scale, path.exact_trace / path.exact_gradient_squared)


@pytest.mark.parametrize("call, error, words", [
    (lambda X, y: two_batch_noise_scale(np.zeros((2, 43)), SIZES, X, y, small=2, big=4, n_draws=5), ValueError,
     "one parameter vector"),
    (lambda X, y: two_batch_noise_scale(initial_parameters(SIZES), SIZES, X, y, small=4, big=4, n_draws=5), ValueError,
     "big must be larger than small"),
    (lambda X, y: two_batch_noise_scale(initial_parameters(SIZES), SIZES, X, y, small=2, big=4, n_draws=1), ValueError,
     "n_draws must be at least 2"),
    (lambda X, y: noise_scale_along_training(np.zeros((3, 43)), SIZES, X, y, small=2, big=4, n_draws=5), ValueError,
     "parameter_paths must have shape"),
])
def test_bad_input_is_named(data, call, error, words):
    X, y = data
    with pytest.raises(error, match=words):
        call(X, y)
