"""helpers.epochs: the last, smaller batch under sum(), mean() and drop_last."""

import numpy as np
import pytest

from helpers import epochs


def test_batch_sizes_add_up():
    sizes = epochs.epoch_batch_sizes(1000, 64)
    assert sizes.sum() == 1000 and sizes[-1] == 1000 % 64 and np.all(sizes[:-1] == 64)
    assert np.array_equal(epochs.epoch_batch_sizes(1024, 64), np.full(16, 64))
    assert epochs.epoch_batch_sizes(1000, 64, drop_last=True).sum() == 960


def test_example_weights():
    mean_weights = epochs.epoch_example_weights(1000, 64, "mean")
    assert mean_weights[-1] / mean_weights[0] == pytest.approx(64 / 40, rel=1e-12)
    assert mean_weights.sum() == pytest.approx(16, rel=1e-12)  # one unit per step under mean()
    assert np.all(epochs.epoch_example_weights(1000, 64, "sum") == 1)
    dropped = epochs.epoch_example_weights(1000, 64, "sum", drop_last=True)
    assert dropped.sum() == 960 and np.all(dropped[-40:] == 0)


@pytest.mark.parametrize("call, error", [
    (lambda: epochs.epoch_batch_sizes(10, 20), ValueError),
    (lambda: epochs.epoch_batch_sizes(10, 0), ValueError),
    (lambda: epochs.epoch_batch_sizes(10, 3, drop_last=1), TypeError),
    (lambda: epochs.epoch_example_weights(10, 3, "none"), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
