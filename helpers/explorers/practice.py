"""Notebook 06: gradient accumulation over padded sequences, and data-parallel workers, live."""

from __future__ import annotations

import numpy as np

from .._validation import BYTES_PER_FLOAT, check_choice, check_positive_int, check_work
from ..accumulation import (ACCUMULATION_SCHEMES, accumulation_error, micro_batch_token_counts, relative_error, sequence_lengths,
                            token_gradients, token_weights)
from ..distributed import data_parallel_gradient, example_weights, shard_sizes
from ..plotting import LEGEND_STYLE, PALETTE, SCHEME_STYLES, new_figure, set_steps, style_axes
from ..widgets import Explorer, choice_slider
from ._runs import check_option

LENGTH_SPREADS = (0.0, 0.25, 0.5, 0.75, 0.9)
"""Slider values for the spread of sequence lengths (lengths uniform in mean x (1 +/- spread))."""

MICRO_BATCH_COUNTS = (1, 2, 4, 8, 16, 32)
"""Slider values for the number of micro-batches M (32 sequences: one per micro-batch at most)."""

WORKER_COUNTS = (1, 2, 4, 8, 16)
"""Slider values for the number of data-parallel workers K."""

IMBALANCES = (0.0, 0.25, 0.5, 0.75, 0.9)
"""Slider values for how unequal the workers' shards are (see :func:`helpers.distributed.shard_sizes`)."""


def _weights_and_error_figure(n_items: int, line_styles: dict[str, dict], weight_limits: tuple[float, float], weights_text: dict,
                              x_values: tuple, grid: np.ndarray, series_label: str, series_values: tuple, error_text: dict):
    """Left: per-item weights as steps (one animated line per style); right: error curves, one per series, and a ring."""
    figure, (ax_weights, ax_error) = new_figure(2, height=3.8)
    lines = {}
    for label, style in line_styles.items():
        (lines[label],) = ax_weights.plot([], [], drawstyle="steps-post", label=label, **style)
    ax_weights.set_xlim(0, n_items)
    ax_weights.set_yscale("log", base=2)
    ax_weights.set_ylim(*weight_limits)
    ax_weights.legend(loc="upper left", **LEGEND_STYLE)
    style_axes(ax_weights, **weights_text)
    colours = [PALETTE[c] for c in ("black", "wine", "indigo", "green", "blue", "vermillion")]
    markers = ("o", "s", "^", "v", "D", "P")
    for column, value in enumerate(series_values):
        ax_error.plot(x_values, 100 * grid[:, column], color=colours[column], marker=markers[column], linewidth=1.6,
                      label=f"{series_label} = {value}")
    (ring,) = ax_error.plot([], [], marker="o", markersize=16, markerfacecolor="none", markeredgecolor=PALETTE["black"],
                            markeredgewidth=2.0, linestyle="none")
    ax_error.set_ylim(-0.05 * 100 * grid.max(), 1.15 * 100 * grid.max())
    ax_error.legend(loc="upper left", **LEGEND_STYLE, ncol=2)
    style_axes(ax_error, **error_text)
    return figure, lines, ring


def accumulation_error_grid(*, n_sequences: int = 32, mean_length: int = 64, n_batches: int = 64,
                            scheme: str = "mean of micro-batch means") -> np.ndarray:
    """Mean relative gradient error of ``scheme`` against the token mean, shape ``(spreads, M values)``.

    Batch ``j`` draws its lengths with seed ``j``, so every cell averages the same ``n_batches`` batches.

    >>> grid = accumulation_error_grid(n_batches=2)
    >>> grid.shape, bool(np.all(grid[0] < 1e-12)), bool(np.all(grid[:, 0] < 1e-12))   # equal lengths, or M = 1: exact
    ((5, 6), True, True)
    """
    n_sequences, mean_length, n_batches = _check_accumulation_sizes(n_sequences, mean_length, n_batches)
    check_choice(scheme, "scheme", ACCUMULATION_SCHEMES)
    gradients = token_gradients(n_batches, n_sequences, 2 * mean_length, seed=0)
    grid = np.zeros((len(LENGTH_SPREADS), len(MICRO_BATCH_COUNTS)))
    for row, spread in enumerate(LENGTH_SPREADS):
        for batch in range(n_batches):
            lengths = sequence_lengths(n_sequences, mean_length, spread, seed=batch)
            for column, m in enumerate(MICRO_BATCH_COUNTS):
                grid[row, column] += accumulation_error(gradients[batch], lengths, m, scheme) / n_batches
    return grid


def accumulation_explorer(*, spread: float = 0.5, n_micro_batches: int = 4, n_sequences: int = 32,
                          mean_length: int = 64, n_batches: int = 64) -> Explorer:
    """Sliders for the spread of lengths and M: how much each token counts, and the gradient's error.

    Left: for one accumulated batch (seed 0), the weight of each sequence's tokens under "mean of
    micro-batch means" and "sequence mean", relative to the token mean's ``1 / (total tokens)``.
    Right: the mean relative gradient error of "mean of micro-batch means" over ``n_batches``
    batches, against the spread, one line per M; the current setting is ringed.
    """
    spread = check_option(spread, "spread", LENGTH_SPREADS)
    n_micro_batches = check_option(n_micro_batches, "n_micro_batches", MICRO_BATCH_COUNTS)
    grid = accumulation_error_grid(n_sequences=n_sequences, mean_length=mean_length, n_batches=n_batches)
    figure, lines, current = _weights_and_error_figure(
        n_sequences,
        {"mean of micro-batch means": {"color": SCHEME_STYLES["mean"]["color"], "linewidth": 2.2},
         "sequence mean": {"color": PALETTE["indigo"], "linestyle": ":", "linewidth": 2.0}},
        (0.09, 12),
        {"title": "weight of each sequence's tokens (1 = token mean, the full batch)",
         "xlabel": "sequence in the accumulated batch", "ylabel": "weight x total tokens"},
        LENGTH_SPREADS, grid, "M", MICRO_BATCH_COUNTS,
        {"title": f"gradient error, mean over {n_batches} batches", "xlabel": "spread of sequence lengths",
         "ylabel": "|g_accumulated - g_full| / |g_full| (%)"})
    micro_line, sequence_line = lines.values()
    positions = np.arange(n_sequences + 1)

    def update(spread: float, n_micro_batches: int) -> str:
        lengths = sequence_lengths(n_sequences, mean_length, spread, seed=0)
        total = lengths.sum()
        micro = total * token_weights(lengths, n_micro_batches, "mean of micro-batch means")
        per_sequence = total * token_weights(lengths, n_micro_batches, "sequence mean")
        set_steps(micro_line, positions, micro)
        set_steps(sequence_line, positions, per_sequence)
        row, column = LENGTH_SPREADS.index(spread), MICRO_BATCH_COUNTS.index(n_micro_batches)
        current.set_data([spread], [100 * grid[row, column]])
        counts = micro_batch_token_counts(lengths, n_micro_batches)
        return (f"M = {n_micro_batches}, spread {spread:g}: micro-batches hold {counts.min()} to {counts.max()} tokens, so a token "
                f"counts {micro.min():.2f} to {micro.max():.2f} times its full-batch weight; the accumulated gradient is off "
                f"by {100 * grid[row, column]:.1f} % on average")

    controls = {
        "spread": choice_slider(list(LENGTH_SPREADS), spread, description="spread of lengths"),
        "n_micro_batches": choice_slider(list(MICRO_BATCH_COUNTS), n_micro_batches, description="micro-batches M"),
    }
    return Explorer(figure, controls, update, [micro_line, sequence_line, current])


def data_parallel_error_grid(*, batch_size: int = 64, n_batches: int = 64) -> np.ndarray:
    """Mean relative error of DDP's averaged worker means against the global mean, shape ``(imbalances, K values)``.

    The per-example gradients are those of a seeded least-squares problem at ``w = 0``.

    >>> grid = data_parallel_error_grid(n_batches=2)
    >>> grid.shape, bool(np.all(grid[0] < 1e-12)), bool(np.all(grid[:, 0] < 1e-12))   # equal shards, or K = 1: exact
    ((5, 5), True, True)
    """
    batch_size, n_batches = _check_data_parallel_sizes(batch_size, n_batches)
    gradients = token_gradients(n_batches, batch_size, 1, seed=1)[:, :, 0, :]   # one example per "sequence"
    reference = gradients.mean(axis=1)
    grid = np.zeros((len(IMBALANCES), len(WORKER_COUNTS)))
    for row, imbalance in enumerate(IMBALANCES):
        for column, k in enumerate(WORKER_COUNTS):
            agreed = data_parallel_gradient(gradients, shard_sizes(batch_size, k, imbalance), "mean", "average")
            grid[row, column] = np.mean(relative_error(agreed, reference))
    return grid


def data_parallel_explorer(*, n_workers: int = 4, imbalance: float = 0.5, batch_size: int = 64, n_batches: int = 64) -> Explorer:
    """Sliders for K and the imbalance: each example's weight under DDP, and the gradient's error.

    Left: each example's weight (times B) when every worker takes its shard's ``mean()`` and the
    all-reduce averages (PyTorch DDP), and when every worker divides its sum by the global batch size
    (``tf.nn.compute_average_loss``). Right: DDP's mean relative gradient error against the global
    mean, over ``n_batches`` batches, against the imbalance, one line per K.
    """
    n_workers = check_option(n_workers, "n_workers", WORKER_COUNTS)
    imbalance = check_option(imbalance, "imbalance", IMBALANCES)
    batch_size, n_batches = _check_data_parallel_sizes(batch_size, n_batches)
    check_work(f"the example weights of a batch of {batch_size}", reduce="batch_size",
               memory=3.0 * batch_size**2 * BYTES_PER_FLOAT)   # helpers.distributed.example_weights, once per slider state
    grid = data_parallel_error_grid(batch_size=batch_size, n_batches=n_batches)
    figure, lines, current = _weights_and_error_figure(
        batch_size,
        {"worker mean(), all-reduce average (DDP)": {"color": SCHEME_STYLES["mean"]["color"], "linewidth": 2.2},
         "worker sum / global B, all-reduce sum": {"color": SCHEME_STYLES["mean, scaled lr"]["color"], "linestyle": ":",
                                                   "linewidth": 2.6}},
        (0.25, 16),
        {"title": "weight of each example (1 = global mean)", "xlabel": "example in the global batch", "ylabel": "weight x B"},
        IMBALANCES, grid, "K", WORKER_COUNTS,
        {"title": f"DDP gradient error, mean over {n_batches} batches", "xlabel": "imbalance of the shards",
         "ylabel": "|g_DDP - g_mean| / |g_mean| (%)"})
    ddp_line, global_line = lines.values()
    positions = np.arange(batch_size + 1)

    def update(n_workers: int, imbalance: float) -> str:
        sizes = shard_sizes(batch_size, n_workers, imbalance)
        ddp = batch_size * example_weights(sizes, "mean", "average")
        global_batch = batch_size * example_weights(sizes, "global batch", "sum")
        set_steps(ddp_line, positions, ddp)
        set_steps(global_line, positions, global_batch)
        row, column = IMBALANCES.index(imbalance), WORKER_COUNTS.index(n_workers)
        current.set_data([imbalance], [100 * grid[row, column]])
        return (f"K = {n_workers}, imbalance {imbalance:g}: shards of {sizes.min()} to {sizes.max()} examples; under DDP an "
                f"example counts {ddp.min():.2f} to {ddp.max():.2f} times its global-mean weight; gradient off by "
                f"{100 * grid[row, column]:.1f} % on average")

    controls = {
        "n_workers": choice_slider(list(WORKER_COUNTS), n_workers, description="workers K"),
        "imbalance": choice_slider(list(IMBALANCES), imbalance, description="imbalance"),
    }
    return Explorer(figure, controls, update, [ddp_line, global_line, current])


def _check_accumulation_sizes(n_sequences: object, mean_length: object, n_batches: object) -> tuple[int, int, int]:
    """Sizes every micro-batch count of the slider divides, and work that fits the course's budget."""
    n_sequences = check_positive_int(n_sequences, "n_sequences")
    if n_sequences % max(MICRO_BATCH_COUNTS):
        raise ValueError(f"n_sequences must be a multiple of {max(MICRO_BATCH_COUNTS)} (every micro-batch count on the "
                         f"slider, {list(MICRO_BATCH_COUNTS)}, must divide it), got {n_sequences}")
    mean_length = check_positive_int(mean_length, "mean_length")
    n_batches = check_positive_int(n_batches, "n_batches")
    tokens = float(n_batches) * n_sequences * 2 * mean_length
    cells = len(LENGTH_SPREADS) * len(MICRO_BATCH_COUNTS)
    check_work(f"the accumulation error grid over {n_batches} batches of {n_sequences} sequences of up to {2 * mean_length} tokens",
               reduce="n_batches, n_sequences or mean_length", loops=10.0 * n_batches * cells,
               elements=10.0 * tokens * 3 * cells, memory=4 * tokens * 4 * BYTES_PER_FLOAT)
    return n_sequences, mean_length, n_batches


def _check_data_parallel_sizes(batch_size: object, n_batches: object) -> tuple[int, int]:
    """A batch every worker count of the slider can split, and work that fits the course's budget."""
    batch_size = check_positive_int(batch_size, "batch_size")
    if batch_size < max(WORKER_COUNTS):
        raise ValueError(f"batch_size must be at least {max(WORKER_COUNTS)} (every worker count on the slider, "
                         f"{list(WORKER_COUNTS)}, needs an example per worker), got {batch_size}")
    n_batches = check_positive_int(n_batches, "n_batches")
    examples = float(n_batches) * batch_size
    cells = len(IMBALANCES) * len(WORKER_COUNTS)
    check_work(f"the data-parallel error grid over {n_batches} batches of {batch_size}", reduce="n_batches or batch_size",
               loops=40.0 * cells, elements=30.0 * examples * 3 * cells, memory=6 * examples * 4 * BYTES_PER_FLOAT)
    return batch_size, n_batches
