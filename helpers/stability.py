"""Where mini-batch SGD on least squares diverges: an empirical stability limit for every batch size.

Full-batch gradient descent on a quadratic diverges for any learning rate above ``2 / h_max``
(:func:`helpers.noise.stable_learning_rate`). Mini-batch SGD steps along each batch's own Hessian
``X_b^T X_b / B``, whose largest eigenvalue fluctuates above ``h_max`` when ``B`` is small, so it can
diverge well below that limit. There is no simple closed form for the data set's limit, so
:func:`divergence_thresholds` measures it: it runs SGD at many learning rates for a fixed number of
steps and reports the smallest rate that diverged.

The runs take exactly the steps of :func:`helpers.training.train_linear_model` with the squared loss
and ``mean()`` (same shuffling, last incomplete batch dropped), but only for the squared loss, whose
batch gradient ``A_b w - c_b`` needs two precomputed arrays per batch: thousands of steps at dozens of
learning rates take a fraction of a second, and memory stays at a few MB.
"""

from __future__ import annotations

import numpy as np

from ._validation import (check_learning_rate, check_matrix, check_positive_int, check_positive_int_array, check_real,
                          check_real_array, check_seed, check_work)
from .training import DIVERGENCE_LOSS_FACTOR, DIVERGENCE_THRESHOLD

__all__ = ["sgd_diverges", "divergence_thresholds", "linear_rule_crossing"]


def sgd_diverges(features: np.ndarray, targets: np.ndarray, *, batch_size: int, learning_rates: np.ndarray, steps: int,
                 seed: int = 0) -> np.ndarray:
    """Whether mini-batch SGD (squared loss, ``mean()``, from ``w = 0``) diverges within ``steps`` steps, per learning rate.

    A run has diverged once a weight passes ``DIVERGENCE_THRESHOLD`` in magnitude (checked after every
    step) or its training loss on the whole data set passes ``DIVERGENCE_LOSS_FACTOR`` times
    ``max(starting loss, 1)`` (checked at the end of every epoch and after the last step): the
    trainer's thresholds, checked where the trainer checks them. The examples are shuffled once per epoch with
    ``seed``, as :func:`helpers.training.train_linear_model` shuffles them.

    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = np.array([1.0, 2.0, 3.0, 4.0])
    >>> sgd_diverges(X, y, batch_size=4, learning_rates=np.array([0.2, 0.3]), steps=200)  # 2 / h_max = 0.267
    array([False,  True])
    """
    x = check_matrix(features, "features")
    t = check_real_array(targets, "targets")
    if t.shape != (x.shape[0],):
        raise ValueError(f"targets must hold one number per example: features has shape {x.shape}, targets {t.shape}")
    n, d = x.shape
    batch = check_positive_int(batch_size, "batch_size", maximum=n, what=" (the number of rows of features)")
    rates = check_learning_rate(learning_rates, "learning_rates")
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be 1-D, got shape {rates.shape}")
    steps = check_positive_int(steps, "steps")
    seed = check_seed(seed)
    check_work(f"{steps} SGD steps at {rates.size} learning rates", reduce="steps or learning_rates",
               loops=3.0 * steps, elements=6.0 * steps * rates.size * d * d)

    hessian, moment, offset = x.T @ x / n, x.T @ t / n, float(t @ t) / n

    def loss(w: np.ndarray) -> np.ndarray:
        return 0.5 * (np.einsum("ri,ij,rj->r", w, hessian, w) - 2 * w @ moment + offset)

    weights = np.zeros((rates.size, d))
    limit = DIVERGENCE_LOSS_FACTOR * max(offset / 2, 1.0)          # the loss at w = 0 is offset / 2
    diverged = np.zeros(rates.size, dtype=bool)
    rng = np.random.default_rng(seed)
    per_epoch = n // batch
    done = 0
    while done < steps and not diverged.all():
        order = rng.permutation(n)[:per_epoch * batch]
        xb, tb = x[order].reshape(per_epoch, batch, d), t[order].reshape(per_epoch, batch)
        curvatures = np.matmul(xb.transpose(0, 2, 1), xb) / batch   # each batch's Hessian A_b
        pulls = np.matmul(xb.transpose(0, 2, 1), tb[:, :, None])[:, :, 0] / batch   # and c_b: gradient A_b w - c_b
        for a, c in zip(curvatures[:steps - done], pulls[:steps - done]):
            moved = weights - rates[:, None] * (weights @ a - c)
            diverged |= ~(np.abs(moved).max(axis=1) <= DIVERGENCE_THRESHOLD)
            weights = np.where(diverged[:, None], weights, moved)
        done += min(per_epoch, steps - done)
        diverged |= ~(loss(weights) <= limit)      # the loss is checked where the trainer checks it: each epoch's end
    return diverged


def divergence_thresholds(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray,
                          learning_rates: np.ndarray, steps: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The smallest learning rate of the grid at which SGD diverges within ``steps`` steps, for every batch size.

    Returns ``(thresholds, diverged)``: ``thresholds[i]`` is that rate for ``batch_sizes[i]`` (NaN if no
    rate of the grid diverged), ``diverged[i, j]`` whether ``learning_rates[j]`` diverged at ``batch_sizes[i]``
    (see :func:`sgd_diverges`).

    One example of four has a large input: alone in a batch of 1 it sets a far lower limit than in the full batch.

    >>> X = np.array([[1.0], [1.0], [1.0], [4.0]]); y = np.array([2.0, 1.0, 4.0, 3.0])
    >>> rates = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    >>> thresholds, _ = divergence_thresholds(X, y, batch_sizes=np.array([1, 4]), learning_rates=rates, steps=200)
    >>> thresholds
    array([0.2, 0.5])
    """
    x = check_matrix(features, "features")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=x.shape[0], what=" (the number of rows of features)")
    rates = check_learning_rate(learning_rates, "learning_rates")
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be 1-D (a grid of learning rates), got shape {rates.shape}")
    rates = np.sort(rates)
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    steps = check_positive_int(steps, "steps")
    width = x.shape[1]
    check_work(f"{steps} SGD steps at {rates.size} learning rates for {sizes.size} batch sizes",
               reduce="steps, learning_rates or batch_sizes", loops=3.0 * steps * sizes.size,
               elements=6.0 * steps * sizes.size * rates.size * width * width)
    diverged = np.stack([sgd_diverges(features, targets, batch_size=int(b), learning_rates=rates, steps=steps, seed=seed)
                         for b in sizes])
    thresholds = np.where(diverged.any(axis=1), rates[np.argmax(diverged, axis=1)], np.nan)
    return thresholds, diverged


def linear_rule_crossing(tuned_learning_rate: float, tuned_batch_size: int, hessian_max: float) -> float:
    """The batch size at which the linear rule's learning rate ``eta_0 B / B_0`` reaches ``2 / h_max``.

    ``B_cross = 2 B_0 / (eta_0 h_max)``.

    >>> linear_rule_crossing(0.05, 16, 1.0)
    640.0
    """
    rate = check_real(tuned_learning_rate, "tuned_learning_rate", positive=True)
    batch = check_positive_int(tuned_batch_size, "tuned_batch_size")
    top = check_real(hessian_max, "hessian_max", positive=True)
    return 2.0 * batch / (rate * top)
