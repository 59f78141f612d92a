"""The linear scaling rule on the network, on a fixed budget of epochs, with and without a gradual warm-up.

The protocol of Goyal et al. (arXiv:1706.02677, §2.1 and §2.2), at the scale of a notebook:

1. **tune** the ``mean()`` learning rate at a small batch ``B_0``: train at every rate of a grid, at every
   seed, and keep the rate ``eta_0`` with the lowest final training loss averaged over the seeds;
2. **scale** it: at each batch size ``B`` train with ``eta_0 B / B_0`` for the same number of epochs (so
   with ``B / B_0`` times fewer steps), once without and once with a warm-up that ramps the rate from
   ``eta_0`` up to ``eta_0 B / B_0`` over the first epochs;
3. **compare** each run's final training loss with the ``B_0`` run's at the same seed.

:func:`linear_rule_study` runs all of it, vectorized over batch sizes, warm-up and seeds (two calls of
:func:`helpers.network_training.train_network`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_learning_rate, check_positive_int, check_positive_int_array, check_real, check_seeds, check_work
from .network import _check_data, _check_field, _check_layer_sizes, network_scores, parameter_count
from .network_training import NetworkRun, _check_test_set, train_network

__all__ = ["WARMUP", "LinearRuleStudy", "LinearRuleSweep", "linear_rule_study", "linear_rule_sweep", "warmup_starts"]

WARMUP = ("no warm-up", "warm-up")
"""The last axis of a study's results: without, then with the gradual warm-up."""


def warmup_starts(learning_rates: np.ndarray, batch_sizes: np.ndarray, tuned_batch_size: int) -> np.ndarray:
    """Where a warm-up to ``eta`` at batch size ``B`` starts: ``eta B_0 / B``, the rate the linear rule gives at ``B_0``.

    On the linear rule (``eta = eta_0 B / B_0``) that is ``eta_0``, Goyal et al.'s start; at ``B_0`` itself
    the ramp is flat (no warm-up).

    >>> warmup_starts(np.array([0.8, 3.2]), np.array([16, 64]), 8)
    array([0.4, 0.4])
    """
    rates = check_learning_rate(learning_rates, "learning_rates")
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes")
    try:
        return rates * tuned_batch_size / sizes
    except ValueError:
        raise ValueError(f"learning_rates and batch_sizes must broadcast against each other, got shapes {rates.shape} "
                         f"and {sizes.shape}") from None


@dataclass(frozen=True)
class LinearRuleStudy:
    """What :func:`linear_rule_study` returns. ``K`` seeds, ``R`` tuning rates, ``M`` batch sizes.

    Attributes
    ----------
    seeds : int array (K,)
    layer_sizes : tuple of int
    tuned_batch_size : int
        ``B_0``.
    learning_rates : array (R,)
        The tuning grid.
    tuning_loss : array (K, R)
        Final training loss at ``B_0`` for each seed and rate (NaN where the run diverged).
    tuned_rate : float
        ``eta_0``: the grid rate with the lowest tuning loss averaged over the seeds.
    batch_sizes : int array (M,)
    warmup_epochs : float
    loss, test_accuracy : arrays (K, M, 2)
        Final training loss and test accuracy along the linear rule, without then with warm-up (NaN where
        the run diverged).
    diverged : bool array (K, M, 2)
    reference_parameters : array (K, epochs + 1, P)
        The parameters of each seed's ``B_0`` run (no warm-up) at the start and at the end of every epoch.
    epochs : int
    """

    seeds: np.ndarray
    layer_sizes: tuple
    tuned_batch_size: int
    learning_rates: np.ndarray
    tuning_loss: np.ndarray
    tuned_rate: float
    batch_sizes: np.ndarray
    warmup_epochs: float
    loss: np.ndarray
    test_accuracy: np.ndarray
    diverged: np.ndarray
    reference_parameters: np.ndarray
    epochs: int

    def __post_init__(self) -> None:
        sizes = _check_layer_sizes(self.layer_sizes)
        epochs = check_positive_int(self.epochs, "epochs")
        tuned = check_positive_int(self.tuned_batch_size, "tuned_batch_size")
        batch_sizes = check_positive_int_array(self.batch_sizes, "batch_sizes")
        rates = check_learning_rate(self.learning_rates, "learning_rates")
        seeds = _check_field(self, "seeds", None, dtype="iu")
        if batch_sizes.ndim != 1 or rates.ndim != 1 or seeds.ndim != 1:
            raise ValueError("batch_sizes, learning_rates and seeds must be 1-D")
        if tuned not in batch_sizes:
            raise ValueError(f"tuned_batch_size must be one of batch_sizes {batch_sizes.tolist()}, got {tuned}")
        check_real(self.tuned_rate, "tuned_rate", positive=True)
        check_real(self.warmup_epochs, "warmup_epochs", positive=True)
        _check_field(self, "tuning_loss", seeds.shape + rates.shape)
        for name in ("loss", "test_accuracy"):
            _check_field(self, name, seeds.shape + batch_sizes.shape + (2,))
        _check_field(self, "diverged", seeds.shape + batch_sizes.shape + (2,), dtype="b")
        _check_field(self, "reference_parameters", seeds.shape + (epochs + 1, parameter_count(sizes)))

    @property
    def scaled_rates(self) -> np.ndarray:
        """The linear rule's rate at each batch size: ``eta_0 B / B_0``, shape (M,)."""
        return self.tuned_rate * self.batch_sizes / self.tuned_batch_size

    @property
    def loss_ratio(self) -> np.ndarray:
        """Final training loss over the ``B_0`` run's at the same seed (inf where diverged): shape (K, M, 2)."""
        reference = self.loss[:, list(self.batch_sizes).index(self.tuned_batch_size), 0]
        return np.where(self.diverged, np.inf, self.loss / reference[:, None, None])

    def matches(self, factor: float = 2.0) -> np.ndarray:
        """Whether each run's final training loss is within ``factor`` of the ``B_0`` run's: bool (K, M, 2)."""
        factor = check_real(factor, "factor", positive=True)
        if factor < 1:
            raise ValueError(f"factor must be at least 1 (the B_0 run matches itself), got {factor}")
        return self.loss_ratio <= factor

    def largest_matching(self, factor: float = 2.0) -> np.ndarray:
        """The largest ``B`` up to which every batch size matches (see :meth:`matches`): shape (K, 2).

        The batch sizes are taken in increasing order from ``B_0``; the first that does not match ends the run.
        """
        match = self.matches(factor)
        order = np.argsort(self.batch_sizes)
        sizes = self.batch_sizes[order]
        above = sizes >= self.tuned_batch_size
        ok = np.cumprod(match[:, order][:, above], axis=1).astype(bool)   # matched at every size so far
        counts = ok.sum(axis=1)                                                 # (K, 2)
        return sizes[above][np.maximum(counts - 1, 0)]


def linear_rule_study(features: np.ndarray, labels: np.ndarray, test_features: np.ndarray, test_labels: np.ndarray, *,
                      layer_sizes: tuple[int, ...], tuned_batch_size: int, learning_rates: np.ndarray,
                      batch_sizes: np.ndarray, warmup_epochs: float, epochs: int, seeds: list[int] | np.ndarray
                      ) -> LinearRuleStudy:
    """Tune at ``B_0``, scale linearly to every batch size, with and without warm-up, at every seed.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(64, 4)), rng.integers(0, 3, 64)
    >>> study = linear_rule_study(X, y, X, y, layer_sizes=(4, 5, 3), tuned_batch_size=4,
    ...                           learning_rates=np.array([0.05, 0.1]), batch_sizes=np.array([4, 8, 16]),
    ...                           warmup_epochs=1.0, epochs=2, seeds=[0, 1])
    >>> study.loss.shape, study.tuned_rate in (0.05, 0.1)
    ((2, 3, 2), True)
    """
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    rates = check_learning_rate(learning_rates, "learning_rates")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes")
    if rates.ndim != 1 or sizes.ndim != 1:
        raise ValueError(f"learning_rates and batch_sizes must be 1-D grids, got shapes {rates.shape} and {sizes.shape}")
    if tuned_batch_size not in sizes:
        raise ValueError(f"tuned_batch_size must be one of batch_sizes {sizes.tolist()}, got {tuned_batch_size}")
    warmup_epochs = check_real(warmup_epochs, "warmup_epochs", positive=True)
    seed_array = check_seeds(seeds)
    epochs = check_positive_int(epochs, "epochs")
    sizes_checked, _, _ = _check_data(layer_sizes, features, labels)
    _check_test_set(test_features, test_labels, sizes_checked)
    check_work(f"a linear-rule study of {rates.size} tuning rates and {sizes.size} batch sizes at {seed_array.size} seeds",
               reduce="epochs, seeds, learning_rates or batch_sizes", loops=float(seed_array.size) * (rates.size + 2 * sizes.size))
    tuning = train_network(features, labels, layer_sizes=layer_sizes, batch_size=tuned_batch_size,
                           learning_rate=rates[None, :], reduction="mean", epochs=epochs, seed=seed_array[:, None])
    tuning_loss = tuning.final_loss
    mean_loss = np.where(np.isnan(tuning_loss).any(axis=0), np.inf, tuning_loss.mean(axis=0))
    tuned_rate = float(rates[np.argmin(mean_loss)])
    scaled = tuned_rate * sizes / tuned_batch_size
    runs = train_network(features, labels, layer_sizes=layer_sizes, batch_size=sizes[None, :, None],
                         learning_rate=scaled[None, :, None], reduction="mean", epochs=epochs,
                         warmup_epochs=np.array([0.0, warmup_epochs])[None, None, :], warmup_start=tuned_rate,
                         seed=seed_array[:, None, None], record_parameters=True)
    return LinearRuleStudy(seeds=seed_array, layer_sizes=runs.layer_sizes, tuned_batch_size=tuned_batch_size, learning_rates=rates, tuning_loss=tuning_loss,
                           tuned_rate=tuned_rate, batch_sizes=sizes, warmup_epochs=warmup_epochs, loss=runs.final_loss,
                           test_accuracy=_test_accuracy(runs, test_features, test_labels), diverged=runs.diverged,
                           reference_parameters=runs.parameters[:, list(sizes).index(tuned_batch_size), 0], epochs=epochs)


@dataclass(frozen=True)
class LinearRuleSweep:
    """What :func:`linear_rule_sweep` returns: the runs, configuration shape ``(M, R, 2)`` (batch sizes,
    learning rates, without and with warm-up), and each run's final test accuracy (NaN where it diverged)."""

    run: NetworkRun
    test_accuracy: np.ndarray

    def __post_init__(self) -> None:
        if not isinstance(self.run, NetworkRun) or self.run.diverged.ndim != 3 or self.run.diverged.shape[-1] != 2:
            raise TypeError(f"run must be a NetworkRun of configuration shape (batch sizes, learning rates, 2), got "
                            f"{type(self.run).__name__}")
        _check_field(self, "test_accuracy", self.run.diverged.shape, dtype="f")


def linear_rule_sweep(features: np.ndarray, labels: np.ndarray, test_features: np.ndarray, test_labels: np.ndarray,
                      study: LinearRuleStudy, *, learning_rates: np.ndarray) -> LinearRuleSweep:
    """Every batch size of ``study`` x every rate of ``learning_rates`` x without and with its warm-up, at its
    first seed.

    A warm-up to ``eta`` at ``B`` starts from ``eta B_0 / B`` (:func:`warmup_starts`), so on the linear rule it
    is the study's own warm-up. This is what the live figure of notebook 08 shows.

    >>> rng = np.random.default_rng(0)
    >>> X, y = rng.normal(size=(64, 4)), rng.integers(0, 3, 64)
    >>> study = linear_rule_study(X, y, X, y, layer_sizes=(4, 5, 3), tuned_batch_size=4,
    ...                           learning_rates=np.array([0.05, 0.1]), batch_sizes=np.array([4, 8]),
    ...                           warmup_epochs=1.0, epochs=2, seeds=[0])
    >>> linear_rule_sweep(X, y, X, y, study, learning_rates=np.array([0.1, 0.2, 0.4])).run.loss.shape
    (2, 3, 2, 3)
    """
    if not isinstance(study, LinearRuleStudy):
        raise TypeError(f"study must be a LinearRuleStudy (what linear_rule_study returns), got {type(study).__name__}")
    rates = check_learning_rate(learning_rates, "learning_rates")
    if rates.ndim != 1:
        raise ValueError(f"learning_rates must be a 1-D grid, got shape {rates.shape}")
    rates = np.sort(rates)
    _check_test_set(test_features, test_labels, study.layer_sizes)
    sizes = np.sort(study.batch_sizes)
    starts = warmup_starts(rates[None, :, None], sizes[:, None, None], study.tuned_batch_size)
    run = train_network(features, labels, layer_sizes=study.layer_sizes, batch_size=sizes[:, None, None],
                        learning_rate=rates[None, :, None], reduction="mean", epochs=study.epochs,
                        warmup_epochs=np.array([0.0, study.warmup_epochs])[None, None, :], warmup_start=starts,
                        seed=int(study.seeds[0]))
    return LinearRuleSweep(run=run, test_accuracy=_test_accuracy(run, test_features, test_labels))


def _test_accuracy(run: NetworkRun, test_features: object, test_labels: object) -> np.ndarray:
    """Each run's final test accuracy, NaN where it diverged."""
    scores = network_scores(run.final_parameters, run.layer_sizes, test_features)
    labels = np.asarray(test_labels)
    if labels.shape != scores.shape[-2:-1]:
        raise ValueError(f"test_labels must hold one label per test example ({scores.shape[-2]}), got shape {labels.shape}")
    return np.where(run.diverged, np.nan, (scores.argmax(axis=-1) == labels).mean(axis=-1))
