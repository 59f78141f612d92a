"""L2 penalties and weight decay against batch size and reduction.

With a penalty ``l2 * ||w||^2`` added once to each batch's reduced loss, the penalty's weight
against the *mean per-example* data loss is

    ``effective_l2 = l2 / (B * reduction_scale)``  =  ``l2 / B`` under ``sum``,  ``l2`` under ``mean``,

so under ``sum()`` the regularization silently weakens as ``B`` grows. The batch-size-consistent
forms (:func:`consistent_l2`) scale the penalty per batch so that one epoch adds up to
``l2 * ||w||^2`` once: the per-batch penalty that matches the full-data objective.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validation import (
    check_broadcast,
    check_choice,
    check_matrix,
    check_positive_int,
    check_positive_int_array,
    check_real,
    check_real_array,
    check_seed,
    check_seeds,
    check_vector,
)
from .losses import LOSSES, _check_model, _check_targets, _loss_of_scores
from .reduction import SCALAR_REDUCTIONS, reduction_scale
from .training import TrainingRun, _check_data, _check_grid, _check_on_epoch, _check_training_work, _train

__all__ = ["REGULARIZATION_SCHEMES", "accuracy", "consistent_l2", "decision_boundary", "effective_l2",
           "scheme_test_accuracy", "train_regularization_schemes"]

REGULARIZATION_SCHEMES = ("sum + λ", "mean + λ", "sum, consistent", "mean, consistent", "decay, sum", "decay, mean")
"""The schemes notebook 03 compares. The learning rate is ``eta`` under sum and ``B * eta`` under mean
(matched, so only the regularization differs); the decay schemes use the decoupled weight decay
per step that takes the consistent penalty's steps under plain SGD, and no penalty."""


def effective_l2(l2: float | np.ndarray, reduction: str, batch_size: int | np.ndarray) -> np.ndarray | float:
    """The penalty's weight against the mean per-example loss: ``l2 / (B * reduction_scale)``.

    >>> effective_l2(4.0, "sum", np.array([8, 32])), effective_l2(4.0, "mean", 32)
    (array([0.5  , 0.125]), 4.0)
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    l2 = check_real_array(l2, "l2", nonnegative=True)
    batch_size = check_positive_int_array(batch_size, "batch_size")
    check_broadcast({"l2": l2, "batch_size": batch_size})
    value = l2 / (batch_size * reduction_scale(reduction, batch_size))
    return float(value) if np.ndim(value) == 0 else value


def consistent_l2(l2: float | np.ndarray, reduction: str, batch_size: int | np.ndarray, n_examples: int) -> np.ndarray | float:
    """The per-batch penalty that adds up to ``l2 * ||w||^2`` once per epoch, under either reduction.

    Every ``B`` and both reductions then train toward the full-data objective ``sum(loss) + l2 * ||w||^2``.

    >>> consistent_l2(2.0, "sum", 64, 512), consistent_l2(2.0, "mean", 64, 512)
    (0.25, 0.00390625)
    """
    check_choice(reduction, "reduction", SCALAR_REDUCTIONS)
    l2 = check_real_array(l2, "l2", nonnegative=True)
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_size = check_positive_int_array(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    check_broadcast({"l2": l2, "batch_size": batch_size})
    value = l2 * (batch_size / n_examples if reduction == "sum" else 1.0 / n_examples)
    return float(value) if np.ndim(value) == 0 else value


def train_regularization_schemes(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray,
                                 learning_rates: np.ndarray, l2s: np.ndarray, epochs: int, seed: int = 0,
                                 loss: str = "logistic", on_epoch: Callable[[int], object] | None = None) -> TrainingRun:
    """Train every batch size x learning rate x L2 strength x :data:`REGULARIZATION_SCHEMES` at once.

    Configuration shape ``(len(batch_sizes), len(learning_rates), len(l2s), 6)``. ``on_epoch``, if
    given, is called after each epoch with the number of epochs finished (a progress bar's hook).
    """
    loss = check_choice(loss, "loss", LOSSES)
    features, targets = _check_data(features, targets, loss)
    n = features.shape[0]
    epochs = check_positive_int(epochs, "epochs")
    seed = check_seed(seed)
    on_epoch = _check_on_epoch(on_epoch)
    batch, eta, lam = np.broadcast_arrays(
        _check_grid(batch_sizes, "batch_sizes", maximum=n)[:, None, None],
        _check_grid(learning_rates, "learning_rates")[None, :, None],
        _check_l2_grid(l2s, "l2s")[None, None, :],
    )
    none = np.zeros(batch.shape)
    decay = 2 * eta * lam * batch / n
    is_mean = np.array([False, True, False, True, False, True])
    reduction = np.where(is_mean, "mean", "sum")
    rate = eta[..., None] * np.where(is_mean, batch[..., None], 1)
    penalty = np.stack([lam, lam, lam * batch / n, lam / n, none, none], axis=-1)
    weight_decay = np.stack([none, none, none, none, decay, decay], axis=-1)
    if np.any(weight_decay >= 1):
        raise ValueError(f"2 x learning_rates x l2s x batch_sizes / N (the decay per step, {weight_decay.max():g} at most) "
                         "must be below 1: reduce learning_rates or l2s")
    batch, rate, reduction, penalty, weight_decay = np.broadcast_arrays(batch[..., None], rate, reduction, penalty, weight_decay)
    seconds = _check_training_work(features, batch, epochs, n, False,
                                   reduce="epochs, or the number of batch_sizes x learning_rates x l2s")
    return _train(features, targets, loss, batch, rate, reduction, penalty, weight_decay, epochs, seed,
                  np.zeros(batch.shape + (features.shape[1],)), n, False, expected_seconds=seconds, on_epoch=on_epoch)


def _check_l2_grid(values: object, name: str) -> np.ndarray:
    array = check_real_array(values, name, nonnegative=True)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D grid of values, got shape {array.shape}")
    return array


def accuracy(weights: np.ndarray, features: np.ndarray, labels: np.ndarray) -> np.ndarray | float:
    """Fraction of examples a linear classifier gets right: ``1 - mean 0-1 loss``; many models at once.

    >>> accuracy(np.array([1.0]), np.array([[1.0], [-1.0], [2.0]]), np.array([1, 1, 1]))
    0.6666666666666667
    """
    weights, features = _check_model(weights, features)
    labels = _check_targets(labels, features, "zero_one", name="labels")
    value = 1.0 - _loss_of_scores(np.einsum("nd,...d->...n", features, weights), labels, "zero_one").mean(axis=-1)
    return float(value) if np.ndim(value) == 0 else value


def decision_boundary(weights: np.ndarray, x_limits: tuple[float, float], y_limits: tuple[float, float]) -> np.ndarray:
    """The segment of the line ``w1 x + w2 y + b = 0`` inside a box: shape (2, 2), or (0, 2) if it misses.

    ``weights`` is ``(w1, w2, b)`` for features with a bias column appended.

    >>> decision_boundary(np.array([1.0, 0.0, -1.0]), (-2, 2), (-3, 3))
    array([[ 1., -3.],
           [ 1.,  3.]])
    """
    w1, w2, b = check_vector(weights, "weights", length=3, what=" (w1, w2 and the intercept b)")
    x0, x1 = _check_limits(x_limits, "x_limits")
    y0, y1 = _check_limits(y_limits, "y_limits")
    w1, w2, b = float(w1), float(w2), float(b)  # Python floats: a tiny w2 gives inf (outside the box), not a warning
    points = []
    if w2 != 0:
        points += [(x, -(w1 * x + b) / w2) for x in (x0, x1)]
    if w1 != 0:
        points += [(-(w2 * y + b) / w1, y) for y in (y0, y1)]
    tol = 1e-12 * max(abs(x0), abs(x1), abs(y0), abs(y1), 1.0)
    inside = sorted({(round(x, 12), round(y, 12)) for x, y in points
                     if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol})
    if len(inside) < 2:
        return np.empty((0, 2))
    return np.array([inside[0], inside[-1]], dtype=float)


def _check_limits(limits: object, name: str) -> tuple[float, float]:
    low, high = check_vector(limits, name, length=2, what=" (low, high)")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got {tuple(limits)}")
    return float(low), float(high)


def scheme_test_accuracy(features: np.ndarray, labels: np.ndarray, test_features: np.ndarray, test_labels: np.ndarray, *,
                         batch_sizes: np.ndarray, learning_rate: float, l2: float, epochs: int,
                         seeds: np.ndarray | list[int]) -> np.ndarray:
    """Test accuracy of every scheme of :data:`REGULARIZATION_SCHEMES` after training, at several shuffle seeds.

    One :func:`train_regularization_schemes` run per seed, at one learning rate ``eta`` and one ``l2``,
    every batch size and scheme at once; then :func:`accuracy` of the final weights on the test set,
    ``1 - mean 0-1 loss``. The seed only changes the order in which the batches are drawn.

    Returns
    -------
    ndarray of shape (len(seeds), len(batch_sizes), 6)

    >>> X = np.c_[np.arange(8.0) - 3.5, np.ones((8, 2))]; y = (X[:, 0] > 0).astype(int)
    >>> scheme_test_accuracy(X, y, X, y, batch_sizes=np.array([2, 4]), learning_rate=0.05, l2=0.1, epochs=2,
    ...                      seeds=[0, 1]).shape
    (2, 2, 6)
    """
    seeds = check_seeds(seeds)
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    l2 = check_real(l2, "l2", nonnegative=True)
    features = check_matrix(features, "features")
    labels = _check_targets(labels, features, "logistic", name="labels")
    test_features = check_matrix(test_features, "test_features")
    test_labels = _check_targets(test_labels, test_features, "logistic", name="test_labels", features_name="test_features")
    if test_features.shape[1] != features.shape[1]:
        raise ValueError(f"test_features must have the {features.shape[1]} columns of features, got shape {test_features.shape}")
    final = np.stack([train_regularization_schemes(features, labels, batch_sizes=batch_sizes,
                                                   learning_rates=np.array([learning_rate]), l2s=np.array([l2]),
                                                   epochs=epochs, seed=int(seed)).final_weights[:, 0, 0]
                      for seed in seeds])                                   # (seed, B, scheme, d)
    return accuracy(final, test_features, test_labels)
