"""helpers.accumulation: token weights, masked accumulation, and the error of averaging micro-batches separately."""

import numpy as np
import pytest

from helpers import accumulation
from helpers.accumulation import ACCUMULATION_SCHEMES


def test_sequence_lengths_cover_the_range_and_are_seeded():
    lengths = accumulation.sequence_lengths(2000, 40, 0.5, seed=4)
    assert lengths.min() == 20 and lengths.max() == 60
    assert np.array_equal(lengths, accumulation.sequence_lengths(2000, 40, 0.5, seed=4))
    assert np.all(accumulation.sequence_lengths(5, 3, 0.0) == 3)


def test_weights_of_every_scheme_by_hand():
    lengths = np.array([1, 3, 2, 2])  # micro-batches of two sequences: 4 and 4 tokens; of one: 1, 3, 2, 2
    assert np.allclose(accumulation.token_weights(lengths, 4, "token mean"), 1 / 8)
    assert np.allclose(accumulation.token_weights(lengths, 4, "mean of micro-batch means"), 1 / (4 * lengths))
    assert np.allclose(accumulation.token_weights(lengths, 4, "sum of micro-batch means"), 1 / lengths)
    assert np.allclose(accumulation.token_weights(lengths, 4, "sequence mean"), 1 / (4 * lengths))
    assert np.allclose(accumulation.token_weights(lengths, 4, "mean of sequence sums"), 1 / 4)
    assert np.allclose(accumulation.token_weights(lengths, 2, "mean of micro-batch means"), 1 / 8)  # 4 and 4 tokens


@pytest.mark.parametrize("scheme", ACCUMULATION_SCHEMES)
def test_accumulate_equals_a_plain_loop_and_ignores_padding(scheme, rng):
    lengths = accumulation.sequence_lengths(12, 5, 0.8, seed=1)
    values = rng.standard_normal((12, 9))
    garbage = values.copy()
    garbage[~accumulation.padding_mask(lengths, 9)] = 1e6
    m = 3
    per_micro = 4
    expected = 0.0
    for k in range(m):
        rows = range(k * per_micro, (k + 1) * per_micro)
        count = sum(lengths[i] for i in rows)
        for i in rows:
            token_sum = values[i, : lengths[i]].sum()
            expected += {"token mean": token_sum / lengths.sum(), "mean of micro-batch means": token_sum / (m * count),
                         "sum of micro-batch means": token_sum / count, "sequence mean": token_sum / (12 * lengths[i]),
                         "mean of sequence sums": token_sum / 12}[scheme]
    assert accumulation.accumulate(garbage, lengths, m, scheme) == pytest.approx(expected, rel=1e-12)


def test_token_mean_is_the_full_batch_for_every_split(rng):
    lengths = accumulation.sequence_lengths(16, 7, 0.9, seed=2)
    values = rng.standard_normal((16, 14))
    full = values[accumulation.padding_mask(lengths, 14)].mean()
    for m in (1, 2, 4, 8, 16):
        assert accumulation.accumulate(values, lengths, m, "token mean") == pytest.approx(full, rel=1e-12)


def test_vector_values_and_the_error_of_averaging_micro_batches():
    lengths = accumulation.sequence_lengths(8, 6, 0.8, seed=3)
    gradients = accumulation.token_gradients(5, 8, 12, seed=1)
    errors = accumulation.accumulation_error(gradients, lengths, 4, "mean of micro-batch means")
    assert errors.shape == (5,) and np.all(errors > 1e-3)
    assert np.allclose(accumulation.accumulation_error(gradients, np.full(8, 6), 4, "sum of micro-batch means"), 3.0)


def test_relative_error_by_hand():
    assert accumulation.relative_error(np.array([3.0, 0.0]), np.array([0.0, 4.0])) == pytest.approx(1.25)


@pytest.mark.parametrize("call, error", [
    (lambda: accumulation.sequence_lengths(4, 10, 1.0), ValueError),
    (lambda: accumulation.sequence_lengths(4, 0, 0.5), ValueError),
    (lambda: accumulation.padding_mask([2, 0]), ValueError),
    (lambda: accumulation.padding_mask([2, 3], 2), ValueError),
    (lambda: accumulation.micro_batch_token_counts([1, 2, 3], 2), ValueError),
    (lambda: accumulation.token_weights([1, 2], 1, "median"), ValueError),
    (lambda: accumulation.accumulate(np.ones((2, 2)), [1, 3], 1, "token mean"), ValueError),
    (lambda: accumulation.accumulate(np.ones((3, 3)), [1, 3], 1, "token mean"), ValueError),
    (lambda: accumulation.accumulate("abc", [1, 3], 1, "token mean"), TypeError),
    (lambda: accumulation.accumulate(np.full((2, 3), np.nan), [1, 3], 1, "token mean"), ValueError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()
