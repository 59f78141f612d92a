"""Decoupled weight decay against batch size and reduction, and what averaging does to the weights.

Decoupled weight decay (Loshchilov and Hutter, ICLR 2019, arXiv:1711.05101, section 2) shrinks the
weights by a fraction ``γ`` of themselves at each step, outside the loss:

    ``w <- (1 - γ_step) w - lr * grad(reduced loss)``.

How big ``γ_step`` is depends on who applies it:

* Loshchilov and Hutter's SGDW and AdamW (Algorithms 1 and 2, schedule multiplier 1): ``γ_step = γ``;
* PyTorch's ``torch.optim.AdamW`` and every Keras optimizer's ``weight_decay``: ``γ_step = η γ``,
  multiplied by the optimizer's learning rate ``η``.

Over an epoch a per-step decay is applied ``N // B`` times, so a fixed ``γ_step`` removes more at
small ``B``. Scaling it as ``γ_step ∝ B`` keeps the decay per epoch fixed; Loshchilov and Hutter's
*normalized* weight decay (Appendix B) scales it as ``√(B / (N T))`` instead.
"""

from __future__ import annotations

import numpy as np

from ._validation import (check_broadcast, check_choice, check_learning_rate, check_matrix, check_positive_int,
                          check_positive_int_array, check_real, check_real_array)
from .training import TrainingRun, train_linear_model

DECAY_CONVENTIONS = ("loshchilov_hutter", "pytorch_adamw", "keras")
"""Who applies the decay: the paper's rule (``γ`` per step) or a framework's (``η γ`` per step)."""

WEIGHT_GROWTH_SETTINGS = ("sum at η", "mean at Bη", "mean at η", "sum at η/B", "sum + L2 at η", "mean + L2 at Bη")
"""The settings :func:`train_weight_growth` compares, in this order (the two L2 settings weigh ``λ`` against the mean loss)."""


def decay_per_step(weight_decay: float | np.ndarray, learning_rate: float | np.ndarray, convention: str) -> np.ndarray | float:
    """The fraction of the weights one step of decoupled weight decay removes.

    ``γ`` under ``"loshchilov_hutter"`` (their SGDW and AdamW with schedule multiplier 1); ``η γ``
    under ``"pytorch_adamw"`` (``w -= lr * weight_decay * w``) and ``"keras"`` (any optimizer's
    ``weight_decay``: ``w -= w * weight_decay * learning_rate``).

    >>> decay_per_step(0.01, 0.5, "loshchilov_hutter"), decay_per_step(0.01, 0.5, "keras")
    (0.01, 0.005)
    """
    check_choice(convention, "convention", DECAY_CONVENTIONS)
    gamma = check_real_array(weight_decay, "weight_decay", nonnegative=True)
    eta = check_learning_rate(learning_rate)
    check_broadcast({"weight_decay": gamma, "learning_rate": eta})
    value = gamma * (1.0 if convention == "loshchilov_hutter" else eta)
    _check_decay_per_step(value, f"weight_decay{'' if convention == 'loshchilov_hutter' else ' * learning_rate'} under "
                                 f"{convention!r}, from weight_decay={weight_decay!r:.40}, learning_rate={learning_rate!r:.40}: "
                                 f"reduce weight_decay{'' if convention == 'loshchilov_hutter' else ' or learning_rate'}")
    return float(value) if np.ndim(value) == 0 else value


def _check_decay_per_step(value: np.ndarray, source: str) -> None:
    """Refuse a decay per step of 1 or more: it is the fraction of the weights one step removes."""
    if np.any(value >= 1):
        raise ValueError(f"the decay per step must stay below 1 (it is the fraction of the weights one step removes), "
                         f"got {np.max(value):g} = {source}")


def consistent_weight_decay(decay_per_epoch: float | np.ndarray, batch_size: int | np.ndarray,
                            n_examples: int) -> np.ndarray | float:
    """The per-step decay whose ``N / B`` steps add up to ``decay_per_epoch``: ``γ_step = γ_epoch B / N``.

    >>> consistent_weight_decay(0.02, np.array([8, 64]), 512)
    array([0.0003125, 0.0025   ])
    """
    gamma = check_real_array(decay_per_epoch, "decay_per_epoch", nonnegative=True)
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_size = check_positive_int_array(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    check_broadcast({"decay_per_epoch": gamma, "batch_size": batch_size})
    value = gamma * batch_size / n_examples
    _check_decay_per_step(value, f"decay_per_epoch * batch_size / n_examples, from decay_per_epoch={decay_per_epoch!r:.40}, "
                                 f"batch_size={batch_size.tolist()!r:.40} and n_examples={n_examples}: reduce decay_per_epoch")
    return float(value) if np.ndim(value) == 0 else value


def normalized_weight_decay(normalized: float | np.ndarray, batch_size: int | np.ndarray, n_examples: int,
                            epochs: int) -> np.ndarray | float:
    """Loshchilov and Hutter's normalized weight decay: ``γ = γ_norm √(B / (N T))``.

    Their Appendix B writes ``λ = λ_norm √(b / (B T))`` with ``b`` the batch size, ``B`` the number
    of training points and ``T`` the number of epochs; the course writes ``γ`` for the decay, ``B``
    for the batch size and ``N`` for the number of examples. The decay per step grows as the
    *square root* of the batch size.

    >>> normalized_weight_decay(0.05, np.array([16, 64]), 1000, 4)
    array([0.00316228, 0.00632456])
    """
    gamma = check_real_array(normalized, "normalized", nonnegative=True)
    n_examples = check_positive_int(n_examples, "n_examples")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int_array(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    check_broadcast({"normalized": gamma, "batch_size": batch_size})
    value = gamma * np.sqrt(batch_size / (n_examples * epochs))
    _check_decay_per_step(value, f"normalized * sqrt(batch_size / (n_examples * epochs)), from normalized={normalized!r:.40}, "
                                 f"batch_size={batch_size.tolist()!r:.40}, n_examples={n_examples} and epochs={epochs}: "
                                 f"reduce normalized")
    return float(value) if np.ndim(value) == 0 else value


def decay_over_training(decay_per_step: float | np.ndarray, batch_size: int | np.ndarray, n_examples: int,
                        epochs: int) -> np.ndarray | float:
    """The factor the decay alone multiplies the weights by over training: ``(1 - γ_step) ** (T (N // B))``.

    (The last incomplete batch of an epoch is dropped, as the course's trainer does.)

    >>> decay_over_training(0.5, np.array([2, 4]), 8, 1)
    array([0.0625, 0.25  ])
    """
    gamma = check_real_array(decay_per_step, "decay_per_step", nonnegative=True)
    if np.any(gamma >= 1):
        raise ValueError(f"decay_per_step must be below 1 (the fraction of the weights removed per step), got {np.max(gamma):g}")
    n_examples = check_positive_int(n_examples, "n_examples")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int_array(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    check_broadcast({"decay_per_step": gamma, "batch_size": batch_size})
    value = (1.0 - gamma) ** (epochs * (n_examples // batch_size))
    return float(value) if np.ndim(value) == 0 else value


def train_decoupled_decay(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray, learning_rate: float,
                          weight_decay: float | np.ndarray, convention: str, epochs: int, seed: int = 0,
                          loss: str = "logistic") -> TrainingRun:
    """Train ``sum()`` at ``η`` and ``mean()`` at ``B η`` (matched data steps) under decoupled weight decay.

    Each step is ``w <- (1 - γ_step) w - lr grad(reduced loss)`` with ``lr = η`` under ``sum()``,
    ``lr = B η`` under ``mean()``, and ``γ_step`` from :func:`decay_per_step` with that ``lr``.
    ``weight_decay`` is one ``γ``, or one per batch size. Configuration shape
    ``(len(batch_sizes), 2)``, the last axis ``("sum", "mean")``; no L2 penalty.

    >>> X = np.array([[1.0, 1.0], [2.0, 1.0], [-1.0, 1.0], [-2.0, 1.0]]); y = np.array([1, 1, 0, 0])
    >>> run = train_decoupled_decay(X, y, batch_sizes=np.array([1, 2]), learning_rate=0.1, weight_decay=0.01,
    ...                             convention="keras", epochs=1)
    >>> run.weight_decay
    array([[0.001, 0.001],
           [0.001, 0.002]])
    """
    features, batch, eta = _features_batch_sizes_and_rate(features, batch_sizes, learning_rate)
    check_choice(convention, "convention", DECAY_CONVENTIONS)
    gamma = check_real_array(weight_decay, "weight_decay", nonnegative=True)
    if gamma.ndim and gamma.shape != batch.shape:
        raise ValueError(f"weight_decay must be one number or one per batch size ({batch.size}), got shape {gamma.shape}")
    rate = eta * np.stack([np.ones(batch.size), batch], axis=-1)
    per_step = gamma * (1.0 if convention == "loshchilov_hutter" else rate.max(axis=-1))
    if np.any(per_step >= 1):   # said here, in the caller's terms (decay_per_step sees the per-step learning rates)
        raise ValueError("the decay per step must stay below 1 (it is the fraction of the weights one step removes), got "
                         + (f"weight_decay = {np.max(per_step):g} under 'loshchilov_hutter': reduce weight_decay"
                            if convention == "loshchilov_hutter" else
                            f"{np.max(per_step):g} = weight_decay * learning_rate * B under {convention!r} (mean() steps at "
                            f"B * learning_rate): reduce weight_decay or learning_rate"))
    decay = decay_per_step(np.broadcast_to(gamma, batch.shape)[:, None], rate, convention)
    return train_linear_model(features, targets, loss=loss, batch_size=batch[:, None], learning_rate=rate,
                              reduction=np.array(["sum", "mean"]), weight_decay=decay, epochs=epochs, seed=seed,
                              record_steps=False)


def train_weight_growth(features: np.ndarray, targets: np.ndarray, *, batch_sizes: np.ndarray, learning_rate: float,
                        l2: float, epochs: int, seed: int = 0, loss: str = "logistic") -> TrainingRun:
    """Train every batch size under each of :data:`WEIGHT_GROWTH_SETTINGS`, to see what keeps weights small.

    ``sum at η`` and ``mean at Bη`` take the same per-example step; ``mean at η`` keeps the learning
    rate and so takes a ``B`` times smaller one, as ``sum at η/B`` does; ``sum + L2 at η`` and
    ``mean + L2 at Bη`` add an L2 penalty per batch, each chosen so that it weighs ``λ`` against the
    mean loss. Configuration shape ``(len(batch_sizes), 6)``; the weights are recorded
    after every epoch.

    >>> X = np.array([[1.0, 1.0], [2.0, 1.0], [-1.0, 1.0], [-2.0, 1.0]]); y = np.array([1, 1, 0, 0])
    >>> run = train_weight_growth(X, y, batch_sizes=np.array([2, 4]), learning_rate=0.1, l2=0.5, epochs=3)
    >>> run.weights.shape
    (2, 6, 4, 2)
    """
    features, batch, eta = _features_batch_sizes_and_rate(features, batch_sizes, learning_rate)
    lam = check_real(l2, "l2", nonnegative=True)
    b = batch[:, None].astype(float)
    one = np.ones_like(b)
    rate = eta * np.concatenate([one, b, one, 1.0 / b, one, b], axis=1)
    penalty = lam * np.concatenate([0 * b, 0 * b, 0 * b, 0 * b, b, one], axis=1)
    reduction = np.array(["sum", "mean", "mean", "sum", "sum", "mean"])
    return train_linear_model(features, targets, loss=loss, batch_size=batch[:, None], learning_rate=rate,
                              reduction=reduction, l2=penalty, epochs=epochs, seed=seed, record_steps=False)


def _features_batch_sizes_and_rate(features: object, batch_sizes: object, learning_rate: object) -> tuple[np.ndarray, np.ndarray, float]:
    """The trainers' shared arguments: a feature matrix, a 1-D list of batch sizes it can fill, one learning rate."""
    features = check_matrix(features, "features")
    batch = check_positive_int_array(batch_sizes, "batch_sizes", maximum=features.shape[0], what=" (the number of rows of features)")
    if batch.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {batch.shape}")
    return features, batch, check_real(learning_rate, "learning_rate", positive=True)


def batch_size_table(batch_sizes: np.ndarray, columns: dict[str, np.ndarray], *, digits: int = 4) -> str:
    """A text table: one row per batch size, one column per entry of ``columns`` (rounded to ``digits``).

    >>> print(batch_size_table(np.array([8, 64]), {"sum": np.array([0.5, 0.25])}, digits=2))
       B         sum
       8        0.50
      64        0.25
    """
    batch = check_positive_int_array(batch_sizes, "batch_sizes")
    digits = check_positive_int(digits, "digits")
    if not isinstance(columns, dict) or not columns:
        raise ValueError(f"columns must be a non-empty dict of column name -> values, got {columns!r}")
    if batch.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D (one row per batch size), got shape {batch.shape}")
    values = {}
    for name, column in columns.items():
        if not isinstance(name, str):
            raise TypeError(f"columns must be keyed by column names (str), got the key {name!r}")
        values[name] = check_real_array(column, f"columns[{name!r}]", largest=np.inf)
        if values[name].shape not in ((), batch.shape):
            raise ValueError(f"columns[{name!r}] must hold one value per entry of batch_sizes ({batch.size}), "
                             f"got shape {values[name].shape}")
        values[name] = np.broadcast_to(values[name], batch.shape)
    width = max(12, *(len(name) + 2 for name in values))
    lines = [f"{'B':>4}" + "".join(f"{name:>{width}}" for name in values)]
    for i, b in enumerate(batch):
        lines.append(f"{b:>4}" + "".join(f"{v[i]:>{width}.{digits}f}" for v in values.values()))
    return "\n".join(lines)
