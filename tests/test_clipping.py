"""helpers.clipping: clipping by norm, batch gradient norms, and the share of steps clipped."""

import numpy as np
import pytest

from helpers import clipping


def test_clip_by_norm_keeps_direction_and_short_gradients(rng):
    gradients = rng.standard_normal((100, 4)) * rng.uniform(0.1, 10, size=(100, 1))
    clipped = clipping.clip_by_norm(gradients, 2.0)
    norms, clipped_norms = np.linalg.norm(gradients, axis=1), np.linalg.norm(clipped, axis=1)
    assert np.allclose(clipped_norms, np.minimum(norms, 2.0))
    assert np.allclose(clipped / clipped_norms[:, None], gradients / norms[:, None])
    assert np.array_equal(clipping.clip_by_norm(np.zeros(3), 1.0), np.zeros(3))


def test_batch_norms_under_sum_are_b_times_mean(rng):
    gradients = rng.standard_normal((64, 3))
    for b in (1, 4, 16, 64):
        assert np.allclose(clipping.batch_gradient_norms(gradients, b, "sum"), b * clipping.batch_gradient_norms(gradients, b, "mean"))


def test_clipped_fraction():
    assert clipping.clipped_fraction(np.array([1.0, 2.0, 3.0, 4.0]), 2.0) == 0.5


@pytest.mark.parametrize("call, error", [
    (lambda: clipping.clip_by_norm(np.ones(3), 0.0), ValueError),
    (lambda: clipping.clip_by_norm(1.0, 1.0), ValueError),
    (lambda: clipping.clip_by_norm("abc", 1.0), TypeError),
    (lambda: clipping.batch_gradient_norms(np.ones(4), 2, "sum"), ValueError),
    (lambda: clipping.clipped_fraction([-1.0], 1.0), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
