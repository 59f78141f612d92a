"""Adam (Kingma and Ba, 2015) under sum() and mean(): invariant to the loss's scale except through epsilon."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._progress import _epochs_with_progress
from ._validation import (
    BYTES_PER_FLOAT,
    check_broadcast,
    check_choice,
    check_choice_array,
    check_in_interval,
    check_learning_rate,
    check_positive_int,
    check_real,
    check_real_array,
    check_seed,
    check_work,
)
from .losses import LOSSES, _score_derivative
from .reduction import SCALAR_REDUCTIONS
from .training import _check_data, _check_on_epoch, _initial_weights

__all__ = ["adam_step", "train_adam"]


def adam_step(weights: np.ndarray, gradient: np.ndarray, first: np.ndarray, second: np.ndarray, step: int, *,
              learning_rate: float | np.ndarray, beta1: float | np.ndarray = 0.9, beta2: float | np.ndarray = 0.999,
              epsilon: float | np.ndarray = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update; returns ``(weights, first moment, second moment)``. Broadcasts over configurations.

    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g^2``,
    ``w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``. Multiplying every gradient by ``c``
    multiplies ``m`` by ``c`` and ``v`` by ``c^2``: the step is unchanged but for ``eps``, which
    does not scale with the gradient.

    Parameters
    ----------
    weights, gradient, first, second : arrays of shape S + (d,)
        ``second`` (a running mean of squared gradients) is >= 0.
    step : int
        The step's number ``t``, from 1.
    learning_rate, epsilon : scalars or arrays broadcasting against S
        ``learning_rate > 0``, ``epsilon >= 0``.
    beta1, beta2 : scalars or arrays broadcasting against S
        Decay rates of the moments, in [0, 1).

    >>> w, m, v = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, learning_rate=0.1, epsilon=0.0)
    >>> w
    array([-0.1])
    """
    weights = check_real_array(weights, "weights")
    if weights.ndim == 0:
        raise ValueError("weights must end in one entry per weight, got a single number")
    arrays = {"gradient": check_real_array(gradient, "gradient"), "first": check_real_array(first, "first"),
              "second": check_real_array(second, "second", nonnegative=True)}
    for name, array in arrays.items():
        if array.shape != weights.shape:
            raise ValueError(f"{name} must have the shape of weights {weights.shape}, got {array.shape}")
    step = check_positive_int(step, "step")
    learning_rate = check_learning_rate(learning_rate)
    beta1 = check_in_interval(beta1, "beta1", 0.0, 1.0)
    beta2 = check_in_interval(beta2, "beta2", 0.0, 1.0)
    epsilon = check_real_array(epsilon, "epsilon", nonnegative=True)
    check_broadcast({"weights (all but the last axis)": weights[..., 0], "learning_rate": learning_rate, "epsilon": epsilon,
                     "beta1": beta1, "beta2": beta2})
    return _adam_step(weights, arrays["gradient"], arrays["first"], arrays["second"], step,
                      learning_rate, beta1, beta2, epsilon)


def _adam_step(weights: np.ndarray, gradient: np.ndarray, first: np.ndarray, second: np.ndarray, step: int,
               learning_rate: np.ndarray, beta1: float | np.ndarray, beta2: float | np.ndarray,
               epsilon: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`adam_step` without argument checks (the trainer's inner loop)."""
    beta1, beta2 = np.asarray(beta1)[..., None], np.asarray(beta2)[..., None]  # per configuration, like the rates
    first = beta1 * first + (1 - beta1) * gradient
    second = beta2 * second + (1 - beta2) * gradient**2
    m_hat, v_hat = first / (1 - beta1**step), second / (1 - beta2**step)
    denominator = np.sqrt(v_hat) + epsilon[..., None]
    safe = np.where(denominator > 0, denominator, 1.0)  # eps = 0 and a zero gradient: no step, not 0/0
    return weights - learning_rate[..., None] * np.where(denominator > 0, m_hat / safe, 0.0), first, second


def train_adam(features: np.ndarray, targets: np.ndarray, *, loss: str, batch_size: int, learning_rate: float | np.ndarray,
               reduction: str | np.ndarray, epsilon: float | np.ndarray, epochs: int, seed: int | None = 0,
               initial_weights: np.ndarray | None = None, on_epoch: Callable[[int], object] | None = None) -> np.ndarray:
    """Mini-batch Adam for a linear model, configurations (learning rate x reduction x epsilon) at once.

    All configurations see the same batches. Returns the weights after every step:
    shape ``S + (n_steps + 1, d)`` with ``S`` the broadcast shape of the settings. ``on_epoch``, if
    given, is called after each epoch with the number of epochs finished (a progress bar's hook).

    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = 2 * X[:, 0]
    >>> train_adam(X, y, loss="squared", batch_size=2, learning_rate=0.1, reduction=np.array(["sum", "mean"]),
    ...            epsilon=0.0, epochs=1).shape
    (2, 3, 1)
    """
    loss = check_choice(loss, "loss", LOSSES)
    features, targets = _check_data(features, targets, loss)
    n, d = features.shape
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n, what=" (the number of rows of features)")
    epochs = check_positive_int(epochs, "epochs")
    seed = check_seed(seed)
    on_epoch = _check_on_epoch(on_epoch)
    rate, reduction, epsilon = check_broadcast({
        "learning_rate": check_learning_rate(learning_rate),
        "reduction": check_choice_array(reduction, "reduction", SCALAR_REDUCTIONS),
        "epsilon": check_real_array(epsilon, "epsilon", nonnegative=True),
    })
    weights = _initial_weights(initial_weights, rate.shape, d)
    steps = epochs * (n // batch_size)
    seconds = check_work(f"{steps} Adam steps of {rate.size} configurations", reduce="epochs, or the number of configurations",
                         loops=3 * steps, elements=30.0 * steps * rate.size * batch_size * d,
                         memory=BYTES_PER_FLOAT * (steps + 4) * rate.size * d)
    scale = np.where(reduction == "sum", 1.0, 1.0 / batch_size)
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    path, step = [weights.copy()], 0
    rng = np.random.default_rng(seed)
    for _ in _epochs_with_progress(f"training {rate.size} Adam configurations", epochs, expected_seconds=seconds,
                                   on_epoch=on_epoch):
        order = rng.permutation(n)
        for start in range(0, n - batch_size + 1, batch_size):
            x, y = features[order[start:start + batch_size]], targets[order[start:start + batch_size]]
            z = np.einsum("bd,...d->...b", x, weights)
            gradient = scale[..., None] * (_score_derivative(z, y, loss) @ x)
            step += 1
            weights, first, second = _adam_step(weights, gradient, first, second, step, rate, 0.9, 0.999, epsilon)
            path.append(weights.copy())
    return np.stack(path, axis=-2)
