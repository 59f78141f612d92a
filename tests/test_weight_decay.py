"""Decoupled weight decay: the paper's and the frameworks' rules, ∝ B against ∝ √B, and what averaging does to weights."""

import numpy as np
import pytest

import helpers
from helpers import weight_decay
from helpers.weight_decay import (WEIGHT_GROWTH_SETTINGS, batch_size_table, consistent_weight_decay, decay_over_training,
                                  decay_per_step, normalized_weight_decay, train_decoupled_decay, train_weight_growth)


def test_decay_per_step_by_convention():
    assert decay_per_step(0.01, 0.5, "loshchilov_hutter") == 0.01
    for convention in ("pytorch_adamw", "keras"):
        assert decay_per_step(0.01, 0.5, convention) == pytest.approx(0.005)


def test_normalized_decay_grows_as_the_square_root_of_b():
    sizes = np.array([8, 32, 128, 512])
    gamma = normalized_weight_decay(0.05, sizes, 1024, 10)
    np.testing.assert_allclose(gamma, 0.05 * np.sqrt(sizes / (1024 * 10)))
    np.testing.assert_allclose(gamma[1:] / gamma[:-1], 2.0)          # B x 4 -> γ x 2, not x 4


def test_consistent_decay_keeps_the_decay_per_epoch_fixed():
    sizes = np.array([8, 64, 512])
    gamma = consistent_weight_decay(0.02, sizes, 512)
    np.testing.assert_allclose(gamma * 512 / sizes, 0.02)
    left = decay_over_training(gamma, sizes, 512, 3)
    np.testing.assert_allclose(left, np.exp(-0.06), rtol=1e-3)           # (1 - γ)^(3 N/B) ~ e^(-3 * 0.02)
    np.testing.assert_allclose(decay_over_training(0.1, np.array([2, 4]), 8, 2), [0.9**8, 0.9**4])


@pytest.fixture(scope="module")
def data():
    features, labels = helpers.make_two_gaussians(64, label_noise=0.1, offset=(1.0, 1.0), seed=0)
    return helpers.add_bias_column(features), labels


def test_paper_rule_is_blind_to_the_reduction_framework_rule_is_not(data):
    X, y = data
    sizes = np.array([4, 16])
    paper = train_decoupled_decay(X, y, batch_sizes=sizes, learning_rate=0.01, weight_decay=0.01,
                                  convention="loshchilov_hutter", epochs=3)
    np.testing.assert_allclose(paper.weights[:, 0], paper.weights[:, 1], rtol=1e-9, atol=1e-12)
    keras = train_decoupled_decay(X, y, batch_sizes=sizes, learning_rate=0.01, weight_decay=1.0, convention="keras", epochs=3)
    np.testing.assert_allclose(keras.weight_decay, [[0.01, 0.04], [0.01, 0.16]])
    assert np.abs(keras.final_weights[:, 0] - keras.final_weights[:, 1]).max() > 1e-3
    # For plain SGD, the framework's decay ηγ is an L2 penalty γ/2 on the reduced loss.
    penalty = helpers.train_linear_model(X, y, loss="logistic", batch_size=sizes[:, None], reduction=np.array(["sum", "mean"]),
                                         learning_rate=0.01 * np.array([[1, 4], [1, 16]]), l2=0.5, epochs=3)
    np.testing.assert_allclose(keras.weights, penalty.weights, rtol=1e-9, atol=1e-12)


def test_decay_per_batch_size(data):
    X, y = data
    run = train_decoupled_decay(X, y, batch_sizes=np.array([4, 16]), learning_rate=0.01, weight_decay=np.array([0.001, 0.004]),
                                convention="loshchilov_hutter", epochs=1)
    np.testing.assert_allclose(run.weight_decay, [[0.001, 0.001], [0.004, 0.004]])


def test_weight_growth_settings_pair_up(data):
    X, y = data
    run = train_weight_growth(X, y, batch_sizes=np.array([4, 16]), learning_rate=0.01, l2=0.5, epochs=3)
    assert run.weights.shape == (2, len(WEIGHT_GROWTH_SETTINGS), 4, 3)
    for a, b in ((0, 1), (2, 3), (4, 5)):
        np.testing.assert_allclose(run.weights[:, a], run.weights[:, b], rtol=1e-9, atol=1e-12)
    assert np.all(np.abs(run.weights[:, 0] - run.weights[:, 2]).max(axis=(-2, -1)) > 1e-3)   # same η differs
    np.testing.assert_allclose(run.l2[1], [0, 0, 0, 0, 0.5 * 16, 0.5])
    np.testing.assert_allclose(run.learning_rate[1], 0.01 * np.array([1, 16, 1, 1 / 16, 1, 16]))


def test_table_lines_up():
    text = batch_size_table(np.array([8, 512]), {"a": np.array([1.0, 2.0]), "a long column name": np.array([3.0, 4.0])}, digits=3)
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1 and "3.000" in lines[1] and lines[2].lstrip().startswith("512")


@pytest.mark.parametrize("call, error, words", [
    (lambda: decay_per_step(0.01, 0.1, "tensorflow"), ValueError, "convention"),
    (lambda: decay_per_step(-0.1, 0.1, "keras"), ValueError, "weight_decay"),
    (lambda: decay_per_step(2.0, 0.6, "keras"), ValueError, "below 1"),
    (lambda: decay_per_step(0.1, 0.0, "keras"), ValueError, "learning_rate"),
    (lambda: normalized_weight_decay(0.05, 128, 100, 1), ValueError, "batch_size"),
    (lambda: normalized_weight_decay(0.05, 8, 100, 0), ValueError, "epochs"),
    (lambda: normalized_weight_decay("0.05", 8, 100, 1), TypeError, "normalized"),
    (lambda: consistent_weight_decay(0.1, 2.5, 100), TypeError, "batch_size"),
    (lambda: decay_over_training(1.0, 8, 100, 1), ValueError, "decay_per_step"),
    (lambda: decay_over_training(float("nan"), 8, 100, 1), ValueError, "decay_per_step"),
    (lambda: batch_size_table(np.array([8]), {}), ValueError, "columns"),
    (lambda: train_decoupled_decay(np.ones((4, 2)), np.array([0, 1, 0, 1]), batch_sizes=np.array([2, 4]), learning_rate=0.1,
                                   weight_decay=np.array([0.1, 0.1, 0.1]), convention="keras", epochs=1), ValueError, "one per batch size"),
    (lambda: train_weight_growth(np.ones((4, 2)), np.array([0, 1, 0, 1]), batch_sizes=np.array([8]), learning_rate=0.1, l2=0.1,
                                 epochs=1), ValueError, "batch_sizes"),
])
def test_bad_arguments_are_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_module_is_reachable_from_the_package():
    assert helpers.weight_decay is weight_decay
