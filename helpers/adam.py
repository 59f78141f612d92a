"""Adam (Kingma and Ba, 2015) under sum() and mean(): invariant to the loss's scale except through epsilon."""

from __future__ import annotations

import numpy as np

from ._validation import check_choice, check_learning_rate, check_positive_int, check_real_array
from .losses import LOSSES, score_derivative
from .training import _check_data


def adam_step(weights: np.ndarray, gradient: np.ndarray, first: np.ndarray, second: np.ndarray, step: int, *,
              learning_rate: float | np.ndarray, beta1: float = 0.9, beta2: float = 0.999,
              epsilon: float | np.ndarray = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update; returns ``(weights, first moment, second moment)``. Broadcasts over configurations.

    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g^2``,
    ``w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)``. Multiplying every gradient by ``c``
    multiplies ``m`` by ``c`` and ``v`` by ``c^2``: the step is unchanged but for ``eps``, which acts
    like ``eps / c``.

    >>> w, m, v = adam_step(np.zeros(1), np.array([2.0]), np.zeros(1), np.zeros(1), 1, learning_rate=0.1, epsilon=0.0)
    >>> w
    array([-0.1])
    """
    step = check_positive_int(step, "step")
    learning_rate = check_learning_rate(learning_rate)
    epsilon = check_real_array(epsilon, "epsilon", nonnegative=True)
    first = beta1 * first + (1 - beta1) * gradient
    second = beta2 * second + (1 - beta2) * gradient**2
    m_hat, v_hat = first / (1 - beta1**step), second / (1 - beta2**step)
    denominator = np.sqrt(v_hat) + epsilon[..., None]
    safe = np.where(denominator > 0, denominator, 1.0)  # eps = 0 and a zero gradient: no step, not 0/0
    return weights - learning_rate[..., None] * np.where(denominator > 0, m_hat / safe, 0.0), first, second


def train_adam(features: np.ndarray, targets: np.ndarray, *, loss: str, batch_size: int, learning_rate: float | np.ndarray,
               reduction: str | np.ndarray, epsilon: float | np.ndarray, epochs: int, seed: int = 0,
               initial_weights: np.ndarray | None = None) -> np.ndarray:
    """Mini-batch Adam for a linear model, configurations (learning rate x reduction x epsilon) at once.

    All configurations see the same batches. Returns the weights after every step:
    shape ``S + (n_steps + 1, d)`` with ``S`` the broadcast shape of the settings.
    """
    check_choice(loss, "loss", LOSSES)
    features, targets = _check_data(features, targets, loss)
    n, d = features.shape
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n, what=" (the number of examples)")
    epochs = check_positive_int(epochs, "epochs")
    reduction = np.asarray(reduction)
    for name in np.unique(reduction):
        check_choice(str(name), "reduction", ("sum", "mean"))
    rate, reduction, epsilon = np.broadcast_arrays(check_learning_rate(learning_rate), reduction,
                                                   check_real_array(epsilon, "epsilon", nonnegative=True))
    scale = np.where(reduction == "sum", 1.0, 1.0 / batch_size)
    weights = np.zeros(rate.shape + (d,)) if initial_weights is None else np.broadcast_to(
        check_real_array(initial_weights, "initial_weights"), rate.shape + (d,)).copy()
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    path, step = [weights.copy()], 0
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n - batch_size + 1, batch_size):
            x, y = features[order[start:start + batch_size]], targets[order[start:start + batch_size]]
            z = np.einsum("bd,...d->...b", x, weights)
            gradient = scale[..., None] * (score_derivative(z, y, loss) @ x)
            step += 1
            weights, first, second = adam_step(weights, gradient, first, second, step, learning_rate=rate, epsilon=epsilon)
            path.append(weights.copy())
    return np.stack(path, axis=-2)
