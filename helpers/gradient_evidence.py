"""Evidence for ``grad L_sum = B * grad L_mean``: analytic gradients against central differences, and
the ratio of the two reductions' gradients, over many random batches at once.

Each function draws its batches and weights from one seeded generator, so its numbers are the same
on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (check_choice, check_matrix, check_positive_int, check_positive_int_array, check_real,
                          check_seed, check_work)
from .gradients import batch_gradient, finite_difference_gradient
from .losses import _check_targets
from .reduction import SCALAR_REDUCTIONS

__all__ = ["GradientComparison", "compare_with_finite_differences", "gradient_ratios"]


@dataclass(frozen=True)
class GradientComparison:
    """Analytic and central-difference gradients of many (loss, reduction, B, batch) cases, one row each."""

    loss: np.ndarray          # shape (cases,): the loss of each case
    reduction: np.ndarray     # shape (cases,): "sum" or "mean"
    batch_size: np.ndarray    # shape (cases,)
    analytic: np.ndarray      # shape (cases, d)
    numeric: np.ndarray       # shape (cases, d)


def _random_batch(rng: np.random.Generator, n: int, batch_size: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.choice(n, size=batch_size, replace=False), rng.standard_normal(d)


def compare_with_finite_differences(data: dict[str, tuple[np.ndarray, np.ndarray]], batch_sizes: list[int] | np.ndarray, *,
                                    repeats: int = 3, step: float = 1e-6, seed: int = 0) -> GradientComparison:
    """Analytic gradients of the reduced batch loss next to central differences, for every case.

    For each loss in ``data`` (``{loss: (features, targets)}``), each reduction (``sum``, ``mean``), each
    batch size and ``repeats`` random batches with random weights ``w ~ N(0, I)``:
    ``numeric_k = (L(w + h e_k) - L(w - h e_k)) / (2 h)`` next to the analytic ``dL/dw_k``.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]); y = np.array([1.0, 0.0, 2.0])
    >>> c = compare_with_finite_differences({"squared": (X, y)}, [1, 3], repeats=1)
    >>> c.analytic.shape, bool(np.allclose(c.analytic, c.numeric, atol=1e-6))
    ((4, 2), True)
    """
    if not isinstance(data, dict) or not data:
        raise TypeError(f"data must be a non-empty dict {{loss: (features, targets)}}, got {type(data).__name__}")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes").reshape(-1)
    repeats = check_positive_int(repeats, "repeats")
    step = check_real(step, "step", positive=True)
    seed = check_seed(seed)
    checked = {}
    for loss, pair in data.items():
        check_choice(loss, "data's keys (losses)", ("logistic", "squared"))
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"data[{loss!r}] must be a pair (features, targets), got {type(pair).__name__}")
        features = check_matrix(pair[0], f"data[{loss!r}] features")
        targets = _check_targets(pair[1], features, loss, name=f"data[{loss!r}] targets",
                                 features_name=f"data[{loss!r}] features")
        if sizes.max() > features.shape[0]:
            raise ValueError(f"batch_sizes must be at most the {features.shape[0]} examples of data[{loss!r}], got {sizes.max()}")
        checked[loss] = features, targets
    cases = len(data) * 2 * sizes.size * repeats
    width = max(f.shape[1] for f, _ in checked.values())
    check_work(f"{cases} gradients and their central differences", reduce="repeats or batch_sizes",
               loops=cases * (2 * width + 2) * 3, elements=cases * (2 * width + 2) * 10.0 * sizes.max() * width)
    rng = np.random.default_rng(seed)
    rows = []
    for loss, (features, targets) in checked.items():
        for reduction in SCALAR_REDUCTIONS:
            for b in sizes:
                for _ in range(repeats):
                    idx, w = _random_batch(rng, features.shape[0], int(b), features.shape[1])
                    analytic = batch_gradient(w, features[idx], targets[idx], loss, reduction)
                    numeric = finite_difference_gradient(w, features[idx], targets[idx], loss, reduction, step=step)
                    rows.append((loss, reduction, int(b), analytic, numeric))
    loss_, reduction_, size_, analytic_, numeric_ = zip(*rows)
    return GradientComparison(np.array(loss_), np.array(reduction_), np.array(size_), np.array(analytic_), np.array(numeric_))


def gradient_ratios(features: np.ndarray, targets: np.ndarray, loss: str, batch_sizes: list[int] | np.ndarray, *,
                    seed: int = 0) -> np.ndarray:
    """``(grad L_sum)_k / (grad L_mean)_k`` for one random batch of each size, at random weights.

    Returns an array of shape ``(len(batch_sizes), d)``; the proof says every entry of row ``i`` is
    ``batch_sizes[i]``.

    Examples
    --------
    >>> X = np.array([[1.0, 2.0], [3.0, 1.0], [0.5, 1.5]]); y = np.array([1.0, 0.0, 1.0])
    >>> gradient_ratios(X, y, "logistic", [1, 3]).round(12)
    array([[1., 1.],
           [3., 3.]])
    """
    features = check_matrix(features, "features")
    check_choice(loss, "loss", ("logistic", "squared"))
    targets = _check_targets(targets, features, loss)     # every label, not only those a random batch draws
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=features.shape[0],
                                     what=" (the number of rows of features)").reshape(-1)
    seed = check_seed(seed)
    check_work(f"gradients of {sizes.size} batches", reduce="batch_sizes", loops=10.0 * sizes.size,
               elements=10.0 * float(sizes.sum()) * features.shape[1])
    rng = np.random.default_rng(seed)
    ratios = []
    for b in sizes:
        idx, w = _random_batch(rng, features.shape[0], int(b), features.shape[1])
        mean = batch_gradient(w, features[idx], targets[idx], loss, "mean")
        if np.any(mean == 0):
            raise ValueError(f"the mean gradient of a batch of {int(b)} has a zero component, so the ratio is undefined: "
                             f"use features without an all-zero column (or other batch_sizes)")
        ratios.append(batch_gradient(w, features[idx], targets[idx], loss, "sum") / mean)
    return np.array(ratios)
