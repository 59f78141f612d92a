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


def test_float32_accumulator_is_numpys_sum_rounded_once():
    values = np.random.default_rng(3).uniform(10.0, 30.0, size=1000)
    half = values.astype(np.float16)
    assert precision.float16_reduce(values, "sum") == float(np.float16(half.astype(np.float32).sum()))
    assert precision.float16_reduce(values, "mean") == float(np.float16((half / np.float16(1000)).astype(np.float32).sum()))


def test_float16_running_total_is_swamped():
    # Near 16 float16 numbers are 1/64 apart: a term below 1/128 no longer moves the total.
    assert precision.float16_reduce(np.full(4096, 20.0), "mean", accumulator="float16") == 16.0
    assert precision.float16_reduce(np.full(4096, 20.0), "mean") == pytest.approx(20.0, rel=1e-3)
    # A running total that rounds after each addition, term by term, against the same loop in Python.
    values = np.random.default_rng(4).uniform(0.0, 3.0, size=300)
    total = np.float16(0)
    for v in values.astype(np.float16):
        total = np.float16(total + v)
    assert precision.float16_reduce(values, "sum", accumulator="float16") == float(total)


def test_sum_becomes_inf_only_past_the_largest_finite_value():
    # 65504 + 8 is still rounded to 65504: the result is finite although the exact sum exceeds the limit.
    assert precision.float16_reduce(np.array([65504.0, 8.0]), "sum") == precision.FLOAT16_MAX
    assert np.isinf(precision.float16_reduce(np.array([65504.0, 32.0]), "sum"))


def test_no_warning_escapes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        precision.float16_reduce(np.full(5000, 30.0), "sum")
        precision.float16_reduce(np.full(5000, 30.0), "sum", accumulator="float16")
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
    (lambda: precision.float16_reduce(np.ones(2), "sum", accumulator="float64"), ValueError),
    (lambda: precision.rounded_to_zero(np.zeros(3)), ValueError),
    (lambda: precision.rounded_to_zero(np.ones(3), loss_scale=0.0), ValueError),
    (lambda: precision.float16_gradient([np.nan], loss_scale=1.0), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
