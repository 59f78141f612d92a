"""The empirical divergence threshold of mini-batch SGD: the trainer's steps, the trainer's verdicts, fast."""

import numpy as np
import pytest

import helpers
from helpers.noise import squared_loss_hessian, stable_learning_rate
from helpers.stability import best_rate_sweep, divergence_thresholds, linear_rule_crossing, sgd_diverges, sgd_final_losses


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


SEEDS = np.array([0, 3, 11])


@pytest.mark.parametrize("batch_size", [1, 5, 32])
def test_seeds_at_once_are_each_seed_alone(data, batch_size):
    X, y = data
    rates = stable_learning_rate(squared_loss_hessian(X)) * np.geomspace(0.3, 1.2, 9)
    together = sgd_diverges(X, y, batch_size=batch_size, learning_rates=rates, steps=300, seed=SEEDS)
    assert together.shape == (SEEDS.size, rates.size)
    for row, seed in zip(together, SEEDS):
        np.testing.assert_array_equal(row, sgd_diverges(X, y, batch_size=batch_size, learning_rates=rates, steps=300, seed=int(seed)))
    thresholds, diverged = divergence_thresholds(X, y, batch_sizes=np.array([1, 7]), learning_rates=rates, steps=300, seed=SEEDS)
    assert thresholds.shape == (SEEDS.size, 2) and diverged.shape == (SEEDS.size, 2, rates.size)
    np.testing.assert_array_equal(thresholds[1], divergence_thresholds(X, y, batch_sizes=np.array([1, 7]), learning_rates=rates,
                                                                       steps=300, seed=3)[0])


@pytest.mark.parametrize("batch_size, seed", [(1, 0), (6, 4), (64, 9)])
def test_final_losses_are_the_trainers(data, batch_size, seed):
    X, y = data
    rates = stable_learning_rate(squared_loss_hessian(X)) * np.geomspace(0.05, 4.0, 7)
    run = helpers.train_linear_model(X, y, loss="squared", batch_size=batch_size, learning_rate=rates, reduction="mean",
                                     epochs=3, seed=seed)
    mine = sgd_final_losses(X, y, batch_size=batch_size, learning_rates=rates, epochs=3, seed=seed)
    np.testing.assert_array_equal(np.isnan(mine), run.diverged)
    np.testing.assert_allclose(mine[~run.diverged], run.loss[~run.diverged, -1], rtol=1e-9)
    assert run.diverged.any() and not run.diverged.all()       # the rates reach both kinds of run


def test_best_rate_sweep_is_the_trainers_sweep_at_every_seed(data):
    from helpers.explorers import best_learning_rates
    X, y = data
    sizes, rates = np.array([1, 3, 16, 256]), [0.002, 0.01, 0.05, 0.2, 1.0, 5.0]
    best = best_rate_sweep(X, y, batch_sizes=sizes, learning_rates=np.array(rates), epochs=2, seed=SEEDS)
    assert best.shape == (SEEDS.size, sizes.size, 2)
    for row, seed in zip(best, SEEDS):
        run = helpers.train_linear_model(X, y, loss="squared", batch_size=sizes[:, None, None],
                                         learning_rate=np.array(rates)[None, :, None], reduction=np.array(["sum", "mean"]),
                                         epochs=2, seed=int(seed))
        np.testing.assert_array_equal(row, best_learning_rates(run, rates))
    assert len(np.unique(best[..., 1])) > 1 and not np.array_equal(best[..., 0], best[..., 1])   # the sweep tells things apart


def test_best_rate_sweep_is_nan_where_every_rate_diverges(data):
    X, y = data
    best = best_rate_sweep(X, y, batch_sizes=np.array([4]), learning_rates=np.array([50.0, 100.0]), epochs=1)
    assert np.isnan(best).all()


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
    (lambda: sgd_diverges(np.ones((4, 2)), np.ones(4), batch_size=2, learning_rates=np.array([0.1]), steps=5, seed=[[0]]),
     ValueError, "seed must be a non-negative integer or a 1-D array"),
    (lambda: sgd_final_losses(np.ones((4, 2)), np.ones(4), batch_size=2, learning_rates=np.array([0.1]), epochs=2, seed=[0, -1]),
     ValueError, "seed must be a non-negative integer"),
    (lambda: best_rate_sweep(np.ones((4, 2)), np.ones(4), batch_sizes=np.array([8]), learning_rates=np.array([0.1]), epochs=1),
     ValueError, "batch_sizes must be at most 4"),
])
def test_bad_arguments_get_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()
