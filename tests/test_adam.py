"""Adam under sum() and mean(): blind to the reduction but for epsilon; by hand; its arguments."""

import numpy as np
import pytest

from helpers.adam import adam_step, train_adam
from work_budget import refused_at_once


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


def test_betas_outside_zero_one_are_refused():
    args = (np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), 1)
    for beta in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match=r"beta1 must lie in \[0, 1\)"):
            adam_step(*args, learning_rate=0.1, beta1=beta)
        with pytest.raises(ValueError, match=r"beta2 must lie in \[0, 1\)"):
            adam_step(*args, learning_rate=0.1, beta2=beta)
    w, _, _ = adam_step(*args, learning_rate=0.1, beta1=0.0, beta2=0.0)   # 0 is allowed: no memory at all
    assert w[0] == pytest.approx(-0.1)


def test_an_absurd_number_of_epochs_is_refused_at_once(regression):
    X, y = regression
    error = refused_at_once(lambda: train_adam(X, y, loss="squared", batch_size=4, learning_rate=0.1, reduction="mean",
                                               epsilon=1e-8, epochs=10**12))
    assert isinstance(error, ValueError) and "reduce epochs" in str(error)


@pytest.mark.parametrize("call, error, words", [
    (lambda: adam_step(np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), 0, learning_rate=0.1), ValueError, "step must be a positive"),
    (lambda: adam_step(np.zeros(1), np.ones(1), np.zeros(1), np.zeros(1), 1, learning_rate=-0.1), ValueError, "learning_rate must be positive"),
    (lambda: adam_step(np.zeros(1), np.ones(1), np.zeros(1), -np.ones(1), 1, learning_rate=0.1), ValueError, "second must be >= 0"),
    (lambda: adam_step(np.zeros(2), np.ones(3), np.zeros(2), np.zeros(2), 1, learning_rate=0.1), ValueError, "gradient must have the shape"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=8, learning_rate=0.1, reduction="sum",
                        epsilon=0.0, epochs=1), ValueError, "batch_size must be at most 4"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=2, learning_rate=0.1, reduction="none",
                        epsilon=0.0, epochs=1), ValueError, "reduction must be one of"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=2, learning_rate=0.1, reduction="sum",
                        epsilon=-1.0, epochs=1), ValueError, "epsilon must be >= 0"),
    (lambda: train_adam(np.ones((4, 1)), np.ones(4), loss="squared", batch_size=2, learning_rate=0.1, reduction="sum",
                        epsilon=0.0, epochs=1, seed=-1), ValueError, "seed must be a non-negative integer"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_on_epoch_reports_each_finished_epoch_and_changes_nothing(regression):
    X, y = regression
    settings = dict(loss="squared", batch_size=8, learning_rate=0.1, reduction="mean", epsilon=1e-8, epochs=3)
    calls = []
    np.testing.assert_array_equal(train_adam(X, y, **settings, on_epoch=calls.append), train_adam(X, y, **settings))
    assert calls == [1, 2, 3]
