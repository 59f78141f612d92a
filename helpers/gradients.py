"""Gradients of a reduced batch loss: analytic, by central differences, and the loss landscape."""

from __future__ import annotations

import numpy as np

from ._validation import check_choice, check_real_array
from .losses import per_example_gradients, per_example_losses
from .reduction import SCALAR_REDUCTIONS, reduce_gradients, reduce_losses


def batch_loss(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str) -> np.ndarray | float:
    """The reduced loss of a batch: ``sum`` or ``mean`` of :func:`helpers.losses.per_example_losses`.

    >>> X = np.array([[1.0], [2.0]])
    >>> batch_loss(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "sum")
    2.5
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    return reduce_losses(per_example_losses(weights, features, targets, loss), reduction)


def batch_gradient(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str) -> np.ndarray:
    """The analytic gradient of :func:`batch_loss` with respect to the weights.

    >>> X = np.array([[1.0], [2.0]])
    >>> batch_gradient(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "mean")
    array([2.5])
    """
    return reduce_gradients(per_example_gradients(weights, features, targets, loss), reduction)


def finite_difference_gradient(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str,
                               *, step: float = 1e-6) -> np.ndarray:
    """The gradient of :func:`batch_loss` by central differences, one coordinate at a time.

    ``dL/dw_k ~ (L(w + h e_k) - L(w - h e_k)) / (2 h)``, with error of order ``h**2`` plus
    rounding of order ``eps * L / h``.

    >>> X = np.array([[1.0], [2.0]])
    >>> finite_difference_gradient(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "mean").round(6)
    array([2.5])
    """
    weights = check_real_array(weights, "weights")
    step = float(check_real_array(step, "step", positive=True))
    if weights.ndim != 1:
        raise ValueError(f"weights must be one weight vector of shape (d,), got shape {weights.shape}")
    shifts = step * np.eye(weights.size)
    up = batch_loss(weights + shifts, features, targets, loss, reduction)
    down = batch_loss(weights - shifts, features, targets, loss, reduction)
    return (up - down) / (2 * step)


def relative_error(estimate: np.ndarray, reference: np.ndarray) -> float:
    """``max |estimate - reference| / max |reference|`` (0 when both are 0).

    >>> relative_error(np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    0.25
    """
    estimate = check_real_array(estimate, "estimate")
    reference = check_real_array(reference, "reference")
    if estimate.shape != reference.shape:
        raise ValueError(f"estimate and reference must have the same shape, got {estimate.shape} and {reference.shape}")
    scale = np.abs(reference).max()
    difference = np.abs(estimate - reference).max()
    return 0.0 if difference == 0 else float(difference / scale) if scale > 0 else float("inf")


def loss_landscape(features: np.ndarray, targets: np.ndarray, loss: str, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """Mean per-example loss of a two-weight model on the grid ``w1 x w2``: shape ``(len(w2), len(w1))``.

    Ready for ``contour(w1, w2, values)``.

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> loss_landscape(X, np.array([0.0, 0.0]), "squared", np.array([0.0, 2.0]), np.array([0.0]))
    array([[0., 1.]])
    """
    w1 = check_real_array(w1, "w1")
    w2 = check_real_array(w2, "w2")
    grid = np.stack(np.meshgrid(w1, w2), axis=-1)  # (len(w2), len(w1), 2)
    return per_example_losses(grid, features, targets, loss).mean(axis=-1)
