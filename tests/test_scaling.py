"""Learning-rate scaling rules."""

import numpy as np
import pytest

import helpers


def test_linear_rule_is_the_posts_formula():
    # learning_rate = BATCH_SIZE * tuned_lr / tuned_batch_size, with the post's example 0.01 at 16
    for b in (1, 16, 64, 1024):
        assert helpers.scaled_learning_rate(b, 0.01, 16) == pytest.approx(b * 0.01 / 16, rel=1e-15)
    assert helpers.scaled_learning_rate(16, 0.01, 16) == 0.01


def test_sqrt_rule():
    np.testing.assert_allclose(helpers.scaled_learning_rate(np.array([4, 16, 64]), 0.1, 16, rule="sqrt"), [0.05, 0.1, 0.2])


def test_rules_broadcast_over_batch_sizes_and_rates():
    rates = helpers.scaled_learning_rate(np.array([[1], [2]]), np.array([0.1, 0.2, 0.4]), 1)
    np.testing.assert_allclose(rates, [[0.1, 0.2, 0.4], [0.2, 0.4, 0.8]])


def test_equivalent_learning_rate_round_trip():
    lr_mean = helpers.equivalent_learning_rate(0.01, 64, from_reduction="sum", to_reduction="mean")
    assert lr_mean == pytest.approx(0.64)
    assert helpers.equivalent_learning_rate(lr_mean, 64, from_reduction="mean", to_reduction="sum") == pytest.approx(0.01)
    assert helpers.equivalent_learning_rate(0.3, 64, from_reduction="mean", to_reduction="mean") == 0.3


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.scaled_learning_rate(64, 0.1, 16, rule="cubic"), ValueError, "rule must be one of"),
    (lambda: helpers.scaled_learning_rate(0, 0.1, 16), ValueError, "batch_size must hold positive integers"),
    (lambda: helpers.scaled_learning_rate(64, 0.1, 0), ValueError, "tuned_batch_size must be a positive integer"),
    (lambda: helpers.scaled_learning_rate(64, -0.1, 16), ValueError, "tuned_learning_rate must be positive"),
    (lambda: helpers.scaled_learning_rate(64, float("inf"), 16), ValueError, "tuned_learning_rate must be finite"),
    (lambda: helpers.equivalent_learning_rate(0.1, 4, from_reduction="none", to_reduction="sum"), ValueError, "from_reduction"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
