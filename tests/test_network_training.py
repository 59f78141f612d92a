"""The network trainer: plain mini-batch SGD for every configuration, sum() at η equal to mean() at Bη, the
warm-up schedule, seeds as a configuration axis, divergence, the L2 schemes."""

import numpy as np
import pytest

from helpers.network import _loss_and_gradient, _exact_scores, _cross_entropy, initial_parameters, network_loss
from helpers.network_training import L2_SCHEMES, NetworkRun, train_l2_schemes, train_network, warmup_learning_rates
from helpers.training import DIVERGENCE_THRESHOLD

SIZES = (6, 5, 3)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.random((48, 6))
    y = (X[:, 0] + X[:, 1] > 1).astype(int) + (X[:, 2] > 0.7)
    return X, y


def reference_sgd(X, y, *, batch_size, learning_rate, reduction, epochs, l2=0.0, warmup_epochs=0.0, warmup_start=0.0, seed=0):
    """Plain mini-batch SGD, one configuration, one step at a time (the exact products the trainer uses)."""
    theta = initial_parameters(SIZES, seed=seed)[None]
    rng = np.random.default_rng(seed)
    n, step = len(y), 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n - batch_size + 1, batch_size):
            index = order[start:start + batch_size]
            scale = 1.0 if reduction == "sum" else 1.0 / batch_size
            gradient = _loss_and_gradient(theta, SIZES, X[index][None], y[index][None], scale, np.array([l2]), exact=True)[1]
            seen = step * batch_size
            fraction = min(1.0, seen / (warmup_epochs * n)) if warmup_epochs else 1.0
            theta = theta - (warmup_start + (learning_rate - warmup_start) * fraction) * gradient
            step += 1
    return theta[0]


@pytest.mark.parametrize("batch_size", [1, 5, 16, 48])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_every_configuration_is_plain_sgd(data, batch_size, reduction):
    X, y = data
    rate = 0.02 if reduction == "sum" else 0.3
    run = train_network(X, y, layer_sizes=SIZES, batch_size=np.array([batch_size, 7]), learning_rate=rate,
                        reduction=reduction, epochs=3, l2=0.01, warmup_epochs=1.0, warmup_start=rate / 4, seed=2)
    expected = reference_sgd(X, y, batch_size=batch_size, learning_rate=rate, reduction=reduction, epochs=3, l2=0.01,
                             warmup_epochs=1.0, warmup_start=rate / 4, seed=2)
    np.testing.assert_allclose(run.final_parameters[0], expected, rtol=1e-12, atol=1e-14)
    assert run.steps_per_epoch.tolist() == [48 // batch_size, 48 // 7]


def test_sum_at_eta_is_mean_at_b_eta(data):
    X, y = data
    sizes = np.array([3, 5, 12])           # not powers of two: dividing by B rounds
    run = train_network(X, y, layer_sizes=SIZES, batch_size=sizes[:, None], reduction=np.array(["sum", "mean"]),
                        learning_rate=np.stack([np.full(3, 0.01), 0.01 * sizes], axis=1), epochs=3, evaluate_every=48,
                        record_parameters=True)
    np.testing.assert_allclose(run.parameters[:, 1], run.parameters[:, 0], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(run.loss[:, 1], run.loss[:, 0], rtol=1e-12)


def test_records_and_evaluations(data):
    X, y = data
    X_test, y_test = X[:10], y[:10]
    run = train_network(X, y, layer_sizes=SIZES, batch_size=np.array([4, 8]), learning_rate=0.1, reduction="mean", epochs=2,
                        evaluate_every=24, test_features=X_test, test_labels=y_test, record_parameters=True)
    assert isinstance(run, NetworkRun)
    assert run.examples_seen.tolist() == [0, 24, 48, 72, 96]
    assert run.loss.shape == run.accuracy.shape == run.test_accuracy.shape == (2, 5)
    assert run.parameters.shape == (2, 5, run.final_parameters.shape[-1])
    np.testing.assert_array_equal(run.parameters[:, -1], run.final_parameters)
    theta0 = initial_parameters(SIZES, seed=0)
    assert run.loss[0, 0] == pytest.approx(float(network_loss(theta0, SIZES, X, y, "mean")), rel=1e-5)
    scores = _exact_scores(run.final_parameters, SIZES, X[None])
    np.testing.assert_allclose(run.final_loss, _cross_entropy(scores, y[None]).mean(axis=-1), rtol=1e-14)
    np.testing.assert_allclose(run.accuracy[:, -1], (scores.argmax(-1) == y).mean(-1))


def test_seeds_are_a_configuration_axis(data):
    X, y = data
    together = train_network(X, y, layer_sizes=SIZES, batch_size=np.array([4, 16])[:, None], learning_rate=0.2,
                             reduction="mean", epochs=2, seed=np.array([3, 7]))
    for k, seed in enumerate([3, 7]):
        alone = train_network(X, y, layer_sizes=SIZES, batch_size=np.array([4, 16]), learning_rate=0.2, reduction="mean",
                              epochs=2, seed=seed)
        np.testing.assert_array_equal(together.final_parameters[:, k], alone.final_parameters)
    assert not np.allclose(together.final_parameters[:, 0], together.final_parameters[:, 1])
    assert together.seed.tolist() == [[3, 7], [3, 7]]


def test_warmup_schedule():
    rates = warmup_learning_rates(1.6, 0.4, 2.0, batch_size=32, n_examples=1024, steps=70)
    assert rates[0] == 0.4 and rates[64] == rates[69] == 1.6
    np.testing.assert_allclose(np.diff(rates[:65]), 1.2 / 64)           # equal increments over 2 epochs = 64 steps
    np.testing.assert_array_equal(warmup_learning_rates(0.5, 0.1, 0.0, batch_size=4, n_examples=16, steps=3), 0.5)


def test_warmup_reaches_the_trainer(data):
    X, y = data
    with_warmup = train_network(X, y, layer_sizes=SIZES, batch_size=8, learning_rate=np.array([0.5, 0.5]), reduction="mean",
                                epochs=2, warmup_epochs=np.array([0.0, 1.0]), warmup_start=0.05)
    assert not np.allclose(with_warmup.final_parameters[0], with_warmup.final_parameters[1])


def test_divergence_is_detected_and_stops_the_run(data):
    X, y = data
    run = train_network(X, y, layer_sizes=SIZES, batch_size=4, learning_rate=np.array([0.1, 1e4]), reduction="sum", epochs=3)
    assert run.diverged.tolist() == [False, True] and np.isnan(run.diverged_at[0]) and run.diverged_at[1] > 0
    assert np.all(np.isnan(run.loss[1, 1:])) and np.all(np.isfinite(run.loss[0]))
    assert np.all(np.abs(run.final_parameters[1]) <= DIVERGENCE_THRESHOLD)


def test_l2_schemes(data):
    X, y = data
    run = train_l2_schemes(X, y, layer_sizes=SIZES, batch_sizes=np.array([4, 16]), learning_rate=0.01, l2=0.4,
                           tuned_batch_size=4, epochs=3, seeds=[0, 1])
    assert run.final_parameters.shape[:3] == (2, len(L2_SCHEMES), 2)
    assert run.reduction[0, :, 0].tolist() == ["sum", "mean", "sum"]
    np.testing.assert_allclose(run.l2[:, :, 0], [[0.4, 0.1, 0.4], [0.4, 0.1, 1.6]])
    np.testing.assert_allclose(run.learning_rate[:, :, 0], [[0.01, 0.04, 0.01], [0.01, 0.16, 0.01]])
    np.testing.assert_allclose(run.final_parameters[:, 2], run.final_parameters[:, 1], rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(run.final_parameters[0, 0], run.final_parameters[0, 1], rtol=1e-10, atol=1e-13)   # at B₀
    norms = np.linalg.norm(run.final_parameters, axis=-1)
    assert np.all(norms[1, 0] > norms[0, 0])         # the fixed sum() penalty weakens at the larger batch


@pytest.mark.parametrize("call, error, words", [
    (lambda X, y: train_network(X, y, layer_sizes=SIZES, batch_size=100, learning_rate=0.1, reduction="mean", epochs=1),
     ValueError, "batch_size must be at most 48"),
    (lambda X, y: train_network(X, y, layer_sizes=SIZES, batch_size=np.array([4, 8]), learning_rate=0.1, reduction="mean",
                                epochs=1, evaluate_every=12), ValueError, "evaluate_every must be a multiple of every batch size"),
    (lambda X, y: train_network(X, y, layer_sizes=SIZES, batch_size=4, learning_rate=0.1, reduction="mean", epochs=1,
                                test_features=X), ValueError, "test_features and test_labels must be given together"),
    (lambda X, y: train_network(X, y, layer_sizes=SIZES, batch_size=4, learning_rate=0.1, reduction="mean", epochs=1,
                                seed=np.array([-1, 2])), ValueError, "seed must hold non-negative integers"),
    (lambda X, y: train_network(X, y, layer_sizes=SIZES, batch_size=4, learning_rate=0.1, reduction="mean", epochs=10**9),
     ValueError, "reduce epochs"),
    (lambda X, y: train_network(X[None], y, layer_sizes=SIZES, batch_size=4, learning_rate=0.1, reduction="mean", epochs=1),
     ValueError, "features must be 2-D"),
])
def test_bad_input_is_named(data, call, error, words):
    X, y = data
    with pytest.raises(error, match=words):
        call(X, y)


def test_on_epoch_is_called_after_each_epoch_and_changes_nothing():
    X, y = np.eye(4), np.array([0, 1, 0, 1])
    calls = []
    hooked = train_network(X, y, layer_sizes=(4, 3, 2), batch_size=np.array([1, 2]), learning_rate=0.5, reduction="mean",
                           epochs=3, on_epoch=calls.append)
    plain = train_network(X, y, layer_sizes=(4, 3, 2), batch_size=np.array([1, 2]), learning_rate=0.5, reduction="mean",
                          epochs=3)
    assert calls == [1, 2, 3]
    np.testing.assert_array_equal(hooked.loss, plain.loss)
    np.testing.assert_array_equal(hooked.final_parameters, plain.final_parameters)


def test_one_configuration_given_as_scalars_is_a_run_of_shape_nothing():
    """A lab bench trains one setting at a time: scalars in, 0-d arrays out (not numpy scalars)."""
    run = train_network(np.eye(4), np.array([0, 1, 0, 1]), layer_sizes=(4, 3, 2), batch_size=2, learning_rate=0.5,
                        reduction="mean", epochs=2)
    assert isinstance(run.diverged, np.ndarray) and run.diverged.shape == () and not run.diverged
    assert run.loss.shape == (3,) and run.final_parameters.shape == (23,)
