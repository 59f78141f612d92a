"""The linear-rule study: the protocol's steps (tune, scale, compare), and how matching is decided."""

import dataclasses

import numpy as np
import pytest

from helpers.linear_rule import LinearRuleSweep, linear_rule_study, linear_rule_sweep, warmup_starts
from helpers.network_training import train_network

SIZES = (5, 6, 3)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.random((64, 5))
    return X, (X[:, 0] > 0.5).astype(int) + (X[:, 1] > 0.6), X[:20], (X[:20, 0] > 0.5).astype(int)


@pytest.fixture(scope="module")
def study(data):
    X, y, X_test, y_test = data
    return linear_rule_study(X, y, X_test, y_test, layer_sizes=SIZES, tuned_batch_size=4, learning_rates=np.array([0.1, 0.4, 1.6]),
                             batch_sizes=np.array([4, 8, 16, 32]), warmup_epochs=1.0, epochs=3, seeds=[0, 1, 2])


def test_tuning_picks_the_lowest_mean_loss(data, study):
    X, y, _, _ = data
    tuning = train_network(X, y, layer_sizes=SIZES, batch_size=4, learning_rate=np.array([0.1, 0.4, 1.6]), reduction="mean",
                           epochs=3, seed=np.array([0, 1, 2])[:, None])
    np.testing.assert_array_equal(study.tuning_loss, tuning.final_loss)
    assert study.tuned_rate == [0.1, 0.4, 1.6][int(np.argmin(tuning.final_loss.mean(axis=0)))]


def test_scaled_runs_follow_the_linear_rule_with_goyals_warmup(data, study):
    X, y, _, _ = data
    np.testing.assert_allclose(study.scaled_rates, study.tuned_rate * np.array([1, 2, 4, 8]))
    for b, rate in zip(study.batch_sizes, study.scaled_rates):
        alone = train_network(X, y, layer_sizes=SIZES, batch_size=int(b), learning_rate=rate, reduction="mean", epochs=3,
                              warmup_epochs=np.array([0.0, 1.0]), warmup_start=study.tuned_rate, seed=2)
        np.testing.assert_array_equal(study.loss[2, list(study.batch_sizes).index(b)], alone.final_loss)
    assert study.reference_parameters.shape[:2] == (3, 4)
    np.testing.assert_array_equal(study.loss_ratio[:, 0, 0], 1.0)


def test_matching_and_the_largest_matching_batch(study):
    loss = np.array([[[1.0, 1.0], [1.5, 1.2], [2.5, 1.9], [9.0, np.nan]],
                     [[2.0, 2.0], [5.0, 3.0], [3.0, 3.0], [np.nan, np.nan]]])
    made_up = dataclasses.replace(study, seeds=np.array([0, 1]), loss=loss, diverged=np.isnan(loss), tuning_loss=study.tuning_loss[:2],
                                  test_accuracy=study.test_accuracy[:2], reference_parameters=study.reference_parameters[:2])
    np.testing.assert_array_equal(made_up.matches(2.0)[:, :, 0], [[True, True, False, False], [True, False, True, False]])
    # the second seed matches at 16 again, but not at 8: the largest matching B stops at the first failure
    np.testing.assert_array_equal(made_up.largest_matching(2.0), [[8, 16], [4, 16]])
    np.testing.assert_array_equal(made_up.largest_matching(1.0), [[4, 4], [4, 4]])


def test_a_record_built_by_hand_must_fit_together(study):
    with pytest.raises(ValueError, match=r"loss must have shape \(3, 4, 2\)"):
        dataclasses.replace(study, loss=study.loss[:, :2])
    with pytest.raises(ValueError, match="tuned_batch_size must be one of batch_sizes"):
        dataclasses.replace(study, tuned_batch_size=5)


def test_warmup_starts():
    np.testing.assert_allclose(warmup_starts(np.array([0.8, 3.2, 0.2]), np.array([16, 64, 8]), 8), [0.4, 0.4, 0.2])


def test_sweep_contains_the_studys_runs(data, study):
    X, y, X_test, y_test = data
    sweep = linear_rule_sweep(X, y, X_test, y_test, study, learning_rates=np.array([study.tuned_rate * 4, study.tuned_rate,
                                                                                   study.tuned_rate * 2]))
    assert isinstance(sweep, LinearRuleSweep) and sweep.run.loss.shape[:3] == (4, 3, 2)
    assert sweep.run.learning_rate[0, :, 0].tolist() == sorted(sweep.run.learning_rate[0, :, 0].tolist())
    # on the linear rule, the sweep's run is the study's run at its first seed (with and without warm-up)
    np.testing.assert_array_equal(sweep.run.final_loss[1, 1], study.loss[0, 1])
    np.testing.assert_array_equal(sweep.run.final_loss[0, 0, 0], study.loss[0, 0, 0])
    assert np.all((sweep.test_accuracy >= 0) & (sweep.test_accuracy <= 1) | np.isnan(sweep.test_accuracy))


@pytest.mark.parametrize("call, error, words", [
    (lambda d: linear_rule_study(*d, layer_sizes=SIZES, tuned_batch_size=3, learning_rates=np.array([0.1]),
                                 batch_sizes=np.array([4, 8]), warmup_epochs=1.0, epochs=1, seeds=[0]), ValueError,
     "tuned_batch_size must be one of batch_sizes"),
    (lambda d: linear_rule_study(*d, layer_sizes=SIZES, tuned_batch_size=4, learning_rates=np.array([0.1]),
                                 batch_sizes=np.array([4, 8]), warmup_epochs=0.0, epochs=1, seeds=[0]), ValueError,
     "warmup_epochs must be positive"),
    (lambda d: linear_rule_sweep(*d, "study", learning_rates=np.array([0.1])), TypeError, "study must be a LinearRuleStudy"),
])
def test_bad_input_is_named(data, call, error, words):
    with pytest.raises(error, match=words):
        call(data)
