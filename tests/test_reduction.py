"""Reductions and SGD steps: sum = B x mean, gradient ratio = B, and the closed forms against simulation."""

import numpy as np
import pytest

import helpers


@pytest.mark.parametrize("batch_size", [1, 2, 7, 64, 1000])
def test_sum_is_batch_size_times_mean(batch_size, rng):
    losses = rng.random((3, batch_size))
    np.testing.assert_allclose(helpers.reduce_losses(losses, "sum"), batch_size * helpers.reduce_losses(losses, "mean"))
    np.testing.assert_array_equal(helpers.reduce_losses(losses, "none"), losses)


def test_post_reporting_numbers():
    batch = np.r_[np.ones(8), np.zeros(56)]
    assert helpers.reduce_losses(batch, "sum") == 8.0
    assert helpers.reduce_losses(batch, "mean") == 0.125


@pytest.mark.parametrize("batch_size", [1, 3, 32, 128])
def test_gradient_of_sum_is_batch_size_times_gradient_of_mean(batch_size, rng):
    X = rng.standard_normal((batch_size, 4))
    y = (rng.random(batch_size) > 0.5).astype(int)
    g = helpers.per_example_gradients(rng.standard_normal(4), X, y, "logistic")
    g_sum, g_mean = helpers.reduce_gradients(g, "sum"), helpers.reduce_gradients(g, "mean")
    np.testing.assert_allclose(g_sum, batch_size * g_mean, rtol=1e-12)
    # and the steps agree once the learning rates do: lr_mean = B * lr_sum
    w = np.zeros(4)
    np.testing.assert_allclose(helpers.sgd_update(w, g_sum, 0.01), helpers.sgd_update(w, g_mean, 0.01 * batch_size), rtol=1e-12)


def test_reduce_gradients_refuses_none():
    with pytest.raises(ValueError, match="reduction='none' leaves one loss per example"):
        helpers.reduce_gradients(np.ones((4, 2)), "none")


def test_reduction_scale():
    assert helpers.reduction_scale("sum", 64) == 1.0
    assert helpers.reduction_scale("mean", 64) == 1 / 64
    np.testing.assert_array_equal(helpers.reduction_scale("mean", np.array([1, 4])), [1.0, 0.25])


def test_split_into_batches_keeps_order():
    np.testing.assert_array_equal(helpers.split_into_batches(np.arange(8), 4), [[0, 1, 2, 3], [4, 5, 6, 7]])
    with pytest.raises(ValueError, match="multiple of batch_size"):
        helpers.split_into_batches(np.arange(10), 4)


def test_sgd_displacements_by_hand():
    g = helpers.mistake_gradients(128)
    np.testing.assert_allclose(helpers.sgd_displacements(g, 64, 0.01, "sum"), [-8 * 0.5 * 0.01] * 2)
    np.testing.assert_allclose(helpers.sgd_displacements(g, 128, 0.01, "sum"), [-16 * 0.5 * 0.01])
    np.testing.assert_allclose(helpers.sgd_displacements(g, 128, 0.64, "mean"), [-0.125 * 0.5 * 0.64])


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_closed_form_step_sizes_match_simulated_steps(reduction):
    gradients = helpers.mistake_gradients(1024)  # mean per-example gradient 0.0625
    sizes = np.array([64, 128, 256, 512, 1024])
    for lr in (0.001, 0.64):
        per_step = helpers.update_per_step(sizes, lr, 0.0625, reduction)
        per_epoch = helpers.update_per_epoch(1024, sizes, lr, 0.0625, reduction)
        for b, step, epoch in zip(sizes, per_step, per_epoch):
            simulated = helpers.sgd_displacements(gradients, int(b), lr, reduction)
            np.testing.assert_allclose(-simulated, step, rtol=1e-12)
            assert -simulated.sum() == pytest.approx(epoch, rel=1e-12)


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.reduce_losses(np.ones(3), "average"), ValueError, "reduction must be one of"),
    (lambda: helpers.reduce_losses(np.ones(3), None), TypeError, "reduction must be one of"),
    (lambda: helpers.reduce_losses(np.ones((2, 0)), "mean"), ValueError, "losses must not be empty"),
    (lambda: helpers.reduce_losses(np.array(2.0), "mean"), ValueError, "batch axis"),
    (lambda: helpers.reduce_losses([1.0, np.nan], "mean"), ValueError, "finite"),
    (lambda: helpers.reduce_gradients(np.ones((0, 2)), "mean"), ValueError, "must not be empty"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(3), 0.1), ValueError, "same shape"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(2), 0.0), ValueError, "learning_rate must be positive"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(2), -1.0), ValueError, "learning_rate must be positive"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(2), np.nan), ValueError, "learning_rate must be finite"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(2), np.inf), ValueError, "learning_rate must be finite"),
    (lambda: helpers.sgd_update(np.ones(2), np.ones(2), "0.1"), TypeError, "learning_rate must be a real number"),
    (lambda: helpers.split_into_batches(np.ones(8), 0), ValueError, "batch_size must be a positive integer"),
    (lambda: helpers.split_into_batches(np.ones(8), -3), ValueError, "batch_size must be a positive integer"),
    (lambda: helpers.split_into_batches(np.ones(8), 2.5), TypeError, "batch_size must be a positive integer"),
    (lambda: helpers.split_into_batches(np.ones(8), True), TypeError, "batch_size must be a positive integer"),
    (lambda: helpers.split_into_batches(np.ones(8), 16), ValueError, "batch_size must be at most 8"),
    (lambda: helpers.update_per_step(0, 0.1, 1.0, "sum"), ValueError, "batch_size must hold positive integers"),
    (lambda: helpers.update_per_step(np.array([2.5]), 0.1, 1.0, "sum"), TypeError, "batch_size must hold positive integers"),
    (lambda: helpers.reduction_scale("none", 4), ValueError, "reduction must be one of \\['sum', 'mean'\\]"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
