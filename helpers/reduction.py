"""Reducing a batch of per-example losses to one number, and the SGD step that follows.

For a batch of ``B`` per-example losses ``l_1, ..., l_B``:

* ``sum``:  ``L_sum  = l_1 + ... + l_B``
* ``mean``: ``L_mean = (l_1 + ... + l_B) / B = L_sum / B``
* ``none``: the vector itself, as frameworks return it for ``reduction="none"``.

The gradient is linear, so ``grad L_sum = B * grad L_mean``, and one SGD step
``w <- w - lr * grad L`` moves ``B`` times further under ``sum`` than under ``mean``.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_broadcast,
    check_choice,
    check_learning_rate,
    check_positive_int,
    check_positive_int_array,
    check_real,
    check_real_array,
)

__all__ = ["REDUCTIONS", "SCALAR_REDUCTIONS", "reduce_gradients", "reduce_losses", "reduction_scale", "sgd_displacements",
           "sgd_update", "split_into_batches", "update_per_epoch", "update_per_step"]

REDUCTIONS = ("sum", "mean", "none")
"""Names accepted by ``reduction`` arguments."""

SCALAR_REDUCTIONS = ("sum", "mean")
"""The reductions that give a scalar loss, so a gradient step."""


def reduce_losses(losses: np.ndarray, reduction: str) -> np.ndarray | float:
    """Reduce per-example losses (last axis) with ``sum``, ``mean`` or ``none``.

    Parameters
    ----------
    losses : array of shape (..., B)
        Per-example losses; the last axis is the batch.
    reduction : {"sum", "mean", "none"}

    Returns
    -------
    float or array of shape (...)
        For ``none``, the losses unchanged.

    Examples
    --------
    >>> mistakes = np.r_[np.ones(8), np.zeros(56)]   # 8 of 64 misclassified
    >>> reduce_losses(mistakes, "sum"), reduce_losses(mistakes, "mean")
    (8.0, 0.125)
    """
    check_choice(reduction, "reduction", REDUCTIONS)
    losses = check_real_array(losses, "losses")
    if losses.ndim == 0:
        raise ValueError("losses must have a batch axis (one loss per example), got a scalar")
    if losses.shape[-1] == 0:
        raise ValueError("losses must hold at least one example: an empty batch has no loss")
    if reduction == "none":
        return losses
    reduced = losses.sum(axis=-1) if reduction == "sum" else losses.mean(axis=-1)
    return float(reduced) if reduced.ndim == 0 else reduced


def reduce_gradients(per_example_gradients: np.ndarray, reduction: str) -> np.ndarray:
    """The gradient of the reduced loss: the per-example gradients summed or averaged.

    Parameters
    ----------
    per_example_gradients : array of shape (..., B, d)
        The gradient of each example's loss; axis -2 is the batch.
    reduction : {"sum", "mean"}
        ``none`` is refused: a vector of losses has no single gradient to step along.

    Returns
    -------
    array of shape (..., d)

    Examples
    --------
    >>> g = np.array([[0.5], [0.0], [0.5], [0.0]])
    >>> reduce_gradients(g, "sum"), reduce_gradients(g, "mean")
    (array([1.]), array([0.25]))
    """
    check_choice(reduction, "reduction", REDUCTIONS)
    if reduction == "none":
        raise ValueError(
            "reduction='none' leaves one loss per example, and a gradient step needs one scalar loss: "
            "use 'sum' or 'mean'"
        )
    gradients = check_real_array(per_example_gradients, "per_example_gradients")
    if gradients.ndim < 2:
        raise ValueError(f"per_example_gradients must have shape (..., B, d), got shape {gradients.shape}")
    if gradients.shape[-2] == 0:
        raise ValueError("per_example_gradients must hold at least one example: an empty batch has no gradient")
    return gradients.sum(axis=-2) if reduction == "sum" else gradients.mean(axis=-2)


def reduction_scale(reduction: str, batch_size: int | np.ndarray) -> np.ndarray | float:
    """The factor that turns a summed loss (or gradient) into the reduced one: 1 or ``1 / B``.

    ``L_reduced = reduction_scale(reduction, B) * L_sum``.

    Examples
    --------
    >>> reduction_scale("sum", 64), reduction_scale("mean", 64)
    (1.0, 0.015625)
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    batch_size = check_positive_int_array(batch_size, "batch_size")
    scale = np.ones(batch_size.shape) if reduction == "sum" else 1.0 / batch_size
    return float(scale) if scale.ndim == 0 else scale


def sgd_update(weights: np.ndarray, gradient: np.ndarray, learning_rate: float) -> np.ndarray:
    """One plain SGD step: ``w_new = w - lr * gradient``.

    Examples
    --------
    >>> sgd_update(np.array([1.0]), np.array([4.0]), 0.01)
    array([0.96])
    """
    weights = check_real_array(weights, "weights")
    gradient = check_real_array(gradient, "gradient")
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    if weights.shape != gradient.shape:
        raise ValueError(f"weights and gradient must have the same shape, got {weights.shape} and {gradient.shape}")
    return weights - learning_rate * gradient


def split_into_batches(values: np.ndarray, batch_size: int) -> np.ndarray:
    """Cut a stream of per-example values into consecutive batches of ``batch_size``.

    Parameters
    ----------
    values : array of shape (n, ...)
        ``n`` must be a multiple of ``batch_size`` (no example is silently dropped).
    batch_size : int

    Returns
    -------
    array of shape (n // batch_size, batch_size, ...)

    Examples
    --------
    >>> split_into_batches(np.arange(6), 3)
    array([[0, 1, 2],
           [3, 4, 5]])
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"values must be an array of per-example values, got {values!r}")
    try:
        values = np.asarray(values)
    except ValueError:  # ragged nested lists
        raise TypeError("values must be an array of per-example values, got a ragged sequence") from None
    if values.dtype == object:
        raise TypeError(f"values must be an array of numbers, got an array of dtype {values.dtype}")
    if values.ndim == 0 or values.shape[0] == 0:
        raise ValueError(f"values must hold at least one example, got shape {values.shape}")
    batch_size = _check_batch_size(batch_size, values.shape[0], "entries of values")
    return values.reshape((values.shape[0] // batch_size, batch_size) + values.shape[1:])


def sgd_displacements(per_example_gradients: np.ndarray, batch_size: int, learning_rate: float, reduction: str) -> np.ndarray:
    """The weight change ``-lr * grad L_batch`` of every step over a stream of examples.

    The gradients are held fixed (the worked example's assumption: every mistake contributes the
    same ``dL/dW``), so the steps do not interact.

    Parameters
    ----------
    per_example_gradients : array of shape (n,) or (n, d)
    batch_size : int
    learning_rate : float
    reduction : {"sum", "mean"}

    Returns
    -------
    array of shape (n // batch_size,) or (n // batch_size, d)

    Examples
    --------
    >>> g = np.r_[np.full(8, 0.5), np.zeros(56)]          # dL/dW = 0.5 per mistake
    >>> sgd_displacements(g, 64, 0.01, "sum")
    array([-0.04])
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    gradients = check_real_array(per_example_gradients, "per_example_gradients")
    if gradients.ndim not in (1, 2):
        raise ValueError(f"per_example_gradients must have shape (n,) or (n, d), got shape {gradients.shape}")
    batch_size = _check_batch_size(batch_size, gradients.shape[0], "rows of per_example_gradients")
    batches = split_into_batches(gradients, batch_size)
    if gradients.ndim == 1:
        return -learning_rate * reduce_gradients(batches[..., None], reduction)[..., 0]
    return -learning_rate * reduce_gradients(batches, reduction)


def update_per_step(batch_size: np.ndarray, learning_rate: np.ndarray, mean_gradient: float, reduction: str) -> np.ndarray:
    """Size of one SGD step when every example's gradient averages ``mean_gradient``.

    ``|dw| = lr * B * g`` under ``sum`` and ``lr * g`` under ``mean``; broadcasts over arrays of
    batch sizes and learning rates, so a whole sweep is one call.

    Examples
    --------
    >>> update_per_step(np.array([64, 128]), 0.01, 0.0625, "sum")
    array([0.04, 0.08])
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    learning_rate = check_learning_rate(learning_rate)
    mean_gradient = check_real(mean_gradient, "mean_gradient")
    batch_size = check_positive_int_array(batch_size, "batch_size")
    check_broadcast({"batch_size": batch_size, "learning_rate": learning_rate})
    return _update_per_step(batch_size, learning_rate, mean_gradient, reduction)


def _update_per_step(batch_size: np.ndarray, learning_rate: np.ndarray, mean_gradient: float, reduction: str) -> np.ndarray:
    return learning_rate * batch_size * reduction_scale(reduction, batch_size) * mean_gradient


def update_per_epoch(n_examples: int, batch_size: np.ndarray, learning_rate: np.ndarray, mean_gradient: float, reduction: str) -> np.ndarray:
    """Total step size over one epoch of ``n_examples``: ``(n // B)`` steps of :func:`update_per_step`.

    Examples
    --------
    >>> update_per_epoch(128, np.array([64, 128]), 0.64, 0.0625, "mean")
    array([0.08, 0.04])
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_size = check_positive_int_array(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    learning_rate = check_learning_rate(learning_rate)
    mean_gradient = check_real(mean_gradient, "mean_gradient")
    check_broadcast({"batch_size": batch_size, "learning_rate": learning_rate})
    return (n_examples // batch_size) * _update_per_step(batch_size, learning_rate, mean_gradient, reduction)


def _check_batch_size(batch_size: object, n: int, rows: str) -> int:
    """``batch_size`` if it is a positive integer that divides ``n``; ``rows`` says what ``n`` counts, in the caller's words."""
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n, what=f" (the number of {rows})")
    if n % batch_size:
        raise ValueError(f"the number of {rows} ({n}) must be a multiple of batch_size ({batch_size}): no example is dropped")
    return batch_size
