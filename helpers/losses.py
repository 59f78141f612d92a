"""Per-example losses of a linear model and their analytic gradients.

The model scores example ``x`` with ``z = x . w``; append a column of ones to the features
(:func:`helpers.data.add_bias_column`) to give it an intercept. Every function accepts one weight
vector of shape ``(d,)`` or a stack of them of shape ``(..., d)`` (many models at once), and
returns one value per model and example.

Losses, with ``y`` the target and ``z`` the score:

============  ===========================================  =========================
name          per-example loss                             derivative ``dloss/dz``
============  ===========================================  =========================
``zero_one``  ``1`` if ``(z > 0) != y`` else ``0``           ``0`` (almost everywhere)
``logistic``  ``log(1 + exp(-z))`` if ``y = 1``,              ``sigmoid(z) - y``
              ``log(1 + exp(z))`` if ``y = 0``
``squared``   ``(z - y)**2 / 2``                            ``z - y``
============  ===========================================  =========================

By the chain rule the gradient with respect to the weights is ``dloss/dz * x``.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_binary_labels, check_choice, check_matrix, check_real_array, check_same_length

LOSSES = ("zero_one", "logistic", "squared")
"""Names accepted by the ``loss`` argument."""

CLASSIFICATION_LOSSES = ("zero_one", "logistic")


def scores(weights: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Scores ``z = X w`` of a linear model, one per model and example.

    Parameters
    ----------
    weights : array of shape (d,) or (..., d)
        One weight vector, or a stack of them.
    features : array of shape (n, d)
        One example per row.

    Returns
    -------
    array of shape (n,) or (..., n)

    Examples
    --------
    >>> scores(np.array([1.0, -1.0]), np.array([[2.0, 1.0], [0.0, 3.0]]))
    array([ 1., -3.])
    """
    weights, features = _check_model(weights, features)
    return np.einsum("nd,...d->...n", features, weights)


def per_example_losses(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """The loss of every example, before any reduction.

    Parameters
    ----------
    weights : array of shape (d,) or (..., d)
    features : array of shape (n, d)
    targets : array of shape (n,)
        Class labels 0 or 1 for ``zero_one`` and ``logistic``; real numbers for ``squared``.
    loss : {"zero_one", "logistic", "squared"}

    Returns
    -------
    array of shape (n,) or (..., n)
        ``loss(z_i, y_i)`` for each example ``i`` (see the module docstring for the formulas).

    Examples
    --------
    >>> X = np.array([[1.0], [-1.0], [2.0]])
    >>> per_example_losses(np.array([1.0]), X, np.array([1, 1, 0]), "zero_one")
    array([0., 1., 1.])
    >>> per_example_losses(np.array([1.0]), X, np.array([0.5, -1.0, 2.0]), "squared")
    array([0.125, 0.   , 0.   ])
    """
    weights, features = _check_model(weights, features)
    targets = _check_targets(targets, features, loss)
    return loss_of_scores(np.einsum("nd,...d->...n", features, weights), targets, loss)


def per_example_gradients(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """The gradient of every example's loss with respect to the weights, computed analytically.

    ``grad_i = dloss/dz(z_i, y_i) * x_i``.

    Returns
    -------
    array of shape (n, d) or (..., n, d)

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> per_example_gradients(np.zeros(2), X, np.array([1.0, -1.0]), "squared")
    array([[-1., -2.],
           [ 3.,  4.]])
    """
    weights, features = _check_model(weights, features)
    targets = _check_targets(targets, features, loss)
    derivative = score_derivative(np.einsum("nd,...d->...n", features, weights), targets, loss)
    return derivative[..., :, None] * features


def loss_of_scores(z: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """Per-example loss from scores ``z`` (no argument checks: the trainer's inner loop)."""
    if loss == "zero_one":
        return ((z > 0) != (targets == 1)).astype(np.float64)
    if loss == "logistic":
        # log(1 + exp(-s z)) with s = +1 for class 1 and -1 for class 0, without overflow.
        return np.logaddexp(0.0, np.where(targets == 1, -z, z))
    return 0.5 * (z - targets) ** 2


def score_derivative(z: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """``dloss/dz`` for scores ``z`` (no argument checks: the trainer's inner loop)."""
    if loss == "zero_one":
        # The 0-1 loss is a step function of the score: flat, so zero slope, everywhere but the step.
        return np.zeros(np.shape(z))
    if loss == "logistic":
        return sigmoid(z) - targets
    return z - targets


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, written with ``tanh`` so it never overflows.

    >>> sigmoid(np.array([0.0, 1000.0, -1000.0]))
    array([0.5, 1. , 0. ])
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


def _check_model(weights: object, features: object) -> tuple[np.ndarray, np.ndarray]:
    weights = check_real_array(weights, "weights")
    features = check_matrix(features, "features")
    if weights.ndim == 0 or weights.shape[-1] != features.shape[1]:
        raise ValueError(
            f"weights must end in one entry per feature ({features.shape[1]}), got shape {weights.shape}"
        )
    return weights, features


def _check_targets(targets: object, features: np.ndarray, loss: str) -> np.ndarray:
    check_choice(loss, "loss", LOSSES)
    targets = check_real_array(targets, "targets")
    if targets.ndim != 1:
        raise ValueError(f"targets must be 1-D (one per example), got shape {targets.shape}")
    check_same_length(features, "features", targets, "targets")
    if loss in CLASSIFICATION_LOSSES:
        check_binary_labels(targets, "targets")
    return targets
