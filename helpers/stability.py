"""Where mini-batch SGD on least squares diverges: an empirical stability limit for every batch size.

Full-batch gradient descent on a quadratic diverges for any learning rate above ``2 / h_max``
(:func:`helpers.noise.stable_learning_rate`). Mini-batch SGD steps along each batch's own Hessian
``X_b^T X_b / B``, whose largest eigenvalue fluctuates above ``h_max`` when ``B`` is small, so it can
diverge well below that limit. There is no simple closed form for the data set's limit, so
:func:`divergence_thresholds` measures it: it runs SGD at many learning rates for a fixed number of
steps and reports the smallest rate that diverged.

The runs take exactly the steps of :func:`helpers.training.train_linear_model` with the squared loss
and ``mean()`` (same shuffling, last incomplete batch dropped), but only for the squared loss, whose
batch gradient ``A_b w - c_b`` needs two precomputed arrays per batch: thousands of steps at dozens of
learning rates take a fraction of a second, and memory stays at a few MB. Every function takes ``seed`` as
one seed or a 1-D array of them, and runs all the seeds at once: a claim about a random outcome (a best
rate, a divergence threshold) is then computed over several shufflings and stated with its spread.
:func:`sgd_final_losses` gives the training loss after some epochs, and :func:`best_rate_sweep` the best rate of a
grid per batch size under ``sum()`` and ``mean()``, from the same runs.
"""

from __future__ import annotations

import numpy as np

from ._validation import (check_learning_rate, check_matrix, check_positive_int, check_positive_int_array, check_real,
                          check_real_array, check_seed, check_work)
from .training import DIVERGENCE_LOSS_FACTOR, DIVERGENCE_THRESHOLD

__all__ = ["sgd_diverges", "sgd_final_losses", "best_rate_sweep", "divergence_thresholds", "linear_rule_crossing"]


def _seeds(seed: object) -> tuple[np.ndarray, bool]:
    """``seed`` as a 1-D array of seeds, and whether it was one seed (an integer) rather than an array of them."""
    if not isinstance(seed, (list, tuple, np.ndarray)):
        return np.array([check_seed(seed)]), True
    try:
        array = np.asarray(seed, dtype=object)
    except ValueError:
        raise ValueError(f"seed must be a non-negative integer or a 1-D array of them, got {seed!r:.60}") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"seed must be a non-negative integer or a 1-D array of them, got shape {array.shape}")
    if any(value is None for value in array):        # check_seed takes None for fresh entropy: not here
        raise TypeError(f"seed must hold non-negative integers, got {seed!r:.60}")
    return np.array([check_seed(value.item() if isinstance(value, np.generic) else value) for value in array]), False


def _check_problem(features: object, targets: object) -> tuple[np.ndarray, np.ndarray]:
    x = check_matrix(features, "features")
    t = check_real_array(targets, "targets")
    if t.shape != (x.shape[0],):
        raise ValueError(f"targets must hold one number per example: features has shape {x.shape}, targets {t.shape}")
    return x, t


def _check_rates(learning_rates: object) -> np.ndarray:
    rates = check_learning_rate(learning_rates, "learning_rates")
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be 1-D (a grid of learning rates), got shape {rates.shape}")
    return rates


def _least_squares_sgd(x: np.ndarray, t: np.ndarray, batch: int, rates: np.ndarray, steps: int,
                       seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """SGD on least squares (``mean()``, from ``w = 0``), checked arguments: (loss after the last step, diverged), each (S, R).

    Seed ``s`` shuffles the examples as :func:`helpers.training.train_linear_model` with ``seed=s`` does;
    every seed runs at every rate at once."""
    n, d = x.shape
    hessian, moment, offset = x.T @ x / n, x.T @ t / n, float(t @ t) / n

    def loss(w: np.ndarray) -> np.ndarray:          # w of shape (S, d, R): one column per rate
        return 0.5 * (np.einsum("sir,ij,sjr->sr", w, hessian, w) - 2 * np.einsum("i,sir->sr", moment, w) + offset)

    weights = np.zeros((seeds.size, d, rates.size))
    limit = DIVERGENCE_LOSS_FACTOR * max(offset / 2, 1.0)          # the loss at w = 0 is offset / 2
    diverged = np.zeros((seeds.size, rates.size), dtype=bool)
    generators = [np.random.default_rng(int(s)) for s in seeds]
    per_epoch = n // batch
    done = 0
    while done < steps and not diverged.all():
        order = np.stack([rng.permutation(n)[:per_epoch * batch] for rng in generators])
        xb, tb = x[order].reshape(seeds.size, per_epoch, batch, d), t[order].reshape(seeds.size, per_epoch, batch)
        curvatures = np.matmul(xb.swapaxes(-1, -2), xb) / batch            # each batch's Hessian A_b: (S, per_epoch, d, d)
        pulls = np.matmul(xb.swapaxes(-1, -2), tb[..., None]) / batch      # and c_b (S, per_epoch, d, 1): the gradient is A_b w - c_b
        for k in range(min(per_epoch, steps - done)):
            moved = weights - rates * (curvatures[:, k] @ weights - pulls[:, k])
            diverged |= ~(np.abs(moved).max(axis=1) <= DIVERGENCE_THRESHOLD)
            weights = np.where(diverged[:, None, :], weights, moved)
        done += min(per_epoch, steps - done)
        diverged |= ~(loss(weights) <= limit)      # the loss is checked where the trainer checks it: each epoch's end
    return np.where(diverged, np.nan, loss(weights)), diverged


def _one_batch_size_runs(features: object, targets: object, batch_size: object, learning_rates: object, seed: object,
                         length: object, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_least_squares_sgd` at one batch size for ``length`` ``unit`` (``"steps"`` or ``"epochs"``), arguments checked.

    Returns ``(loss, diverged)``, each of shape ``(learning_rates,)`` for one seed, ``(seeds, learning_rates)`` for an array of them.
    """
    x, t = _check_problem(features, targets)
    n, d = x.shape
    batch = check_positive_int(batch_size, "batch_size", maximum=n, what=" (the number of rows of features)")
    rates = _check_rates(learning_rates)
    length = check_positive_int(length, unit)
    seeds, single = _seeds(seed)
    steps = length if unit == "steps" else length * (n // batch)
    what = f"{length} SGD steps" if unit == "steps" else f"{length} epochs of SGD"
    check_work(f"{what} at {rates.size} learning rates and {seeds.size} seeds", reduce=f"{unit}, learning_rates or seed",
               loops=3.0 * steps, elements=6.0 * steps * seeds.size * (rates.size + batch) * d * d)
    losses, diverged = _least_squares_sgd(x, t, batch, rates, steps, seeds)
    return (losses[0], diverged[0]) if single else (losses, diverged)


def sgd_diverges(features: np.ndarray, targets: np.ndarray, *, batch_size: int, learning_rates: np.ndarray, steps: int,
                 seed: int | np.ndarray = 0) -> np.ndarray:
    """Whether mini-batch SGD (squared loss, ``mean()``, from ``w = 0``) diverges within ``steps`` steps, per learning rate.

    A run has diverged once a weight passes ``DIVERGENCE_THRESHOLD`` in magnitude (checked after every
    step) or its training loss on the whole data set passes ``DIVERGENCE_LOSS_FACTOR`` times
    ``max(starting loss, 1)`` (checked at the end of every epoch and after the last step): the
    trainer's thresholds, checked where the trainer checks them. The examples are shuffled once per epoch with
    ``seed``, as :func:`helpers.training.train_linear_model` shuffles them. ``seed`` may be a 1-D array of
    seeds: the result then has one row per seed, shape ``(seeds, learning_rates)``, all computed at once.

    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = np.array([1.0, 2.0, 3.0, 4.0])
    >>> sgd_diverges(X, y, batch_size=4, learning_rates=np.array([0.2, 0.3]), steps=200)  # 2 / h_max = 0.267
    array([False,  True])
    """
    return _one_batch_size_runs(features, targets, batch_size, learning_rates, seed, steps, "steps")[1]


def sgd_final_losses(features: np.ndarray, targets: np.ndarray, *, batch_size: int, learning_rates: np.ndarray, epochs: int,
                     seed: int | np.ndarray = 0) -> np.ndarray:
    """The training loss after ``epochs`` epochs of mini-batch SGD (squared loss, ``mean()``, from ``w = 0``), per rate.

    ``L(w) = (1 / 2N) |X w - y|^2`` after ``epochs * (N // B)`` steps, NaN where the run diverged (see
    :func:`sgd_diverges`): the final loss :func:`helpers.training.train_linear_model` reports for the
    same settings, shape ``(learning_rates,)``, or ``(seeds, learning_rates)`` for a 1-D array of seeds.

    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = np.array([1.0, 2.0, 3.0, 4.0])
    >>> sgd_final_losses(X, y, batch_size=4, learning_rates=np.array([0.1, 0.3]), epochs=50)  # 2 / h_max = 0.267
    array([ 0., nan])
    """
    return _one_batch_size_runs(features, targets, batch_size, learning_rates, seed, epochs, "epochs")[0]


def best_rate_sweep(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray, learning_rates: np.ndarray,
                    epochs: int, seed: int | np.ndarray = 0) -> np.ndarray:
    """The grid's learning rate with the lowest training loss after ``epochs`` epochs, per batch size, under ``sum()`` and ``mean()``.

    ``best[..., i, r] = argmin over eta of L(w after epochs of SGD at B_i with reduction r and rate eta)``,
    ``r = 0`` for ``sum()``, ``1`` for ``mean()``; diverged runs count as infinitely bad, NaN if every rate
    diverged. ``sum()`` with rate ``eta`` takes the steps of ``mean()`` with ``B eta``, so both come from
    the same fast least-squares runs (:func:`sgd_final_losses`). Shape ``(batch_sizes, 2)``, or
    ``(seeds, batch_sizes, 2)`` for a 1-D array of seeds.

    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = np.array([1.0, 2.0, 3.0, 4.0])
    >>> best_rate_sweep(X, y, batch_sizes=np.array([1, 4]), learning_rates=np.array([0.01, 0.1]), epochs=3)
    array([[0.1 , 0.1 ],
           [0.01, 0.1 ]])
    """
    x, t = _check_problem(features, targets)
    n, d = x.shape
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=n, what=" (the number of rows of features)")
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    rates = _check_rates(learning_rates)
    epochs = check_positive_int(epochs, "epochs")
    seeds, single = _seeds(seed)
    steps = epochs * (n // sizes)
    check_work(f"{epochs} epochs of SGD at {sizes.size} batch sizes, {rates.size} learning rates, 2 reductions and {seeds.size} seeds",
               reduce="epochs, batch_sizes, learning_rates or seed", loops=3.0 * steps.sum(),
               elements=6.0 * float(np.sum(steps * (2 * rates.size + sizes))) * seeds.size * d * d)
    best = np.full((seeds.size, sizes.size, 2), np.nan)
    for i, b in enumerate(sizes):
        both = np.concatenate([b * rates, rates])        # sum() at eta is mean() at B eta
        final = _least_squares_sgd(x, t, int(b), both, int(steps[i]), seeds)[0].reshape(seeds.size, 2, rates.size)
        final = np.where(np.isnan(final), np.inf, final)
        best[:, i] = np.where(np.isfinite(final).any(axis=2), rates[np.argmin(final, axis=2)], np.nan)
    return best[0] if single else best


def divergence_thresholds(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray,
                          learning_rates: np.ndarray, steps: int, seed: int | np.ndarray = 0) -> tuple[np.ndarray, np.ndarray]:
    """The smallest learning rate of the grid at which SGD diverges within ``steps`` steps, for every batch size.

    Returns ``(thresholds, diverged)``: ``thresholds[i]`` is that rate for ``batch_sizes[i]`` (NaN if no
    rate of the grid diverged), ``diverged[i, j]`` whether ``learning_rates[j]`` diverged at ``batch_sizes[i]``
    (see :func:`sgd_diverges`). For a 1-D array of seeds, both gain a leading axis, one row per seed.

    One example of four has a large input: alone in a batch of 1 it sets a far lower limit than in the full batch.

    >>> X = np.array([[1.0], [1.0], [1.0], [4.0]]); y = np.array([2.0, 1.0, 4.0, 3.0])
    >>> rates = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    >>> thresholds, _ = divergence_thresholds(X, y, batch_sizes=np.array([1, 4]), learning_rates=rates, steps=200)
    >>> thresholds
    array([0.2, 0.5])
    """
    x, t = _check_problem(features, targets)
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=x.shape[0], what=" (the number of rows of features)")
    rates = np.sort(_check_rates(learning_rates))
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    steps = check_positive_int(steps, "steps")
    seeds, single = _seeds(seed)
    width = x.shape[1]
    check_work(f"{steps} SGD steps at {rates.size} learning rates for {sizes.size} batch sizes and {seeds.size} seeds",
               reduce="steps, learning_rates, batch_sizes or seed", loops=3.0 * steps * sizes.size,
               elements=6.0 * steps * seeds.size * float(np.sum(rates.size + sizes)) * width * width)
    diverged = np.stack([_least_squares_sgd(x, t, int(b), rates, steps, seeds)[1] for b in sizes], axis=1)  # (S, B, R)
    thresholds = np.where(diverged.any(axis=2), rates[np.argmax(diverged, axis=2)], np.nan)
    return (thresholds[0], diverged[0]) if single else (thresholds, diverged)


def linear_rule_crossing(tuned_learning_rate: float, tuned_batch_size: int, hessian_max: float) -> float:
    """The batch size at which the linear rule's learning rate ``eta_0 B / B_0`` reaches ``2 / h_max``.

    ``B_cross = 2 B_0 / (eta_0 h_max)``.

    >>> linear_rule_crossing(0.05, 16, 1.0)
    640.0
    """
    rate = check_real(tuned_learning_rate, "tuned_learning_rate", positive=True)
    batch = check_positive_int(tuned_batch_size, "tuned_batch_size")
    top = check_real(hessian_max, "hessian_max", positive=True)
    return 2.0 * batch / (rate * top)
