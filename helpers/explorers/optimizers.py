"""Notebook 07: gradient clipping live, and Adam runs (the square-root rule; L2 against decoupled decay)."""

from __future__ import annotations

import numpy as np

from .._validation import (BYTES_PER_FLOAT, check_in_interval, check_matrix, check_positive_int, check_positive_int_array,
                           check_real, check_real_array, check_same_length, check_seed, check_work)
from ..adam import _adam_step
from ..clipping import batch_gradient_norms, clipped_fraction
from ..data import add_bias_column, make_two_gaussians
from ..losses import per_example_gradients, per_example_losses
from ..plotting import LEGEND_STYLE, SCHEME_STYLES, new_figure, style_axes
from ..widgets import Explorer, batch_size_slider, choice_slider, powers_of_two
from ._runs import check_option

THRESHOLD_MULTIPLES = (0.5, 1.0, 2.0, 4.0)
"""Slider values: the clipping threshold as a multiple of the median gradient norm at the tuned batch size."""

ADAM_RULES = ("no change", "linear", "square root", "square root, with betas and eps")
"""How the learning rate (and, for Malladi et al.'s rule, beta1, beta2 and eps) change when B grows by kappa."""


def gradient_norm_table(per_example: np.ndarray, batch_sizes: list[int], *, n_shuffles: int = 8, seed: int = 0) -> dict:
    """Every batch's reduced-gradient norm, for each batch size and reduction, over ``n_shuffles`` shuffled epochs.

    >>> table = gradient_norm_table(np.ones((8, 2)), [2, 4], n_shuffles=1)
    >>> table["sum"][4], table["mean"][4]
    (array([5.65685425, 5.65685425]), array([1.41421356, 1.41421356]))
    """
    per_example = check_matrix(per_example, "per_example")
    n = per_example.shape[0]
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=n, what=" (the number of rows of per_example)")
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be a 1-D list of batch sizes, got shape {sizes.shape}")
    if np.any(n % sizes):
        raise ValueError(f"batch_sizes must divide the number of rows of per_example ({n}), got {sizes[n % sizes != 0][0]}")
    n_shuffles = check_positive_int(n_shuffles, "n_shuffles")
    seed = check_seed(seed)
    check_work(f"the gradient norms of {sizes.size} batch sizes over {n_shuffles} shuffles of {n} examples",
               reduce="n_shuffles, batch_sizes or per_example", loops=10.0 * n_shuffles * sizes.size,
               elements=2.0 * 4 * n_shuffles * sizes.size * per_example.size,
               memory=3.0 * n_shuffles * per_example.size * BYTES_PER_FLOAT)
    batch_sizes = [int(b) for b in sizes]
    rng = np.random.default_rng(seed)
    orders = [rng.permutation(per_example.shape[0]) for _ in range(n_shuffles)]
    return {reduction: {b: np.concatenate([batch_gradient_norms(per_example[order], b, reduction) for order in orders])
                        for b in batch_sizes} for reduction in ("sum", "mean")}


def clipped_shares_over_seeds(n_seeds: int = 5, *, n_examples: int = 8192, tuned_batch_size: int = 32,
                              batch_size: int = 512, threshold_multiple: float = 1.0) -> dict[str, np.ndarray]:
    """The share of steps a threshold tuned at ``tuned_batch_size`` clips at ``batch_size``, for seeds 0 to ``n_seeds - 1``.

    Seed ``s`` draws notebook 07's data, ``make_two_gaussians(n_examples, seed=s)``, takes the logistic
    model's per-example gradients at ``w = 0``, and shuffles them with seed ``s`` into 8 epochs of batches
    (:func:`gradient_norm_table`). For each reduction the threshold is ``m`` times the median norm at the
    tuned batch size ``B0``, and the share clipped at ``B`` is

        share = (number of batches of B with |g_B| > m * median |g_B0|) / (number of batches of B).

    Returns ``{"sum": shares, "mean": shares}``, one share per seed.

    >>> shares = clipped_shares_over_seeds(2, n_examples=256, tuned_batch_size=8, batch_size=128)
    >>> shares["sum"].shape, bool(np.all(shares["sum"] == 1.0))
    ((2,), True)
    """
    n_seeds = check_positive_int(n_seeds, "n_seeds", maximum=100)
    n_examples = check_positive_int(n_examples, "n_examples", maximum=2**16)
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size", maximum=n_examples,
                                          what=" (n_examples)")
    batch_size = check_positive_int(batch_size, "batch_size", maximum=n_examples, what=" (n_examples)")
    for name, size in (("tuned_batch_size", tuned_batch_size), ("batch_size", batch_size)):
        if n_examples % size:
            raise ValueError(f"{name} must divide n_examples ({n_examples}), got {size}")
    threshold_multiple = check_real(threshold_multiple, "threshold_multiple", positive=True)
    shares = {"sum": np.zeros(n_seeds), "mean": np.zeros(n_seeds)}
    for seed in range(n_seeds):
        features, labels = make_two_gaussians(n_examples, seed=seed)
        per_example = per_example_gradients(np.zeros(3), add_bias_column(features), labels, "logistic")
        table = gradient_norm_table(per_example, [tuned_batch_size, batch_size], seed=seed)
        for reduction in shares:
            threshold = threshold_multiple * np.median(table[reduction][tuned_batch_size])
            shares[reduction][seed] = clipped_fraction(table[reduction][batch_size], threshold)
    return shares


def clipping_explorer(per_example: np.ndarray, *, tuned_batch_size: int = 32, batch_size: int = 256,
                      threshold_multiple: float = 1.0) -> Explorer:
    """Sliders for B and the threshold: how often a threshold tuned at ``tuned_batch_size`` clips, under sum() and mean().

    The threshold for each reduction is ``threshold_multiple`` times the median gradient norm at the tuned
    batch size, so both clip the same share of steps there.
    """
    per_example = check_matrix(per_example, "per_example")
    sizes = powers_of_two(1, min(1024, per_example.shape[0]))
    if per_example.shape[0] % sizes[-1]:
        raise ValueError(f"per_example must hold a multiple of {sizes[-1]} examples (every batch size on the slider, "
                         f"{sizes}, must divide it), got {per_example.shape[0]}")
    rows = " (the powers of two up to the number of rows of per_example)"
    tuned_batch_size = check_option(tuned_batch_size, "tuned_batch_size", sizes, what=rows)
    batch_size = check_option(batch_size, "batch_size", sizes, what=rows)
    threshold_multiple = check_option(threshold_multiple, "threshold_multiple", THRESHOLD_MULTIPLES)
    table = gradient_norm_table(per_example, sizes)
    medians = {r: np.array([np.median(table[r][b]) for b in sizes]) for r in ("sum", "mean")}
    tuned = {r: float(np.median(table[r][tuned_batch_size])) for r in ("sum", "mean")}
    if not min(tuned.values()) > 0:
        raise ValueError(f"per_example must not make the median gradient norm at tuned_batch_size ({tuned_batch_size}) zero "
                         f"(all-zero gradients): the clipping threshold, a multiple of it, would be 0")
    fractions = {(r, m): np.array([clipped_fraction(table[r][b], m * tuned[r]) for b in sizes])
                 for r in ("sum", "mean") for m in THRESHOLD_MULTIPLES}

    figure, (ax_fraction, ax_norm) = new_figure(2, height=3.8)
    fraction_lines, threshold_lines, rings = {}, {}, {}
    # The two thresholds differ in dash as well as colour (dotted, dash-dot): colour is never the only cue.
    threshold_dashes = {"sum": (0, (1, 2)), "mean": (0, (5, 2, 1, 2))}
    for reduction in ("sum", "mean"):
        style = {k: v for k, v in SCHEME_STYLES[reduction].items()}
        (fraction_lines[reduction],) = ax_fraction.plot([], [], label=f"{reduction}()", **style)
        ax_norm.plot(sizes, medians[reduction], label=f"median |g|, {reduction}()", **style)
        (threshold_lines[reduction],) = ax_norm.plot([], [], color=style["color"], linestyle=threshold_dashes[reduction], linewidth=1.4,
                                                     label=f"threshold, {reduction}()")
        (rings[reduction],) = ax_fraction.plot([], [], marker="o", markersize=15, markerfacecolor="none",
                                               markeredgecolor=style["color"], markeredgewidth=2.0, linestyle="none")
    ax_fraction.axvline(tuned_batch_size, color="0.5", linewidth=1.0, label=f"tuned at B = {tuned_batch_size}")
    ax_fraction.set_xlim(sizes[0] / 1.3, sizes[-1] * 1.3)
    ax_fraction.set_ylim(-0.04, 1.04)
    ax_fraction.legend(loc="center right", **LEGEND_STYLE)
    style_axes(ax_fraction, title="share of steps clipped", xlabel="batch size B", ylabel="share of batches with |g| > threshold",
               log2_x=True)
    ax_norm.set_yscale("log")
    ax_norm.legend(loc="upper left", **LEGEND_STYLE)
    style_axes(ax_norm, title="gradient norm and the threshold", xlabel="batch size B", ylabel="|g| of the reduced loss",
               log2_x=True)

    def update(batch_size: int, threshold_multiple: float) -> str:
        index = sizes.index(batch_size)
        shares = {}
        for reduction in ("sum", "mean"):
            line = fractions[(reduction, threshold_multiple)]
            fraction_lines[reduction].set_data(sizes, line)
            rings[reduction].set_data([batch_size], [line[index]])
            threshold = threshold_multiple * tuned[reduction]
            threshold_lines[reduction].set_data([sizes[0], sizes[-1]], [threshold, threshold])
            shares[reduction] = line[index]
        return (f"B = {batch_size}, threshold {threshold_multiple:g} x the median at B = {tuned_batch_size}: clips "
                f"{100 * shares['sum']:.0f} % of steps under sum(), {100 * shares['mean']:.0f} % under mean()")

    controls = {"batch_size": batch_size_slider(batch_size, maximum=sizes[-1]),
                "threshold_multiple": choice_slider(list(THRESHOLD_MULTIPLES), threshold_multiple, description="threshold multiple")}
    return Explorer(figure, controls, update, [*fraction_lines.values(), *threshold_lines.values(), *rings.values()])


def adam_rule_gaps(features: np.ndarray, targets: np.ndarray, *, base_batch_size: int, base_learning_rate: float,
                   factors: tuple[int, ...] = (2, 4, 8), epochs: int = 2, n_seeds: int = 16, eval_every: int = 128,
                   beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8) -> dict[str, np.ndarray]:
    """How far each scaling rule's loss curve at ``kappa B0`` strays from the curve at ``B0``, for each ``kappa``.

    Mini-batch Adam on least squares from ``w = 0``; the full-data loss is recorded every ``eval_every``
    examples, averaged over ``n_seeds`` shuffles; the gap is the mean ``|log L_rule - log L_B0|`` over the
    curve (0 = the same curve per example seen). Returns rule name -> gaps, one per factor.
    """
    features, targets = _check_regression(features, targets)
    n, d = features.shape
    base_batch_size = check_positive_int(base_batch_size, "base_batch_size", maximum=n, what=" (the number of rows of features)")
    base_learning_rate = check_real(base_learning_rate, "base_learning_rate", positive=True)
    factors = check_positive_int_array(factors, "factors", maximum=n // base_batch_size,
                                       what=f" (the number of examples / base_batch_size = {n // base_batch_size})")
    if factors.ndim != 1:
        raise ValueError(f"factors must be a 1-D list of batch-size multiples, got shape {factors.shape}")
    factors = tuple(int(k) for k in factors)
    epochs = check_positive_int(epochs, "epochs")
    n_seeds = check_positive_int(n_seeds, "n_seeds")
    eval_every = check_positive_int(eval_every, "eval_every", maximum=n, what=" (the number of rows of features)")
    largest = base_batch_size * max(factors)
    if any(eval_every % (base_batch_size * k) for k in factors):
        raise ValueError(f"eval_every must be a multiple of base_batch_size x every factor (so every curve is recorded at "
                         f"the same examples seen), got {eval_every} for batch sizes {[base_batch_size * k for k in factors]}")
    beta1 = float(check_in_interval(check_real(beta1, "beta1"), "beta1", 0.0, 1.0))
    beta2 = float(check_in_interval(check_real(beta2, "beta2"), "beta2", 0.0, 1.0))
    if max(factors) * (1 - beta1) > 1 or max(factors) * (1 - beta2) > 1:
        raise ValueError(f"beta1 and beta2 must be at least 1 - 1/{max(factors)} (the square-root rule's betas "
                         f"1 - kappa (1 - beta) must stay in [0, 1) for every factor), got beta1={beta1}, beta2={beta2}")
    epsilon = check_real(epsilon, "epsilon", nonnegative=True)
    curves = 1 + len(factors)
    check_work(f"Adam on {n} examples x {n_seeds} seeds x {epochs} epochs for {curves} batch sizes",
               reduce="epochs, n_seeds or the number of examples",
               loops=8.0 * epochs * (n // base_batch_size + sum(n // (base_batch_size * k) for k in factors)),
               elements=4.0 * 10 * epochs * n * n_seeds * d * curves
               + 4.0 * 3 * curves * epochs * (n // eval_every) * n_seeds * n * d,
               memory=4.0 * 8 * n_seeds * max(n, largest) * d * BYTES_PER_FLOAT)

    def curve(batch_size: int, rates: np.ndarray, b1: np.ndarray, b2: np.ndarray, eps: np.ndarray) -> np.ndarray:
        configs = rates.size
        rate_grid, eps_grid = np.repeat(rates[:, None], n_seeds, axis=1), np.repeat(eps[:, None], n_seeds, axis=1)
        weights = np.zeros((configs, n_seeds, d))
        first, second = np.zeros_like(weights), np.zeros_like(weights)
        rng = np.random.default_rng(0)
        points, step = [], 0
        for _ in range(epochs):
            orders = np.stack([rng.permutation(n) for _ in range(n_seeds)])
            for start in range(0, n - batch_size + 1, batch_size):
                x, y = features[orders[:, start:start + batch_size]], targets[orders[:, start:start + batch_size]]
                residual = np.einsum("sbd,csd->csb", x, weights) - y
                gradient = np.einsum("csb,sbd->csd", residual, x) / batch_size
                step += 1
                # arguments checked above: the unchecked step (betas per configuration, as the rates)
                weights, first, second = _adam_step(weights, gradient, first, second, step, rate_grid,
                                                    b1[:, None], b2[:, None], eps_grid)
                if (start + batch_size) % eval_every == 0:
                    points.append(per_example_losses(weights, features, targets, "squared").mean(axis=(-1, -2)))
        return np.array(points).T  # (configs, points)

    one = np.ones(1)
    reference = curve(base_batch_size, base_learning_rate * one, beta1 * one, beta2 * one, epsilon * one)[0]
    gaps = {rule: [] for rule in ADAM_RULES}
    for kappa in factors:
        rates = base_learning_rate * np.array([1.0, kappa, np.sqrt(kappa), np.sqrt(kappa)])
        b1 = np.array([beta1, beta1, beta1, 1 - kappa * (1 - beta1)])
        b2 = np.array([beta2, beta2, beta2, 1 - kappa * (1 - beta2)])
        eps = np.array([epsilon, epsilon, epsilon, epsilon / np.sqrt(kappa)])
        curves = curve(base_batch_size * kappa, rates, b1, b2, eps)
        if not (np.all(curves > 0) and np.all(reference > 0)):
            raise ValueError("the training loss reaches 0 (features and targets are fitted exactly: all-zero targets, "
                             "say), so the gap between log losses is undefined: use targets with noise")
        for rule, row in zip(ADAM_RULES, curves):
            gaps[rule].append(float(np.mean(np.abs(np.log(row) - np.log(reference)))))
    return {rule: np.array(values) for rule, values in gaps.items()}


def adam_l2_and_decay(features: np.ndarray, targets: np.ndarray, *, learning_rate: float = 0.05, strength: float = 0.1,
                      steps: int = 300, epsilon: float = 1e-8) -> dict[tuple[str, str], np.ndarray]:
    """Full-batch Adam with an L2 penalty in the gradient, and AdamW with decoupled decay, under sum() and mean().

    ``g = c grad L_mean + lambda w`` (Adam + L2, PyTorch's ``Adam(weight_decay=lambda)``) or
    ``w <- w - eta gamma w`` then Adam on ``c grad L_mean`` (``AdamW(weight_decay=gamma)``), with ``c = 1``
    (mean) or ``c = N`` (sum over the whole data set as the batch). Returns the final weights per
    (optimizer, reduction).
    """
    features, targets = _check_regression(features, targets)
    n, d = features.shape
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    strength = check_real(strength, "strength", nonnegative=True)
    if learning_rate * strength >= 1:
        raise ValueError(f"learning_rate x strength must stay below 1 (AdamW removes that fraction of the weights per step), "
                         f"got learning_rate={learning_rate:g}, strength={strength:g}")
    steps = check_positive_int(steps, "steps")
    epsilon = check_real(epsilon, "epsilon", nonnegative=True)
    check_work(f"{steps} full-batch Adam steps on {n} examples", reduce="steps or the number of examples",
               loops=8.0 * steps, elements=4.0 * 10 * steps * n * d, memory=4.0 * 4 * n * d * BYTES_PER_FLOAT)
    scale = np.array([1.0, n, 1.0, n])
    l2 = np.array([strength, strength, 0.0, 0.0])
    decay = np.array([0.0, 0.0, strength, strength])
    weights = np.zeros((4, d))
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    rates, eps = np.full(4, learning_rate), np.full(4, epsilon)
    for step in range(1, steps + 1):
        gradient = scale[:, None] * per_example_gradients(weights, features, targets, "squared").mean(axis=-2) + l2[:, None] * weights
        decayed = weights - (learning_rate * decay)[:, None] * weights
        weights, first, second = _adam_step(decayed, gradient, first, second, step, rates, 0.9, 0.999, eps)
    labels = [("Adam + L2", "mean"), ("Adam + L2", "sum"), ("AdamW", "mean"), ("AdamW", "sum")]
    return {label: weights[i] for i, label in enumerate(labels)}


def _check_regression(features: object, targets: object) -> tuple[np.ndarray, np.ndarray]:
    features = check_matrix(features, "features")
    targets = check_real_array(targets, "targets")
    if targets.ndim != 1:
        raise ValueError(f"targets must be 1-D (one target per example), got shape {targets.shape}")
    check_same_length(features, "features", targets, "targets")
    return features, targets
