"""The last, smaller batch of an epoch: how much each example counts under ``sum()`` and ``mean()``.

``N`` examples in batches of ``B`` leave a last batch of ``r = N mod B`` examples (when ``r > 0``).
Over one epoch of SGD steps with fixed per-example gradients, the total move is
``-eta sum_steps grad L_step``, and example ``i`` contributes its gradient times a weight:

* ``sum()``: weight 1 for every example, the last batch's step is ``r / B`` of a full one;
* ``mean()``: weight ``1 / B`` in a full batch, ``1 / r`` in the last one, so each of its examples
  counts ``B / r`` times as much, and its step is as large as a full batch's;
* ``drop_last=True``: the last ``r`` examples get weight 0 this epoch.
"""

from __future__ import annotations

import numpy as np

from ._validation import BYTES_PER_FLOAT, check_bool, check_choice, check_positive_int, check_work

REDUCTIONS = ("sum", "mean")


def epoch_batch_sizes(n_examples: int, batch_size: int, *, drop_last: bool = False) -> np.ndarray:
    """The batch sizes of one epoch, in order.

    >>> epoch_batch_sizes(10, 4), epoch_batch_sizes(10, 4, drop_last=True)
    (array([4, 4, 2]), array([4, 4]))
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    drop_last = check_bool(drop_last, "drop_last")
    check_work(f"an epoch of {n_examples} examples", reduce="n_examples", memory=3 * n_examples * BYTES_PER_FLOAT)
    full, rest = divmod(n_examples, batch_size)
    return np.array([batch_size] * full + ([rest] if rest and not drop_last else []), dtype=np.int64)


def epoch_example_weights(n_examples: int, batch_size: int, reduction: str, *, drop_last: bool = False) -> np.ndarray:
    """Each example's weight in the sum of one epoch's gradient steps (examples in batch order).

    Examples
    --------
    >>> epoch_example_weights(10, 4, "mean")
    array([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.5 , 0.5 ])
    >>> epoch_example_weights(10, 4, "sum", drop_last=True)
    array([1., 1., 1., 1., 1., 1., 1., 1., 0., 0.])
    """
    check_choice(reduction, "reduction", REDUCTIONS)
    sizes = epoch_batch_sizes(n_examples, batch_size, drop_last=drop_last)
    per_batch = np.ones(sizes.size) if reduction == "sum" else 1.0 / sizes
    weights = np.repeat(per_batch, sizes)
    return np.r_[weights, np.zeros(n_examples - weights.size)]
