"""Gradient-noise quantities estimated by sampling, each with the standard error its sample size gives.

:mod:`helpers.noise` has the closed forms (``G``, ``H``, ``Sigma``, ``B_noise``, ``eps_opt``). This
module measures the same things by drawing examples or batches, and returns one value *per draw*, so
that a notebook checks a mean against a closed form within the standard error the draws really give
(``standard_error``), not within a tolerance picked by hope.

Everything is computed in chunks of at most about ``2**16`` numbers per array, so a notebook kernel
stays small (a few MB here) whatever the number of draws.
"""

from __future__ import annotations

import numpy as np

from ._validation import (BYTES_PER_FLOAT, _as_array, check_bool, check_finite_result, check_matrix, check_positive_int,
                          check_positive_int_array, check_real, check_real_array, check_seed, check_seeds, check_vector, check_work)
from .noise import GradientMoments, empirical_moments, gaussian_least_squares_moments, sample_batch_gradients

__all__ = [
    "standard_error",
    "batch_gradient_squared_norms",
    "per_example_noise_statistics",
    "simulated_step_gains",
    "noise_scales_along_path",
    "gradient_descent_moments",
    "NOISE_STATISTICS",
    "covariance_margins",
]

_CHUNK_NUMBERS = 2**16
"""About how many numbers one chunk's arrays hold (times a small factor): a few MB at most."""


def _chunk_seed(seed: int, index: int) -> int:
    """An independent seed for chunk ``index`` of a run seeded with ``seed``."""
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def standard_error(samples: np.ndarray, axis: int = 0) -> np.ndarray:
    """The standard error of the mean of independent ``samples`` along ``axis``: ``std(ddof=1) / sqrt(n)``.

    >>> standard_error(np.array([1.0, 2.0, 3.0, 4.0]))
    np.float64(0.6454972243679028)
    """
    values = check_real_array(samples, "samples")
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)) or not -values.ndim <= axis < values.ndim:
        raise ValueError(f"axis must be an axis of samples (an integer from {-values.ndim} to {values.ndim - 1}), got {axis!r}")
    n = values.shape[axis]
    if n < 2:
        raise ValueError(f"samples must hold at least 2 draws along axis {axis} to estimate a spread, got {n}")
    return values.std(axis=axis, ddof=1) / np.sqrt(n)


def batch_gradient_squared_norms(gradients: np.ndarray, batch_sizes: np.ndarray, *, n_draws: int, replace: bool,
                                 centre: bool = False, seed: int = 0) -> np.ndarray:
    """``|g_B|^2`` (or ``|g_B - G|^2`` with ``centre=True``) for ``n_draws`` random batches of every size in ``batch_sizes``.

    ``g_B`` is the mean of ``B`` rows of ``gradients`` (per-example gradients of a data set of N examples),
    ``G`` the mean of all rows. Each draw picks ``max(batch_sizes)`` examples, independently (``replace=True``)
    or as the start of a random permutation (``replace=False``), and its batch of size ``B`` is the first
    ``B`` of them (so a draw's small batch is part of its big batch). Every column is a sample of
    independent draws: with ``Sigma`` the covariance of the rows (normalized by N),

        ``E|g_B - G|^2 = tr(Sigma) / B``  with replacement, times ``(N - B) / (N - 1)`` without,
        ``E|g_B|^2 = |G|^2 + E|g_B - G|^2``.

    Returns an array of shape ``(n_draws, len(batch_sizes))``.

    >>> g = np.array([[1.0], [-1.0]])
    >>> batch_gradient_squared_norms(g, np.array([1, 2]), n_draws=3, replace=False)
    array([[1., 0.],
           [1., 0.],
           [1., 0.]])
    """
    grads = check_matrix(gradients, "gradients")
    n, d = grads.shape
    replace, centre = check_bool(replace, "replace"), check_bool(centre, "centre")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=None if replace else n,
                                     what=" (the number of rows of gradients, when drawing without replacement)")
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    n_draws = check_positive_int(n_draws, "n_draws")
    seed = check_seed(seed)
    largest = int(sizes.max())
    check_work(f"{n_draws} draws of batches up to {largest} examples", reduce="n_draws or batch_sizes",
               elements=3.0 * n_draws * (largest * d + (0 if replace else n)),
               memory=6.0 * (largest * d + n) * BYTES_PER_FLOAT)
    reference = grads.mean(axis=0) if centre else np.zeros(d)
    rng = np.random.default_rng(seed)
    per_chunk = max(1, 4 * _CHUNK_NUMBERS // (largest * d + (0 if replace else n)))
    result = np.empty((n_draws, sizes.size))
    for start in range(0, n_draws, per_chunk):
        count = min(per_chunk, n_draws - start)
        if replace:
            picks = rng.integers(0, n, size=(count, largest))
        else:
            picks = rng.permuted(np.broadcast_to(np.arange(n), (count, n)), axis=1)[:, :largest]
        running = np.cumsum(grads[picks], axis=1)                      # (count, largest, d) prefix sums
        means = running[:, sizes - 1, :] / sizes[None, :, None]         # (count, sizes, d)
        result[start:start + count] = np.sum((means - reference) ** 2, axis=2)
    return result


def per_example_noise_statistics(covariance: np.ndarray, weight_error: np.ndarray, noise: float, *, n_examples: int,
                                 seed: int = 0) -> dict[str, np.ndarray]:
    """Per-example squared deviations of fresh examples' gradients from the true gradient ``G``.

    For ``n_examples`` new examples of the Gaussian least-squares population (see
    :func:`helpers.noise.gaussian_least_squares_moments`), with ``e = g - G``:

    * ``"total"``: ``|e|^2``, whose mean is ``tr(Sigma)``;
    * ``"along_gradient"``: ``(u^T e)^2`` with ``u = G / |G|``, whose mean is ``u^T Sigma u``;
    * ``"curvature_weighted"``: ``e^T H e``, whose mean is ``tr(H Sigma)``.

    Each is an array of ``n_examples`` independent values; their means and :func:`standard_error`
    test a formula for ``Sigma``.

    >>> stats = per_example_noise_statistics(np.eye(2), np.array([1.0, 0.0]), 0.0, n_examples=4)
    >>> sorted(stats), stats["total"].shape
    (['along_gradient', 'curvature_weighted', 'total'], (4,))
    """
    moments = gaussian_least_squares_moments(covariance, weight_error, noise)
    n_examples = check_positive_int(n_examples, "n_examples")
    seed = check_seed(seed)
    d = len(moments.gradient)
    check_work(f"{n_examples} fresh examples of {d} features", reduce="n_examples", elements=10.0 * n_examples * d * d)
    g, h = moments.gradient, moments.hessian
    if not np.any(g):
        raise ValueError("the gradient G = covariance @ weight_error must not be zero (at the optimum G has no "
                         "direction): use a non-zero weight_error and covariance")
    direction = g / np.linalg.norm(g)
    per_chunk = max(1, _CHUNK_NUMBERS // len(g))
    out = {name: np.empty(n_examples) for name in ("total", "along_gradient", "curvature_weighted")}
    for index, start in enumerate(range(0, n_examples, per_chunk)):
        count = min(per_chunk, n_examples - start)
        # Batches of one example are single examples.
        e = sample_batch_gradients(covariance, weight_error, noise, 1, n_draws=count, seed=_chunk_seed(seed, index)) - g
        out["total"][start:start + count] = np.sum(e**2, axis=1)
        out["along_gradient"][start:start + count] = (e @ direction) ** 2
        out["curvature_weighted"][start:start + count] = np.einsum("nd,de,ne->n", e, h, e)
    return out


def simulated_step_gains(covariance: np.ndarray, weight_error: np.ndarray, noise: float, batch_size: int,
                         steps: float | np.ndarray, *, n_draws: int, seed: int = 0) -> np.ndarray:
    """The true loss decrease of one SGD step ``w - step * g_B``, for ``n_draws`` fresh batches and each step size.

    For a quadratic loss the decrease of one step is exactly ``step * g^T G - step^2 / 2 * g^T H g``,
    so the mean over draws estimates ``dL(step)`` of :mod:`helpers.noise` without bias. Every step size
    uses the same batches, so differences between step sizes have small standard errors.
    Batches come from :func:`helpers.noise.sample_batch_gradients`, in chunks.

    Returns shape ``(n_draws,)`` for one step size, ``(n_draws, len(steps))`` for an array of them.

    >>> simulated_step_gains(np.eye(1), np.array([1.0]), 0.0, 4, np.array([0.25, 0.5]), n_draws=3).shape
    (3, 2)
    """
    moments = gaussian_least_squares_moments(covariance, weight_error, noise)
    batch_size = check_positive_int(batch_size, "batch_size")
    step_array = check_real_array(steps, "steps", positive=True)
    if step_array.ndim > 1:
        raise ValueError(f"steps must be a number or a 1-D array, got shape {step_array.shape}")
    n_draws = check_positive_int(n_draws, "n_draws")
    seed = check_seed(seed)
    d = len(moments.gradient)
    check_work(f"{n_draws} batches of {batch_size} examples", reduce="n_draws or batch_size",
               elements=3.0 * n_draws * (batch_size * d + d * d), memory=8.0 * batch_size * d * BYTES_PER_FLOAT)
    g, h = moments.gradient, moments.hessian
    per_chunk = max(1, _CHUNK_NUMBERS // (batch_size * len(g)))
    gains = np.empty((n_draws, step_array.size))
    rates = step_array.reshape(1, -1)
    for index, start in enumerate(range(0, n_draws, per_chunk)):
        count = min(per_chunk, n_draws - start)
        batch = sample_batch_gradients(covariance, weight_error, noise, batch_size, n_draws=count,
                                       seed=_chunk_seed(seed, index))
        along, curvature = (batch @ g)[:, None], np.einsum("nd,de,ne->n", batch, h, batch)[:, None]
        gains[start:start + count] = rates * along - 0.5 * rates**2 * curvature
    return gains[:, 0] if step_array.ndim == 0 else gains


def noise_scales_along_path(weights_path: np.ndarray, features: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """``B_noise`` of a data set at each row of ``weights_path`` (a training run's recorded weights).

    >>> X = np.array([[1.0], [2.0], [3.0]]); y = np.array([1.0, 1.0, 4.0])
    >>> noise_scales_along_path(np.array([[0.0], [0.5]]), X, y).round(3)
    array([0.987, 1.648])
    """
    path = check_real_array(weights_path, "weights_path")
    if path.ndim != 2:
        raise ValueError(f"weights_path must be 2-D (points x weights), got shape {path.shape}")
    features = check_matrix(features, "features")
    if path.shape[1] != features.shape[1]:
        raise ValueError(f"weights_path must hold one weight per column of features ({features.shape[1]}) in each row, got shape {path.shape}")
    n_points = path.shape[0]
    check_work(f"the noise scale at {n_points} points", reduce="the number of rows of weights_path",
               loops=20.0 * n_points, elements=5.0 * n_points * np.size(features) * path.shape[1])
    scales = []
    for row, w in enumerate(path):
        try:
            scales.append(empirical_moments(w, features, targets).noise_scale)
        except ValueError as error:
            if "noise_scale" not in str(error):
                raise
            raise ValueError(f"the noise scale at row {row} of weights_path is undefined: G^T H G = 0 there (a zero "
                             f"gradient: features and targets fitted exactly, or features all zero); check features, "
                             f"targets and weights_path") from None
    return np.array(scales)


def gradient_descent_moments(covariance: np.ndarray, weight_error: np.ndarray, noise: float, learning_rate: float,
                             steps: np.ndarray) -> list[GradientMoments]:
    """Population ``G``, ``H``, ``Sigma`` after ``t`` steps of full-batch gradient descent, for each ``t`` in ``steps``.

    On the Gaussian least-squares population the error after ``t`` steps is ``(I - lr C)^t delta_0``.

    >>> path = gradient_descent_moments(np.eye(1), np.array([1.0]), 1.0, 0.5, np.array([0, 1]))
    >>> [round(m.noise_scale, 2) for m in path]
    [3.0, 6.0]
    """
    c = check_matrix(covariance, "covariance")
    delta = check_vector(weight_error, "weight_error", length=c.shape[0], what=" (one per row of covariance)")
    rate = check_real(learning_rate, "learning_rate", positive=True)
    counts = _as_array(steps, "steps", "step counts") if not isinstance(steps, (str, bytes)) and steps is not None else np.asarray([])
    if (counts.ndim != 1 or counts.size == 0 or counts.dtype == bool or not np.issubdtype(counts.dtype, np.integer)
            or np.any(counts < 0)):
        raise ValueError(f"steps must be a non-empty 1-D array of step counts >= 0, got {steps!r:.60}")
    if counts.size > 10**5:
        raise ValueError(f"steps must hold at most 10**5 step counts, got {counts.size}")
    propagator = np.eye(len(delta)) - rate * c
    errors = []
    with np.errstate(over="ignore", invalid="ignore"):
        for t in counts:
            errors.append(np.linalg.matrix_power(propagator, int(t)) @ delta)
    check_finite_result(np.array(errors), "gradient descent diverges at this learning_rate (above 2 / h_max): reduce learning_rate")
    return [gaussian_least_squares_moments(c, error, noise) for error in errors]


NOISE_STATISTICS = ("total", "along_gradient", "curvature_weighted")
"""The statistics of :func:`per_example_noise_statistics`, in the order :func:`covariance_margins` uses:
``tr(Sigma)``, ``u^T Sigma u`` and ``tr(H Sigma)``."""


def covariance_margins(covariance: np.ndarray, weight_error: np.ndarray, noise: float, candidates: np.ndarray, *,
                       n_examples: int, seeds: np.ndarray | list[int]) -> np.ndarray:
    """How many standard errors each candidate ``Sigma``'s predictions fall from fresh examples, at several seeds.

    For each seed, :func:`per_example_noise_statistics` draws ``n_examples`` fresh examples and gives
    the means ``m_k`` and standard errors ``s_k`` of the three :data:`NOISE_STATISTICS`. A candidate
    ``S`` predicts ``p = (tr S, u^T S u, tr(H S))`` with ``u = G / |G|``, and its margin is

        ``z_k = |m_k - p_k| / s_k``.

    A right formula has margins of about 1; a test at ``z`` standard errors rejects a wrong one
    where its margin passes ``z``.

    Returns
    -------
    ndarray of shape (len(seeds), len(candidates), 3)

    >>> C = np.diag([1.0, 0.5]); delta = np.array([1.0, -1.0])
    >>> covariance_margins(C, delta, 0.5, np.array([C, 2 * C]), n_examples=64, seeds=[0, 1]).shape
    (2, 2, 3)
    """
    moments = gaussian_least_squares_moments(covariance, weight_error, noise)
    d = len(moments.gradient)
    candidates = check_real_array(candidates, "candidates")
    if candidates.ndim != 3 or candidates.shape[1:] != (d, d):
        raise ValueError(f"candidates must be a stack of {d} x {d} matrices, shape (K, {d}, {d}), got shape {candidates.shape}")
    seeds = check_seeds(seeds)
    n_examples = check_positive_int(n_examples, "n_examples")
    if n_examples < 2:
        raise ValueError(f"n_examples must be at least 2 to estimate a standard error, got {n_examples}")
    check_work(f"{len(seeds)} seeds x {n_examples} fresh examples of {d} features", reduce="n_examples or seeds",
               elements=10.0 * len(seeds) * n_examples * d * d)
    g, h = moments.gradient, moments.hessian
    if not np.any(g):
        raise ValueError("the gradient G = covariance @ weight_error must not be zero (at the optimum G has no "
                         "direction): use a non-zero weight_error and covariance")
    u = g / np.linalg.norm(g)
    predicted = np.stack([np.trace(candidates, axis1=1, axis2=2), np.einsum("d,kde,e->k", u, candidates, u),
                          np.einsum("de,ked->k", h, candidates)], axis=-1)                  # (K, 3)
    measured, errors = [], []
    for seed in seeds:
        samples = per_example_noise_statistics(covariance, weight_error, noise, n_examples=n_examples, seed=int(seed))
        measured.append([samples[name].mean() for name in NOISE_STATISTICS])
        errors.append([standard_error(samples[name]) for name in NOISE_STATISTICS])
    measured, errors = np.array(measured), np.array(errors)                                  # (seed, 3)
    return np.abs(measured[:, None, :] - predicted[None]) / errors[:, None, :]
