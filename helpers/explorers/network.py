"""Notebook 08: the linear scaling rule on the network, with and without warm-up, over a sweep of settings."""

from __future__ import annotations

import numpy as np

from .._validation import _show
from ..linear_rule import LinearRuleStudy, LinearRuleSweep
from ..plotting import DIVERGED_STYLE, LEGEND_STYLE, PALETTE, new_figure, set_points, style_axes
from ..widgets import Explorer, choice_slider
from ._runs import check_option

__all__ = ["digits_figure", "linear_rule_explorer", "sharpness_figure"]


def linear_rule_explorer(sweep: LinearRuleSweep, study: LinearRuleStudy, *, batch_size: int, learning_rate: float,
                         warmup: float = 0.0) -> Explorer:
    """Sliders for ``B``, the learning rate and the warm-up over a sweep from :func:`helpers.linear_rule.linear_rule_sweep`.

    Left: the training loss during training at the chosen settings, beside the tuned run (``B_0`` at ``eta_0``).
    Right: the training loss after the last epoch against the learning rate at the chosen ``B`` and warm-up,
    with the linear rule's rate ``eta_0 B / B_0`` marked. Diverged runs are crosses, and the status line says so.
    """
    if not isinstance(study, LinearRuleStudy):
        raise TypeError(f"study must be a LinearRuleStudy (what linear_rule_study returns), got {_show(study)}")
    if not isinstance(sweep, LinearRuleSweep):
        raise TypeError(f"sweep must be a LinearRuleSweep (what linear_rule_sweep returns), got {_show(sweep)}")
    accuracy, sweep = sweep.test_accuracy, sweep.run
    sizes = [int(b) for b in sweep.batch_size[:, 0, 0]]
    rates = [float(r) for r in sweep.learning_rate[0, :, 0]]
    warmups = [float(w) for w in sweep.warmup_epochs[0, 0, :]]
    if sizes != sorted(sizes) or rates != sorted(rates) or sizes != [int(b) for b in study.batch_sizes]:
        raise ValueError(f"sweep must have the study's batch sizes {study.batch_sizes.tolist()} and increasing learning rates, "
                         f"got batch sizes {sizes} and learning rates {rates}")
    if warmups != [0.0, study.warmup_epochs]:
        raise ValueError(f"sweep must be without and with the study's warm-up ({study.warmup_epochs:g} epochs), got {warmups}")
    controls = {
        "batch_size": choice_slider(sizes, check_option(batch_size, "batch_size", sizes), description="batch size B",
                                    argument="batch_size"),
        "learning_rate": choice_slider(rates, check_option(learning_rate, "learning_rate", rates),
                                       description="learning rate η (mean)", argument="learning_rate"),
        "warmup": choice_slider(warmups, check_option(warmup, "warmup", warmups), description="warm-up (epochs)",
                                argument="warmup"),
    }
    tuned = study.tuned_batch_size
    reference = sweep.loss[sizes.index(tuned), rates.index(study.tuned_rate), 0] if study.tuned_rate in rates else None
    epochs = sweep.examples_seen / sweep.n_examples
    top, bottom = 3.0, 0.01
    grid = np.asarray(rates)

    figure, (ax_curve, ax_rate) = new_figure(2, width=10.2, height=4.2)
    if reference is not None:
        ax_curve.plot(epochs, np.clip(reference, bottom, top), color=PALETTE["black"], linestyle=":", linewidth=1.8,
                      label=f"B₀ = {tuned} at η₀ = {study.tuned_rate:g}")
        ax_rate.axhline(float(np.clip(reference[-1], bottom, top)), color=PALETTE["black"], linestyle=":", linewidth=1.5,
                        label=f"B₀ = {tuned} at η₀, after {sweep.epochs} epochs")
    (curve,) = ax_curve.plot(epochs, np.ones_like(epochs), color=PALETTE["vermillion"], linewidth=2.2, label="chosen B, η, warm-up")
    (curve_cross,) = ax_curve.plot([], [], label="diverged", **DIVERGED_STYLE)
    (final,) = ax_rate.plot(grid, np.ones_like(grid), color=PALETTE["blue"], linewidth=2.0, marker="o", markersize=5,
                            label="chosen B and warm-up")
    (chosen,) = ax_rate.plot([], [], linestyle="none", marker="o", markersize=11, markerfacecolor="none",
                             markeredgewidth=2.0, color=PALETTE["vermillion"], label="chosen η")
    linear = ax_rate.axvline(1.0, color=PALETTE["green"], linestyle="-.", linewidth=1.8, label="linear rule η₀ B / B₀")
    (rate_cross,) = ax_rate.plot([], [], **DIVERGED_STYLE)
    for ax in (ax_curve, ax_rate):
        ax.set_yscale("log")
        ax.set_ylim(bottom, top * 1.6)
    ax_curve.set_xlim(0, sweep.epochs)
    ax_rate.set_xscale("log", base=2)
    ax_rate.set_xlim(grid[0] / 1.5, grid[-1] * 1.5)
    ax_rate.set_xticks(grid)
    ax_rate.set_xticklabels([f"{r:g}" for r in grid])
    ax_rate.minorticks_off()
    style_axes(ax_curve, title="training at the chosen settings", xlabel="epochs", ylabel="training loss (mean)")
    style_axes(ax_rate, title=f"after {sweep.epochs} epochs, every η at the chosen B", xlabel="learning rate η (mean)",
               ylabel="training loss (mean)")
    ax_curve.legend(loc="lower left", **LEGEND_STYLE)
    ax_rate.legend(loc="lower left", **LEGEND_STYLE)
    size_index = {b: i for i, b in enumerate(sizes)}
    rate_index = {r: j for j, r in enumerate(rates)}
    warm_index = {w: k for k, w in enumerate(warmups)}

    def update(batch_size: int, learning_rate: float, warmup: float) -> str:
        i, j, k = size_index[batch_size], rate_index[learning_rate], warm_index[warmup]
        loss = sweep.loss[i, j, k]
        curve.set_ydata(np.clip(loss, bottom, top))
        set_points(curve_cross, [(sweep.diverged_at[i, j, k] / sweep.n_examples, top)] if sweep.diverged[i, j, k] else [])
        finals = sweep.loss[i, :, k, -1]
        final.set_ydata(np.where(np.isnan(finals), np.nan, np.clip(finals, bottom, top)))
        chosen.set_data([learning_rate], [float(np.clip(finals[j], bottom, top))] if np.isfinite(finals[j]) else [top])
        set_points(rate_cross, [(grid[r], top) for r in np.flatnonzero(sweep.diverged[i, :, k])])
        scaled = study.tuned_rate * batch_size / tuned
        linear.set_xdata([scaled, scaled])
        if not warmup:
            ramp = "no warm-up"
        elif batch_size == tuned:
            ramp = f"warm-up over {warmup:g} epochs, flat at B₀ (the run without warm-up)"
        else:
            ramp = f"warm-up over {warmup:g} epochs from {learning_rate * tuned / batch_size:g}"
        if sweep.diverged[i, j, k]:
            state = f"DIVERGED in epoch {int(np.ceil(sweep.diverged_at[i, j, k] / sweep.n_examples))}"
        else:
            state = f"training loss after {sweep.epochs} epochs {loss[-1]:.3f}"
            if reference is not None:
                state += f" ({loss[-1] / reference[-1]:.1f} × B₀'s {reference[-1]:.3f})"
            state += f", test accuracy {100 * accuracy[i, j, k]:.1f} %"
        return (f"B = {batch_size}, η = {learning_rate:g}, {ramp}: {state}. "
                f"The linear rule's rate at B = {batch_size}: η₀ B / B₀ = {scaled:g}")

    return Explorer(figure, controls, update, [curve, curve_cross, final, chosen, linear, rate_cross])


def digits_figure(pixels: np.ndarray, digits: np.ndarray):
    """A static strip of the first image of each digit 0 to 9, as the network sees them (8 x 8 pixels)."""
    from .._validation import check_matrix
    from ..plotting import figure_image

    pixels = check_matrix(pixels, "pixels")
    if pixels.shape[1] != 64:
        raise ValueError(f"pixels must hold 8 x 8 = 64 values per image, got shape {pixels.shape}")
    labels = np.asarray(digits) if not isinstance(digits, (str, bytes)) and digits is not None else np.asarray([])
    if labels.shape != (len(pixels),) or labels.dtype.kind not in "iu":
        raise ValueError(f"digits must hold one digit (an integer) per image ({len(pixels)}), got {_show(digits)}")
    shown = [d for d in range(10) if np.any(labels == d)]
    if not shown:
        raise ValueError("digits must hold at least one of the digits 0 to 9")
    figure, axes = new_figure(len(shown), width=0.9 * len(shown), height=1.25)
    for ax, d in zip(axes, shown):
        ax.imshow(pixels[np.flatnonzero(labels == d)[0]].reshape(8, 8), cmap="gray_r", vmin=0, vmax=pixels.max())
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{d}", fontsize=10)
    image = figure_image(figure)
    image.alt = (f"Figure, {len(shown)} panels: the first image of each digit {shown[0]} to {shown[-1]} in the data, "
                 "8 × 8 grey pixels, darker where the scan had more ink; each panel's title is its digit.")
    return image


def sharpness_figure(run):
    """A static figure of :func:`helpers.sharpness.sharpness_along_training`'s result: ``h_max`` divided by
    ``2 / eta`` against the step, one panel per learning rate, one line per seed; 1 is the stability limit."""
    from ..plotting import figure_image
    from ..sharpness import SharpnessRun

    if not isinstance(run, SharpnessRun):
        raise TypeError(f"run must be a SharpnessRun (what sharpness_along_training returns), got {_show(run)}")
    ratio = run.sharpness * run.learning_rates[:, None, None] / 2.0
    figure, axes = new_figure(len(run.learning_rates), width=3.4 * len(run.learning_rates), height=3.3)
    top = max(2.0, float(np.nanmax(ratio)) * 1.15) if np.any(np.isfinite(ratio)) else 2.0
    for ax, rate, rows in zip(axes, run.learning_rates, ratio):
        ax.axhline(1.0, color=PALETTE["black"], linestyle=":", linewidth=1.6, label="h_max = 2 / η")
        for k, values in enumerate(rows):
            ax.plot(run.steps, values, color=PALETTE["blue"], linewidth=1.4, alpha=0.85,
                    label="one seed each" if k == 0 else None)
        ax.set_ylim(0, top)
        ax.set_xlim(0, run.steps[-1])
        style_axes(ax, title=f"η = {rate:g} (2 / η = {2 / rate:.3g})", xlabel="gradient-descent steps",
                   ylabel="h_max / (2 / η)")
    axes[0].legend(loc="upper right", **LEGEND_STYLE)
    return figure_image(figure)
