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

__all__ = ["LOSSES", "loss_of_scores", "per_example_gradients", "per_example_losses", "score_derivative", "scores",
           "sigmoid"]

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
    return _loss_of_scores(np.einsum("nd,...d->...n", features, weights), targets, loss)


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
    return _per_example_gradients(weights, features, targets, loss)


def _per_example_gradients(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    derivative = _score_derivative(np.einsum("nd,...d->...n", features, weights), targets, loss)
    return derivative[..., :, None] * features


def loss_of_scores(scores: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """Per-example loss from scores ``z`` and targets ``y`` (see the module docstring for the formulas).

    Parameters
    ----------
    scores : array of shape (..., n)
    targets : array of shape (n,)
    loss : {"zero_one", "logistic", "squared"}

    Examples
    --------
    >>> loss_of_scores(np.array([2.0, -1.0]), np.array([1, 1]), "zero_one")
    array([0., 1.])
    """
    loss = check_choice(loss, "loss", LOSSES)
    z, targets = _check_scores(scores, targets, loss)
    return _loss_of_scores(z, targets, loss)


def score_derivative(scores: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """``dloss/dz`` at scores ``z`` for targets ``y``: ``0``, ``sigmoid(z) - y`` or ``z - y``.

    Examples
    --------
    >>> score_derivative(np.array([0.0, 3.0]), np.array([1.0, 1.0]), "squared")
    array([-1.,  2.])
    """
    loss = check_choice(loss, "loss", LOSSES)
    z, targets = _check_scores(scores, targets, loss)
    return _score_derivative(z, targets, loss)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, accurate to the last digit for every score and never overflowing.

    With ``e = exp(-|z|)`` (at most 1, so it cannot overflow): ``1 / (1 + e)`` for ``z >= 0`` and
    ``e / (1 + e)`` for ``z < 0``. The second form keeps full relative precision far into the left
    tail, where ``1 - 1 / (1 + exp(z))`` (or a ``tanh`` form) cancels to 0 below about ``z = -38``.

    >>> sigmoid(np.array([0.0, 1000.0, -1000.0]))
    array([0.5, 1. , 0. ])
    >>> float(sigmoid(-50.0))          # exp(-50) / (1 + exp(-50))
    1.9287498479639178e-22
    """
    return _sigmoid(check_real_array(z, "z"))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):  # exp(-|z|) underflows to 0 beyond |z| ~ 745: the right limit
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _loss_of_scores(z: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """Per-example loss from scores (no argument checks: the trainer's inner loop)."""
    if loss == "zero_one":
        return ((z > 0) != (targets == 1)).astype(np.float64)
    if loss == "logistic":
        # log(1 + exp(-s z)) with s = +1 for class 1 and -1 for class 0, without overflow.
        return np.logaddexp(0.0, np.where(targets == 1, -z, z))
    if loss == "squared":
        return 0.5 * (z - targets) ** 2
    raise ValueError(f"loss must be one of {list(LOSSES)}, got {loss!r}")


def _score_derivative(z: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """``dloss/dz`` for scores (no argument checks: the trainer's inner loop)."""
    if loss == "zero_one":
        # The 0-1 loss is a step function of the score: flat, so zero slope, everywhere but the step.
        return np.zeros(np.shape(z))
    if loss == "logistic":
        # sigmoid(z) - y, written as -sigmoid(-z) for class 1 so that neither tail cancels.
        positive = targets == 1
        return np.where(positive, -1.0, 1.0) * _sigmoid(np.where(positive, -z, z))
    if loss == "squared":
        return z - targets
    raise ValueError(f"loss must be one of {list(LOSSES)}, got {loss!r}")


def _check_scores(scores: object, targets: object, loss: str) -> tuple[np.ndarray, np.ndarray]:
    z = check_real_array(scores, "scores")
    if z.ndim == 0:
        raise ValueError(f"scores must end in one score per example, got a single number {float(z)}")
    targets = check_real_array(targets, "targets")
    if targets.ndim != 1 or targets.shape[0] != z.shape[-1]:
        raise ValueError(f"targets must be 1-D with one target per score: scores has shape {z.shape}, targets has shape "
                         f"{targets.shape}")
    if loss in CLASSIFICATION_LOSSES:
        check_binary_labels(targets, "targets")
    return z, targets


def _check_model(weights: object, features: object) -> tuple[np.ndarray, np.ndarray]:
    weights = check_real_array(weights, "weights")
    features = check_matrix(features, "features")
    if weights.ndim == 0 or weights.shape[-1] != features.shape[1]:
        raise ValueError(
            f"weights must end in one entry per feature ({features.shape[1]}), got shape {weights.shape} "
            f"for features of shape {features.shape}"
        )
    return weights, features


def _check_targets(targets: object, features: np.ndarray, loss: str, name: str = "targets",
                   features_name: str = "features") -> np.ndarray:
    check_choice(loss, "loss", LOSSES)
    targets = check_real_array(targets, name)
    if targets.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one per example), got shape {targets.shape}")
    check_same_length(features, features_name, targets, name)
    if loss in CLASSIFICATION_LOSSES:
        check_binary_labels(targets, name)
    return targets
