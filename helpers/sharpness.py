"""Sharpness: the top eigenvalue ``h_max`` of the network's Hessian, by power iteration, and its course
along full-batch gradient descent.

Gradient descent on a quadratic with top Hessian eigenvalue ``h_max`` diverges for any learning rate above
``2 / h_max`` (notebook 05). A network's Hessian changes as it trains. Cohen et al., *Gradient Descent on
Neural Networks Typically Occurs at the Edge of Stability* (arXiv:2103.00065), report that under full-batch
gradient descent ``h_max`` first rises ("progressive sharpening", their §3.1) until it reaches ``2 / eta``,
then hovers there while the loss keeps falling, though not monotonically ("edge of stability", §3.2).
:func:`sharpness_along_training` measures what a network does, at several learning rates and seeds at once.

``h_max`` is found by power iteration on Hessian-vector products (:func:`helpers.network.hessian_vector_product`):
no ``P x P`` matrix is formed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._progress import Progress
from ._validation import BYTES_PER_FLOAT, check_learning_rate, check_positive_int, check_real, check_seed, check_seeds, check_work
from .network import (_check_data, _check_field, _check_inputs, _hvp, _cross_entropy, _exact_scores, _loss_and_gradient, initial_parameters,
                      parameter_count)
from .training import DIVERGENCE_THRESHOLD

__all__ = ["top_hessian_eigenvalue", "SharpnessRun", "sharpness_along_training"]


def _power_iteration(hvp, start: np.ndarray, iterations: int, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Rayleigh quotients and unit vectors ``(C,), (C, P)`` after power iteration from ``start`` ``(C, P)``.

    ``hvp(vectors, rows)`` returns ``H v`` for the configurations ``rows``. A configuration stops once its
    Rayleigh quotient changes by less than ``tolerance`` (relative) from one iteration to the next, or after
    ``iterations``; the others go on without it.
    """
    vector = start / np.linalg.norm(start, axis=1, keepdims=True)
    value = np.full(len(vector), np.nan)
    running = np.arange(len(vector))
    for _ in range(iterations):
        current = vector[running]
        product = hvp(current, running)
        new_value = np.sum(current * product, axis=1)
        norm = np.linalg.norm(product, axis=1, keepdims=True)
        vector[running] = np.where(norm > 0, product / np.where(norm > 0, norm, 1.0), current)
        done = np.abs(new_value - value[running]) <= tolerance * np.abs(new_value)
        value[running] = new_value
        running = running[~done]
        if not running.size:
            break
    return value, vector


def top_hessian_eigenvalue(parameters: np.ndarray, layer_sizes: tuple[int, ...], features: np.ndarray, labels: np.ndarray,
                           *, iterations: int = 200, tolerance: float = 1e-6, seed: int | None = 0) -> np.ndarray:
    """``h_max``, the largest eigenvalue of the Hessian of the ``mean()`` loss, by power iteration: shape ``S``.

    Power iteration repeats ``v <- H v / |H v|`` from a random ``v``; ``v^T H v`` then tends to the eigenvalue
    of largest magnitude, at a rate set by the ratio of the two largest magnitudes. If that eigenvalue is
    negative, the iteration is repeated on ``H - mu I`` (``mu`` the negative one), whose largest eigenvalue
    is ``h_max - mu``. The Hessian of the ``sum()`` loss over ``n`` examples is ``n`` times this one.

    >>> theta = initial_parameters((3, 4, 2), seed=0)
    >>> X, y = np.random.default_rng(1).normal(size=(16, 3)), np.arange(16) % 2
    >>> from helpers.network import hessian_vector_product
    >>> H = hessian_vector_product(theta, (3, 4, 2), X, y, np.eye(theta.size), "mean")   # the whole Hessian
    >>> bool(np.isclose(top_hessian_eigenvalue(theta, (3, 4, 2), X, y), np.linalg.eigvalsh(H)[-1], rtol=1e-4))
    True
    """
    sizes, theta, x, y, shape = _check_inputs(parameters, layer_sizes, features, labels)
    iterations = check_positive_int(iterations, "iterations", maximum=10**4)
    tolerance = check_real(tolerance, "tolerance", positive=True)
    seed = check_seed(seed)
    check_work(f"{iterations} Hessian-vector products for {len(theta)} configurations on {x.shape[1]} examples",
               reduce="iterations, or the number of configurations or examples", loops=20.0 * iterations,
               elements=1.5 * iterations * len(theta) * x.shape[1] * parameter_count(sizes),
               memory=BYTES_PER_FLOAT * 12 * len(theta) * (x.shape[1] * max(sizes) + parameter_count(sizes)))
    start = np.random.default_rng(seed).standard_normal(theta.shape)
    value, _ = _top_eigenpairs(theta, sizes, x, y, start, iterations, tolerance)
    return value.reshape(shape) if shape else float(value[0])


def _top_eigenpairs(theta: np.ndarray, sizes: tuple[int, ...], x: np.ndarray, y: np.ndarray, start: np.ndarray,
                    iterations: int, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """The largest eigenvalue and its unit eigenvector of each configuration's ``mean()`` Hessian."""
    scale, no_penalty = 1.0 / x.shape[1], np.zeros(len(theta))

    def hvp(vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return _hvp(theta[rows], sizes, x if len(x) == 1 else x[rows], y if len(y) == 1 else y[rows], vectors, scale,
                    no_penalty[rows])

    return _largest_eigenpairs(hvp, start, iterations, tolerance)


def _largest_eigenpairs(hvp, start: np.ndarray, iterations: int, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Power iteration for the largest (not the largest in magnitude) eigenvalue of each row's matrix.

    ``hvp(vectors, rows)`` returns the products for the configurations ``rows``. Where power iteration lands
    on a negative eigenvalue ``mu`` (it finds the largest magnitude), it is run again on ``H - mu I``, whose
    eigenvalues are all >= 0 and whose largest is ``h_max - mu``.
    """
    value, vector = _power_iteration(hvp, start, iterations, tolerance)
    rows = np.flatnonzero(value < 0)
    if rows.size:
        shift = value[rows]
        top, top_vector = _power_iteration(lambda v, r: hvp(v, rows[r]) - shift[r, None] * v, start[rows], iterations,
                                           tolerance)
        value, vector = value.copy(), vector.copy()
        value[rows], vector[rows] = top + shift, top_vector
    return value, vector


@dataclass(frozen=True)
class SharpnessRun:
    """What :func:`sharpness_along_training` returns; configuration shape ``(len(learning_rates), len(seeds))``.

    Attributes
    ----------
    learning_rates : array of shape (R,)
    seeds : array of shape (K,)
    steps : array of shape (T,)
        The gradient-descent steps after which ``h_max`` and the loss were measured (0 first).
    sharpness : array of shape (R, K, T)
        ``h_max`` of the ``mean()`` training loss at each measured step (NaN once a run diverged).
    loss : array of shape (R, K, T)
        The ``mean()`` training loss at each measured step (NaN once a run diverged).
    diverged : bool array of shape (R, K)
    """

    learning_rates: np.ndarray
    seeds: np.ndarray
    steps: np.ndarray
    sharpness: np.ndarray
    loss: np.ndarray
    diverged: np.ndarray

    def __post_init__(self) -> None:
        rates = check_learning_rate(self.learning_rates, "learning_rates")
        seeds = _check_field(self, "seeds", None, dtype="iu")
        steps = _check_field(self, "steps", None, dtype="iu")
        if rates.ndim != 1 or seeds.ndim != 1 or steps.ndim != 1:
            raise ValueError(f"learning_rates, seeds and steps must be 1-D, got shapes {rates.shape}, {seeds.shape} and {steps.shape}")
        for name in ("sharpness", "loss"):
            _check_field(self, name, rates.shape + seeds.shape + steps.shape)
        _check_field(self, "diverged", rates.shape + seeds.shape, dtype="b")

    @property
    def stability_limit(self) -> np.ndarray:
        """``2 / eta`` for each learning rate: shape (R,)."""
        return 2.0 / self.learning_rates


def sharpness_along_training(features: np.ndarray, labels: np.ndarray, *, layer_sizes: tuple[int, ...],
                             learning_rates: np.ndarray, seeds: np.ndarray | list[int], steps: int, measure_every: int,
                             iterations: int = 20, tolerance: float = 1e-4) -> SharpnessRun:
    """Full-batch gradient descent on the ``mean()`` loss at every learning rate and seed, measuring ``h_max``.

    Each run starts from :func:`helpers.network.initial_parameters` with its seed and takes ``steps`` steps
    ``theta <- theta - eta grad L(theta)`` on the whole data set. Every ``measure_every`` steps (and at step 0),
    ``h_max`` is measured by power iteration, started from the previous measurement's eigenvector (it moves
    little between measurements, so a few ``iterations`` suffice; the iteration stops early once the estimate
    changes by less than ``tolerance``, relative). A run whose parameters pass
    :data:`helpers.training.DIVERGENCE_THRESHOLD` or stop being finite has diverged.

    Examples
    --------
    >>> X, y = np.random.default_rng(0).normal(size=(32, 3)), np.arange(32) % 2
    >>> run = sharpness_along_training(X, y, layer_sizes=(3, 4, 2), learning_rates=np.array([0.1, 0.5]), seeds=[0, 1],
    ...                                steps=20, measure_every=10)
    >>> run.sharpness.shape, run.steps.tolist()
    ((2, 2, 3), [0, 10, 20])
    """
    sizes, x, y = _check_data(layer_sizes, features, labels)
    x, y = x[None], y[None]          # one data set shared by every configuration
    rates = check_learning_rate(learning_rates, "learning_rates")
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be 1-D, got shape {rates.shape}")
    seed_array = check_seeds(seeds)
    steps = check_positive_int(steps, "steps")
    measure_every = check_positive_int(measure_every, "measure_every", maximum=steps, what=" (steps)")
    iterations = check_positive_int(iterations, "iterations", maximum=10**4)
    tolerance = check_real(tolerance, "tolerance", positive=True)
    n_configs, count, n = rates.size * seed_array.size, parameter_count(sizes), x.shape[1]
    measurements = steps // measure_every + 1
    seconds = check_work(
        f"{steps} gradient-descent steps for {n_configs} configurations on {n} examples, h_max measured {measurements} times",
        reduce="steps, the number of learning_rates or seeds, or raise measure_every",
        loops=30.0 * steps + 30.0 * measurements * iterations,
        elements=1.0 * n_configs * n * count * (steps + 1.5 * measurements * iterations),
        memory=BYTES_PER_FLOAT * 12 * n_configs * (n * max(sizes) + count))

    theta = np.concatenate([np.tile(initial_parameters(sizes, seed=int(s)), (rates.size, 1)) for s in seed_array])
    theta = theta.reshape(seed_array.size, rates.size, count).transpose(1, 0, 2).reshape(n_configs, count)
    rate = np.repeat(rates, seed_array.size)
    no_penalty = np.zeros(n_configs)
    active = np.ones(n_configs, dtype=bool)
    vectors = np.random.default_rng(0).standard_normal((n_configs, count))
    sharpness, losses, measured = [], [], []
    progress = Progress(f"gradient descent for {n_configs} configurations", total=steps, expected_seconds=seconds)
    for step in range(steps + 1):
        if step % measure_every == 0:
            progress.update(step)
            rows = np.flatnonzero(active)
            values, loss = np.full(n_configs, np.nan), np.full(n_configs, np.nan)
            if rows.size:
                top, vectors[rows] = _top_eigenpairs(theta[rows], sizes, x, y, vectors[rows], iterations, tolerance)
                values[rows] = top
                with np.errstate(over="ignore", invalid="ignore"):
                    scores = _exact_scores(theta[rows], sizes, x)
                    loss[rows] = _cross_entropy(scores, y).mean(axis=-1)
            sharpness.append(values)
            losses.append(loss)
            measured.append(step)
        if step == steps:
            break
        rows = np.flatnonzero(active)
        if not rows.size:
            continue
        gradient = _loss_and_gradient(theta[rows], sizes, x, y, 1.0 / n, no_penalty[rows], exact=True)[1]
        with np.errstate(over="ignore", invalid="ignore"):
            moved = theta[rows] - rate[rows, None] * gradient
        blown = ~(np.abs(moved).max(axis=1) <= DIVERGENCE_THRESHOLD)
        theta[rows[~blown]] = moved[~blown]
        active[rows[blown]] = False
    progress.close()
    shape = (rates.size, seed_array.size)
    return SharpnessRun(learning_rates=rates.copy(), seeds=seed_array.copy(), steps=np.asarray(measured),
                        sharpness=np.stack(sharpness, axis=1).reshape(shape + (-1,)),
                        loss=np.stack(losses, axis=1).reshape(shape + (-1,)), diverged=~active.reshape(shape))

