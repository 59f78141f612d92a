"""Data parallelism: ``K`` workers each reduce their shard, then the gradients are all-reduced.

A global batch of ``B`` examples is cut into ``K`` shards of sizes ``b_1 + ... + b_K = B``. Each
worker reduces its shard's per-example gradients, and an all-reduce combines the ``K`` results:

* ``"mean"`` per worker, then the all-reduce **average** (sum / K), as PyTorch's
  ``DistributedDataParallel`` does: example ``i`` of worker ``k`` weighs ``1 / (K b_k)``. That is the
  global mean ``1 / B`` only when every ``b_k = B / K``.
* ``"global batch"`` per worker (its **sum** divided by the global batch size ``B``, as
  ``tf.nn.compute_average_loss(per_example_loss, global_batch_size=B)`` does, and as Goyal et al.
  2017, Remark 3, ask), then the all-reduce **sum**: every example weighs ``1 / B``, whatever the shards.
* ``"global batch / K"`` per worker: its sum divided by ``B / K``.
* ``"mean"`` per worker, then the all-reduce **sum** without dividing by ``K``: ``K`` times too large.
"""

from __future__ import annotations

import numpy as np

from ._validation import (BYTES_PER_FLOAT, check_bool, check_choice, check_positive_int, check_positive_int_array,
                          check_real, check_real_array, check_work)

WORKER_REDUCTIONS = ("mean", "global batch", "global batch / K")
"""How each worker reduces its shard: its own mean; its sum divided by the global batch size ``B`` (for
an all-reduce that sums); its sum divided by ``B / K``."""

ALL_REDUCE_OPS = ("sum", "average")
"""How the all-reduce combines the workers' gradients."""


def shard_sizes(batch_size: int, n_workers: int, imbalance: float) -> np.ndarray:
    """Split ``B`` examples over ``K`` workers, sizes proportional to ``1 + imbalance * (1 ... -1)``.

    ``imbalance = 0`` splits as evenly as integers allow; ``imbalance`` near 1 gives the first
    worker almost twice the average and the last almost nothing (at least one example each).
    The sizes always add up to ``batch_size``.

    Examples
    --------
    >>> shard_sizes(64, 4, 0.0)
    array([16, 16, 16, 16])
    >>> shard_sizes(64, 4, 0.5)
    array([24, 19, 13,  8])
    """
    batch_size = check_positive_int(batch_size, "batch_size")
    n_workers = check_positive_int(n_workers, "n_workers", maximum=batch_size, what=" (batch_size: every worker needs an example)")
    imbalance = check_real(imbalance, "imbalance", nonnegative=True)
    if imbalance >= 1:
        raise ValueError(f"imbalance must be below 1 (every worker keeps at least one example), got {imbalance}")
    shares = 1.0 + imbalance * np.linspace(1.0, -1.0, n_workers) if n_workers > 1 else np.ones(1)
    ideal = 1 + (batch_size - n_workers) * shares / shares.sum()  # one example each, the rest by share
    sizes = np.floor(ideal).astype(np.int64)
    leftover = batch_size - int(sizes.sum())
    sizes[np.argsort(sizes - ideal, kind="stable")[:leftover]] += 1  # largest remainders first
    return sizes


def worker_gradients(per_example_gradients: np.ndarray, sizes: np.ndarray, worker_reduction: str) -> np.ndarray:
    """Each worker's gradient of its shard: shape ``(..., K, d)``.

    Parameters
    ----------
    per_example_gradients : array of shape (..., B, d)
        The global batch, in order: worker 1 takes the first ``b_1`` examples, and so on.
    sizes : int array of shape (K,)
        Shard sizes, adding up to ``B``.
    worker_reduction : {"mean", "global batch", "global batch / K"}
        ``mean``: the shard's mean; ``global batch``: the shard's sum divided by ``B``;
        ``global batch / K``: the shard's sum divided by ``B / K``.

    Examples
    --------
    >>> g = np.array([[1.0], [1.0], [1.0], [5.0]])
    >>> worker_gradients(g, [3, 1], "mean"), worker_gradients(g, [3, 1], "global batch")
    (array([[1.],
           [5.]]), array([[0.75],
           [1.25]]))
    """
    check_choice(worker_reduction, "worker_reduction", WORKER_REDUCTIONS)
    gradients = check_real_array(per_example_gradients, "per_example_gradients")
    sizes = _check_sizes(sizes)
    if gradients.ndim < 2 or gradients.shape[-2] != sizes.sum():
        raise ValueError(f"per_example_gradients must have shape (..., B, d) with B = sum(sizes) = {sizes.sum()}, "
                         f"got shape {gradients.shape}")
    owner = np.repeat(np.arange(sizes.size), sizes)
    sums = np.stack([gradients[..., owner == k, :].sum(axis=-2) for k in range(sizes.size)], axis=-2)
    divisor = {"mean": sizes[:, None], "global batch": float(sizes.sum()),
               "global batch / K": sizes.sum() / sizes.size}[worker_reduction]
    return sums / divisor


def all_reduce(gradients: np.ndarray, op: str) -> np.ndarray:
    """Combine the workers' gradients (axis -2): their sum, or their average (sum / K).

    >>> all_reduce(np.array([[1.0], [4.0]]), "average")
    array([2.5])
    """
    check_choice(op, "op", ALL_REDUCE_OPS)
    gradients = check_real_array(gradients, "gradients")
    if gradients.ndim < 2:
        raise ValueError(f"gradients must have shape (..., K, d), got shape {gradients.shape}")
    return gradients.sum(axis=-2) if op == "sum" else gradients.mean(axis=-2)


def data_parallel_gradient(per_example_gradients: np.ndarray, sizes: np.ndarray, worker_reduction: str, op: str) -> np.ndarray:
    """The gradient the workers agree on: :func:`worker_gradients`, then :func:`all_reduce`.

    ``("mean", "average")`` is PyTorch DDP with a ``mean()`` loss; ``("global batch", "sum")`` is
    ``tf.nn.compute_average_loss`` with ``global_batch_size=B``.

    Examples
    --------
    >>> g = np.array([[1.0], [1.0], [1.0], [5.0]])
    >>> data_parallel_gradient(g, [3, 1], "mean", "average"), data_parallel_gradient(g, [3, 1], "global batch", "sum")
    (array([3.]), array([2.]))
    """
    return all_reduce(worker_gradients(per_example_gradients, sizes, worker_reduction), op)


def example_weights(sizes: np.ndarray, worker_reduction: str, op: str) -> np.ndarray:
    """The weight each example of the global batch gets in the agreed gradient, shape ``(B,)``.

    ``1 / B`` for every example is the global mean.

    >>> example_weights([3, 1], "mean", "average")
    array([0.16666667, 0.16666667, 0.16666667, 0.5       ])
    """
    sizes = _check_sizes(sizes)
    check_choice(worker_reduction, "worker_reduction", WORKER_REDUCTIONS)
    check_choice(op, "op", ALL_REDUCE_OPS)
    check_work(f"the weights of {int(sizes.sum())} examples", reduce="sizes",
               memory=3 * float(sizes.sum()) ** 2 * BYTES_PER_FLOAT)
    # Example i's gradient is the i-th unit vector, so the agreed gradient lists every example's weight.
    return data_parallel_gradient(np.eye(int(sizes.sum())), sizes, worker_reduction, op)


def sampler_shard(n_examples: int, n_workers: int, *, drop_last: bool = False) -> tuple[int, int]:
    """Examples per worker and examples repeated (or dropped) when a data set is split over ``K`` workers.

    PyTorch's ``DistributedSampler`` gives every worker the same number of examples: with
    ``drop_last=False`` it adds extra indices (repeats examples) up to ``ceil(N / K)`` each; with
    ``drop_last=True`` it drops the tail down to ``floor(N / K)`` each.

    Returns
    -------
    (per_worker, changed) : the examples per worker, and how many examples were repeated (or dropped).

    Examples
    --------
    >>> sampler_shard(1001, 4), sampler_shard(1001, 4, drop_last=True)
    ((251, 3), (250, 1))
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    n_workers = check_positive_int(n_workers, "n_workers", maximum=n_examples, what=" (n_examples)")
    drop_last = check_bool(drop_last, "drop_last")
    per_worker = n_examples // n_workers if drop_last else -(-n_examples // n_workers)
    return per_worker, abs(per_worker * n_workers - n_examples)


def _check_sizes(sizes: object) -> np.ndarray:
    sizes = check_positive_int_array(sizes, "sizes")
    if sizes.ndim != 1:
        raise ValueError(f"sizes must be 1-D (one shard size per worker), got shape {sizes.shape}")
    return sizes
