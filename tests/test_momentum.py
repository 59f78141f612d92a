"""helpers.momentum: momentum SGD, loss scale against learning-rate scale, and the momentum correction."""

import numpy as np
import pytest

from helpers import momentum


@pytest.fixture
def data(regression):
    return regression


def test_plain_loop_by_hand(data):
    X, y = data
    rates = np.full(5, 0.01)
    path = momentum.momentum_sgd(X, y, rates, momentum=0.8)
    w, u = np.zeros(X.shape[1]), np.zeros(X.shape[1])
    for rate in rates:
        u = 0.8 * u + X.T @ (X @ w - y) / len(y)
        w = w - rate * u
    assert np.allclose(path[-1], w, rtol=1e-12)


def test_loss_scale_equals_rate_scale_only_without_weight_decay(data):
    X, y = data
    rates = np.full(20, 0.001)
    assert np.allclose(momentum.momentum_sgd(X, y, rates, loss_scale=32), momentum.momentum_sgd(X, y, 32 * rates), rtol=1e-10)
    assert not np.allclose(momentum.momentum_sgd(X, y, rates, loss_scale=32, weight_decay=0.5),
                           momentum.momentum_sgd(X, y, 32 * rates, weight_decay=0.5), rtol=1e-3)
    assert np.allclose(momentum.momentum_sgd(X, y, rates, loss_scale=32, weight_decay=32 * 0.5),
                       momentum.momentum_sgd(X, y, 32 * rates, weight_decay=0.5), rtol=1e-10)


def test_forms_agree_at_constant_rate_and_with_correction(data):
    X, y = data
    constant = np.full(15, 0.05)
    assert np.allclose(momentum.momentum_sgd(X, y, constant, form="lr inside"), momentum.momentum_sgd(X, y, constant), rtol=1e-10)
    schedule = np.r_[np.full(5, 0.01), np.full(10, 0.05)]
    reference = momentum.momentum_sgd(X, y, schedule)
    assert np.allclose(momentum.momentum_sgd(X, y, schedule, form="lr inside", correction=True), reference, rtol=1e-10)
    assert not np.allclose(momentum.momentum_sgd(X, y, schedule, form="lr inside"), reference, rtol=1e-3)


@pytest.mark.parametrize("kwargs, error", [
    ({"momentum": 1.0}, ValueError),
    ({"form": "nesterov"}, ValueError),
    ({"correction": "yes"}, TypeError),
    ({"loss_scale": 0.0}, ValueError),
    ({"weight_decay": -1.0}, ValueError),
])
def test_bad_input_gets_a_clear_error(data, kwargs, error):
    X, y = data
    with pytest.raises(error):
        momentum.momentum_sgd(X, y, np.full(3, 0.1), **kwargs)
    with pytest.raises(ValueError):
        momentum.momentum_sgd(X, y, np.full((3, 2), 0.1))
