"""Notebook 04: loss against learning rate, divergence, and the best learning rate against batch size."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_positive_int, check_real, check_real_array
from ..noise import GradientMoments
from ..plotting import (DIVERGED_STYLE, LEGEND_STYLE, PALETTE, SCHEME_STYLES, new_figure, power_of_two_ticks,
                        set_points, style_axes)
from ..scaling import scaled_learning_rate
from ..training import TrainingRun
from ..widgets import Explorer, choice_slider
from ._runs import check_grid, check_run, sort_run


@dataclass(frozen=True)
class NoiseLevel:
    """What the explorer shows for one label-noise level: the sweep and the noise scales at the start."""

    run: TrainingRun               # configuration shape (batch sizes, learning rates, 2): sum, mean
    moments: GradientMoments       # G, H, Sigma at the starting weights
    simple_estimate: float         # B_simple from the two-batch estimator

    def __post_init__(self) -> None:
        check_run(self.run, "run", 3, last_axis=2)
        if not np.all(self.run.reduction[..., 0] == "sum") or not np.all(self.run.reduction[..., 1] == "mean"):
            raise ValueError("run must have sum() then mean() on its last configuration axis")
        if not isinstance(self.moments, GradientMoments):
            raise TypeError(f"moments must be a GradientMoments, got {type(self.moments).__name__}")
        check_real(self.simple_estimate, "simple_estimate")   # kept as given: a notebook may print it


def best_learning_rates(run: TrainingRun, learning_rates: list[float]) -> np.ndarray:
    """The learning rate with the lowest final training loss, per batch size and reduction: shape (B, 2).

    Diverged runs count as infinitely bad.

    >>> from helpers.training import train_linear_model
    >>> X = np.array([[1.0], [2.0]]); y = np.array([1.0, 2.0])
    >>> run = train_linear_model(X, y, loss="squared", batch_size=np.array([1, 2])[:, None, None],
    ...                          learning_rate=np.array([0.01, 0.1])[None, :, None], reduction=np.array(["sum", "mean"]), epochs=3)
    >>> best_learning_rates(run, [0.01, 0.1])
    array([[0.1, 0.1],
           [0.1, 0.1]])
    """
    run = check_run(run, "run", 3)
    check_real_array(learning_rates, "learning_rates", positive=True)
    # The labels of the run's learning-rate axis, in its order: a reversed list would mislabel every answer.
    rates = np.array(check_grid(learning_rates, "learning_rates", run.learning_rate[0, :, 0], "learning rates"))
    final = np.where(run.diverged, np.inf, run.loss[..., -1])
    return rates[np.argmin(final, axis=1)]


def noise_explorer(levels: dict[float, NoiseLevel], learning_rates: list[float], *, tuned_batch_size: int = 16,
                   batch_size: int = 64, learning_rate: float = 0.05, noise: float = 1.0) -> Explorer:
    """Sliders for ``B``, the learning rate and the label noise over three panels.

    Left: training loss after the sweep's examples against the learning rate, ``sum`` and ``mean``, with
    their stability limits. Middle: the training curve at the chosen settings (divergence marked).
    Right: the best learning rate against ``B``, with the linear and square-root rules anchored at
    ``tuned_batch_size`` and the optimal step ``η_opt(B)`` at the start.
    """
    if not isinstance(levels, dict) or not levels:
        raise TypeError(f"levels must be a non-empty dict of noise level to NoiseLevel, got {levels!r}")
    first = None
    for key, level in levels.items():
        check_real_array(key, "levels' keys (noise levels)", nonnegative=True)
        if not isinstance(level, NoiseLevel):
            raise TypeError(f"levels[{key!r}] must be a NoiseLevel, got {type(level).__name__}")
        check_run(level.run, f"levels[{key!r}].run", 3, last_axis=2)
        first = first or level.run
        if not np.array_equal(level.run.batch_size, first.batch_size) or not np.array_equal(level.run.learning_rate, first.learning_rate):
            raise ValueError(f"levels[{key!r}].run must have the same batch sizes and learning rates as the other levels")
    learning_rates = check_grid(learning_rates, "learning_rates", first.learning_rate[0, :, 0], "learning rates")
    levels = {key: NoiseLevel(sort_run(sort_run(level.run, 0, first.batch_size[:, 0, 0]), 1, first.learning_rate[0, :, 0]),
                              level.moments, level.simple_estimate) for key, level in levels.items()}
    learning_rates = sorted(learning_rates)
    first = next(iter(levels.values())).run
    sizes = first.batch_size[:, 0, 0]
    controls = {
        "batch_size": choice_slider([int(b) for b in sizes], batch_size, description="batch size B", argument="batch_size"),
        "learning_rate": choice_slider(learning_rates, learning_rate, description="learning rate", argument="learning_rate"),
        "noise": choice_slider(list(levels), noise, description="label noise σ", argument="noise"),
    }
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size")
    if tuned_batch_size not in sizes:
        raise ValueError(f"tuned_batch_size must be one of the run's batch sizes {sizes.tolist()}, got {tuned_batch_size}")
    examples = first.examples_seen
    rates = np.asarray(learning_rates)
    best = {noise_: best_learning_rates(level.run, learning_rates) for noise_, level in levels.items()}
    lambda_max = {noise_: float(np.linalg.eigvalsh(level.moments.hessian)[-1]) for noise_, level in levels.items()}
    start_loss = max(float(level.run.loss[..., 0].max()) for level in levels.values())
    top = 3.0 * start_loss

    figure, (ax_lr, ax_curve, ax_best) = new_figure(3, width=10.2, height=4.4)
    lines, crosses = {}, {}
    for k, reduction in enumerate(("sum", "mean")):
        style = SCHEME_STYLES[reduction]
        (lines["lr", reduction],) = ax_lr.plot(rates, np.ones_like(rates), color=style["color"], linestyle=style["linestyle"],
                                               linewidth=style["linewidth"], marker=style["marker"], markersize=4, label=f"{reduction}()")
        (lines["curve", reduction],) = ax_curve.plot(examples, np.ones(len(examples)), color=style["color"],
                                                     linestyle=style["linestyle"], linewidth=style["linewidth"], label=f"{reduction}()")
        (lines["best", reduction],) = ax_best.plot(sizes, np.ones(len(sizes)), color=style["color"], linestyle=style["linestyle"],
                                                   linewidth=style["linewidth"], marker=style["marker"], markersize=5,
                                                   label=f"best, {reduction}()")
        lines["limit", reduction] = ax_lr.axvline(1.0, color=style["color"], linestyle=":", linewidth=1.5)
    (lines["linear"],) = ax_best.plot(sizes, np.ones(len(sizes)), color=PALETTE["green"], linestyle="-.", linewidth=1.8, label="linear rule")
    (lines["sqrt"],) = ax_best.plot(sizes, np.ones(len(sizes)), color=PALETTE["purple"], linestyle=(0, (5, 2)), linewidth=1.8, label="sqrt rule")
    (lines["theory"],) = ax_best.plot(sizes, np.ones(len(sizes)), color=PALETTE["black"], linestyle=":", linewidth=1.5, label="η_opt(B) at start")
    (lines["mean limit"],) = ax_best.plot(sizes, np.ones(len(sizes)), color=PALETTE["vermillion"], linestyle=":", linewidth=1.2)
    lines["chosen"] = ax_lr.axvline(1.0, color=PALETTE["black"], linewidth=1, alpha=0.5)
    (crosses["lr"],) = ax_lr.plot([], [], label="diverged", **DIVERGED_STYLE)
    (crosses["curve"],) = ax_curve.plot([], [], **DIVERGED_STYLE)
    here = ax_best.axvline(1.0, color=PALETTE["black"], linewidth=1, alpha=0.5)

    ax_lr.set_xscale("log")
    ax_lr.set_yscale("log")
    ax_lr.set_ylim(0.2, top * 1.5)
    ax_curve.set_yscale("log")
    ax_curve.set_ylim(0.2, top * 1.5)
    ax_curve.set_xlim(0, examples[-1])
    ax_best.set_yscale("log")
    ax_best.set_ylim(rates[0], rates[-1] * 2)
    style_axes(ax_lr, title="final loss against learning rate", xlabel="learning rate", ylabel="training loss")
    style_axes(ax_curve, title="training at the chosen settings", xlabel="examples seen", ylabel="training loss")
    style_axes(ax_best, title="best learning rate against B", xlabel="batch size B", ylabel="learning rate", log2_x=True)
    power_of_two_ticks(ax_best, sizes[:: max(1, round(len(sizes) / 6))])
    ax_best.set_xlim(sizes[0] / 1.4, sizes[-1] * 1.4)
    ax_lr.legend(loc="upper left", **LEGEND_STYLE)
    ax_curve.legend(loc="upper right", **LEGEND_STYLE)
    ax_best.legend(loc="lower left", **LEGEND_STYLE)  # the low learning rates stay empty
    size_index = {int(b): i for i, b in enumerate(sizes)}
    rate_index = {float(r): j for j, r in enumerate(learning_rates)}
    tuned = size_index[tuned_batch_size]

    def update(batch_size: int, learning_rate: float, noise: float) -> str:
        level = levels[noise]
        run, i, j = level.run, size_index[batch_size], rate_index[learning_rate]
        lr_crosses, curve_crosses, blown = [], [], []
        for k, reduction in enumerate(("sum", "mean")):
            final = np.where(run.diverged[i, :, k], np.nan, run.loss[i, :, k, -1])
            lines["lr", reduction].set_ydata(np.minimum(final, top))
            lr_crosses += [(rates[r], top) for r in np.flatnonzero(run.diverged[i, :, k])]
            lines["curve", reduction].set_ydata(np.minimum(run.loss[i, j, k], top))
            if run.diverged[i, j, k]:
                blown.append(f"{reduction}()")
                curve_crosses.append((run.diverged_at[i, j, k], top))
            lines["best", reduction].set_ydata(best[noise][:, k])
        lines["limit", "mean"].set_xdata([2 / lambda_max[noise]] * 2)
        lines["limit", "sum"].set_xdata([2 / (batch_size * lambda_max[noise])] * 2)
        lines["chosen"].set_xdata([learning_rate] * 2)
        anchor = best[noise][tuned, 1]
        lines["linear"].set_ydata(scaled_learning_rate(sizes, anchor, tuned_batch_size))
        lines["sqrt"].set_ydata(scaled_learning_rate(sizes, anchor, tuned_batch_size, rule="sqrt"))
        lines["theory"].set_ydata(level.moments.optimal_step(sizes)[0])
        lines["mean limit"].set_ydata(np.full(len(sizes), 2 / lambda_max[noise]))
        here.set_xdata([batch_size] * 2)
        set_points(crosses["lr"], lr_crosses)
        set_points(crosses["curve"], curve_crosses)
        scales = (f"noise {noise:g}: B_simple {level.moments.simple_noise_scale:.1f} (two-batch estimate "
                  f"{level.simple_estimate:.1f}), B_noise {level.moments.noise_scale:.1f}")
        state = f"DIVERGED: {', '.join(blown)}" if blown else (
            f"final loss sum() {run.loss[i, j, 0, -1]:.3f}, mean() {run.loss[i, j, 1, -1]:.3f}")
        return f"B = {batch_size}, lr = {learning_rate:g}: {state}. {scales}"

    animated = [line for line in lines.values()] + list(crosses.values()) + [here]
    return Explorer(figure, controls, update, animated)
