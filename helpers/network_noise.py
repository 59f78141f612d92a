"""The gradient noise scale of the network, measured along training with the two-batch estimator.

McCandlish et al. (arXiv:1812.06162, Appendix A.1) estimate ``B_simple = tr(Sigma) / |G|^2`` from the
squared norms of ``mean()``-reduced gradients at two batch sizes, ``E|g_B|^2 = |G|^2 + tr(Sigma) / B``
(notebook 04, section 4). :func:`two_batch_noise_scale` draws pairs of batches from a data set at given
parameters, computes the two gradients of each pair with :mod:`helpers.network`, and returns the
per-pair estimates of ``|G|^2`` and ``tr(Sigma)``, so that a notebook states each with the standard
error its draws give. :func:`helpers.network.gradient_statistics` gives the exact values to check them by.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import BYTES_PER_FLOAT, check_positive_int, check_real_array, check_seed, check_work
from .network import _check_field, _check_inputs, _check_layer_sizes, _loss_and_gradient, gradient_statistics, parameter_count
from .noise_estimates import standard_error

__all__ = ["NoiseScalePath", "TwoBatchEstimate", "noise_scale_along_training", "two_batch_noise_scale"]


@dataclass(frozen=True)
class TwoBatchEstimate:
    """Per-pair estimates of the two-batch estimator at one point of training.

    Attributes
    ----------
    gradient_squared, trace : arrays of shape (n_draws,)
        ``(B_big |g_big|^2 - B_small |g_small|^2) / (B_big - B_small)`` and
        ``(|g_small|^2 - |g_big|^2) / (1/B_small - 1/B_big)`` for each pair: unbiased for ``|G|^2`` and ``tr(Sigma)``.
    small, big : int
        The two batch sizes.
    """

    gradient_squared: np.ndarray
    trace: np.ndarray
    small: int
    big: int

    def __post_init__(self) -> None:
        small, big = check_positive_int(self.small, "small"), check_positive_int(self.big, "big")
        if big <= small:
            raise ValueError(f"big must be larger than small, got small={small}, big={big}")
        draws = _check_field(self, "gradient_squared", None, dtype="f")
        if draws.ndim != 1 or len(draws) < 2:
            raise ValueError(f"gradient_squared must hold one value per draw (at least 2), got shape {draws.shape}")
        _check_field(self, "trace", draws.shape, dtype="f")

    @property
    def simple_noise_scale(self) -> float:
        """``B_simple``: the mean ``tr(Sigma)`` estimate over the mean ``|G|^2`` estimate (average, then divide)."""
        return float(self.trace.mean() / self.gradient_squared.mean())

    @property
    def standard_errors(self) -> tuple[float, float]:
        """The standard errors of the two means, ``|G|^2`` and ``tr(Sigma)``, from the spread of the pairs."""
        return float(standard_error(self.gradient_squared)), float(standard_error(self.trace))


def two_batch_noise_scale(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray, labels: np.ndarray,
                          *, small: int, big: int, n_draws: int, seed: int | None = 0) -> TwoBatchEstimate:
    """The two-batch estimator at one set of parameters, from ``n_draws`` pairs of batches.

    Each draw picks ``big`` examples independently (with replacement, as the estimator's formula assumes);
    its small batch is the first ``small`` of them (nesting does not bias the estimates). Both gradients are
    ``mean()``-reduced, without penalty.

    Examples
    --------
    >>> from helpers.network import initial_parameters, gradient_statistics
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(64, 3)), rng.integers(0, 2, 64)
    >>> theta = initial_parameters((3, 4, 2), seed=0)
    >>> estimate = two_batch_noise_scale(theta, (3, 4, 2), X, y, small=2, big=32, n_draws=4000, seed=1)
    >>> g2, trace = gradient_statistics(theta, (3, 4, 2), X, y)
    >>> bool(abs(estimate.trace.mean() - trace) < 4 * estimate.standard_errors[1])
    True
    """
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    if shape != () or np.ndim(features) != 2:
        raise ValueError(f"parameters must be one parameter vector and features one data set (n, d), got shapes "
                         f"{np.shape(parameters)} and {np.shape(features)}")
    small = check_positive_int(small, "small")
    big = check_positive_int(big, "big", maximum=10**5)
    if big <= small:
        raise ValueError(f"big must be larger than small, got small={small}, big={big}")
    n_draws = check_positive_int(n_draws, "n_draws")
    if n_draws < 2:
        raise ValueError(f"n_draws must be at least 2 (a standard error needs two draws), got {n_draws}")
    seed = check_seed(seed)
    count = parameter_count(sizes)
    per_block = max(1, 2**18 // (big * max(sizes)))
    check_work(f"{n_draws} pairs of batches of {small} and {big} examples", reduce="n_draws, small or big",
               loops=30.0 * (n_draws // per_block + 1), elements=1.0 * n_draws * (small + big) * count,
               memory=BYTES_PER_FLOAT * 8 * per_block * (big * max(sizes) + count))
    n = x.shape[1]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(n_draws, big))
    norms = np.empty((n_draws, 2))
    for start in range(0, n_draws, per_block):
        block = picks[start:start + per_block]
        rows = len(block)
        tiled = np.broadcast_to(theta, (rows, count))
        for column, size in enumerate((small, big)):
            chosen = block[:, :size]
            gradient = _loss_and_gradient(np.ascontiguousarray(tiled), sizes, x[0][chosen], y[0][chosen], 1.0 / size,
                                          np.zeros(rows))[1]
            norms[start:start + rows, column] = np.sum(gradient**2, axis=1)
    s2, b2 = norms[:, 0], norms[:, 1]
    return TwoBatchEstimate(gradient_squared=(big * b2 - small * s2) / (big - small),
                            trace=(s2 - b2) / (1.0 / small - 1.0 / big), small=small, big=big)


@dataclass(frozen=True)
class NoiseScalePath:
    """``B_simple`` along training runs: the two-batch estimates and the exact values, shape ``(runs, points)``.

    Attributes
    ----------
    gradient_squared, trace : arrays
        The two-batch estimates of ``|G|^2`` and ``tr(Sigma)`` (means over the pairs).
    gradient_squared_error, trace_error : arrays
        Their standard errors.
    exact_gradient_squared, exact_trace : arrays
        The exact values on the whole data set (:func:`helpers.network.gradient_statistics`).
    """

    gradient_squared: np.ndarray
    trace: np.ndarray
    gradient_squared_error: np.ndarray
    trace_error: np.ndarray
    exact_gradient_squared: np.ndarray
    exact_trace: np.ndarray

    def __post_init__(self) -> None:
        shape = _check_field(self, "gradient_squared", None, dtype="f").shape
        for name in ("trace", "gradient_squared_error", "trace_error", "exact_gradient_squared", "exact_trace"):
            _check_field(self, name, shape, dtype="f")

    @property
    def simple_noise_scale(self) -> np.ndarray:
        """The two-batch estimate of ``B_simple``: mean ``tr(Sigma)`` over mean ``|G|^2``."""
        return self.trace / self.gradient_squared

    @property
    def exact_simple_noise_scale(self) -> np.ndarray:
        """The exact ``B_simple`` of the data set at each point."""
        return self.exact_trace / self.exact_gradient_squared


def noise_scale_along_training(parameter_paths: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray,
                               labels: np.ndarray, *, small: int, big: int, n_draws: int, seed: int = 0) -> NoiseScalePath:
    """:func:`two_batch_noise_scale` at every point of every run: ``parameter_paths`` has shape ``(runs, points, P)``.

    Each point gets its own draws (seeded from ``seed``, the run and the point).

    >>> from helpers.network import initial_parameters
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(64, 3)), rng.integers(0, 2, 64)
    >>> paths = np.stack([initial_parameters((3, 4, 2), seed=s) for s in (0, 1)])[:, None, :]
    >>> noise_scale_along_training(paths, (3, 4, 2), X, y, small=2, big=16, n_draws=8).trace.shape
    (2, 1)
    """
    paths = check_real_array(parameter_paths, "parameter_paths")
    count = parameter_count(_check_layer_sizes(layer_sizes))
    if paths.ndim != 3 or paths.shape[-1] != count:
        raise ValueError(f"parameter_paths must have shape (runs, points, {count} parameters), got {paths.shape}")
    _check_inputs(paths, layer_sizes, features, labels)     # names a bad argument before any work
    small, big = check_positive_int(small, "small"), check_positive_int(big, "big", maximum=10**5)
    if big <= small:
        raise ValueError(f"big must be larger than small, got small={small}, big={big}")
    n_draws = check_positive_int(n_draws, "n_draws")
    seed = check_seed(seed)
    runs, points = paths.shape[:2]
    check_work(f"the two-batch estimator at {runs * points} points", reduce="n_draws, or the number of runs or points",
               loops=30.0 * runs * points, elements=1.0 * runs * points * n_draws * (small + big) * paths.shape[-1])
    fields = {name: np.empty((runs, points)) for name in ("gradient_squared", "trace", "gradient_squared_error", "trace_error")}
    for r in range(runs):
        for t in range(points):
            estimate = two_batch_noise_scale(paths[r, t], layer_sizes, features, labels, small=small, big=big,
                                             n_draws=n_draws, seed=int(np.random.SeedSequence([seed, r, t]).generate_state(1)[0]))
            fields["gradient_squared"][r, t] = estimate.gradient_squared.mean()
            fields["trace"][r, t] = estimate.trace.mean()
            fields["gradient_squared_error"][r, t], fields["trace_error"][r, t] = estimate.standard_errors
    exact_g2, exact_trace = gradient_statistics(paths, layer_sizes, features, labels)
    return NoiseScalePath(**fields, exact_gradient_squared=exact_g2, exact_trace=exact_trace)
