"""Gradient noise, the gradient noise scale, and the largest stable learning rate.

Notation of McCandlish, Kaplan, Amodei et al., "An Empirical Model of Large-Batch Training" (2018):
``G`` the true (full-data) gradient, ``H`` the Hessian, ``Sigma`` the covariance of one example's
gradient. A mini-batch of ``B`` examples drawn independently gives a gradient with mean ``G`` and
covariance ``Sigma / B``. For a quadratic loss, one step ``w - eps * g_B`` lowers the loss by, on average,

    ``dL(eps) = eps |G|^2 - eps^2 / 2 (G^T H G + tr(H Sigma) / B)``,

maximized at ``eps_opt(B) = eps_max / (1 + B_noise / B)`` with gain ``dL_opt(B) = dL_max / (1 + B_noise / B)``,
where ``eps_max = |G|^2 / G^T H G``, ``dL_max = |G|^4 / (2 G^T H G)`` and ``B_noise = tr(H Sigma) / G^T H G``.
The simpler ``B_simple = tr(Sigma) / |G|^2`` equals ``B_noise`` when ``H`` is a multiple of the identity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import (
    BYTES_PER_FLOAT,
    check_bool,
    check_choice,
    check_covariance,
    check_matrix,
    check_positive_int,
    check_positive_int_array,
    check_real,
    check_real_array,
    check_seed,
    check_symmetric_matrix,
    check_vector,
    check_work,
)
from .losses import LOSSES, _check_model, _check_targets, _per_example_gradients

__all__ = ["GradientMoments", "empirical_moments", "gaussian_least_squares_moments", "minibatch_gradient_variance",
           "sample_batch_gradients", "squared_loss_hessian", "stable_learning_rate", "two_batch_estimates"]

CHUNK_BYTES = 16 * 2**20
"""Sampling functions work through their draws in blocks of about this many bytes, so memory stays flat."""


@dataclass(frozen=True)
class GradientMoments:
    """The true gradient ``G``, the Hessian ``H`` and the per-example gradient covariance ``Sigma``."""

    gradient: np.ndarray
    hessian: np.ndarray
    covariance: np.ndarray

    def __post_init__(self) -> None:
        gradient = check_vector(self.gradient, "gradient")
        object.__setattr__(self, "gradient", gradient)
        what = f" (one row per entry of gradient, shape {gradient.shape})"
        object.__setattr__(self, "hessian", check_symmetric_matrix(self.hessian, "hessian", size=gradient.size, what=what))
        object.__setattr__(self, "covariance", check_covariance(self.covariance, "covariance", size=gradient.size, what=what))

    @property
    def simple_noise_scale(self) -> float:
        """``B_simple = tr(Sigma) / |G|^2``; undefined (``ValueError``) where ``G = 0``.

        >>> GradientMoments(np.array([2.0]), np.eye(1), np.array([[8.0]])).simple_noise_scale
        2.0
        """
        squared_norm = self.gradient @ self.gradient
        if not squared_norm > 0:
            raise ValueError("simple_noise_scale = tr(Sigma) / |G|^2 is undefined where the gradient is 0")
        return float(np.trace(self.covariance) / squared_norm)

    @property
    def noise_scale(self) -> float:
        """``B_noise = tr(H Sigma) / (G^T H G)``; undefined (``ValueError``) where ``G^T H G`` is not positive.

        >>> GradientMoments(np.array([1.0]), np.array([[2.0]]), np.array([[8.0]])).noise_scale
        8.0
        """
        curvature = self.gradient @ self.hessian @ self.gradient
        if not curvature > 0:
            raise ValueError(f"noise_scale = tr(H Sigma) / (G^T H G) is undefined where G^T H G = {curvature:g} is not positive "
                             "(a zero gradient, or no curvature along it)")
        return float(np.trace(self.hessian @ self.covariance) / curvature)

    def optimal_step(self, batch_size: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(eps_opt(B), dL_opt(B))`` for one SGD step with a batch of ``B`` independent examples.

        >>> m = GradientMoments(np.array([1.0]), np.array([[1.0]]), np.array([[1.0]]))
        >>> m.optimal_step(np.array([1, 3]))
        (array([0.5 , 0.75]), array([0.25 , 0.375]))
        """
        batch = check_positive_int_array(batch_size, "batch_size")
        g, h = self.gradient, self.hessian
        curvature = g @ h @ g + np.trace(h @ self.covariance) / batch
        if not np.all(curvature > 0):
            raise ValueError("the optimal step is undefined where G^T H G + tr(H Sigma) / B is not positive "
                             "(no curvature along the gradient or the noise)")
        return (g @ g) / curvature, 0.5 * (g @ g) ** 2 / curvature


def empirical_moments(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str = "squared") -> GradientMoments:
    """``G``, ``H`` and ``Sigma`` of a data set at ``weights`` (``H`` for the squared loss: ``X^T X / N``).

    ``Sigma`` is the covariance of the per-example gradients over the data set (normalized by N).
    """
    check_choice(loss, "loss", LOSSES)
    if loss != "squared":
        raise ValueError(f"loss must be 'squared' (the Hessian is computed for it), got {loss!r}")
    weights, features, targets = _check_one_model(weights, features, targets, loss)
    check_work(f"per-example gradients of {features.shape[0]} examples", reduce="the number of examples",
               elements=10.0 * features.size, memory=3 * BYTES_PER_FLOAT * features.size)
    grads = _per_example_gradients(weights, features, targets, loss)
    gradient = grads.mean(axis=0)
    centred = grads - gradient
    return GradientMoments(gradient, squared_loss_hessian(features), centred.T @ centred / len(grads))


def gaussian_least_squares_moments(covariance: np.ndarray, weight_error: np.ndarray, noise: float) -> GradientMoments:
    """Closed-form ``G``, ``H``, ``Sigma`` of least squares with Gaussian inputs (population values).

    For ``x ~ N(0, C)``, ``y = x^T w* + noise * n`` and the loss ``(x^T w - y)^2 / 2`` at ``w = w* + delta``:
    ``G = C delta``, ``H = C`` and, by Isserlis' theorem,
    ``Sigma = G G^T + (delta^T C delta + noise^2) C``.

    >>> m = gaussian_least_squares_moments(np.eye(2), np.array([1.0, 0.0]), 0.0)
    >>> m.covariance
    array([[2., 0.],
           [0., 1.]])
    """
    c, delta, noise = _check_population(covariance, weight_error, noise)
    g = c @ delta
    return GradientMoments(g, c, np.outer(g, g) + (delta @ c @ delta + noise**2) * c)


def squared_loss_hessian(features: np.ndarray, reduction: str = "mean") -> np.ndarray:
    """Hessian of the squared loss ``sum/mean of (x^T w - y)^2 / 2``: ``X^T X`` (sum) or ``X^T X / N`` (mean).

    It does not depend on the weights; under ``sum`` it is ``N`` times the mean's.

    >>> squared_loss_hessian(np.array([[1.0, 0.0], [1.0, 2.0]]))
    array([[1., 1.],
           [1., 2.]])
    """
    x = check_matrix(features, "features")
    check_choice(reduction, "reduction", ("sum", "mean"))
    hessian = x.T @ x
    return hessian if reduction == "sum" else hessian / len(x)


def stable_learning_rate(hessian: np.ndarray) -> float:
    """``2 / lambda_max(H)``: gradient descent on a quadratic diverges for any larger learning rate.

    >>> stable_learning_rate(np.diag([4.0, 1.0]))
    0.5
    """
    h = check_symmetric_matrix(hessian, "hessian")
    largest = float(np.linalg.eigvalsh(h)[-1])
    if not largest > 1e-300:   # 2 / largest must not overflow
        raise ValueError(f"hessian must have a positive eigenvalue (no curvature, no limit), got largest eigenvalue {largest:g}")
    return 2.0 / largest


def minibatch_gradient_variance(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str,
                                batch_sizes: np.ndarray, *, n_draws: int = 2000, replace: bool = True,
                                seed: int = 0) -> np.ndarray:
    """Measured total variance ``E|g_B - G|^2`` of the mean-reduced mini-batch gradient, per batch size.

    Batches are drawn ``n_draws`` times from the data set, with replacement (variance ``tr(Sigma)/B``)
    or without (times the finite-population factor ``(N - B) / (N - 1)``).
    """
    weights, features, targets = _check_one_model(weights, features, targets, loss)
    n, d = features.shape
    replace = check_bool(replace, "replace")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=None if replace else n,
                                     what=" (the number of rows of features, when drawing without replacement)")
    n_draws = check_positive_int(n_draws, "n_draws")
    seed = check_seed(seed)
    # Without replacement, each draw sorts n random numbers (about 20 operations per number).
    drawn = float(sizes.sum()) * n_draws * d + (0 if replace else sizes.size * n_draws * 20.0 * n)
    widest = _draw_bytes(int(sizes.max()), d, n, replace)
    check_work(f"{n_draws} draws of {sizes.size} batch sizes (largest {sizes.max()})", reduce="n_draws or batch_sizes",
               loops=sizes.size * (n_draws // max(1, CHUNK_BYTES // widest) + 1), elements=4.0 * drawn,
               memory=3 * BYTES_PER_FLOAT * n * d + 2 * max(CHUNK_BYTES, widest))
    grads = _per_example_gradients(weights, features, targets, loss)
    rng = np.random.default_rng(seed)
    full = grads.mean(axis=0)
    result = np.empty(sizes.shape)
    for index, b in np.ndenumerate(sizes):
        # Blocks of draws, so that no more than about CHUNK_BYTES are held at once; the generator hands out
        # its numbers in the same order whatever the block size, so the result does not depend on it.
        squared = []
        rows = max(1, CHUNK_BYTES // _draw_bytes(b, d, n, replace))
        for start in range(0, n_draws, rows):
            m = min(rows, n_draws - start)
            if replace:
                picks = rng.integers(0, n, size=(m, b))
            else:
                # The first b of a fresh permutation are a uniform sample without replacement.
                picks = np.argsort(rng.random((m, n)), axis=1)[:, :b]
            means = grads[picks].mean(axis=1)
            squared.append(np.sum((means - full) ** 2, axis=1))
        result[index] = np.mean(np.concatenate(squared))
    return result


def two_batch_estimates(small_norms: np.ndarray, big_norms: np.ndarray, small: int, big: int) -> tuple[float, float]:
    """Unbiased ``(|G|^2, tr(Sigma))`` from squared gradient norms at two batch sizes (McCandlish et al., App. A.1).

    ``E|g_B|^2 = |G|^2 + tr(Sigma) / B``, so two batch sizes give two equations:
    ``|G|^2 ~ (B_big |g_big|^2 - B_small |g_small|^2) / (B_big - B_small)`` and
    ``tr(Sigma) ~ (|g_small|^2 - |g_big|^2) / (1 / B_small - 1 / B_big)``, each averaged over draws.

    >>> two_batch_estimates(np.array([3.0]), np.array([1.5]), 1, 4)
    (1.0, 2.0)
    """
    small, big = check_positive_int(small, "small"), check_positive_int(big, "big")
    if big <= small:
        raise ValueError(f"big must be larger than small, got small={small}, big={big}")
    s2 = float(np.mean(check_real_array(small_norms, "small_norms", nonnegative=True)))
    b2 = float(np.mean(check_real_array(big_norms, "big_norms", nonnegative=True)))
    return (big * b2 - small * s2) / (big - small), (s2 - b2) / (1 / small - 1 / big)


def sample_batch_gradients(covariance: np.ndarray, weight_error: np.ndarray, noise: float, batch_size: int, *,
                           n_draws: int, seed: int = 0) -> np.ndarray:
    """Mean-reduced gradients of ``n_draws`` fresh batches from the Gaussian least-squares population.

    Each batch holds ``batch_size`` new examples ``x ~ N(0, C)`` with targets ``x^T w* + noise * n``, so the
    draws are independent with mean ``G`` and covariance ``Sigma / B`` exactly (no finite data set).
    Returns shape ``(n_draws, d)``.
    """
    c, delta, noise = _check_population(covariance, weight_error, noise)
    batch_size = check_positive_int(batch_size, "batch_size")
    n_draws = check_positive_int(n_draws, "n_draws")
    seed = check_seed(seed)
    d = delta.size
    draw_bytes = BYTES_PER_FLOAT * batch_size * d     # one batch's inputs
    check_work(f"{n_draws} batches of {batch_size} examples", reduce="n_draws or batch_size",
               loops=2 * (n_draws // max(1, CHUNK_BYTES // draw_bytes) + 1), elements=12.0 * n_draws * batch_size * d * (d + 2),
               memory=BYTES_PER_FLOAT * n_draws * d + 3 * max(CHUNK_BYTES, draw_bytes))
    try:
        root = np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        raise ValueError("covariance must be positive definite (its Cholesky factor draws the inputs)") from None
    # One generator's stream holds all the inputs, then all the label noise. Draw it in blocks of about
    # CHUNK_BYTES: a first pass moves a second generator past the inputs, to where the noise starts, so
    # that the blocks hold the very numbers one big draw would (the results do not depend on the block size).
    rows = max(1, CHUNK_BYTES // draw_bytes)
    blocks = [(start, min(rows, n_draws - start)) for start in range(0, n_draws, rows)]
    inputs, noises = np.random.default_rng(seed), np.random.default_rng(seed)
    for _, m in blocks:
        noises.standard_normal((m, batch_size, d))
    gradients = np.empty((n_draws, d))
    for start, m in blocks:
        x = inputs.standard_normal((m, batch_size, d)) @ root.T
        residual = x @ delta - noise * noises.standard_normal((m, batch_size))
        gradients[start:start + m] = np.einsum("nb,nbd->nd", residual, x) / batch_size
    return gradients


def _draw_bytes(batch_size: int, n_features: int, n_examples: int, replace: bool) -> int:
    """Bytes one draw of a batch holds: its gradients, and without replacement a permutation of the data."""
    held = batch_size * n_features if replace else max(batch_size * n_features, 2 * n_examples)
    return BYTES_PER_FLOAT * held


def _check_one_model(weights: object, features: object, targets: object, loss: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    check_choice(loss, "loss", LOSSES)
    weights = check_vector(weights, "weights")
    weights, features = _check_model(weights, features)
    return weights, features, _check_targets(targets, features, loss)


def _check_population(covariance: object, weight_error: object, noise: object) -> tuple[np.ndarray, np.ndarray, float]:
    c = check_matrix(covariance, "covariance")
    delta = check_vector(weight_error, "weight_error")
    noise = check_real(noise, "noise", nonnegative=True)
    if c.shape != (delta.size, delta.size):
        raise ValueError(f"covariance must be d x d for weight_error of length d, got {c.shape} and {delta.shape}")
    return check_covariance(c, "covariance"), delta, noise
