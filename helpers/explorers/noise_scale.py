"""Notebook 04: the best step against batch size, and how the gradient noise scale moves during training."""

from __future__ import annotations

import numpy as np

from .._validation import _show, check_positive_int, check_positive_int_array, check_real, check_real_array
from ..noise import GradientMoments
from ..plotting import LEGEND_STYLE, PALETTE, new_figure, style_axes
from ..widgets import Explorer, batch_size_slider, choice_slider
from ._runs import check_option

__all__ = ["step_size_explorer", "variance_check_figure"]


def step_size_explorer(path: list[GradientMoments], steps: list[int], *, batch_size: int = 16, step: int = 0,
                       max_batch_size: int = 16384) -> Explorer:
    """Sliders for ``B`` and the point of training over two panels, both from the closed forms.

    ``path[k]`` holds ``G``, ``H``, ``Sigma`` after ``steps[k]`` steps of training. Left: the expected loss
    decrease of one SGD step against the step size, both relative to the noiseless best step
    (``dL / dL_inf`` against ``eta / eta_inf``, so every point of training shares the axes), at the chosen
    ``B`` and for a noiseless gradient. Right: the best step ``eta_opt(B) / eta_inf = B / (B + B_noise)``
    against ``B`` at the chosen point, beside the straight line ``B / B_noise`` it follows while noise dominates.
    """
    if isinstance(path, (str, bytes)) or not isinstance(path, (list, tuple)) or not path:
        raise TypeError(f"path must be a non-empty list of GradientMoments, got {_show(path)}")
    for k, moments in enumerate(path):
        if not isinstance(moments, GradientMoments):
            raise TypeError(f"path[{k}] must be a GradientMoments, got {_show(moments)} of type {type(moments).__name__}")
    if isinstance(steps, (str, bytes)) or not isinstance(steps, (list, tuple)):
        raise TypeError(f"steps must be a list of step numbers, one per entry of path, got {_show(steps)}")
    for t in steps:
        if isinstance(t, (bool, np.bool_)) or not isinstance(t, (int, np.integer)) or t < 0:
            raise TypeError(f"steps must be a list of non-negative integers (step numbers), got {_show(steps)}")
    if len(path) != len(steps):
        raise ValueError(f"path and steps must have the same length, got {len(path)} and {len(steps)} steps")
    if len(set(steps)) != len(steps):
        raise ValueError(f"steps must be distinct step numbers, got {steps}")
    max_batch_size = check_positive_int(max_batch_size, "max_batch_size", maximum=2**20)
    step = check_option(step, "step", list(steps))
    sizes = np.array([2**k for k in range(max_batch_size.bit_length()) if 2**k <= max_batch_size], dtype=float)
    if isinstance(batch_size, (int, np.integer)) and not isinstance(batch_size, (bool, np.bool_)) and batch_size > max_batch_size:
        raise ValueError(f"batch_size must be at most max_batch_size ({max_batch_size}), got {batch_size}")
    check_option(batch_size, "batch_size", [int(s) for s in sizes])   # before the precomputation
    grid = np.linspace(0.0, 2.1, 211)
    noise_scales = {t: m.noise_scale for t, m in zip(steps, path)}
    simple_scales = {t: m.simple_noise_scale for t, m in zip(steps, path)}
    excess = {t: 0.5 * float(m.gradient @ np.linalg.solve(m.hessian, m.gradient)) for t, m in zip(steps, path)}
    noiseless = {t: float(m.gradient @ m.gradient / (m.gradient @ m.hessian @ m.gradient)) for t, m in zip(steps, path)}

    figure, (ax_gain, ax_step) = new_figure(2, width=10.2, height=4.0)
    ax_gain.plot(grid, 2 * grid - grid**2, color=PALETTE["black"], linestyle=":", linewidth=1.5, label="no noise (B → ∞)")
    (gain_line,) = ax_gain.plot(grid, np.zeros_like(grid), color=PALETTE["vermillion"], linewidth=2.2, label="batch of B")
    (gain_best,) = ax_gain.plot([], [], linestyle="none", marker="o", markersize=8, color=PALETTE["vermillion"],
                                label="best step for B")
    ax_gain.axhline(0.0, color=PALETTE["black"], linewidth=0.8, alpha=0.5)
    ax_gain.set_xlim(0, grid[-1])
    ax_gain.set_ylim(-1.0, 1.1)
    style_axes(ax_gain, title="expected loss decrease of one step", xlabel="step size η / η_∞",
               ylabel="ΔL / ΔL_∞")
    ax_gain.legend(loc="lower left", **LEGEND_STYLE)

    (step_line,) = ax_step.plot(sizes, np.ones_like(sizes), color=PALETTE["blue"], linewidth=2.2, label="η_opt(B) / η_∞")
    (linear_line,) = ax_step.plot(sizes, np.ones_like(sizes), color=PALETTE["green"], linestyle="-.", linewidth=1.6,
                                  label="B / B_noise (linear in B)")
    noise_marker = ax_step.axvline(1.0, color=PALETTE["black"], linestyle=":", linewidth=1.5, label="B = B_noise")
    (chosen,) = ax_step.plot([], [], linestyle="none", marker="o", markersize=8, color=PALETTE["blue"], label="chosen B")
    ax_step.set_xscale("log", base=2)
    ax_step.set_yscale("log")
    ax_step.set_xlim(sizes[0] / 1.3, sizes[-1] * 1.3)
    ax_step.set_ylim(1e-4, 2.0)
    ax_step.set_xticks(sizes[::2])
    ax_step.set_xticklabels([str(int(b)) for b in sizes[::2]])
    ax_step.minorticks_off()
    style_axes(ax_step, title="best step against batch size", xlabel="batch size B", ylabel="η_opt / η_∞")
    ax_step.legend(loc="lower right", **LEGEND_STYLE)

    def update(batch_size: int, step: int) -> str:
        b_noise = noise_scales[step]
        share = batch_size / (batch_size + b_noise)         # eta_opt / eta_inf = dL_opt / dL_inf
        gain_line.set_ydata(2 * grid - grid**2 / share)
        gain_best.set_data([share], [share])
        step_line.set_ydata(sizes / (sizes + b_noise))
        linear_line.set_ydata(sizes / b_noise)
        noise_marker.set_xdata([b_noise, b_noise])
        chosen.set_data([batch_size], [share])
        return (f"after {step} steps: excess loss {excess[step]:.4f}, B_noise = {b_noise:.0f} (B_simple = "
                f"{simple_scales[step]:.0f}), η_∞ = {noiseless[step]:.2f}. B = {batch_size}: best step {share:.3f} η_∞, which gains "
                f"{share:.3f} of the noiseless ΔL_∞")

    controls = {
        "batch_size": batch_size_slider(batch_size, maximum=max_batch_size),
        "step": choice_slider(list(steps), step, description="steps of training"),
    }
    animated = [gain_line, gain_best, step_line, linear_line, noise_marker, chosen]
    return Explorer(figure, controls, update, animated)


def variance_check_figure(batch_sizes: np.ndarray, with_replacement: np.ndarray, without_replacement: np.ndarray,
                          trace_covariance: float, n_examples: int, *, z: float = 4.0):
    """A static figure of section 1's check: measured ``E|g_B - G|^2`` against ``B`` (left, log-log, with the
    formulas) and measured over predicted with ``z`` standard-error bars (right), both ways of drawing.

    ``with_replacement`` and ``without_replacement`` are per-draw values, shape ``(draws, len(batch_sizes))``
    (see :func:`helpers.noise_estimates.batch_gradient_squared_norms` with ``centre=True``).
    """
    from ..noise_estimates import standard_error
    from ..plotting import figure_image, power_of_two_ticks

    sizes = check_positive_int_array(batch_sizes, "batch_sizes").astype(float)
    if sizes.ndim != 1:
        raise ValueError(f"batch_sizes must be 1-D, got shape {sizes.shape}")
    for name, draws in (("with_replacement", with_replacement), ("without_replacement", without_replacement)):
        values = check_real_array(draws, name, nonnegative=True)
        if values.ndim != 2 or values.shape[1] != sizes.size or values.shape[0] < 2:
            raise ValueError(f"{name} must hold per-draw values, shape (draws >= 2, {sizes.size} entries of batch_sizes), "
                             f"got {values.shape}")
    with_replacement = check_real_array(with_replacement, "with_replacement")
    without_replacement = check_real_array(without_replacement, "without_replacement")
    trace_covariance = check_real(trace_covariance, "trace_covariance", positive=True)
    n_examples = check_positive_int(n_examples, "n_examples")
    if n_examples < 2 or sizes.max() > n_examples:
        raise ValueError(f"n_examples must be at least 2 and at least the largest of batch_sizes ({int(sizes.max())}), "
                         f"got {n_examples}")
    z = check_real(z, "z", positive=True)
    factor = (n_examples - sizes) / (n_examples - 1)
    figure, (ax_var, ax_ratio) = new_figure(2, width=10.2, height=4.0)
    ax_var.plot(sizes, trace_covariance / sizes, color=PALETTE["black"], linewidth=1.5, label="tr(Σ) / B")
    ax_var.plot(sizes, trace_covariance / sizes * factor, color=PALETTE["vermillion"], linestyle="--", linewidth=1.5,
                label="tr(Σ) / B × (N − B)/(N − 1)")
    ax_var.plot(sizes, with_replacement.mean(axis=0), linestyle="none", marker="o", color=PALETTE["blue"],
                label="measured, with replacement")
    ax_var.plot(sizes, without_replacement.mean(axis=0), linestyle="none", marker="s", markerfacecolor="none", markersize=8,
                color=PALETTE["vermillion"], label="measured, without replacement")
    ax_var.set_xscale("log", base=2)
    ax_var.set_yscale("log")
    style_axes(ax_var, title="variance of the mean-reduced gradient", xlabel="batch size B", ylabel="E |g_B − G|²")
    power_of_two_ticks(ax_var, sizes[::2])
    ax_var.legend(loc="lower left", **LEGEND_STYLE)

    for draws, predicted, shift, style in (
            (with_replacement, trace_covariance / sizes, 0.94, {"marker": "o", "color": PALETTE["blue"]}),
            (without_replacement, trace_covariance / sizes * factor, 1.06,
             {"marker": "s", "markerfacecolor": "none", "color": PALETTE["vermillion"]})):
        ratio = draws.mean(axis=0) / predicted
        ax_ratio.errorbar(sizes * shift, ratio, yerr=z * standard_error(draws) / predicted, linestyle="none", capsize=3, **style)
    ax_ratio.axhline(1.0, color=PALETTE["black"], linewidth=1.2)
    ax_ratio.plot(sizes, factor, color=PALETTE["green"], linestyle=":", linewidth=1.8,
                  label="without replacement, if the factor (N − B)/(N − 1) were left out")
    ax_ratio.set_xscale("log", base=2)
    style_axes(ax_ratio, title=f"measured / predicted, with ±{z:g} standard errors", xlabel="batch size B",
               ylabel="ratio")
    power_of_two_ticks(ax_ratio, sizes[::2])
    ax_ratio.legend(loc="lower left", **LEGEND_STYLE)
    return figure_image(figure)
