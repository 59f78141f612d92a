"""Gradients of a reduced batch loss: analytic, by central differences, and the loss landscape."""

from __future__ import annotations

import numpy as np

from ._validation import BYTES_PER_FLOAT, check_choice, check_matrix, check_real, check_real_array, check_vector, check_work
from .losses import _check_model, _check_targets, _loss_of_scores, per_example_gradients, per_example_losses
from .reduction import SCALAR_REDUCTIONS, reduce_gradients, reduce_losses

__all__ = ["batch_gradient", "batch_loss", "finite_difference_gradient", "loss_landscape", "relative_error"]


def batch_loss(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str) -> np.ndarray | float:
    """The reduced loss of a batch: ``sum`` or ``mean`` of :func:`helpers.losses.per_example_losses`.

    >>> X = np.array([[1.0], [2.0]])
    >>> batch_loss(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "sum")
    2.5
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    return reduce_losses(per_example_losses(weights, features, targets, loss), reduction)  # which checks the rest


def batch_gradient(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str) -> np.ndarray:
    """The analytic gradient of :func:`batch_loss` with respect to the weights.

    >>> X = np.array([[1.0], [2.0]])
    >>> batch_gradient(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "mean")
    array([2.5])
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    return reduce_gradients(per_example_gradients(weights, features, targets, loss), reduction)  # which checks the rest


def finite_difference_gradient(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str, reduction: str,
                               *, step: float = 1e-6) -> np.ndarray:
    """The gradient of :func:`batch_loss` by central differences, one coordinate at a time.

    ``dL/dw_k ~ (L(w + h e_k) - L(w - h e_k)) / (2 h)``, with error of order ``h**2`` plus
    rounding of order ``eps * L / h``.

    >>> X = np.array([[1.0], [2.0]])
    >>> finite_difference_gradient(np.array([1.0]), X, np.array([0.0, 0.0]), "squared", "mean").round(6)
    array([2.5])
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    weights = check_real_array(weights, "weights")
    if weights.ndim != 1:
        raise ValueError(f"weights must be one weight vector of shape (d,), got shape {weights.shape}")
    weights, features = _check_model(weights, features)
    targets = _check_targets(targets, features, loss)
    step = check_real(step, "step", positive=True)
    if step > 1.0:
        raise ValueError(f"step must be at most 1 (a central difference needs a small step), got {step}")
    check_work(f"central differences in {weights.size} coordinates over {features.shape[0]} examples",
               reduce="the number of examples or of weights", elements=4.0 * weights.size * features.size,
               memory=2 * BYTES_PER_FLOAT * weights.size * features.shape[0])
    shifts = step * np.eye(weights.size)
    up = reduce_losses(_loss_of_scores(np.einsum("nd,...d->...n", features, weights + shifts), targets, loss), reduction)
    down = reduce_losses(_loss_of_scores(np.einsum("nd,...d->...n", features, weights - shifts), targets, loss), reduction)
    return (up - down) / (2 * step)


def relative_error(estimate: np.ndarray, reference: np.ndarray) -> float:
    """``max |estimate - reference| / max |reference|`` (0 when both are 0; undefined when only the reference is).

    >>> relative_error(np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    0.25
    """
    estimate = check_real_array(estimate, "estimate")
    reference = check_real_array(reference, "reference")
    if estimate.shape != reference.shape:
        raise ValueError(f"estimate and reference must have the same shape, got {estimate.shape} and {reference.shape}")
    scale = np.abs(reference).max()
    difference = np.abs(estimate - reference).max()
    if difference == 0:
        return 0.0
    if scale == 0:
        raise ValueError("relative_error is undefined where reference is all zeros and estimate is not: "
                         f"compare max |estimate| = {np.abs(estimate).max():g} with 0 directly")
    return float(difference / scale)


def loss_landscape(features: np.ndarray, targets: np.ndarray, loss: str, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """Mean per-example loss of a two-weight model on the grid ``w1 x w2``: shape ``(len(w2), len(w1))``.

    Ready for ``contour(w1, w2, values)``.

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> loss_landscape(X, np.array([0.0, 0.0]), "squared", np.array([0.0, 2.0]), np.array([0.0]))
    array([[0., 1.]])
    """
    w1 = check_vector(w1, "w1")
    w2 = check_vector(w2, "w2")
    features = check_matrix(features, "features")
    if features.shape[1] != 2:
        raise ValueError(f"features must have 2 columns (a two-weight model), got shape {features.shape}")
    check_work(f"a loss landscape of {w2.size} x {w1.size} points over {features.shape[0]} examples",
               reduce="the number of grid points (w1, w2) or of examples", elements=10.0 * w1.size * w2.size * features.shape[0],
               memory=3 * BYTES_PER_FLOAT * w1.size * w2.size * features.shape[0])
    grid = np.stack(np.meshgrid(w1, w2), axis=-1)  # (len(w2), len(w1), 2)
    return per_example_losses(grid, features, targets, loss).mean(axis=-1)
