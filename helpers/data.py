"""Seeded synthetic data sets: nothing is downloaded, and the same seed gives the same data."""

from __future__ import annotations

import numpy as np

from ._validation import (
    BYTES_PER_FLOAT,
    check_in_interval,
    check_matrix,
    check_positive_int,
    check_real,
    check_real_array,
    check_seed,
    check_vector,
    check_work,
)

__all__ = ["add_bias_column", "make_linear_regression", "make_two_gaussians"]


def make_two_gaussians(n_examples: int, *, separation: float = 2.3, label_noise: float = 0.0,
                       offset: tuple[float, float] = (0.0, 0.0), seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two classes in 2-D, each a unit-variance Gaussian, their centres ``separation`` apart.

    Half the examples (rounded down) are class 0 centred at ``(-separation/2, 0)``, the rest class 1
    at ``(+separation/2, 0)``, in a shuffled order. The best linear classifier, ``x_1 > 0``,
    misclassifies a fraction ``Phi(-separation / 2)`` of the population; the default 2.3 gives
    about 12.5 %, the blog post's error rate. ``label_noise`` flips that fraction of labels.
    ``offset`` moves both classes, so the best boundary no longer passes through the origin (and
    a penalty that pulls the intercept to 0 visibly moves it).

    Returns
    -------
    features : array of shape (n_examples, 2)
    labels : int array of shape (n_examples,), values 0 or 1

    Examples
    --------
    >>> X, y = make_two_gaussians(4, seed=0)
    >>> X.shape, sorted(y.tolist())
    ((4, 2), [0, 0, 1, 1])
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    separation = check_real(separation, "separation", nonnegative=True)
    label_noise = float(check_in_interval(check_real(label_noise, "label_noise"), "label_noise", 0.0, 1.0, closed_high=True))
    offset = check_vector(offset, "offset", length=2, what=" (one shift per feature)")
    seed = check_seed(seed)
    # features, noise, flips, order and their copies: about 8 floats per example
    check_work(f"drawing {n_examples} examples", reduce="n_examples", elements=8 * n_examples,
               memory=8 * BYTES_PER_FLOAT * n_examples)
    rng = np.random.default_rng(seed)
    labels = np.r_[np.zeros(n_examples // 2, dtype=np.int64), np.ones(n_examples - n_examples // 2, dtype=np.int64)]
    features = rng.standard_normal((n_examples, 2))
    features[:, 0] += np.where(labels == 1, separation / 2, -separation / 2)
    features += offset.reshape(1, -1)
    flip = rng.random(n_examples) < label_noise
    labels = np.where(flip, 1 - labels, labels)
    order = rng.permutation(n_examples)
    return features[order], labels[order]


def make_linear_regression(n_examples: int, n_features: int = 2, *, noise: float = 0.5,
                           feature_scales: np.ndarray | None = None, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gaussian inputs and targets ``y = X w_true + noise * eps`` for the squared-error loss.

    Inputs are independent Gaussians with standard deviations ``feature_scales`` (1 if not given),
    so their covariance, and the Hessian of the mean squared loss, is ``diag(feature_scales**2)``.

    Returns
    -------
    features : array of shape (n_examples, n_features)
    targets : array of shape (n_examples,)
    true_weights : array of shape (n_features,)

    Examples
    --------
    >>> X, y, w = make_linear_regression(5, 3, seed=1)
    >>> X.shape, y.shape, w.shape
    ((5, 3), (5,), (3,))
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    n_features = check_positive_int(n_features, "n_features")
    noise = check_real(noise, "noise", nonnegative=True)
    size = n_examples * (n_features + 1)
    check_work(f"drawing {n_examples} examples of {n_features} features", reduce="n_examples or n_features",
               elements=4 * size, memory=3 * BYTES_PER_FLOAT * size)
    scales = np.ones(n_features) if feature_scales is None else check_real_array(feature_scales, "feature_scales", positive=True)
    if scales.shape != (n_features,):
        raise ValueError(f"feature_scales must hold one scale per feature (n_features = {n_features}), got shape {scales.shape}")
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    true_weights = rng.standard_normal(n_features)
    features = rng.standard_normal((n_examples, n_features)) * scales
    targets = features @ true_weights + noise * rng.standard_normal(n_examples)
    return features, targets, true_weights


def add_bias_column(features: np.ndarray) -> np.ndarray:
    """Append a column of ones, so the last weight of a linear model acts as its intercept.

    >>> add_bias_column(np.array([[2.0], [3.0]]))
    array([[2., 1.],
           [3., 1.]])
    """
    features = check_matrix(features, "features")
    check_work(f"copying features of shape {features.shape}", reduce="the number of examples",
               memory=BYTES_PER_FLOAT * features.shape[0] * (features.shape[1] + 1))
    return np.hstack([features, np.ones((features.shape[0], 1))])
