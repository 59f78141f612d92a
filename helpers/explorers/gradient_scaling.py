"""Notebook 02: weight trajectories under sum() and mean() on the loss surface of a two-weight model."""

from __future__ import annotations

import numpy as np

from .._validation import (BYTES_PER_FLOAT, check_learning_rate, check_matrix, check_positive_int, check_positive_int_array,
                           check_real_array, check_work)
from ..gradients import loss_landscape
from ..plotting import LEGEND_STYLE, PALETTE, SCHEME_STYLES, SURFACE_COLOUR_MAP, new_figure, style_axes
from ..training import TrainingRun, train_linear_model
from ..widgets import Explorer, batch_size_slider, choice_slider, learning_rate_slider, powers_of_two, slider_values
from ._runs import check_option, check_run

MEAN_RATE_MULTIPLIERS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""mean()'s learning rate as a multiple of ``B * eta``: 1 is the matched rate."""


def train_sum_and_mean(features: np.ndarray, targets: np.ndarray, *, loss: str, batch_sizes: list[int],
                       learning_rates: list[float], multipliers: tuple[float, ...] = MEAN_RATE_MULTIPLIERS,
                       start: tuple[float, float] = (-2.0, 2.0), epochs: int = 2, seed: int = 0) -> TrainingRun:
    """One vectorized run: ``sum()`` with ``eta``, and ``mean()`` with ``m * B * eta`` for every multiplier ``m``.

    Weights are recorded after every example, so every step of every run is in the trajectory.
    Configuration shape ``(len(batch_sizes), len(learning_rates), 1 + len(multipliers))``: index 0 of
    the last axis is ``sum``, index ``1 + i`` is ``mean`` with ``multipliers[i]``.
    """
    features = check_matrix(features, "features")
    if features.shape[1] != 2:
        raise ValueError(f"features must have 2 columns (a two-weight model to draw), got {features.shape[1]}")
    n = features.shape[0]
    batch = check_positive_int_array(batch_sizes, "batch_sizes", maximum=n, what=" (the number of rows of features)")
    eta = check_learning_rate(learning_rates, "learning_rates")
    multipliers = check_real_array(multipliers, "multipliers", positive=True)
    start = check_real_array(start, "start")
    if batch.ndim != 1 or eta.ndim != 1 or multipliers.ndim != 1:
        raise ValueError("batch_sizes, learning_rates and multipliers must each be a 1-D list of values")
    if start.shape != (2,):
        raise ValueError(f"start must hold the two starting weights (w1, w2), got shape {start.shape}")
    epochs = check_positive_int(epochs, "epochs")
    configurations = batch.size * eta.size * (1 + multipliers.size)
    check_work(f"train_sum_and_mean: {configurations} configurations, {epochs} epochs of {n} examples, weights recorded "
               f"after every example", reduce="epochs, the number of examples or of batch_sizes, learning_rates, multipliers",
               loops=epochs * n, elements=20.0 * epochs * n * configurations,
               memory=configurations * (epochs * n + 1) * 2 * BYTES_PER_FLOAT)
    batch = batch[:, None, None]
    eta = eta[None, :, None]
    factor = np.r_[1.0, multipliers][None, None, :]
    use_batch = np.r_[False, np.ones(len(multipliers), dtype=bool)][None, None, :]
    rate = eta * factor * np.where(use_batch, batch, 1)
    reduction = np.array(["sum"] + ["mean"] * len(multipliers))[None, None, :]
    return train_linear_model(features, targets, loss=loss, batch_size=batch, learning_rate=rate, reduction=reduction,
                              epochs=epochs, seed=seed, initial_weights=np.asarray(start, dtype=float),
                              evaluate_every=1, record_steps=False)


def trajectory_gap(run: TrainingRun) -> np.ndarray:
    """Largest distance, over the whole run, between the ``sum`` trajectory and each ``mean`` one.

    Shape ``(batch sizes, learning rates, multipliers)``; NaN where a run diverged.
    """
    run = check_run(run, "run", 3)
    if not (np.all(run.reduction[..., 0] == "sum") and np.all(run.reduction[..., 1:] == "mean")):
        raise ValueError("run must come from train_sum_and_mean: sum() first on the last axis, then mean()")
    distance = np.linalg.norm(run.weights[..., 1:, :, :] - run.weights[..., :1, :, :], axis=-1)
    return np.where(run.diverged[..., 1:] | run.diverged[..., :1], np.nan, distance.max(axis=-1))


def trajectory_explorer(features: np.ndarray, targets: np.ndarray, *, loss: str = "logistic", epochs: int = 2,
                        batch_size: int = 16, learning_rate: float = 0.01, multiplier: float = 1.0) -> Explorer:
    """Sliders for ``B``, ``eta`` and mean()'s rate multiple, over both trajectories on the loss surface."""
    epochs = check_positive_int(epochs, "epochs")
    features = check_matrix(features, "features")
    if features.shape[1] != 2:
        raise ValueError(f"features must have 2 columns (a two-weight model to draw), got {features.shape[1]}")
    sizes = powers_of_two(1, min(256, features.shape[0]))
    check_option(batch_size, "batch_size", sizes, what=" (the powers of two up to the number of rows of features, at most 256)")
    controls = {
        "batch_size": batch_size_slider(batch_size, maximum=sizes[-1]),
        "learning_rate": learning_rate_slider(learning_rate, minimum=0.001, maximum=0.05, description="learning rate η (sum)"),
        "multiplier": choice_slider(list(MEAN_RATE_MULTIPLIERS), multiplier, description="mean lr / (B·η)", argument="multiplier"),
    }
    rates = slider_values(controls["learning_rate"])
    run = train_sum_and_mean(features, targets, loss=loss, batch_sizes=sizes, learning_rates=rates, epochs=epochs)
    gaps = trajectory_gap(run)
    start = run.weights[0, 0, 0, 0]

    w1, w2 = np.linspace(-3.0, 5.0, 161), np.linspace(-3.0, 3.0, 121)
    figure, (ax,) = new_figure(1, width=8.0, height=4.6)
    landscape = loss_landscape(features, targets, loss, w1, w2)
    surface = ax.contourf(w1, w2, landscape, levels=20, cmap=SURFACE_COLOUR_MAP)
    ax.contour(w1, w2, landscape, levels=surface.levels[1::2], colors="0.6", linewidths=0.6)
    figure.colorbar(surface, ax=ax, label="mean loss over the data")
    ax.plot(*start, marker="*", markersize=14, color=PALETTE["black"], linestyle="none", label="start")
    lines = {}
    for name, scheme in (("sum", "sum"), ("mean", "mean")):
        style = SCHEME_STYLES[scheme]
        (lines[name],) = ax.plot([], [], color=style["color"], linestyle=style["linestyle"], linewidth=style["linewidth"],
                                 marker=style["marker"], markersize=3, label=f"{scheme}()")
    ax.set_xlim(w1[0], w1[-1])
    ax.set_ylim(w2[0], w2[-1])
    ax.legend(loc="lower right", **LEGEND_STYLE)
    style_axes(ax, title="weight trajectories on the loss surface", xlabel="weight $w_1$", ylabel="weight $w_2$")
    size_index = {b: i for i, b in enumerate(sizes)}
    rate_index = {r: j for j, r in enumerate(rates)}
    multiplier_index = {m: k for k, m in enumerate(MEAN_RATE_MULTIPLIERS)}

    def update(batch_size: int, learning_rate: float, multiplier: float) -> str:
        i, j, k = size_index[batch_size], rate_index[learning_rate], multiplier_index[multiplier]
        for line, column in ((lines["sum"], 0), (lines["mean"], 1 + k)):
            path = run.weights[i, j, column]
            line.set_data(path[:, 0], path[:, 1])
        gap = gaps[i, j, k]
        gap_text = "diverged" if np.isnan(gap) else ("0: identical to rounding" if gap < 1e-9 else f"{gap:.3g}")
        return (f"B = {batch_size}: sum() lr {learning_rate:g}, mean() lr {multiplier:g} × B × η = "
                f"{multiplier * batch_size * learning_rate:.4g}; largest gap between the trajectories: {gap_text}")

    return Explorer(figure, controls, update, [lines["sum"], lines["mean"]])
