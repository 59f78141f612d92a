"""Mini-batch SGD for the network of :mod:`helpers.network`, many configurations at once.

:func:`train_network` trains every combination of batch size, learning rate, reduction, L2 strength
and warm-up in one pass over the data, vectorized with numpy as :func:`helpers.training.train_linear_model`
is: configurations are rows of one parameter matrix. The seed is a setting like the others: configurations
with the same seed start from the same parameters and see the examples in the same order (one seeded
permutation per epoch), so two of them differ by their other settings alone; a configuration trains
exactly as it would alone.

Configurations with the same batch size step together, one batch at a time through the epoch's order
(one matrix product per configuration and layer, over the whole batch); the batch sizes take turns
between evaluations. That is plain mini-batch SGD for every configuration.

A gradual warm-up (Goyal et al., arXiv:1706.02677, §2.2) raises a configuration's learning rate
linearly from ``warmup_start`` at its first step to ``learning_rate`` once ``warmup_epochs`` epochs of
examples have been seen, and keeps it there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._progress import _epochs_with_progress
from ._validation import (BYTES_PER_FLOAT, check_bool, check_broadcast, check_choice_array, check_learning_rate,
                          check_positive_int, check_positive_int_array, check_real, check_real_array, check_seeds,
                          check_work)
from .network import (_check_data, _check_field, _check_labels, _check_layer_sizes, _cross_entropy, _exact_scores, _loss_and_gradient,
                      initial_parameters, parameter_count)
from .reduction import SCALAR_REDUCTIONS
from .training import DIVERGENCE_THRESHOLD, _check_on_epoch, _record_loss, _stack_evaluations

__all__ = ["L2_SCHEMES", "NetworkRun", "train_l2_schemes", "train_network", "warmup_learning_rates"]

L2_SCHEMES = ("sum + λ", "mean + λ/B₀", "sum + λB/B₀")
"""The penalties :func:`train_l2_schemes` compares, each added once per batch, with ``λ`` tuned at batch size
``B₀`` under ``sum()``: ``λ|θ|^2`` under ``sum()`` at every ``B``; ``(λ/B₀)|θ|^2`` under ``mean()``, the same
weight against the mean loss as ``sum + λ`` has at ``B₀``; and ``(λB/B₀)|θ|^2`` under ``sum()``, scaled with
the batch. The data term is matched: ``sum()`` at ``η``, ``mean()`` at ``B η``."""

_EVALUATION_NUMBERS = 2**20
"""About how many hidden activations one block of an evaluation holds (8 MB): memory stays flat."""


@dataclass(frozen=True)
class NetworkRun:
    """What :func:`train_network` returns. Arrays start with the configuration shape ``S``.

    Attributes
    ----------
    layer_sizes : tuple of int
    batch_size, learning_rate, reduction, l2, warmup_epochs, warmup_start : arrays of shape S
        The settings of each configuration, broadcast against each other.
    seed : int array of shape S
        The seed of each configuration's initial parameters and of its order of the examples.
    examples_seen : array of shape (T,)
        Examples processed at each evaluation point (0 first, every epoch end included).
    loss, accuracy : arrays of shape S + (T,)
        Mean cross-entropy (no penalty) and accuracy on the whole training set at each evaluation point;
        NaN once a run has diverged.
    test_loss, test_accuracy : arrays of shape S + (T,), or None
        The same on the test set, when one was given.
    parameters : array of shape S + (T, P), or None
        The parameters at each evaluation point, when ``record_parameters`` was set.
    final_parameters : array of shape S + (P,)
        The parameters after the last step (or where a diverged run stopped).
    steps_per_epoch : int array of shape S
        ``n_examples // batch_size`` (the last incomplete batch is dropped).
    diverged : bool array of shape S
        A parameter beyond :data:`helpers.training.DIVERGENCE_THRESHOLD` in magnitude (or not finite), or the
        training loss beyond :data:`helpers.training.DIVERGENCE_LOSS_FACTOR` times ``max(starting loss, 1)``.
    diverged_at : array of shape S
        Examples seen when the divergence was detected, NaN if it was not.
    n_examples, epochs : int
    """

    layer_sizes: tuple
    batch_size: np.ndarray
    learning_rate: np.ndarray
    reduction: np.ndarray
    l2: np.ndarray
    warmup_epochs: np.ndarray
    warmup_start: np.ndarray
    seed: np.ndarray
    examples_seen: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    test_loss: np.ndarray | None
    test_accuracy: np.ndarray | None
    parameters: np.ndarray | None
    final_parameters: np.ndarray
    steps_per_epoch: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray
    n_examples: int
    epochs: int

    def __post_init__(self) -> None:
        sizes = _check_layer_sizes(self.layer_sizes)
        n_examples = check_positive_int(self.n_examples, "n_examples")
        check_positive_int(self.epochs, "epochs")
        shape = check_positive_int_array(self.batch_size, "batch_size", maximum=n_examples, what=" (n_examples)").shape
        seen = _check_field(self, "examples_seen", None, dtype="iuf")
        if seen.ndim != 1:
            raise ValueError(f"examples_seen must be 1-D, got shape {seen.shape}")
        check_choice_array(self.reduction, "reduction", SCALAR_REDUCTIONS)
        along, count = shape + seen.shape, parameter_count(sizes)
        for name in ("learning_rate", "reduction", "l2", "warmup_epochs", "warmup_start", "seed", "steps_per_epoch",
                     "diverged_at"):
            _check_field(self, name, shape)
        _check_field(self, "diverged", shape, dtype="b")
        for name in ("loss", "accuracy"):
            _check_field(self, name, along)
        for name in ("test_loss", "test_accuracy"):
            _check_field(self, name, along, optional=True)
        _check_field(self, "parameters", along + (count,), optional=True)
        _check_field(self, "final_parameters", shape + (count,))

    @property
    def final_loss(self) -> np.ndarray:
        """Training loss after the last epoch (NaN if the run diverged): shape S."""
        return self.loss[..., -1]


def warmup_learning_rates(learning_rate: float, warmup_start: float, warmup_epochs: float, *, batch_size: int,
                          n_examples: int, steps: int) -> np.ndarray:
    """The learning rate of each of the first ``steps`` SGD steps under a gradual warm-up.

    Step ``t`` (from 0) comes after ``t B`` examples, and uses

        ``eta_t = start + (eta - start) * min(1, t B / (warmup_epochs N))``

    (the target ``eta`` from the start if ``warmup_epochs`` is 0): Goyal et al.'s ramp from the small-batch
    rate to the scaled one, one equal increment per step (arXiv:1706.02677, §2.2).

    >>> warmup_learning_rates(0.8, 0.1, 1.0, batch_size=32, n_examples=128, steps=6)
    array([0.1  , 0.275, 0.45 , 0.625, 0.8  , 0.8  ])
    """
    rate = check_real(learning_rate, "learning_rate", positive=True)
    start = check_real(warmup_start, "warmup_start", nonnegative=True)
    epochs = check_real(warmup_epochs, "warmup_epochs", nonnegative=True, largest=1e6)
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    steps = check_positive_int(steps, "steps", maximum=10**7)
    return _warmup(np.full(steps, rate), np.full(steps, start), np.full(steps, epochs), np.arange(steps) * batch_size,
                   n_examples)


def _warmup(rate: np.ndarray, start: np.ndarray, epochs: np.ndarray, seen: np.ndarray, n_examples: int) -> np.ndarray:
    """The warm-up schedule, elementwise: ``seen`` examples before the step."""
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(epochs > 0, np.minimum(1.0, seen / (epochs * n_examples)), 1.0)
    return start + (rate - start) * fraction


def train_network(
    features: np.ndarray,
    labels: np.ndarray,
    *,
    layer_sizes: tuple[int, ...],
    batch_size: int | np.ndarray,
    learning_rate: float | np.ndarray,
    reduction: str | np.ndarray,
    epochs: int,
    l2: float | np.ndarray = 0.0,
    warmup_epochs: float | np.ndarray = 0.0,
    warmup_start: float | np.ndarray = 0.0,
    seed: int | np.ndarray = 0,
    test_features: np.ndarray | None = None,
    test_labels: np.ndarray | None = None,
    evaluate_every: int | None = None,
    record_parameters: bool = False,
    on_epoch: Callable[[int], object] | None = None,
) -> NetworkRun:
    """Train the network with mini-batch SGD under many settings at once.

    Each step of configuration ``c`` on batch ``b`` (its ``t``-th step) is

        ``theta <- theta - eta_t * grad( reduce_c(losses of b) + l2_c * |theta|^2 )``

    with ``reduce_c`` the sum or the mean over the ``B_c`` examples and ``eta_t`` the learning rate after
    warm-up (:func:`warmup_learning_rates`). Every configuration starts from
    :func:`helpers.network.initial_parameters` with its ``seed``.

    Parameters
    ----------
    features : array of shape (n, d)
    labels : int array of shape (n,), class labels 0 to K-1
    layer_sizes : tuple
        ``(d, hidden..., K)``, one or two hidden layers.
    batch_size, learning_rate, reduction, l2, warmup_epochs, warmup_start, seed : scalars or arrays
        Broadcast against each other to the configuration shape ``S``. Batch sizes from 1 to ``n``;
        learning rates positive; ``l2``, ``warmup_epochs`` and ``warmup_start`` >= 0; seeds non-negative
        integers (each seeds a configuration's initial parameters and its order of the examples).
    epochs : int
    test_features, test_labels : arrays, optional
        A test set, evaluated wherever the training set is.
    evaluate_every : int, optional
        Evaluate every this many examples (a multiple of every batch size);
        by default once per epoch. Epoch ends are always evaluated.
    record_parameters : bool
        Keep the parameters at every evaluation point (memory grows as configurations x points x P).
    on_epoch : callable, optional
        Called after each epoch with the number of epochs finished (1, 2, ..., ``epochs``): a
        progress bar's hook (:mod:`helpers.lab_bench`). It does not change the training.

    Returns
    -------
    NetworkRun

    Examples
    --------
    >>> X = np.eye(4); y = np.array([0, 1, 0, 1])
    >>> run = train_network(X, y, layer_sizes=(4, 3, 2), batch_size=np.array([1, 2, 4]), learning_rate=0.5,
    ...                     reduction="mean", epochs=5)
    >>> run.loss.shape, bool(np.all(run.final_loss < run.loss[:, 0]))
    ((3, 6), True)
    """
    record_parameters = check_bool(record_parameters, "record_parameters")
    on_epoch = _check_on_epoch(on_epoch)
    epochs = check_positive_int(epochs, "epochs")
    sizes, x, y = _check_data(layer_sizes, features, labels)
    n_examples = x.shape[0]
    test = _check_test_set(test_features, test_labels, sizes)
    batch, rate, reduction_array, lam, warm, start, seed_array = check_broadcast({
        "batch_size": check_positive_int_array(batch_size, "batch_size", maximum=n_examples,
                                               what=" (the number of training examples)"),
        "learning_rate": check_learning_rate(learning_rate),
        "reduction": check_choice_array(reduction, "reduction", SCALAR_REDUCTIONS),
        "l2": check_real_array(l2, "l2", nonnegative=True),
        "warmup_epochs": check_real_array(warmup_epochs, "warmup_epochs", nonnegative=True, largest=1e6),
        "warmup_start": check_real_array(warmup_start, "warmup_start", nonnegative=True),
        "seed": check_seeds(seed, "seed", any_shape=True),
    })
    evaluate_every = _check_evaluate_every(evaluate_every, batch, n_examples)
    count = parameter_count(sizes)
    n_configs = batch.size
    passes = epochs * int(sum(n_examples // b for b in np.unique(batch)))
    evaluations = epochs * (n_examples // evaluate_every + 1) + 1
    evaluated = n_examples + (0 if test is None else len(test[0]))
    seconds = check_work(
        f"training {n_configs} network configurations for {epochs} epochs of {n_examples} examples ({passes} steps of the batch sizes together)",
        reduce="epochs, or the number of configurations (batch_size x learning_rate x reduction x l2 x warm-up)",
        loops=20.0 * passes + 10.0 * evaluations,
        elements=1.0 * n_configs * count * (epochs * n_examples + evaluations * evaluated / 3),
        memory=BYTES_PER_FLOAT * n_configs * (6 * count + (evaluations * count if record_parameters else 0) + 6 * evaluations)
        + BYTES_PER_FLOAT * 4 * _EVALUATION_NUMBERS)
    return _train(sizes, x, y, test, batch, rate, reduction_array, lam, warm, start, epochs, seed_array, evaluate_every,
                  record_parameters, expected_seconds=seconds, on_epoch=on_epoch)


def _check_test_set(test_features: object, test_labels: object, sizes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray] | None:
    if test_features is None and test_labels is None:
        return None
    if test_features is None or test_labels is None:
        raise ValueError("test_features and test_labels must be given together (or both left out), got "
                         f"{'no' if test_features is None else ''} test_features and {'no' if test_labels is None else ''} test_labels")
    x = check_real_array(test_features, "test_features")
    if x.ndim != 2 or x.shape[1] != sizes[0] or len(x) == 0:
        raise ValueError(f"test_features must have shape (n, {sizes[0]}), got {x.shape}")
    try:
        y = _check_labels(test_labels, x.shape[:-1], sizes[-1])
    except (TypeError, ValueError) as error:
        raise type(error)(str(error).replace("labels", "test_labels", 1)) from None
    if y.ndim != 1:
        raise ValueError(f"test_labels must be 1-D, one label per test example, got shape {y.shape}")
    return x, y


def _check_evaluate_every(evaluate_every: object, batch: np.ndarray, n_examples: int) -> int:
    if evaluate_every is None:
        return n_examples
    evaluate_every = check_positive_int(evaluate_every, "evaluate_every", maximum=n_examples, what=" (n_examples)")
    common = int(np.lcm.reduce(np.unique(batch)))
    if evaluate_every % common and evaluate_every != n_examples:
        raise ValueError(f"evaluate_every must be a multiple of every batch size (of {common}), or n_examples, "
                         f"got {evaluate_every}")
    return evaluate_every


def _evaluate(theta: np.ndarray, sizes: tuple[int, ...], x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean cross-entropy and accuracy of every configuration on a data set, in blocks of configurations."""
    n_configs = len(theta)
    per_block = max(1, _EVALUATION_NUMBERS // (len(x) * max(sizes[1:])))
    losses, accuracies = np.empty(n_configs), np.empty(n_configs)
    for start in range(0, n_configs, per_block):
        block = slice(start, min(start + per_block, n_configs))
        with np.errstate(over="ignore", invalid="ignore"):
            scores = _exact_scores(theta[block], sizes, x[None])
            losses[block] = _cross_entropy(scores, y[None]).mean(axis=-1)
            accuracies[block] = (scores.argmax(axis=-1) == y[None]).mean(axis=-1)
    return losses, accuracies


def _train(sizes: tuple[int, ...], x: np.ndarray, y: np.ndarray, test: tuple[np.ndarray, np.ndarray] | None,
           batch_array: np.ndarray, rate_array: np.ndarray, reduction_array: np.ndarray, l2_array: np.ndarray,
           warm_array: np.ndarray, start_array: np.ndarray, epochs: int, seed_array: np.ndarray, evaluate_every: int,
           record_parameters: bool, *, expected_seconds: float = 0.0,
           on_epoch: Callable[[int], object] | None = None) -> NetworkRun:
    """:func:`train_network` on checked, broadcast settings (``on_epoch`` called after each epoch)."""
    n_examples = len(x)
    shape = batch_array.shape
    batch = batch_array.reshape(-1)
    rate, lam = rate_array.reshape(-1), l2_array.reshape(-1)
    warm, start = warm_array.reshape(-1), start_array.reshape(-1)
    sums = reduction_array.reshape(-1) == "sum"
    n_configs = batch.size
    steps_per_epoch = n_examples // batch

    seeds, seed_index = np.unique(seed_array.reshape(-1), return_inverse=True)
    theta = np.stack([initial_parameters(sizes, seed=int(s)) for s in seeds])[seed_index]
    active = np.ones(n_configs, dtype=bool)
    diverged_at = np.full(n_configs, np.nan)
    steps_done = np.zeros(n_configs, dtype=np.int64)
    seen, losses, accuracies, test_losses, test_accuracies, trajectory = [], [], [], [], [], []
    groups = [(int(b), np.flatnonzero(batch == b)) for b in np.unique(batch)]

    def evaluate(examples: int) -> None:
        loss, accuracy = _evaluate(theta, sizes, x, y)
        _record_loss(examples, loss, seen, losses, active, diverged_at)
        accuracies.append(np.where(active, accuracy, np.nan))
        if test is not None:
            test_loss, test_accuracy = _evaluate(theta, sizes, *test)
            test_losses.append(np.where(active, test_loss, np.nan))
            test_accuracies.append(np.where(active, test_accuracy, np.nan))
        if record_parameters:
            trajectory.append(theta.copy())

    evaluate(0)
    generators = [np.random.default_rng(int(s)) for s in seeds]
    shared = len(seeds) == 1
    for epoch in _epochs_with_progress(f"training {n_configs} network configurations", epochs,
                                      expected_seconds=expected_seconds, on_epoch=on_epoch):
        orders = np.stack([rng.permutation(n_examples) for rng in generators])
        # The epoch in segments between evaluations; within one, each batch size takes its own steps.
        for segment_start in range(0, n_examples, evaluate_every):
            segment_end = min(segment_start + evaluate_every, n_examples)
            for b, members in groups:
                for begin in range(segment_start, segment_end - b + 1, b):
                    rows = members[active[members]]
                    if not rows.size:
                        break
                    # each configuration's batch, in its own seed's order (one shared batch when there is one seed)
                    index = orders[:1, begin:begin + b] if shared else orders[seed_index[rows], begin:begin + b]
                    # sum() or mean() of the batch's losses, plus the penalty once per batch
                    gradient = _loss_and_gradient(theta[rows], sizes, x[index], y[index],
                                                  np.where(sums[rows], 1.0, 1.0 / b), lam[rows], exact=True)[1]
                    step_rate = _warmup(rate[rows], start[rows], warm[rows], steps_done[rows] * b, n_examples)
                    with np.errstate(over="ignore", invalid="ignore"):
                        moved = theta[rows] - step_rate[:, None] * gradient
                    blown = ~(np.abs(moved).max(axis=1) <= DIVERGENCE_THRESHOLD)
                    theta[rows[~blown]] = moved[~blown]
                    diverged_at[rows[blown]] = epoch * n_examples + begin + b
                    active[rows[blown]] = False
                    steps_done[rows] += 1
            if segment_end < n_examples:
                evaluate(epoch * n_examples + segment_end)
        evaluate((epoch + 1) * n_examples)

    return NetworkRun(
        layer_sizes=sizes, batch_size=batch_array.copy(), learning_rate=rate_array.copy(),
        reduction=reduction_array.copy(), l2=l2_array.copy(), warmup_epochs=warm_array.copy(),
        warmup_start=start_array.copy(), seed=seed_array.copy(), examples_seen=np.asarray(seen),
        loss=_stack_evaluations(losses, shape), accuracy=_stack_evaluations(accuracies, shape),
        test_loss=_stack_evaluations(test_losses, shape) if test is not None else None,
        test_accuracy=_stack_evaluations(test_accuracies, shape) if test is not None else None,
        parameters=_stack_evaluations(trajectory, shape) if record_parameters else None,
        final_parameters=theta.reshape(shape + (theta.shape[-1],)), steps_per_epoch=steps_per_epoch.reshape(shape),
        diverged=np.asarray(~active).reshape(shape), diverged_at=diverged_at.reshape(shape), n_examples=n_examples, epochs=epochs)


def train_l2_schemes(features: np.ndarray, labels: np.ndarray, *, layer_sizes: tuple[int, ...], batch_sizes: np.ndarray,
                     learning_rate: float, l2: float, tuned_batch_size: int, epochs: int,
                     seeds: list[int] | np.ndarray) -> NetworkRun:
    """Train every batch size x :data:`L2_SCHEMES` x seed at once: configuration shape ``(len(batch_sizes), 3, len(seeds))``.

    ``learning_rate`` is the ``sum()`` rate ``η`` (``mean()`` runs at ``B η``, so the data steps are the same);
    ``l2`` is ``λ``, tuned at ``tuned_batch_size`` ``B₀`` under ``sum()``.

    >>> X = np.eye(4); y = np.array([0, 1, 0, 1])
    >>> run = train_l2_schemes(X, y, layer_sizes=(4, 3, 2), batch_sizes=np.array([1, 2]), learning_rate=0.1, l2=0.5,
    ...                        tuned_batch_size=1, epochs=2, seeds=[0])
    >>> run.final_parameters.shape[:3], bool(np.allclose(run.final_parameters[:, 1], run.final_parameters[:, 2]))
    ((2, 3, 1), True)
    """
    _, x, _ = _check_data(layer_sizes, features, labels)
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=len(x), what=" (the number of training examples)")
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be a 1-D grid of batch sizes, got shape {sizes.shape}")
    eta = check_learning_rate(learning_rate)
    lam = check_real_array(l2, "l2", nonnegative=True)
    if eta.ndim or lam.ndim:
        raise ValueError(f"learning_rate and l2 must be single numbers, got shapes {eta.shape} and {lam.shape}")
    tuned = check_positive_int(tuned_batch_size, "tuned_batch_size")
    seed_array = check_seeds(seeds)
    b = sizes[:, None].astype(float)
    penalty = np.concatenate([np.full_like(b, lam), np.full_like(b, lam / tuned), lam * b / tuned], axis=1)
    rate = np.concatenate([np.full_like(b, eta), eta * b, np.full_like(b, eta)], axis=1)
    reduction = np.array(["sum", "mean", "sum"])
    return train_network(features, labels, layer_sizes=layer_sizes, batch_size=sizes[:, None, None],
                         learning_rate=rate[:, :, None], reduction=reduction[None, :, None], l2=penalty[:, :, None],
                         epochs=epochs, seed=seed_array[None, None, :])
