"""Learning-rate scaling rules: how to change the learning rate when the batch size changes."""

from __future__ import annotations

import numpy as np

from ._validation import check_broadcast, check_choice, check_learning_rate, check_positive_int, check_positive_int_array

__all__ = ["SCALING_RULES", "equivalent_learning_rate", "scaled_learning_rate"]

SCALING_RULES = ("linear", "sqrt")
"""Names accepted by ``rule``."""


def scaled_learning_rate(batch_size: int | np.ndarray, tuned_learning_rate: float | np.ndarray, tuned_batch_size: int, rule: str = "linear") -> np.ndarray | float:
    """The learning rate for ``batch_size``, given one tuned at ``tuned_batch_size``.

    * ``linear``: ``lr = B * tuned_lr / tuned_B`` (the blog post's "perfect solution"; Goyal et al. 2017)
    * ``sqrt``:   ``lr = sqrt(B / tuned_B) * tuned_lr`` (Krizhevsky 2014; Hoffer et al. 2017)

    ``batch_size`` and ``tuned_learning_rate`` broadcast against each other.

    Examples
    --------
    >>> scaled_learning_rate(128, 0.64, 64)
    1.28
    >>> scaled_learning_rate(np.array([16, 64]), 0.1, 16, rule="sqrt")
    array([0.1, 0.2])
    """
    check_choice(rule, "rule", SCALING_RULES)
    batch_size = check_positive_int_array(batch_size, "batch_size")
    tuned_learning_rate = check_learning_rate(tuned_learning_rate, "tuned_learning_rate")
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    check_broadcast({"batch_size": batch_size, "tuned_learning_rate": tuned_learning_rate})
    ratio = batch_size / tuned_batch_size
    rate = tuned_learning_rate * (ratio if rule == "linear" else np.sqrt(ratio))
    return float(rate) if rate.ndim == 0 else rate


def equivalent_learning_rate(learning_rate: float | np.ndarray, batch_size: int | np.ndarray, *, from_reduction: str, to_reduction: str) -> np.ndarray | float:
    """The learning rate that makes an SGD step under ``to_reduction`` equal one under ``from_reduction``.

    Because ``grad L_sum = B * grad L_mean``: ``lr_mean = B * lr_sum`` and ``lr_sum = lr_mean / B``.

    Examples
    --------
    >>> equivalent_learning_rate(0.01, 64, from_reduction="sum", to_reduction="mean")
    0.64
    """
    check_choice(from_reduction, "from_reduction", ("sum", "mean"))
    check_choice(to_reduction, "to_reduction", ("sum", "mean"))
    learning_rate = check_learning_rate(learning_rate)
    batch_size = check_positive_int_array(batch_size, "batch_size")
    check_broadcast({"learning_rate": learning_rate, "batch_size": batch_size})
    factor = {("sum", "mean"): batch_size, ("mean", "sum"): 1.0 / batch_size}.get((from_reduction, to_reduction), 1.0)
    rate = learning_rate * factor
    return float(rate) if np.ndim(rate) == 0 else rate
