"""SGD with momentum under a scaled loss and a changing learning rate (Goyal et al. 2017, Remarks 1 and 2).

Full-batch least squares, ``L_mean(w) = mean_i (x_i . w - y_i)**2 / 2``, with a loss scaled by ``c``
(``c = B`` turns ``mean()`` into ``sum()``) and weight decay ``lambda`` added to the gradient, as
PyTorch's ``SGD(weight_decay=...)`` does: ``g = c grad L_mean(w) + lambda w``. Two ways to write momentum:

* ``"lr outside"`` (PyTorch): ``u <- mu u + g``, ``w <- w - eta_t u``;
* ``"lr inside"`` (Goyal et al.'s eq. 10): ``v <- mu v + eta_t g``, ``w <- w - v``.

They agree while ``eta`` is constant. When ``eta`` changes from ``eta_t`` to ``eta_{t+1}``, the second
needs ``v`` multiplied by ``eta_{t+1} / eta_t`` (Remark 2, *momentum correction*) to agree with the first.
Scaling the loss by ``c`` equals scaling ``eta`` by ``c`` only when ``lambda = 0`` (Remark 1).
"""

from __future__ import annotations

import numpy as np

from ._validation import (LARGEST_MAGNITUDE, check_bool, check_choice, check_matrix, check_real, check_real_array,
                          check_same_length, check_work)
from .losses import _per_example_gradients

MOMENTUM_FORMS = ("lr outside", "lr inside")
"""Where the learning rate enters: PyTorch's form, or Goyal et al.'s eq. (10)."""


def momentum_sgd(features: np.ndarray, targets: np.ndarray, learning_rates: np.ndarray, *, momentum: float = 0.9,
                 loss_scale: float = 1.0, weight_decay: float = 0.0, form: str = "lr outside",
                 correction: bool = False) -> np.ndarray:
    """Full-batch momentum SGD on least squares; returns the weights after every step, shape ``(T + 1, d)``.

    Parameters
    ----------
    learning_rates : array of shape (T,)
        The learning rate of each step (a schedule).
    momentum : float in [0, 1)
    loss_scale : float
        ``c``: the loss minimized is ``c L_mean`` (``c = B`` for ``sum()`` over a batch of ``B``).
    weight_decay : float
        ``lambda``, added to the gradient as ``lambda w``.
    form : {"lr outside", "lr inside"}
    correction : bool
        With ``"lr inside"``: multiply the velocity by ``eta_{t+1} / eta_t`` when the rate changes.

    Examples
    --------
    >>> X, y = np.array([[1.0], [2.0]]), np.array([1.0, 2.0])
    >>> momentum_sgd(X, y, np.full(2, 0.1), momentum=0.5)[:, 0]
    array([0.    , 0.25  , 0.5625])
    """
    features = check_matrix(features, "features")
    targets = check_real_array(targets, "targets")
    if targets.ndim != 1:
        raise ValueError(f"targets must be 1-D (one target per example), got shape {targets.shape}")
    check_same_length(features, "features", targets, "targets")
    rates = check_real_array(learning_rates, "learning_rates", positive=True)
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be 1-D (one per step), got shape {rates.shape}")
    momentum = check_real(momentum, "momentum", nonnegative=True)
    if momentum >= 1:
        raise ValueError(f"momentum must be below 1, got {momentum}")
    loss_scale = check_real(loss_scale, "loss_scale", positive=True)
    weight_decay = check_real(weight_decay, "weight_decay", nonnegative=True)
    check_choice(form, "form", MOMENTUM_FORMS)
    correction = check_bool(correction, "correction")
    check_work(f"{rates.size} momentum steps on {features.size} feature values", reduce="the length of learning_rates",
               loops=rates.size, elements=8.0 * rates.size * features.size)
    weights = np.zeros(features.shape[1])
    velocity = np.zeros_like(weights)
    path = [weights.copy()]
    previous_rate = rates[0]
    for rate in rates:
        _check_not_diverged(weights, len(path) - 1)
        gradient = loss_scale * _per_example_gradients(weights, features, targets, "squared").mean(axis=0) + weight_decay * weights
        if form == "lr outside":
            velocity = momentum * velocity + gradient
            weights = weights - rate * velocity
        else:
            if correction:
                velocity = velocity * (rate / previous_rate)
            velocity = momentum * velocity + rate * gradient
            weights = weights - velocity
        previous_rate = rate
        path.append(weights.copy())
    _check_not_diverged(weights, len(path) - 1)
    return np.array(path)


def _check_not_diverged(weights: np.ndarray, steps: int) -> None:
    """A diverging run stops before it overflows, with what to change in the caller's terms."""
    if np.any(np.abs(weights) > LARGEST_MAGNITUDE):
        raise ValueError(f"momentum SGD diverges: a weight passes {LARGEST_MAGNITUDE:g} after {steps} steps; "
                         f"reduce learning_rates or loss_scale (or momentum)")
