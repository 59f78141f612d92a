"""helpers.weighting: the two weighted means, class weights, and the step scale."""

import numpy as np
import pytest

from helpers import weighting


def test_weighted_means_by_hand_and_their_ratio(rng):
    losses, weights = rng.random((5, 16)), rng.random((5, 16)) + 0.1
    by_weights = weighting.weighted_mean(losses, weights, "sum of weights")
    by_size = weighting.weighted_mean(losses, weights, "batch size")
    assert np.allclose(by_weights, (weights * losses).sum(1) / weights.sum(1), rtol=1e-12)
    assert np.allclose(by_size, (weights * losses).sum(1) / 16, rtol=1e-12)
    assert np.allclose(by_size, weighting.step_scale(weights, "batch size") * by_weights, rtol=1e-12)
    assert np.allclose(weighting.step_scale(weights, "sum of weights"), 1.0)


def test_scaling_every_weight_changes_only_the_batch_size_normalization(rng):
    losses, weights = rng.random(16), rng.random(16) + 0.1
    assert weighting.weighted_mean(losses, 10 * weights, "sum of weights") == pytest.approx(
        weighting.weighted_mean(losses, weights, "sum of weights"), rel=1e-12)
    assert weighting.weighted_mean(losses, 10 * weights, "batch size") == pytest.approx(
        10 * weighting.weighted_mean(losses, weights, "batch size"), rel=1e-12)


def test_equal_weights_give_the_plain_mean(rng):
    losses = rng.random(8)
    for normalization in weighting.WEIGHT_NORMALIZATIONS:
        assert weighting.weighted_mean(losses, np.ones(8), normalization) == pytest.approx(losses.mean(), rel=1e-12)


def test_balanced_weights_average_one_over_the_data_set():
    labels = np.r_[np.zeros(90, dtype=int), np.ones(10, dtype=int)]
    per_class = weighting.balanced_class_weights(labels)
    assert np.allclose(per_class, [100 / 180, 100 / 20])
    assert weighting.class_weights(labels, per_class).mean() == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("call, error", [
    (lambda: weighting.weighted_mean([1.0, 2.0], [0.0, 0.0], "sum of weights"), ValueError),
    (lambda: weighting.weighted_mean([1.0, 2.0], [-1.0, 2.0], "batch size"), ValueError),
    (lambda: weighting.weighted_mean([1.0, 2.0], [1.0, 2.0], "median"), ValueError),
    (lambda: weighting.weighted_mean(1.0, 1.0, "batch size"), ValueError),
    (lambda: weighting.class_weights([0, 2], [1.0, 2.0]), ValueError),
    (lambda: weighting.balanced_class_weights([0, 0, 0]), ValueError),
    (lambda: weighting.step_scale(2.0, "batch size"), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
