"""Mini-batch SGD for a linear model, many configurations at once.

:func:`train_linear_model` trains every combination of batch size, learning rate, reduction and
L2 strength in one pass over the data, vectorized with numpy: configurations are rows of one
weight matrix, not iterations of a Python loop. All configurations see the same examples in the
same order (one seeded permutation per epoch), so any difference between two runs comes from the
settings alone.

How different batch sizes share one loop: the data are walked in chunks of the greatest common
divisor of the batch sizes. Each configuration adds the chunk's gradient (at its own current
weights) to an accumulator and takes its SGD step when its batch is complete, which is exactly
plain mini-batch SGD for each configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._progress import _epochs_with_progress
from ._validation import (
    BYTES_PER_FLOAT,
    _show,
    check_bool,
    check_broadcast,
    check_choice,
    check_choice_array,
    check_in_interval,
    check_learning_rate,
    check_matrix,
    check_positive_int,
    check_positive_int_array,
    check_real_array,
    check_seed,
    check_work,
)
from .losses import CLASSIFICATION_LOSSES, LOSSES, _check_targets, _loss_of_scores, _score_derivative
from .reduction import SCALAR_REDUCTIONS

__all__ = ["DIVERGENCE_LOSS_FACTOR", "DIVERGENCE_THRESHOLD", "SCHEMES", "TrainingRun", "train_linear_model", "train_schemes"]

DIVERGENCE_THRESHOLD = 1e6
"""A run whose largest weight passes this magnitude (or stops being finite) has diverged."""

DIVERGENCE_LOSS_FACTOR = 10.0
"""A run whose training loss passes this factor times ``max(starting loss, 1)`` has diverged."""


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train_linear_model` returns. Arrays start with the configuration shape ``S``.

    Attributes
    ----------
    batch_size, learning_rate, reduction, l2, weight_decay : arrays of shape S
        The settings of each configuration, broadcast against each other.
    examples_seen : array of shape (T,)
        Examples processed at each evaluation point (0 first, every epoch end included).
    loss, accuracy : arrays of shape S + (T,)
        Mean per-example loss and accuracy on the whole training set at each evaluation point
        (NaN once a run has diverged; accuracy is NaN for the ``squared`` loss).
    weights : array of shape S + (T, d)
        The weights at each evaluation point.
    step_loss, step_accuracy : arrays of shape S + (n_steps,)
        The loss each step reported (its batch's loss under its own reduction) and the batch's
        accuracy, before the step; NaN past a configuration's last step or after divergence.
    steps_per_epoch : int array of shape S
        ``n_examples // batch_size`` (the last incomplete batch is dropped, as ``drop_last=True``).
    diverged : bool array of shape S
        Whether the run diverged: a weight beyond :data:`DIVERGENCE_THRESHOLD` in magnitude, or a
        training loss beyond :data:`DIVERGENCE_LOSS_FACTOR` times ``max(starting loss, 1)``. A
        diverged run stops where it was detected.
    diverged_at : array of shape S
        Examples seen when the divergence was detected, NaN if it was not.
    n_examples, epochs : int
    """

    batch_size: np.ndarray
    learning_rate: np.ndarray
    reduction: np.ndarray
    l2: np.ndarray
    weight_decay: np.ndarray
    examples_seen: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    weights: np.ndarray
    step_loss: np.ndarray
    step_accuracy: np.ndarray
    steps_per_epoch: np.ndarray
    diverged: np.ndarray
    diverged_at: np.ndarray
    n_examples: int
    epochs: int

    def __post_init__(self) -> None:
        # A record the trainer fills; built by hand, its arrays must at least fit together.
        n_examples = check_positive_int(self.n_examples, "n_examples")
        check_positive_int(self.epochs, "epochs")
        shape = check_positive_int_array(self.batch_size, "batch_size", maximum=n_examples, what=" (n_examples)").shape
        check_choice_array(self.reduction, "reduction", SCALAR_REDUCTIONS)
        seen = _check_array(self.examples_seen, "examples_seen")
        if seen.ndim != 1:
            raise ValueError(f"examples_seen must be 1-D (one entry per evaluation point), got shape {seen.shape}")
        weights, step_loss = _check_array(self.weights, "weights"), _check_array(self.step_loss, "step_loss")
        configurations = f"batch_size's shape {shape}"
        for names, tail, after in (
                (("learning_rate", "l2", "weight_decay", "steps_per_epoch", "diverged", "diverged_at", "reduction"), (), ""),
                (("loss", "accuracy"), seen.shape, " + one entry per examples_seen"),
                (("weights",), seen.shape + weights.shape[-1:], " + one entry per examples_seen + the number of weights"),
                (("step_loss", "step_accuracy"), step_loss.shape[-1:], " + step_loss's number of steps")):
            for name in names:
                value = _check_array(getattr(self, name), name)
                if value.shape != shape + tail:
                    raise ValueError(f"{name} must have shape {shape + tail} ({configurations}{after}), got {value.shape}")

    @property
    def epoch_index(self) -> np.ndarray:
        """Indices of the evaluation points that close an epoch (epoch 0 = before training)."""
        return np.flatnonzero(self.examples_seen % self.n_examples == 0)

    @property
    def epoch_loss(self) -> np.ndarray:
        """Training loss at the start and at the end of every epoch: shape S + (epochs + 1,)."""
        return self.loss[..., self.epoch_index]

    @property
    def epoch_accuracy(self) -> np.ndarray:
        """Training accuracy at the start and at the end of every epoch: shape S + (epochs + 1,)."""
        return self.accuracy[..., self.epoch_index]

    @property
    def final_weights(self) -> np.ndarray:
        """Weights after the last step: shape S + (d,)."""
        return self.weights[..., -1, :]


def train_linear_model(
    features: np.ndarray,
    targets: np.ndarray,
    *,
    loss: str,
    batch_size: int | np.ndarray,
    learning_rate: float | np.ndarray,
    reduction: str | np.ndarray,
    epochs: int,
    l2: float | np.ndarray = 0.0,
    weight_decay: float | np.ndarray = 0.0,
    seed: int = 0,
    initial_weights: np.ndarray | None = None,
    evaluate_every: int | None = None,
    record_steps: bool = True,
    on_epoch: Callable[[int], object] | None = None,
) -> TrainingRun:
    """Train a linear model with mini-batch SGD under many settings at once.

    Each step of configuration ``c`` on batch ``b`` is

        ``w <- (1 - wd_c) * w - lr_c * grad( reduce_c(losses of b) + l2_c * ||w||^2 )``

    with ``reduce_c`` the sum or the mean over the ``B_c`` examples of the batch. The L2 penalty is
    added once per batch, as a penalty term in a framework's loss would be. ``wd_c`` is decoupled
    weight decay (Loshchilov and Hutter, ICLR 2019, with a constant schedule multiplier): it
    shrinks the weights by a fixed fraction per step, whatever the reduction and the learning rate.

    Parameters
    ----------
    features : array of shape (n, d)
    targets : array of shape (n,)
    loss : {"zero_one", "logistic", "squared"}
    batch_size, learning_rate, reduction, l2, weight_decay : scalars or arrays
        Broadcast against each other (numpy rules) to the configuration shape ``S``. Batch sizes
        are integers from 1 to ``n``; learning rates positive and finite; reductions ``"sum"`` or
        ``"mean"``; ``l2`` >= 0; ``weight_decay`` in [0, 1).
    epochs : int
    seed : int or None
        Seeds the order of the examples, the same for every configuration.
    initial_weights : array of shape (d,) or S + (d,), optional
        Zeros if not given.
    evaluate_every : int, optional
        Evaluate on the whole training set every this many examples (a multiple of the greatest
        common divisor of the batch sizes); by default once per epoch. Epoch ends are always
        evaluated.
    record_steps : bool
        Keep the per-step losses (memory grows as configurations x steps).
    on_epoch : callable, optional
        Called after each epoch with the number of epochs finished (1, 2, ..., ``epochs``): a
        progress bar's hook (:mod:`helpers.lab_bench`). It does not change the training.

    Returns
    -------
    TrainingRun

    Raises
    ------
    TypeError, ValueError
        For a bad argument (the message names it), and, before any work, for a run estimated to take
        more than about a minute or more memory than a notebook may use
        (:func:`helpers._validation.check_work`): the message says which argument to reduce.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = 2 * X[:, 0]
    >>> run = train_linear_model(X, y, loss="squared", batch_size=np.array([1, 2, 4]),
    ...                          learning_rate=0.01, reduction="sum", epochs=1)
    >>> run.final_weights.shape
    (3, 1)
    """
    loss = check_choice(loss, "loss", LOSSES)
    features, targets = _check_data(features, targets, loss)
    n_examples, n_features = features.shape
    epochs = check_positive_int(epochs, "epochs")
    seed = check_seed(seed)
    record_steps = check_bool(record_steps, "record_steps")
    on_epoch = _check_on_epoch(on_epoch)
    batch_array, rate_array, reduction_array, l2_array, decay_array = check_broadcast({
        "batch_size": check_positive_int_array(batch_size, "batch_size", maximum=n_examples,
                                               what=" (the number of rows of features)"),
        "learning_rate": check_learning_rate(learning_rate),
        "reduction": check_choice_array(reduction, "reduction", SCALAR_REDUCTIONS),
        "l2": check_real_array(l2, "l2", nonnegative=True),
        "weight_decay": _check_weight_decay(weight_decay, "weight_decay"),
    })
    initial = _initial_weights(initial_weights, batch_array.shape, n_features)
    evaluate_every = _check_evaluate_every(evaluate_every, batch_array, n_examples)
    seconds = _check_training_work(
        features, batch_array, epochs, evaluate_every, record_steps,
        reduce="epochs, or the number of configurations (batch_size x learning_rate x reduction x l2 x weight_decay)")
    return _train(features, targets, loss, batch_array, rate_array, reduction_array, l2_array, decay_array, epochs, seed,
                  initial, evaluate_every, record_steps, expected_seconds=seconds, on_epoch=on_epoch)


def _train(features: np.ndarray, targets: np.ndarray, loss: str, batch_array: np.ndarray, rate_array: np.ndarray,
           reduction_array: np.ndarray, l2_array: np.ndarray, decay_array: np.ndarray, epochs: int, seed: int | None,
           initial: np.ndarray, evaluate_every: int, record_steps: bool, *, expected_seconds: float = 0.0,
           on_epoch: Callable[[int], object] | None = None) -> TrainingRun:
    """:func:`train_linear_model` on checked, broadcast settings (no argument checks).

    A run expected to take ``SHOW_AFTER_SECONDS`` or more reports its progress epoch by epoch;
    ``on_epoch``, if given, is called after each epoch with the number of epochs finished."""
    n_examples, n_features = features.shape
    shape = batch_array.shape
    batch = batch_array.reshape(-1)
    rate = rate_array.reshape(-1)
    l2_flat = l2_array.reshape(-1)
    keep = 1.0 - decay_array.reshape(-1)
    scale = np.where(reduction_array.reshape(-1) == "sum", 1.0, 1.0 / batch)
    n_configs = batch.size

    chunk = int(np.gcd.reduce(batch))
    weights = initial.reshape(n_configs, n_features)
    steps_per_epoch = n_examples // batch
    n_chunks = int((steps_per_epoch * batch).max()) // chunk
    max_steps = epochs * int(steps_per_epoch.max())
    step_loss = np.full((n_configs, max_steps if record_steps else 0), np.nan)
    step_accuracy = np.full_like(step_loss, np.nan)

    active = np.ones(n_configs, dtype=bool)
    diverged_at = np.full(n_configs, np.nan)
    steps_done = np.zeros(n_configs, dtype=np.int64)
    classification = loss in CLASSIFICATION_LOSSES
    rows = np.arange(n_configs)

    seen, losses, accuracies, trajectory = [], [], [], []

    def evaluate(examples: int) -> None:
        z = weights @ features.T
        _record_loss(examples, _loss_of_scores(z, targets, loss).mean(axis=1), seen, losses, active, diverged_at)
        accuracies.append(np.where(active & classification, ((z > 0) == (targets == 1)).mean(axis=1), np.nan))
        trajectory.append(weights.copy())

    evaluate(0)
    if not np.all(np.isfinite(losses[0])):
        raise ValueError("the training loss at the initial weights is not finite: use smaller features, targets or initial_weights")
    rng = np.random.default_rng(seed)
    for epoch in _epochs_with_progress(f"training {n_configs} configurations", epochs, expected_seconds=expected_seconds,
                                      on_epoch=on_epoch):
        order = rng.permutation(n_examples)
        gradient_sum = np.zeros_like(weights)
        loss_sum = np.zeros(n_configs)
        correct = np.zeros(n_configs)
        for k in range(n_chunks):
            index = order[k * chunk:(k + 1) * chunk]
            x, y = features[index], targets[index]
            z = weights @ x.T                                   # (configs, chunk)
            gradient_sum += _score_derivative(z, y, loss) @ x    # summed gradient of the chunk
            if record_steps:
                loss_sum += _loss_of_scores(z, y, loss).sum(axis=1)
                correct += ((z > 0) == (y == 1)).sum(axis=1)
            position = (k + 1) * chunk
            stepping = active & (position % batch == 0) & (position <= steps_per_epoch * batch)
            if stepping.any():
                gradient = scale[:, None] * gradient_sum + 2.0 * l2_flat[:, None] * weights
                new_weights = keep[:, None] * weights - rate[:, None] * gradient
                blown = stepping & ~(np.abs(new_weights).max(axis=1) <= DIVERGENCE_THRESHOLD)
                if record_steps:
                    taken = rows[stepping]
                    step_loss[taken, steps_done[taken]] = (scale * loss_sum)[taken]
                    step_accuracy[taken, steps_done[taken]] = np.where(classification, correct[taken] / batch[taken], np.nan)
                weights = np.where((stepping & ~blown)[:, None], new_weights, weights)
                diverged_at[blown] = epoch * n_examples + position
                active &= ~blown
                steps_done += stepping
                gradient_sum[stepping] = 0.0
                loss_sum[stepping] = 0.0
                correct[stepping] = 0.0
            if position % evaluate_every == 0 and position < n_examples:
                evaluate(epoch * n_examples + position)
        evaluate((epoch + 1) * n_examples)

    return TrainingRun(
        batch_size=batch_array.copy(),
        learning_rate=rate_array.copy(),
        reduction=reduction_array.copy(),
        l2=l2_array.copy(),
        weight_decay=decay_array.copy(),
        examples_seen=np.asarray(seen),
        loss=_stack_evaluations(losses, shape),
        accuracy=_stack_evaluations(accuracies, shape),
        weights=_stack_evaluations(trajectory, shape),
        step_loss=step_loss.reshape(shape + step_loss.shape[1:]),
        step_accuracy=step_accuracy.reshape(shape + step_accuracy.shape[1:]),
        steps_per_epoch=steps_per_epoch.reshape(shape),
        diverged=~active.reshape(shape),
        diverged_at=diverged_at.reshape(shape),
        n_examples=n_examples,
        epochs=epochs,
    )


def _record_loss(examples: int, loss: np.ndarray, seen: list[int], losses: list[np.ndarray], active: np.ndarray,
                 diverged_at: np.ndarray) -> None:
    """Record an evaluation of a trainer's flat configurations, stopping those whose loss diverged (in place).

    A configuration diverges at ``examples`` when its mean loss is not finite or passes
    :data:`DIVERGENCE_LOSS_FACTOR` times ``max(its first recorded loss, 1)``; its recorded loss is NaN from then on.

    >>> seen, losses, active, diverged_at = [], [], np.ones(2, dtype=bool), np.full(2, np.nan)
    >>> _record_loss(0, np.array([2.0, 2.0]), seen, losses, active, diverged_at)
    >>> _record_loss(8, np.array([1.0, 30.0]), seen, losses, active, diverged_at)
    >>> seen, losses[1], active, diverged_at
    ([0, 8], array([ 1., nan]), array([ True, False]), array([nan,  8.]))
    """
    limit = DIVERGENCE_LOSS_FACTOR * np.maximum(losses[0], 1.0) if losses else np.inf
    blown = active & ~(loss <= limit)
    diverged_at[blown] = examples
    active[blown] = False
    seen.append(examples)
    losses.append(np.where(active, loss, np.nan))


def _stack_evaluations(values: list[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """A trainer's per-evaluation arrays over flat configurations, as one array of shape ``shape + (evaluations, ...)``.

    >>> _stack_evaluations([np.zeros((6, 4)), np.ones((6, 4))], (2, 3)).shape
    (2, 3, 2, 4)
    """
    stacked = np.stack(values, axis=1)
    return stacked.reshape(shape + stacked.shape[1:])


def _check_array(value: object, name: str) -> np.ndarray:
    if not isinstance(value, (np.ndarray, np.generic)):
        raise TypeError(f"{name} must be a numpy array, got {type(value).__name__}")
    return value


def _check_on_epoch(on_epoch: object) -> Callable[[int], object] | None:
    """A trainer's progress hook: a function of the number of epochs finished, or None.

    >>> _check_on_epoch(None) is None
    True
    """
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError(f"on_epoch must be a function of the number of epochs finished, or None, got {_show(on_epoch)}")
    return on_epoch


def _check_data(features: object, targets: object, loss: str) -> tuple[np.ndarray, np.ndarray]:
    features = check_matrix(features, "features")
    return features, _check_targets(targets, features, loss)


def _check_weight_decay(weight_decay: object, name: str) -> np.ndarray:
    """Decoupled weight decay: the fraction of the weights removed per step, in [0, 1)."""
    return check_in_interval(check_real_array(weight_decay, name, nonnegative=True), name, 0.0, 1.0)


def _check_evaluate_every(evaluate_every: object, batch: np.ndarray, n_examples: int) -> int:
    if evaluate_every is None:
        return n_examples
    evaluate_every = check_positive_int(evaluate_every, "evaluate_every")
    chunk = int(np.gcd.reduce(batch.reshape(-1)))
    if evaluate_every % chunk and evaluate_every != n_examples:
        raise ValueError(
            f"evaluate_every must be a multiple of {chunk} (the greatest common divisor of the batch sizes), "
            f"got {evaluate_every}"
        )
    return evaluate_every


def _check_training_work(features: np.ndarray, batch: np.ndarray, epochs: int, evaluate_every: int, record_steps: bool,
                         *, reduce: str) -> float:
    """Refuse a training run that would take more than about a minute, or more memory than the course allows;
    return its estimated seconds."""
    n_examples, n_features = features.shape
    n_configs = batch.size
    chunk = int(np.gcd.reduce(batch.reshape(-1)))
    steps = epochs * (n_examples // chunk)                      # passes through the inner loop
    evaluations = epochs * (n_examples // evaluate_every + 1) + 1
    # about 40 element operations per configuration, example and feature in a step (20 ns measured per unit)
    elements = 40.0 * steps * n_configs * chunk * n_features + 4.0 * evaluations * n_configs * n_examples * n_features
    memory = BYTES_PER_FLOAT * n_configs * (evaluations * (n_features + 2) + 3 * n_examples
                                            + (2 * epochs * int((n_examples // batch).max()) if record_steps else 0))
    return check_work(f"training {n_configs} configurations for {epochs} epochs of {n_examples} examples "
                      f"({steps} steps of {chunk} examples)", reduce=reduce, loops=steps + evaluations,
                      elements=elements, memory=memory)


def _initial_weights(initial_weights: object, shape: tuple[int, ...], n_features: int) -> np.ndarray:
    if initial_weights is None:
        return np.zeros(shape + (n_features,))
    weights = check_real_array(initial_weights, "initial_weights")
    if weights.shape[-1:] != (n_features,):
        raise ValueError(f"initial_weights must end in one entry per feature ({n_features} columns of features), "
                         f"got shape {weights.shape}")
    try:
        return np.broadcast_to(weights, shape + (n_features,)).astype(np.float64)
    except ValueError:
        raise ValueError(
            f"initial_weights must have shape ({n_features},) or {shape + (n_features,)}, got {weights.shape}"
        ) from None


SCHEMES = ("sum", "mean", "mean, scaled lr")
"""The three ways of setting the learning rate that notebook 01 compares, for a per-example rate ``eta``:

* ``sum``: ``sum()`` reduction with learning rate ``eta``;
* ``mean``: ``mean()`` with ``eta * B0``, tuned at batch size ``B0`` and kept fixed as ``B`` changes;
* ``mean, scaled lr``: ``mean()`` with the linear rule, ``B * (eta * B0) / B0``.
"""


def train_schemes(
    features: np.ndarray,
    targets: np.ndarray,
    *,
    loss: str,
    batch_sizes: np.ndarray,
    learning_rates: np.ndarray,
    tuned_batch_size: int,
    epochs: int,
    seed: int = 0,
    evaluate_every: int | None = None,
) -> TrainingRun:
    """Train every batch size x learning rate x scheme of :data:`SCHEMES` in one vectorized run.

    ``learning_rates`` are the per-example rates ``eta`` (the ``sum()`` learning rates). The result
    has configuration shape ``(len(batch_sizes), len(learning_rates), 3)``, the last axis in the
    order of :data:`SCHEMES`.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]]); y = 2 * X[:, 0]
    >>> run = train_schemes(X, y, loss="squared", batch_sizes=np.array([1, 2]),
    ...                     learning_rates=np.array([0.01]), tuned_batch_size=2, epochs=1)
    >>> run.loss.shape[:3]
    (2, 1, 3)
    """
    loss = check_choice(loss, "loss", LOSSES)
    features, targets = _check_data(features, targets, loss)
    n_examples = features.shape[0]
    batch = _check_grid(batch_sizes, "batch_sizes", maximum=n_examples)[:, None, None]
    eta = _check_grid(learning_rates, "learning_rates")[None, :, None]
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    epochs = check_positive_int(epochs, "epochs")
    seed = check_seed(seed)
    evaluate_every = _check_evaluate_every(evaluate_every, batch, n_examples)
    tuned_rate = eta * tuned_batch_size
    grid = (batch.shape[0], eta.shape[1], 1)
    rate = np.concatenate(
        [
            np.broadcast_to(eta, grid),
            np.broadcast_to(tuned_rate, grid),
            tuned_rate * (batch / tuned_batch_size),   # the linear rule, as scaled_learning_rate computes it
        ],
        axis=2,
    )
    batch, rate, reduction = np.broadcast_arrays(batch, rate, np.array(["sum", "mean", "mean"])[None, None, :])
    seconds = _check_training_work(features, batch, epochs, evaluate_every, False,
                                   reduce="epochs, or the number of batch_sizes x learning_rates")
    none = np.zeros(batch.shape)
    return _train(features, targets, loss, batch, rate, reduction, none, none, epochs, seed,
                  np.zeros(batch.shape + (features.shape[1],)), evaluate_every, False, expected_seconds=seconds)


def _check_grid(values: object, name: str, *, maximum: int | None = None) -> np.ndarray:
    """A 1-D grid of batch sizes (``maximum`` given) or of learning rates, for a sweep over every combination."""
    if maximum is not None:
        array = check_positive_int_array(values, name, maximum=maximum, what=" (the number of rows of features)")
    else:
        array = check_learning_rate(values, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D grid of values, got shape {array.shape}")
    return array
