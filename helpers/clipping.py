"""Gradient clipping by norm, and why a threshold tuned at one batch size means something else at another.

``clip_by_norm(g, c) = g * min(1, c / |g|)``: a gradient longer than ``c`` is shortened to length ``c``
(PyTorch's ``clip_grad_norm_`` on the whole model). The threshold compares with the gradient of the
*reduced* loss: under ``sum()`` its length grows with ``B`` (about ``B |G|`` once ``B`` is large),
under ``mean()`` it shrinks towards ``|G|``. A threshold tuned at ``B0`` clips almost every step at
larger ``B`` under ``sum()``, and almost none under ``mean()``.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_real, check_real_array
from .reduction import _check_batch_size, reduce_gradients, split_into_batches


def clip_by_norm(gradients: np.ndarray, max_norm: float) -> np.ndarray:
    """Scale each gradient (last axis) down to length ``max_norm`` if it is longer.

    Examples
    --------
    >>> clip_by_norm(np.array([3.0, 4.0]), 1.0)
    array([0.6, 0.8])
    >>> clip_by_norm(np.array([0.3, 0.4]), 1.0)
    array([0.3, 0.4])
    """
    gradients = check_real_array(gradients, "gradients")
    max_norm = check_real(max_norm, "max_norm", positive=True)
    if gradients.ndim == 0:
        raise ValueError("gradients must have a last axis of coordinates, got a scalar")
    norms = np.linalg.norm(gradients, axis=-1, keepdims=True)
    return gradients * np.minimum(1.0, max_norm / np.maximum(norms, np.finfo(float).tiny))


def batch_gradient_norms(per_example_gradients: np.ndarray, batch_size: int, reduction: str) -> np.ndarray:
    """The length of each consecutive batch's reduced gradient, one per batch.

    >>> batch_gradient_norms(np.array([[1.0], [3.0], [2.0], [2.0]]), 2, "sum")
    array([4., 4.])
    """
    gradients = check_real_array(per_example_gradients, "per_example_gradients")
    if gradients.ndim != 2:
        raise ValueError(f"per_example_gradients must have shape (n, d), got {gradients.shape}")
    _check_batch_size(batch_size, gradients.shape[0], "rows of per_example_gradients")
    return np.linalg.norm(reduce_gradients(split_into_batches(gradients, batch_size), reduction), axis=-1)


def clipped_fraction(norms: np.ndarray, max_norm: float) -> float:
    """The fraction of gradients longer than ``max_norm`` (the steps that clipping changes).

    >>> clipped_fraction(np.array([0.5, 2.0, 3.0, 1.0]), 1.0)
    0.5
    """
    norms = check_real_array(norms, "norms", nonnegative=True)
    max_norm = check_real(max_norm, "max_norm", positive=True)
    return float(np.mean(norms > max_norm))
