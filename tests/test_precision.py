"""helpers.precision: float16 sums overflow, float16 contributions underflow, loss scaling."""

import warnings

import numpy as np
import pytest

from helpers import precision


def test_float16_max():
    assert precision.FLOAT16_MAX == 65504.0


def test_sum_overflows_where_the_mean_does_not():
    values = np.full(4000, 20.0)  # sum 80000 > 65504
    assert np.isinf(precision.float16_reduce(values, "sum"))
    assert precision.float16_reduce(values, "mean") == pytest.approx(20.0, rel=1e-2)
    assert precision.float16_reduce(np.full(3000, 20.0), "sum") == pytest.approx(60000, rel=1e-2)


def test_no_warning_escapes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        precision.float16_reduce(np.full(5000, 30.0), "sum")
        precision.rounded_to_zero(np.array([1e-12, 1.0]), loss_scale=1e6)
        precision.float16_gradient(np.full((3, 2), 1e-12), loss_scale=1e9)


def test_loss_scaling_recovers_small_contributions():
    contributions = np.full((1000, 1), 1e-8)
    assert precision.rounded_to_zero(contributions) == 1.0
    assert precision.float16_gradient(contributions)[0] == 0.0
    assert precision.rounded_to_zero(contributions, loss_scale=2.0**16) == 0.0
    assert precision.float16_gradient(contributions, loss_scale=2.0**16)[0] == pytest.approx(1e-5, rel=1e-3)


@pytest.mark.parametrize("call, error", [
    (lambda: precision.float16_reduce(np.ones((2, 2)), "sum"), ValueError),
    (lambda: precision.float16_reduce(np.ones(2), "max"), ValueError),
    (lambda: precision.rounded_to_zero(np.zeros(3)), ValueError),
    (lambda: precision.rounded_to_zero(np.ones(3), loss_scale=0.0), ValueError),
    (lambda: precision.float16_gradient([np.nan], loss_scale=1.0), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
