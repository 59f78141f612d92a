"""What a reduced batch loss reports: a rate under ``mean()``, a count that grows with ``B`` under ``sum()``.

Cut an epoch of ``N`` per-example losses ``l_1, ..., l_N`` into consecutive batches of ``B`` and
average, over the ``N / B`` batches, what each reduction reports for a batch:

* ``mean``: ``(1 / N) * (l_1 + ... + l_N)``, the same for every ``B``;
* ``sum``:  ``(B / N) * (l_1 + ... + l_N)``, ``B`` times the ``mean`` report.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_positive_int_array, check_real_array
from .reduction import reduce_losses, split_into_batches

__all__ = ["average_reports"]


def average_reports(per_example_losses: np.ndarray, batch_sizes: np.ndarray | list[int]) -> dict[str, np.ndarray]:
    """The epoch's average of what ``sum()`` and ``mean()`` report per batch, for every batch size.

    ``report_r(B) = (B / N) * sum_b L_r(batch b)`` with ``N / B`` consecutive batches ``b``.

    Parameters
    ----------
    per_example_losses : array of shape (N,)
        One epoch of per-example losses, in the order the batches take them.
    batch_sizes : int or array of ints
        Each must divide ``N`` (no example is dropped).

    Returns
    -------
    dict with keys ``"sum"`` and ``"mean"``, each an array of shape ``(len(batch_sizes),)``.

    Examples
    --------
    >>> reports = average_reports(np.array([1.0, 0.0, 0.0, 1.0]), [1, 2, 4])
    >>> reports["mean"], reports["sum"]
    (array([0.5, 0.5, 0.5]), array([0.5, 1. , 2. ]))
    """
    losses = check_real_array(per_example_losses, "per_example_losses")
    if losses.ndim != 1:
        raise ValueError(f"per_example_losses must be 1-D (one loss per example), got shape {losses.shape}")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=losses.size,
                                     what=" (the number of per_example_losses)").reshape(-1)
    if np.any(losses.size % sizes):
        raise ValueError(f"batch_sizes must divide the number of per_example_losses ({losses.size}, so that none is dropped), "
                         f"got {sizes[losses.size % sizes != 0][0]}")
    return {
        reduction: np.array([float(np.mean(reduce_losses(split_into_batches(losses, int(b)), reduction))) for b in sizes])
        for reduction in ("sum", "mean")
    }
