"""Penalty strengths against batch size, the schemes trainer, accuracy and decision boundaries."""

import numpy as np
import pytest

import helpers
from helpers.regularization import (REGULARIZATION_SCHEMES, accuracy, consistent_l2, decision_boundary, effective_l2,
                                    scheme_test_accuracy, train_regularization_schemes)


def test_effective_strength_by_hand():
    np.testing.assert_allclose(effective_l2(4.0, "sum", np.array([1, 8, 32])), [4.0, 0.5, 0.125])
    assert effective_l2(4.0, "mean", 32) == 4.0


def test_consistent_forms_weigh_lambda_over_n_for_every_batch_size():
    sizes = np.array([1, 8, 64, 512])
    for reduction in ("sum", "mean"):
        np.testing.assert_allclose(effective_l2(consistent_l2(2.0, reduction, sizes, 512), reduction, sizes), 2.0 / 512)


def test_schemes_follow_their_definitions(classification):
    X, y = classification  # 64 examples
    run = train_regularization_schemes(X, y, batch_sizes=np.array([4, 16]), learning_rates=np.array([0.01]),
                                       l2s=np.array([0.5, 2.0]), epochs=2)
    assert run.loss.shape[:4] == (2, 1, 2, len(REGULARIZATION_SCHEMES))
    np.testing.assert_array_equal(run.reduction[0, 0, 0], ["sum", "mean", "sum", "mean", "sum", "mean"])
    np.testing.assert_allclose(run.learning_rate[1, 0, 0], [0.01, 0.16, 0.01, 0.16, 0.01, 0.16])
    np.testing.assert_allclose(run.l2[1, 0, 1], [2.0, 2.0, 2.0 * 16 / 64, 2.0 / 64, 0.0, 0.0])
    np.testing.assert_allclose(run.weight_decay[1, 0, 1], [0, 0, 0, 0, 2 * 0.01 * 2.0 * 16 / 64, 2 * 0.01 * 2.0 * 16 / 64])
    # Under plain SGD the consistent penalty under sum, under mean, and the scaled decay are one algorithm.
    for s in (3, 4, 5):
        np.testing.assert_allclose(run.weights[..., s, :, :], run.weights[..., 2, :, :], rtol=1e-9, atol=1e-13)


def test_naive_sum_drifts_and_consistent_forms_hold():
    features, labels = helpers.make_two_gaussians(256, label_noise=0.1, offset=(1.0, 1.0), seed=0)
    X = helpers.add_bias_column(features)
    run = train_regularization_schemes(X, labels, batch_sizes=np.array([8, 256]), learning_rates=np.array([0.002]),
                                       l2s=np.array([1.0]), epochs=40)
    norms = np.linalg.norm(run.final_weights[:, 0, 0], axis=-1)
    assert norms[0, 0] < 0.7 * norms[1, 0]                  # sum + λ: much stronger at B = 8
    assert np.all(np.abs(norms[0, 1:] / norms[1, 1:] - 1) < 0.05)


def test_accuracy_and_boundary_by_hand():
    X = np.array([[1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [3.0, 0.0, 1.0]])
    assert accuracy(np.array([1.0, 0.0, 0.0]), X, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    np.testing.assert_allclose(decision_boundary(np.array([1.0, 1.0, 0.0]), (-1, 1), (-1, 1)), [[-1.0, 1.0], [1.0, -1.0]])
    np.testing.assert_allclose(decision_boundary(np.array([0.0, 2.0, -1.0]), (-1, 1), (-1, 1)), [[-1.0, 0.5], [1.0, 0.5]])
    assert decision_boundary(np.array([1.0, 0.0, -5.0]), (-1, 1), (-1, 1)).shape == (0, 2)   # outside the box
    assert decision_boundary(np.zeros(3), (-1, 1), (-1, 1)).shape == (0, 2)                  # no boundary at all


@pytest.mark.parametrize("call, error, words", [
    (lambda: effective_l2(-1.0, "sum", 4), ValueError, "l2 must be >= 0"),
    (lambda: effective_l2(1.0, "none", 4), ValueError, "reduction must be one of"),
    (lambda: consistent_l2(1.0, "sum", 1024, 512), ValueError, "batch_size must be at most 512"),
    (lambda: consistent_l2(1.0, "sum", 8, 0), ValueError, "n_examples must be a positive integer"),
    (lambda: decision_boundary(np.ones(2), (0, 1), (0, 1)), ValueError, "weights must hold 3 entries"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_on_epoch_reports_each_finished_epoch_and_changes_nothing():
    features, labels = helpers.make_two_gaussians(64, seed=2)
    X = helpers.add_bias_column(features)
    settings = dict(batch_sizes=np.array([8]), learning_rates=np.array([0.01]), l2s=np.array([1.0]), epochs=2)
    calls = []
    hooked = train_regularization_schemes(X, labels, **settings, on_epoch=calls.append)
    assert calls == [1, 2]
    np.testing.assert_array_equal(hooked.weights, train_regularization_schemes(X, labels, **settings).weights)


def test_scheme_test_accuracy_is_each_seeds_run_scored_on_the_test_set(classification):
    X, y = classification  # 64 examples
    sizes, seeds = np.array([4, 16]), [3, 0]
    scores = scheme_test_accuracy(X, y, X[::-1], y[::-1], batch_sizes=sizes, learning_rate=0.01, l2=0.5, epochs=2, seeds=seeds)
    assert scores.shape == (2, 2, len(REGULARIZATION_SCHEMES))
    for row, seed in zip(scores, seeds):
        run = train_regularization_schemes(X, y, batch_sizes=sizes, learning_rates=np.array([0.01]), l2s=np.array([0.5]),
                                           epochs=2, seed=seed)
        np.testing.assert_array_equal(row, accuracy(run.final_weights[:, 0, 0], X[::-1], y[::-1]))
    assert not np.array_equal(scores[0], scores[1]) or np.all(scores[0] == scores[0, 0, 0])   # the seed is used


def test_scheme_test_accuracy_refuses_a_test_set_of_another_width(classification):
    X, y = classification
    with pytest.raises(ValueError, match="test_features"):
        scheme_test_accuracy(X, y, X[:, :2], y, batch_sizes=np.array([4]), learning_rate=0.01, l2=0.5, epochs=1, seeds=[0])
