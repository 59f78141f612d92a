"""helpers.distributed: shards, worker reductions, all-reduce, and when DDP's average is the global mean."""

import numpy as np
import pytest

from helpers import distributed


@pytest.mark.parametrize("k", [1, 2, 3, 4, 8, 16])
@pytest.mark.parametrize("imbalance", [0.0, 0.25, 0.5, 0.9])
def test_shards_add_up_and_are_ordered(k, imbalance):
    sizes = distributed.shard_sizes(64, k, imbalance)
    assert sizes.sum() == 64 and sizes.min() >= 1 and sizes.size == k
    assert np.all(np.diff(sizes) <= 0)
    if imbalance == 0:
        assert sizes.max() - sizes.min() <= 1


def test_ddp_is_the_global_mean_exactly_when_shards_are_equal(rng):
    gradients = rng.standard_normal((60, 3))
    for sizes in ([15, 15, 15, 15], [30, 30], [60]):
        assert np.allclose(distributed.data_parallel_gradient(gradients, sizes, "mean", "average"), gradients.mean(0), rtol=1e-12)
    unequal = distributed.data_parallel_gradient(gradients, [40, 20], "mean", "average")
    assert np.allclose(unequal, (gradients[:40].mean(0) + gradients[40:].mean(0)) / 2, rtol=1e-12)
    assert not np.allclose(unequal, gradients.mean(0), rtol=1e-3)


def test_dividing_by_the_global_batch_is_the_global_mean_for_any_shards(rng):
    gradients = rng.standard_normal((2, 60, 3))  # leading axes are independent batches
    for sizes in ([15, 15, 15, 15], [50, 7, 2, 1]):
        assert np.allclose(distributed.data_parallel_gradient(gradients, sizes, "global batch", "sum"), gradients.mean(1), rtol=1e-12)
    assert np.allclose(distributed.data_parallel_gradient(gradients, [30, 30], "mean", "sum"), 2 * gradients.mean(1), rtol=1e-12)


def test_example_weights_by_hand():
    assert np.allclose(distributed.example_weights([3, 1], "mean", "average"), [1 / 6, 1 / 6, 1 / 6, 1 / 2])
    assert np.allclose(distributed.example_weights([3, 1], "global batch", "sum"), 1 / 4)


def test_sampler_shards():
    assert distributed.sampler_shard(1000, 4) == (250, 0)
    assert distributed.sampler_shard(1001, 4) == (251, 3)
    assert distributed.sampler_shard(1001, 4, drop_last=True) == (250, 1)


@pytest.mark.parametrize("call, error", [
    (lambda: distributed.shard_sizes(4, 5, 0.0), ValueError),
    (lambda: distributed.shard_sizes(64, 4, 1.0), ValueError),
    (lambda: distributed.shard_sizes(64, 2.5, 0.0), TypeError),
    (lambda: distributed.worker_gradients(np.ones((4, 2)), [2, 1], "mean"), ValueError),
    (lambda: distributed.worker_gradients(np.ones((4, 2)), [2, 2], "median"), ValueError),
    (lambda: distributed.all_reduce(np.ones(3), "sum"), ValueError),
    (lambda: distributed.all_reduce(np.ones((2, 3)), "max"), ValueError),
    (lambda: distributed.sampler_shard(10, 4, drop_last="yes"), TypeError),
])
def test_bad_input_gets_a_clear_error(call, error):
    with pytest.raises(error):
        call()


def test_an_averaging_all_reduce_needs_each_sum_over_b_over_k(rng):
    gradients = rng.standard_normal((60, 3))
    for sizes in ([15, 15, 15, 15], [50, 7, 2, 1]):
        assert np.allclose(distributed.data_parallel_gradient(gradients, sizes, "global batch / K", "average"), gradients.mean(0), rtol=1e-12)
        assert np.allclose(distributed.data_parallel_gradient(gradients, sizes, "global batch", "average"), gradients.mean(0) / len(sizes), rtol=1e-12)
