"""Notebook 05: the learning rates at which SGD diverges against batch size, beside the scaling rules."""

from __future__ import annotations

import numpy as np

from .._validation import _as_array, check_positive_int, check_positive_int_array, check_real, check_real_array
from ..plotting import DIVERGED_STYLE, LEGEND_STYLE, PALETTE, figure_image, new_figure, power_of_two_ticks, style_axes

__all__ = ["stability_limits_figure"]


def stability_limits_figure(batch_sizes: np.ndarray, thresholds: np.ndarray, full_batch_limit: float, *,
                            tuned_learning_rate: float, tuned_batch_size: int, best_rates: np.ndarray | None = None,
                            probes: tuple[np.ndarray, np.ndarray] | None = None):
    """A static figure: the empirical divergence threshold of mini-batch SGD against ``B``, the full-batch limit
    ``2 / h_max``, and the linear and square-root rules anchored at ``(tuned_batch_size, tuned_learning_rate)``.

    ``best_rates`` (optional) are the best ``mean()`` learning rates of a sweep, drawn as points.
    ``probes`` (optional) is ``(batch_sizes, diverged)`` of longer runs at the linear rule's rates near its
    crossing: drawn on the linear rule, a cross where the run diverged and an open circle where it did not.
    """
    sizes = check_positive_int_array(batch_sizes, "batch_sizes").astype(float)
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    thresholds = _measured_thresholds(thresholds)
    if thresholds.shape != sizes.shape or np.all(np.isnan(thresholds)):
        raise ValueError(f"thresholds must hold one positive learning rate (or NaN: no divergence) per entry of batch_sizes "
                         f"({sizes.size}), not all NaN, got {thresholds}")
    full_batch_limit = check_real(full_batch_limit, "full_batch_limit", positive=True)
    tuned_learning_rate = check_real(tuned_learning_rate, "tuned_learning_rate", positive=True)
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    if best_rates is not None:
        best_rates = check_real_array(best_rates, "best_rates", positive=True)
        if best_rates.shape != sizes.shape:
            raise ValueError(f"best_rates must hold one learning rate per entry of batch_sizes ({sizes.size}), "
                             f"got shape {best_rates.shape}")
    if probes is not None:
        probes = _probes(probes)
    figure, (ax,) = new_figure(1, width=7.5, height=4.2)
    ax.plot(sizes, thresholds, color=PALETTE["vermillion"], marker="s", linewidth=2.0,
            label="SGD diverges from here up (measured)")
    ax.axhline(full_batch_limit, color=PALETTE["black"], linestyle=":", linewidth=1.6, label="full-batch limit 2 / h_max")
    linear = tuned_learning_rate * sizes / tuned_batch_size
    ax.plot(sizes, linear, color=PALETTE["green"], linestyle="-.", linewidth=1.8, label="linear rule")
    ax.plot(sizes, tuned_learning_rate * np.sqrt(sizes / tuned_batch_size), color=PALETTE["purple"],
            linestyle=(0, (5, 2)), linewidth=1.8, label="square-root rule")
    if best_rates is not None:
        ax.plot(sizes, best_rates, color=PALETTE["blue"], marker="o", linestyle="none", markersize=6,
                label="best mean() rate (2 epochs)")
    if probes is not None:
        probe_sizes, probe_diverged = np.asarray(probes[0], dtype=float), np.asarray(probes[1], dtype=bool)
        probe_rates = tuned_learning_rate * probe_sizes / tuned_batch_size
        if (~probe_diverged).any():
            ax.plot(probe_sizes[~probe_diverged], probe_rates[~probe_diverged], linestyle="none", marker="o",
                    markerfacecolor="none", markersize=8, color=PALETTE["green"], label="linear rule, longer run: stable")
        if probe_diverged.any():
            ax.plot(probe_sizes[probe_diverged], probe_rates[probe_diverged], **DIVERGED_STYLE,
                    label="linear rule, longer run: diverged")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_ylim(min(np.nanmin(thresholds), np.min(linear)) / 2, 2 * max(np.nanmax(thresholds), np.max(linear)))
    style_axes(ax, title="where SGD diverges, and where the scaling rules go", xlabel="batch size B",
               ylabel="learning rate η (mean())", log2_x=True)
    power_of_two_ticks(ax, sizes[::2])
    ax.legend(loc="lower right", **LEGEND_STYLE)
    return figure_image(figure)


def _measured_thresholds(values: object) -> np.ndarray:
    """Positive learning rates, or NaN where no rate of the grid diverged (:func:`helpers.stability.divergence_thresholds`)."""
    array = _as_array(values, "thresholds", "learning rates")
    if array.dtype.kind != "f":
        return check_real_array(array, "thresholds", positive=True)
    missing = np.isnan(array)
    measured = check_real_array(np.where(missing, 1.0, array), "thresholds", positive=True)
    return np.where(missing, np.nan, measured)


def _probes(probes: object) -> tuple[np.ndarray, np.ndarray]:
    """``(batch_sizes, diverged)``: positive integers and as many True/False."""
    if not isinstance(probes, (tuple, list)) or len(probes) != 2:
        raise TypeError(f"probes must be a pair (batch_sizes, diverged), got {probes!r:.60}")
    sizes = check_positive_int_array(probes[0], "probes[0] (batch sizes)")
    diverged = np.asarray(probes[1]) if not isinstance(probes[1], (str, bytes)) and probes[1] is not None else None
    if diverged is None or diverged.dtype != bool or diverged.shape != sizes.shape or sizes.ndim != 1:
        raise ValueError(f"probes must be (batch_sizes, diverged): a 1-D list of batch sizes and one True/False per size, "
                         f"got {probes!r:.80}")
    return sizes, diverged
