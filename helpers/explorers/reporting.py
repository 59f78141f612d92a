"""Notebook 01, part 1: what a reported batch loss means under ``sum()`` and ``mean()``."""

from __future__ import annotations

import numpy as np

from .._validation import check_positive_int_array, check_real_array
from ..plotting import LEGEND_STYLE, PALETTE, SCHEME_STYLES, new_figure, set_steps, style_axes
from ..reduction import reduce_losses, split_into_batches
from ..widgets import Explorer, batch_size_slider, powers_of_two
from ._runs import check_option

MAX_LOSSES = 2**20
"""The most losses :func:`reported_loss_explorer` draws (a slider of 21 batch sizes, as the update-size figure's)."""


def batch_reports(per_example_losses: np.ndarray, batch_sizes: list[int]) -> dict[int, dict[str, np.ndarray]]:
    """The loss each batch reports under ``sum()`` and ``mean()``, for every batch size.

    The examples are taken in the given order and cut into consecutive batches.

    Returns
    -------
    dict mapping batch size to ``{"sum": array, "mean": array}``, one entry per batch.

    Examples
    --------
    >>> reports = batch_reports(np.array([1.0, 0.0, 0.0, 1.0]), [2])
    >>> reports[2]["sum"], reports[2]["mean"]
    (array([1., 1.]), array([0.5, 0.5]))
    """
    losses = check_real_array(per_example_losses, "per_example_losses")
    if losses.ndim != 1:
        raise ValueError(f"per_example_losses must be 1-D, got shape {losses.shape}")
    sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=losses.shape[0], what=" (the number of per_example_losses)")
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be a 1-D list of batch sizes, got shape {sizes.shape}")
    if np.any(losses.shape[0] % sizes):
        raise ValueError(f"batch_sizes must divide the number of per_example_losses ({losses.shape[0]}), "
                         f"got {sizes[losses.shape[0] % sizes != 0][0]}")
    batch_sizes = [int(b) for b in sizes]
    return {
        b: {r: reduce_losses(split_into_batches(losses, b), r) for r in ("sum", "mean")}
        for b in batch_sizes
    }


def reported_loss_explorer(per_example_losses: np.ndarray, *, batch_size: int = 64) -> Explorer:
    """A batch-size slider over the per-batch reported 0-1 loss of one epoch, ``mean()`` left, ``sum()`` right.

    ``len(per_example_losses)`` must be a power of two (every slider value then divides it).
    """
    losses = check_real_array(per_example_losses, "per_example_losses")
    if losses.ndim != 1:
        raise ValueError(f"per_example_losses must be 1-D, got shape {losses.shape}")
    n = losses.shape[0]
    if n > MAX_LOSSES:
        raise ValueError(f"per_example_losses must hold at most 2**20 = {MAX_LOSSES} losses (one slider state draws every "
                         f"one), got {n}")
    sizes = powers_of_two(1, n)
    if sizes[-1] != n:
        raise ValueError(f"per_example_losses must hold a power-of-two number of examples, got {n}")
    check_option(batch_size, "batch_size", sizes, what=" (the powers of two up to the number of per_example_losses)")
    reports = batch_reports(losses, sizes)  # every slider value, computed once

    figure, (ax_mean, ax_sum) = new_figure(2, height=3.6)
    lines, references = {}, {}
    for ax, reduction in ((ax_mean, "mean"), (ax_sum, "sum")):
        style = SCHEME_STYLES[reduction]
        (lines[reduction],) = ax.plot([], [], drawstyle="steps-post", color=style["color"], linewidth=1.6,
                                      label=f"{reduction}() of each batch")
        references[reduction] = ax.axhline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1.2,
                                           label="average over the epoch")
        ax.set_xlim(0, n)
        ax.legend(loc="upper right", **LEGEND_STYLE)
    style_axes(ax_mean, title="mean() of each batch", xlabel="example position in the epoch", ylabel="reported loss")
    style_axes(ax_sum, title="sum() of each batch", xlabel="example position in the epoch", ylabel="reported loss")
    ax_mean.set_ylim(-0.02, 1.15)
    # One fixed axis for every B (so the background is drawn once): linear up to 1, log beyond.
    ax_sum.set_yscale("symlog", linthresh=1.0)
    ax_sum.set_ylim(0, 2 * n)

    def update(batch_size: int) -> str:
        starts = np.arange(0, n + 1, batch_size)
        for reduction, ax in (("mean", ax_mean), ("sum", ax_sum)):
            values = reports[batch_size][reduction]
            set_steps(lines[reduction], starts, values)
            average = float(values.mean())
            references[reduction].set_ydata([average, average])
        mean_avg = float(reports[batch_size]["mean"].mean())
        sum_avg = float(reports[batch_size]["sum"].mean())
        return (f"B = {batch_size}: mean() reports {mean_avg:.3f} on average = {100 * mean_avg:.1f} % misclassified; "
                f"sum() reports {sum_avg:.2f} on average = mistakes per batch of {batch_size}")

    animated = [*lines.values(), *references.values()]
    return Explorer(figure, {"batch_size": batch_size_slider(batch_size, maximum=n)}, update, animated)
