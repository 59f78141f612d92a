"""The empirical divergence threshold of mini-batch SGD: the trainer's steps, the trainer's verdicts, fast."""

import numpy as np
import pytest

import helpers
from helpers.noise import squared_loss_hessian, stable_learning_rate
from helpers.stability import divergence_thresholds, linear_rule_crossing, sgd_diverges


@pytest.fixture(scope="module")
def data():
    X, y, _ = helpers.make_linear_regression(256, 3, noise=0.5, feature_scales=np.array([1.0, 0.7, 0.3]), seed=2)
    return X, y


@pytest.mark.parametrize("batch_size", [1, 4, 32, 256])
def test_same_verdicts_as_the_trainer(data, batch_size):
    X, y = data
    limit = stable_learning_rate(squared_loss_hessian(X))
    rates = limit * np.geomspace(0.2, 1.3, 12)
    epochs = 3
    run = helpers.train_linear_model(X, y, loss="squared", batch_size=batch_size, learning_rate=rates,
                                     reduction="mean", epochs=epochs, seed=5)
    mine = sgd_diverges(X, y, batch_size=batch_size, learning_rates=rates, steps=epochs * (len(y) // batch_size), seed=5)
    np.testing.assert_array_equal(mine, run.diverged)


def test_full_batch_threshold_is_the_full_batch_limit(data):
    X, y = data
    limit = stable_learning_rate(squared_loss_hessian(X))
    rates = limit * np.array([0.97, 0.99, 1.01, 1.03])
    thresholds, diverged = divergence_thresholds(X, y, batch_sizes=np.array([len(y)]), learning_rates=rates, steps=3000)
    np.testing.assert_array_equal(diverged[0], [False, False, True, True])
    assert thresholds[0] == rates[2]


def test_small_batches_diverge_below_the_full_batch_limit(data):
    X, y = data
    limit = stable_learning_rate(squared_loss_hessian(X))
    rates = limit * np.geomspace(0.1, 1.2, 30)
    thresholds, _ = divergence_thresholds(X, y, batch_sizes=np.array([1, 256]), learning_rates=rates, steps=500)
    assert thresholds[0] < 0.6 * limit < limit < thresholds[1]


def test_no_divergence_gives_nan(data):
    X, y = data
    thresholds, diverged = divergence_thresholds(X, y, batch_sizes=np.array([8]), learning_rates=np.array([1e-3, 2e-3]), steps=10)
    assert np.isnan(thresholds[0]) and not diverged.any()


def test_linear_rule_crossing():
    assert linear_rule_crossing(0.05, 16, 0.5) == pytest.approx(1280.0)
    assert 0.05 * linear_rule_crossing(0.05, 16, 0.5) / 16 == pytest.approx(2 / 0.5)


@pytest.mark.parametrize("call, error, words", [
    (lambda: sgd_diverges(np.ones((4, 2)), np.ones(4), batch_size=8, learning_rates=np.array([0.1]), steps=5), ValueError,
     "batch_size must be at most 4"),
    (lambda: sgd_diverges(np.ones((4, 2)), np.ones(3), batch_size=2, learning_rates=np.array([0.1]), steps=5), ValueError,
     "targets must hold one number per example"),
    (lambda: sgd_diverges(np.ones((4, 2)), np.ones(4), batch_size=2, learning_rates=np.array([-0.1]), steps=5), ValueError,
     "learning_rates must be positive"),
    (lambda: sgd_diverges(np.ones((4, 2)), np.ones(4), batch_size=2, learning_rates=np.array([0.1]), steps=0), ValueError,
     "steps must be a positive integer"),
    (lambda: divergence_thresholds(np.ones((4, 2)), np.ones(4), batch_sizes=np.array([[1]]), learning_rates=np.array([0.1]),
                                   steps=1), ValueError, "batch_sizes must be 1-D"),
    (lambda: linear_rule_crossing(0.1, 16, 0.0), ValueError, "hessian_max must be positive"),
])
def test_bad_arguments_get_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()
