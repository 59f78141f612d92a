"""The vectorized trainer against a plain per-configuration loop, and its edge cases."""

import re

import numpy as np
import pytest

import helpers
from work_budget import refused_at_once


def reference_sgd(X, y, *, loss, batch_size, learning_rate, reduction, epochs, l2=0.0, weight_decay=0.0, seed=0):
    """Plain mini-batch SGD for one configuration, written the obvious way (a Python loop over steps)."""
    rng = np.random.default_rng(seed)
    w = np.zeros(X.shape[1])
    epoch_weights = [w.copy()]
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for step in range(len(y) // batch_size):
            batch = order[step * batch_size:(step + 1) * batch_size]
            grads = helpers.per_example_gradients(w, X[batch], y[batch], loss)
            gradient = helpers.reduce_gradients(grads, reduction) + 2 * l2 * w
            w = helpers.sgd_update((1 - weight_decay) * w, gradient, learning_rate)
        epoch_weights.append(w.copy())
    return np.array(epoch_weights)


@pytest.mark.parametrize("loss", ["logistic", "squared"])
def test_vectorized_trainer_equals_a_loop_per_configuration(loss, classification, regression):
    X, y = classification if loss == "logistic" else regression
    sizes = np.array([1, 2, 8, 32, 64])[:, None, None]
    rates = np.array([0.003, 0.03])[None, :, None]
    reductions = np.array(["sum", "mean"])[None, None, :]
    decays = np.array([0.0, 0.001])[:, None, None, None]
    run = helpers.train_linear_model(X, y, loss=loss, batch_size=sizes, learning_rate=rates, reduction=reductions,
                                     epochs=3, l2=0.01, weight_decay=decays, seed=7)
    assert run.loss.shape == (2, 5, 2, 2, 4)
    for d, i, j, k in np.ndindex(2, 5, 2, 2):
        expected = reference_sgd(X, y, loss=loss, batch_size=int(sizes[i, 0, 0]), learning_rate=rates[0, j, 0],
                                 reduction=str(reductions[0, 0, k]), epochs=3, l2=0.01,
                                 weight_decay=decays[d, 0, 0, 0], seed=7)
        np.testing.assert_allclose(run.weights[d, i, j, k], expected, rtol=1e-10, atol=1e-12)
        losses = helpers.per_example_losses(expected, X, y, loss).mean(axis=-1)
        np.testing.assert_allclose(run.epoch_loss[d, i, j, k], losses, rtol=1e-10)


def test_batch_sizes_that_do_not_divide_the_data_drop_the_last_batch(classification):
    X, y = classification  # 64 examples
    run = helpers.train_linear_model(X, y, loss="logistic", batch_size=np.array([3, 6, 9]), learning_rate=0.1,
                                     reduction="mean", epochs=2, seed=1)
    np.testing.assert_array_equal(run.steps_per_epoch, [21, 10, 7])
    for i, b in enumerate([3, 6, 9]):
        expected = reference_sgd(X, y, loss="logistic", batch_size=b, learning_rate=0.1, reduction="mean", epochs=2, seed=1)
        np.testing.assert_allclose(run.weights[i], expected, rtol=1e-10)


def test_sum_with_lr_equals_mean_with_batch_size_times_lr(classification):
    X, y = classification
    sizes = np.array([1, 4, 16, 64])
    run = helpers.train_linear_model(X, y, loss="logistic", batch_size=sizes[:, None],
                                     learning_rate=np.stack([np.full(4, 0.01), 0.01 * sizes], axis=1),
                                     reduction=np.array(["sum", "mean"]), epochs=4)
    np.testing.assert_allclose(run.weights[:, 0], run.weights[:, 1], rtol=1e-10, atol=1e-14)


def test_step_losses_are_what_each_step_reported(classification):
    X, y = classification
    run = helpers.train_linear_model(X, y, loss="zero_one", batch_size=np.array([8, 64]), learning_rate=0.1,
                                     reduction=np.array(["sum", "mean"]), epochs=1,
                                     initial_weights=np.array([1.0, 0.0, 0.0]))
    # The 0-1 loss has no gradient, so the weights never move and the reports are exact counts.
    order = np.random.default_rng(0).permutation(64)
    mistakes = helpers.per_example_losses(np.array([1.0, 0.0, 0.0]), X, y, "zero_one")[order]
    np.testing.assert_array_equal(run.step_loss[0, :8], mistakes.reshape(8, 8).sum(axis=1))
    assert run.step_loss[1, 0] == mistakes.mean() and np.isnan(run.step_loss[1, 1:]).all()
    np.testing.assert_allclose(run.step_accuracy[0, :8], 1 - mistakes.reshape(8, 8).mean(axis=1))


def test_evaluate_every_gives_intermediate_points(classification):
    X, y = classification
    run = helpers.train_linear_model(X, y, loss="logistic", batch_size=np.array([4, 16]), learning_rate=0.1,
                                     reduction="mean", epochs=2, evaluate_every=16)
    np.testing.assert_array_equal(run.examples_seen, np.arange(0, 129, 16))
    np.testing.assert_array_equal(run.epoch_index, [0, 4, 8])


def test_l2_shrinks_the_weights(classification):
    X, y = classification
    run = helpers.train_linear_model(X, y, loss="logistic", batch_size=8, learning_rate=0.1, reduction="mean",
                                     epochs=5, l2=np.array([0.0, 0.01, 0.1]))
    norms = np.linalg.norm(run.final_weights, axis=-1)
    assert norms[0] > norms[1] > norms[2]


def test_divergence_is_detected_and_frozen(regression):
    X, y = regression
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        run = helpers.train_linear_model(X, y, loss="squared", batch_size=np.array([1, 64]), learning_rate=np.array([[0.01], [5.0]]),
                                         reduction="sum", epochs=20)
    np.testing.assert_array_equal(run.diverged, [[False, False], [True, True]])
    assert np.isfinite(run.loss[0]).all()
    assert np.isnan(run.loss[1, :, -1]).all() and np.isfinite(run.diverged_at[1]).all() and np.isnan(run.diverged_at[0]).all()
    assert np.all(np.abs(run.weights) <= helpers.training.DIVERGENCE_THRESHOLD)


def test_a_run_whose_loss_explodes_has_diverged(regression):
    X, y = regression
    start = helpers.per_example_losses(np.zeros(3), X, y, "squared").mean()
    run = helpers.train_linear_model(X, y, loss="squared", batch_size=64, learning_rate=np.array([0.001, 1.5]),
                                     reduction="sum", epochs=5)
    assert not run.diverged[0] and run.diverged[1]
    assert np.nanmax(run.loss[1]) <= helpers.training.DIVERGENCE_LOSS_FACTOR * max(start, 1.0)
    assert run.diverged_at[1] == run.examples_seen[np.isnan(run.loss[1])][0]


def test_decoupled_weight_decay_does_not_see_the_reduction(classification):
    # sum with lr and mean with B * lr take identical steps under weight decay, but not under an L2 penalty
    X, y = classification
    common = dict(loss="logistic", batch_size=16, reduction=np.array(["sum", "mean"]), learning_rate=np.array([0.01, 0.16]), epochs=3)
    decayed = helpers.train_linear_model(X, y, weight_decay=0.01, **common)
    penalized = helpers.train_linear_model(X, y, l2=0.5, **common)
    np.testing.assert_allclose(decayed.weights[0], decayed.weights[1], rtol=1e-10, atol=1e-14)
    assert np.abs(penalized.weights[0] - penalized.weights[1]).max() > 0.01


def test_same_seed_same_run_other_seed_other_run(classification):
    X, y = classification
    kwargs = dict(loss="logistic", batch_size=4, learning_rate=0.1, reduction="mean", epochs=2)
    a, b = helpers.train_linear_model(X, y, seed=5, **kwargs), helpers.train_linear_model(X, y, seed=5, **kwargs)
    c = helpers.train_linear_model(X, y, seed=6, **kwargs)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)


def test_train_schemes_orders_the_three_schemes(classification):
    X, y = classification
    run = helpers.train_schemes(X, y, loss="logistic", batch_sizes=np.array([2, 8]), learning_rates=np.array([0.01, 0.1]),
                                tuned_batch_size=4, epochs=1)
    np.testing.assert_allclose(run.learning_rate[1, 1], [0.1, 0.4, 0.8])
    np.testing.assert_array_equal(run.reduction[0, 0], ["sum", "mean", "mean"])
    np.testing.assert_allclose(run.weights[..., 0, :, :], run.weights[..., 2, :, :], rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(batch_size=0), ValueError, "batch_size must hold positive integers"),
    (dict(batch_size=-3), ValueError, "batch_size must hold positive integers"),
    (dict(batch_size=2.5), TypeError, "batch_size must be a positive integer"),
    (dict(batch_size=np.array([2.5, 4])), TypeError, "batch_size must hold positive integers"),
    (dict(batch_size=65), ValueError, "batch_size must be at most 64 \\(the number of rows of features\\)"),
    (dict(learning_rate=0.0), ValueError, "learning_rate must be positive"),
    (dict(learning_rate=-0.1), ValueError, "learning_rate must be positive"),
    (dict(learning_rate=np.nan), ValueError, "learning_rate must be finite"),
    (dict(learning_rate=np.inf), ValueError, "learning_rate must be finite"),
    (dict(reduction="none"), ValueError, "reduction must be one of \\['sum', 'mean'\\]"),
    (dict(reduction=1), TypeError, "reduction must be one of \\['sum', 'mean'\\]"),
    (dict(loss="hinge"), ValueError, "loss must be one of"),
    (dict(epochs=0), ValueError, "epochs must be a positive integer"),
    (dict(l2=-1.0), ValueError, "l2 must be >= 0"),
    (dict(weight_decay=-0.1), ValueError, "weight_decay must be >= 0"),
    (dict(weight_decay=1.0), ValueError, "weight_decay must lie in \\[0, 1\\)"),
    (dict(batch_size=np.array([2, 4]), learning_rate=np.array([0.1, 0.2, 0.3])), ValueError, "broadcast"),
    (dict(evaluate_every=3, batch_size=4), ValueError, "evaluate_every must be a multiple of 4"),
    (dict(initial_weights=np.ones(2)), ValueError, "initial_weights must end in one entry per feature"),
])
def test_bad_input_is_named(kwargs, error, words, classification):
    X, y = classification
    args = dict(loss="logistic", batch_size=4, learning_rate=0.1, reduction="mean", epochs=1) | kwargs
    with pytest.raises(error, match=words):
        helpers.train_linear_model(X, y, **args)


def test_mismatched_data_is_named(classification):
    X, y = classification
    with pytest.raises(ValueError, match="same number of examples"):
        helpers.train_linear_model(X, y[:10], loss="logistic", batch_size=4, learning_rate=0.1, reduction="mean", epochs=1)
    with pytest.raises(ValueError, match="features must not be empty"):
        helpers.train_linear_model(X[:0], y[:0], loss="logistic", batch_size=1, learning_rate=0.1, reduction="mean", epochs=1)


@pytest.mark.parametrize("train", [
    lambda X, y, epochs: helpers.train_linear_model(X, y, loss="logistic", batch_size=np.array([1, 4]), learning_rate=0.1,
                                                    reduction="mean", epochs=epochs),
    lambda X, y, epochs: helpers.train_schemes(X, y, loss="logistic", batch_sizes=np.array([1, 4]),
                                               learning_rates=np.array([0.1]), tuned_batch_size=4, epochs=epochs),
    lambda X, y, epochs: helpers.regularization.train_regularization_schemes(X, y, batch_sizes=np.array([1, 4]),
                                                                             learning_rates=np.array([0.1]),
                                                                             l2s=np.array([0.1]), epochs=epochs),
], ids=["train_linear_model", "train_schemes", "train_regularization_schemes"])
def test_an_absurd_amount_of_work_is_refused_at_once(train, classification):
    X, y = classification
    for epochs in (10**12, 10**7):   # 10**7: about a day
        error = refused_at_once(lambda: train(X, y, epochs))   # before the work starts: counted, not timed
        assert isinstance(error, ValueError) and re.search(r"would take at least .* s .*; reduce epochs", str(error))
    train(X, y, 2)                   # and an ordinary run goes through


def test_a_run_that_would_not_fit_in_memory_is_refused(classification):
    X, y = classification
    with pytest.raises(ValueError, match="MB of memory .* reduce epochs"):
        helpers.train_linear_model(X, y, loss="logistic", batch_size=1, learning_rate=np.full(20000, 0.1), reduction="mean",
                                   epochs=200, record_steps=True)


def test_seed_must_be_a_non_negative_integer_or_none(classification):
    X, y = classification
    kwargs = dict(loss="logistic", batch_size=4, learning_rate=0.1, reduction="mean", epochs=1)
    for seed, error in ((-1, ValueError), (2.5, TypeError), ("0", TypeError), (True, TypeError)):
        with pytest.raises(error, match="seed must be a non-negative integer or None"):
            helpers.train_linear_model(X, y, seed=seed, **kwargs)
    assert helpers.train_linear_model(X, y, seed=None, **kwargs).loss.shape == (2,)


def test_on_epoch_reports_each_finished_epoch_and_changes_nothing(classification):
    """The progress hook of helpers.lab_bench: called after each epoch, even once the run has diverged."""
    X, y = classification
    settings = dict(loss="logistic", batch_size=np.array([4, 8]), learning_rate=np.array([0.1, 1e6]), reduction="sum", epochs=3)
    calls = []
    hooked = helpers.train_linear_model(X, y, **settings, on_epoch=calls.append)
    plain = helpers.train_linear_model(X, y, **settings)
    assert calls == [1, 2, 3] and hooked.diverged[1]
    np.testing.assert_array_equal(hooked.weights, plain.weights)
    with pytest.raises(TypeError, match="on_epoch must be a function of the number of epochs finished, or None"):
        helpers.train_linear_model(X, y, **settings, on_epoch="print")
