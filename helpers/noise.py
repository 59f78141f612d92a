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

from ._validation import check_matrix, check_positive_int, check_positive_int_array, check_real_array
from .losses import per_example_gradients


@dataclass(frozen=True)
class GradientMoments:
    """The true gradient ``G``, the Hessian ``H`` and the per-example gradient covariance ``Sigma``."""

    gradient: np.ndarray
    hessian: np.ndarray
    covariance: np.ndarray

    @property
    def simple_noise_scale(self) -> float:
        """``B_simple = tr(Sigma) / |G|^2``."""
        return float(np.trace(self.covariance) / (self.gradient @ self.gradient))

    @property
    def noise_scale(self) -> float:
        """``B_noise = tr(H Sigma) / (G^T H G)``."""
        return float(np.trace(self.hessian @ self.covariance) / (self.gradient @ self.hessian @ self.gradient))

    def optimal_step(self, batch_size: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(eps_opt(B), dL_opt(B))`` for one SGD step with a batch of ``B`` independent examples.

        >>> m = GradientMoments(np.array([1.0]), np.array([[1.0]]), np.array([[1.0]]))
        >>> m.optimal_step(np.array([1, 3]))
        (array([0.5 , 0.75]), array([0.25 , 0.375]))
        """
        batch = check_positive_int_array(batch_size, "batch_size")
        g, h = self.gradient, self.hessian
        curvature = g @ h @ g + np.trace(h @ self.covariance) / batch
        return (g @ g) / curvature, 0.5 * (g @ g) ** 2 / curvature


def empirical_moments(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str = "squared") -> GradientMoments:
    """``G``, ``H`` and ``Sigma`` of a data set at ``weights`` (``H`` for the squared loss: ``X^T X / N``).

    ``Sigma`` is the covariance of the per-example gradients over the data set (normalized by N).
    """
    if loss != "squared":
        raise ValueError(f"loss must be 'squared' (the Hessian is computed for it), got {loss!r}")
    grads = per_example_gradients(weights, features, targets, loss)
    if grads.ndim != 2:
        raise ValueError(f"weights must be one weight vector, got shape {np.shape(weights)}")
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
    c = check_matrix(covariance, "covariance")
    delta = check_real_array(weight_error, "weight_error")
    noise = float(check_real_array(noise, "noise", nonnegative=True))
    if c.shape != (delta.size, delta.size) or delta.ndim != 1:
        raise ValueError(f"covariance must be d x d for weight_error of length d, got {c.shape} and {delta.shape}")
    if not np.allclose(c, c.T):
        raise ValueError("covariance must be symmetric")
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
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be one of ['sum', 'mean'], got {reduction!r}")
    hessian = x.T @ x
    return hessian if reduction == "sum" else hessian / len(x)


def stable_learning_rate(hessian: np.ndarray) -> float:
    """``2 / lambda_max(H)``: gradient descent on a quadratic diverges for any larger learning rate.

    >>> stable_learning_rate(np.diag([4.0, 1.0]))
    0.5
    """
    h = check_matrix(hessian, "hessian")
    if h.shape[0] != h.shape[1] or not np.allclose(h, h.T):
        raise ValueError(f"hessian must be a symmetric square matrix, got shape {h.shape}")
    largest = float(np.linalg.eigvalsh(h)[-1])
    if largest <= 0:
        raise ValueError("hessian must have a positive eigenvalue (no curvature, no limit)")
    return 2.0 / largest


def minibatch_gradient_variance(weights: np.ndarray, features: np.ndarray, targets: np.ndarray, loss: str,
                                batch_sizes: np.ndarray, *, n_draws: int = 2000, replace: bool = True,
                                seed: int = 0) -> np.ndarray:
    """Measured total variance ``E|g_B - G|^2`` of the mean-reduced mini-batch gradient, per batch size.

    Batches are drawn ``n_draws`` times from the data set, with replacement (variance ``tr(Sigma)/B``)
    or without (times the finite-population factor ``(N - B) / (N - 1)``).
    """
    grads = per_example_gradients(weights, features, targets, loss)
    if grads.ndim != 2:
        raise ValueError(f"weights must be one weight vector, got shape {np.shape(weights)}")
    n = len(grads)
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=None if replace else n,
                                     what=" (the number of examples, when drawing without replacement)")
    n_draws = check_positive_int(n_draws, "n_draws")
    rng = np.random.default_rng(seed)
    full = grads.mean(axis=0)
    result = np.empty(sizes.shape)
    for index, b in np.ndenumerate(sizes):
        if replace:
            picks = rng.integers(0, n, size=(n_draws, b))
            means = grads[picks].mean(axis=1)
        else:
            # The first b of a fresh permutation are a uniform sample without replacement.
            picks = np.argsort(rng.random((n_draws, n)), axis=1)[:, :b]
            means = grads[picks].mean(axis=1)
        result[index] = np.mean(np.sum((means - full) ** 2, axis=1))
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
    s2, b2 = float(np.mean(check_real_array(small_norms, "small_norms"))), float(np.mean(check_real_array(big_norms, "big_norms")))
    return (big * b2 - small * s2) / (big - small), (s2 - b2) / (1 / small - 1 / big)


def sample_batch_gradients(covariance: np.ndarray, weight_error: np.ndarray, noise: float, batch_size: int, *,
                           n_draws: int, seed: int = 0) -> np.ndarray:
    """Mean-reduced gradients of ``n_draws`` fresh batches from the Gaussian least-squares population.

    Each batch holds ``batch_size`` new examples ``x ~ N(0, C)`` with targets ``x^T w* + noise * n``, so the
    draws are independent with mean ``G`` and covariance ``Sigma / B`` exactly (no finite data set).
    Returns shape ``(n_draws, d)``.
    """
    c = check_matrix(covariance, "covariance")
    delta = check_real_array(weight_error, "weight_error")
    noise = float(check_real_array(noise, "noise", nonnegative=True))
    batch_size = check_positive_int(batch_size, "batch_size")
    n_draws = check_positive_int(n_draws, "n_draws")
    root = np.linalg.cholesky(c)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_draws, batch_size, len(delta))) @ root.T
    residual = x @ delta - noise * rng.standard_normal((n_draws, batch_size))
    return np.einsum("nb,nbd->nd", residual, x) / batch_size
