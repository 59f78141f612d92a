"""Weighted losses: class or sample weights, and what the weighted ``mean()`` divides by.

With weights ``v_1, ..., v_B`` on the per-example losses ``l_1, ..., l_B``, two "means" are in use:

* ``"sum of weights"``: ``sum_i v_i l_i / sum_i v_i``, a weighted average (PyTorch's
  ``CrossEntropyLoss(weight=...)`` and ``NLLLoss(weight=...)`` with ``reduction='mean'``);
* ``"batch size"``: ``sum_i v_i l_i / B`` (Keras' ``sum_over_batch_size`` with ``sample_weight``).

They differ by the factor ``sum_i v_i / B``, the batch's mean weight, which changes from batch to
batch as the class mix changes: under ``"batch size"`` it scales the whole step (an effective
learning rate ``eta * mean weight``); under ``"sum of weights"`` the step's scale is fixed but one
example's share ``v_i / sum_j v_j`` depends on which other examples share its batch.
"""

from __future__ import annotations

import numpy as np

from ._validation import _as_array, check_broadcast, check_choice, check_positive_int, check_real_array

WEIGHT_NORMALIZATIONS = ("sum of weights", "batch size")
"""What a weighted ``mean()`` divides by."""


def weighted_mean(losses: np.ndarray, weights: np.ndarray, normalization: str) -> np.ndarray | float:
    """The weighted mean of per-example losses (last axis): ``sum v l / sum v`` or ``sum v l / B``.

    Parameters
    ----------
    losses, weights : arrays of shape (..., B), broadcast against each other
        Weights are >= 0 and each batch's sum is > 0.
    normalization : {"sum of weights", "batch size"}

    Examples
    --------
    >>> weighted_mean([1.0, 3.0], [1.0, 3.0], "sum of weights"), weighted_mean([1.0, 3.0], [1.0, 3.0], "batch size")
    (2.5, 5.0)
    """
    check_choice(normalization, "normalization", WEIGHT_NORMALIZATIONS)
    losses = check_real_array(losses, "losses")
    weights = check_real_array(weights, "weights", nonnegative=True)
    losses, weights = check_broadcast({"losses": losses, "weights": weights})
    if losses.ndim == 0:
        raise ValueError("losses must have a batch axis (one loss per example), got a scalar")
    total_weight = weights.sum(axis=-1)
    if np.any(total_weight <= 0):
        raise ValueError("weights must not all be zero in a batch: the weighted mean of no example is undefined")
    divisor = total_weight if normalization == "sum of weights" else losses.shape[-1]
    reduced = (weights * losses).sum(axis=-1) / divisor
    return float(reduced) if np.ndim(reduced) == 0 else reduced


def class_weights(labels: np.ndarray, weight_per_class: np.ndarray) -> np.ndarray:
    """Each example's weight, looked up from its class: ``v_i = weight_per_class[y_i]``.

    >>> class_weights([0, 1, 1], [1.0, 4.0])
    array([1., 4., 4.])
    """
    weight_per_class = check_real_array(weight_per_class, "weight_per_class", nonnegative=True)
    if weight_per_class.ndim != 1:
        raise ValueError(f"weight_per_class must be 1-D (one weight per class), got shape {weight_per_class.shape}")
    labels = _class_indices(labels)
    if not np.issubdtype(labels.dtype, np.integer) or np.any(labels < 0) or np.any(labels >= weight_per_class.size):
        raise ValueError(f"labels must be class indices 0 ... {weight_per_class.size - 1} (one class per entry of "
                         f"weight_per_class), got {np.unique(labels)[:5]}")
    return weight_per_class[labels]


def balanced_class_weights(labels: np.ndarray, n_classes: int = 2) -> np.ndarray:
    """Inverse-frequency class weights ``N / (C * N_c)``, as scikit-learn's ``class_weight='balanced'``.

    Over the whole data set they average to 1.

    >>> balanced_class_weights([0, 0, 0, 1])
    array([0.66666667, 2.        ])
    """
    labels = _class_indices(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be a non-empty 1-D array of class indices, got shape {labels.shape}")
    n_classes = check_positive_int(n_classes, "n_classes", maximum=labels.size,
                                   what=" (the number of labels: every class must occur)")
    if labels.max() >= n_classes:
        raise ValueError(f"labels must be class indices 0 ... {n_classes - 1} (n_classes={n_classes}), got {labels.max()}")
    counts = np.bincount(labels, minlength=n_classes)
    if counts.size != n_classes or np.any(counts == 0):
        raise ValueError(f"every class 0 ... {n_classes - 1} (n_classes={n_classes}) must occur in labels, "
                         f"got counts {counts.tolist()}")
    return labels.size / (n_classes * counts)


def step_scale(weights: np.ndarray, normalization: str) -> np.ndarray:
    """How much larger each batch's weighted-mean gradient is than its plain weighted average's.

    ``sum v / B`` (the batch's mean weight) under ``"batch size"``; 1 under ``"sum of weights"``.
    It multiplies the learning rate: the effective learning rate is ``eta * step_scale``.

    >>> step_scale([[1.0, 1.0], [1.0, 5.0]], "batch size")
    array([1., 3.])
    """
    check_choice(normalization, "normalization", WEIGHT_NORMALIZATIONS)
    weights = check_real_array(weights, "weights", nonnegative=True)
    if weights.ndim == 0:
        raise ValueError("weights must have a batch axis, got a scalar")
    scale = weights.mean(axis=-1) if normalization == "batch size" else np.ones(weights.shape[:-1])
    return scale


def _class_indices(labels: object) -> np.ndarray:
    labels = _as_array(labels, "labels", "class labels")
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer) or labels.size == 0 or np.any(labels < 0):
        raise ValueError(f"labels must be a non-empty array of class indices 0, 1, ..., got {labels!r:.60}")
    return labels
