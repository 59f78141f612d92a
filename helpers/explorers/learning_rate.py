"""Notebook 01, part 2: how far one step and one epoch move the weights under each scheme."""

from __future__ import annotations

import numpy as np

from .._validation import check_positive_int, check_positive_int_array, check_real, check_real_array
from ..plotting import DIVERGED_STYLE, LEGEND_STYLE, SCHEME_STYLES, new_figure, power_of_two_ticks, set_points, style_axes
from ..reduction import update_per_epoch, update_per_step
from ..scaling import equivalent_learning_rate, scaled_learning_rate
from ..training import SCHEMES, TrainingRun
from ..widgets import Explorer, batch_size_slider, choice_slider, learning_rate_slider, powers_of_two, slider_values
from ._runs import check_grid, check_option, check_run, sort_run

MAX_EXAMPLES = 2**20
"""The largest ``n_examples`` :func:`update_size_explorer` draws (a slider of 21 batch sizes)."""


def scheme_updates(batch_sizes: np.ndarray, learning_rate: float, *, tuned_batch_size: int, mean_gradient: float, n_examples: int) -> dict[str, dict[str, np.ndarray]]:
    """Step size per step and per epoch for each of :data:`helpers.training.SCHEMES`, over ``batch_sizes``.

    ``learning_rate`` is the per-example (``sum()``) rate ``eta``; ``mean`` uses ``eta * B0`` fixed,
    ``mean, scaled lr`` the linear rule.

    Examples
    --------
    >>> u = scheme_updates(np.array([64, 128]), 0.01, tuned_batch_size=64, mean_gradient=0.0625, n_examples=128)
    >>> u["mean"]["epoch"]
    array([0.08, 0.04])
    """
    n_examples = check_positive_int(n_examples, "n_examples")
    batch_sizes = check_positive_int_array(batch_sizes, "batch_sizes", maximum=n_examples, what=" (n_examples)")
    learning_rate = check_real(learning_rate, "learning_rate", positive=True)
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size", maximum=n_examples, what=" (n_examples)")
    mean_gradient = check_real(mean_gradient, "mean_gradient")
    tuned_rate = equivalent_learning_rate(learning_rate, tuned_batch_size, from_reduction="sum", to_reduction="mean")
    rates = {
        "sum": (learning_rate, "sum"),
        "mean": (tuned_rate, "mean"),
        "mean, scaled lr": (scaled_learning_rate(batch_sizes, tuned_rate, tuned_batch_size), "mean"),
    }
    return {
        scheme: {
            "step": update_per_step(batch_sizes, rate, mean_gradient, reduction),
            "epoch": update_per_epoch(n_examples, batch_sizes, rate, mean_gradient, reduction),
        }
        for scheme, (rate, reduction) in rates.items()
    }


def update_size_explorer(*, mean_gradient: float = 0.0625, n_examples: int = 1024, tuned_batch_size: int = 64,
                         batch_size: int = 64, learning_rate: float = 0.01) -> Explorer:
    """Sliders for ``B`` and the per-example rate ``eta`` over |step| and |epoch update| against ``B``.

    ``mean_gradient`` is the average per-example ``dL/dW``: the post's 12.5 % mistakes x 0.5.
    """
    n_examples = check_positive_int(n_examples, "n_examples", maximum=MAX_EXAMPLES)
    mean_gradient = check_real_array(mean_gradient, "mean_gradient", positive=True)
    if mean_gradient.ndim != 0:
        raise ValueError(f"mean_gradient must be one number, got shape {mean_gradient.shape}")
    mean_gradient = float(mean_gradient)
    tuned_batch_size = check_positive_int(tuned_batch_size, "tuned_batch_size", maximum=n_examples, what=" (n_examples)")
    sizes = np.array(powers_of_two(1, n_examples))
    check_option(batch_size, "batch_size", [int(s) for s in sizes], what=" (the powers of two up to n_examples)")
    controls = {
        "batch_size": batch_size_slider(batch_size, maximum=int(sizes[-1])),
        "learning_rate": learning_rate_slider(learning_rate, minimum=1e-4, maximum=0.1, description="learning rate η (sum)"),
    }
    rates = slider_values(controls["learning_rate"])
    # Every slider value, computed once: the callback only looks them up.
    table = {
        rate: scheme_updates(sizes, rate, tuned_batch_size=tuned_batch_size, mean_gradient=mean_gradient, n_examples=n_examples)
        for rate in rates
    }
    figure, (ax_step, ax_epoch) = new_figure(2, height=3.8)
    curves, markers = {}, {}
    for ax, kind in ((ax_step, "step"), (ax_epoch, "epoch")):
        for scheme in SCHEMES:
            style = SCHEME_STYLES[scheme]
            (curves[kind, scheme],) = ax.plot(sizes, np.ones(len(sizes)), color=style["color"], linestyle=style["linestyle"],
                                              linewidth=style["linewidth"], label=scheme)
            (markers[kind, scheme],) = ax.plot([1], [1], linestyle="none", marker=style["marker"], markersize=9,
                                               color=style["color"])
        ax.set_yscale("log")
        power_of_two_ticks(ax, sizes[::2])
        all_values = [table[r][s][kind] for r in rates for s in SCHEMES]
        ax.set_ylim(min(v.min() for v in all_values) / 2, max(v.max() for v in all_values) * 2)
        ax.legend(loc="upper left" if kind == "step" else "lower left", **LEGEND_STYLE)
    style_axes(ax_step, title="one step", xlabel="batch size B", ylabel="|weight change| per step", log2_x=True)
    style_axes(ax_epoch, title=f"one epoch ({n_examples} examples)", xlabel="batch size B", ylabel="|weight change| per epoch", log2_x=True)
    power_of_two_ticks(ax_step, sizes[::2])
    power_of_two_ticks(ax_epoch, sizes[::2])
    index = {int(b): i for i, b in enumerate(sizes)}

    def update(batch_size: int, learning_rate: float) -> str:
        values = table[learning_rate]
        i = index[batch_size]
        for kind in ("step", "epoch"):
            for scheme in SCHEMES:
                curves[kind, scheme].set_ydata(values[scheme][kind])
                markers[kind, scheme].set_data([batch_size], [values[scheme][kind][i]])
        return (f"B = {batch_size}, η = {learning_rate:g}: per step sum {values['sum']['step'][i]:.3g}, "
                f"mean {values['mean']['step'][i]:.3g}, scaled {values['mean, scaled lr']['step'][i]:.3g}; per epoch sum "
                f"{values['sum']['epoch'][i]:.3g}, mean {values['mean']['epoch'][i]:.3g}, scaled {values['mean, scaled lr']['epoch'][i]:.3g}")

    animated = [*curves.values(), *markers.values()]
    return Explorer(figure, controls, update, animated)


def training_curves_explorer(run: TrainingRun, learning_rates: list[float], *, batch_size: int = 64, learning_rate: float = 0.001) -> Explorer:
    """Sliders for ``B`` and ``eta`` over training curves from :func:`helpers.training.train_schemes`.

    Left: training loss against epochs at the chosen ``B`` for each scheme. Right: the loss after
    the last epoch against ``B``. Diverged runs end in a cross and are named in the title.
    """
    run = check_run(run, "run", 3, last_axis=len(SCHEMES))
    learning_rates = check_grid(learning_rates, "learning_rates", run.learning_rate[0, :, 0], "sum() learning rates η")
    run = sort_run(sort_run(run, 0, run.batch_size[:, 0, 0]), 1, run.learning_rate[0, :, 0])
    learning_rates = sorted(learning_rates)
    sizes = np.asarray(run.batch_size[:, 0, 0])
    controls = {
        "batch_size": choice_slider([int(b) for b in sizes], batch_size, description="batch size B", argument="batch_size"),
        "learning_rate": choice_slider(learning_rates, learning_rate, description="learning rate η (sum)", argument="learning_rate"),
    }
    epochs = run.examples_seen / run.n_examples
    figure, (ax_curve, ax_final) = new_figure(2, height=3.8)
    curves, finals, markers, crosses = {}, {}, {}, {}
    for scheme in SCHEMES:
        style = SCHEME_STYLES[scheme]
        (curves[scheme],) = ax_curve.plot(epochs, np.zeros_like(epochs), color=style["color"], linestyle=style["linestyle"],
                                          linewidth=style["linewidth"], label=scheme)
        (finals[scheme],) = ax_final.plot(sizes, np.zeros(len(sizes)), color=style["color"], linestyle=style["linestyle"],
                                          linewidth=style["linewidth"], label=scheme)
        (markers[scheme],) = ax_final.plot([1], [1], linestyle="none", marker=style["marker"], markersize=9, color=style["color"])
    (crosses["curve"],) = ax_curve.plot([], [], label="diverged", **DIVERGED_STYLE)
    (crosses["final"],) = ax_final.plot([], [], **DIVERGED_STYLE)
    top = 1.15 * float(run.loss[..., 0].max())  # the starting loss; spikes above it leave the chart
    for ax in (ax_curve, ax_final):
        ax.set_ylim(0, top)
        ax.legend(loc="upper right", **LEGEND_STYLE)
    style_axes(ax_curve, title="training at the chosen B", xlabel="epochs", ylabel="training loss (mean per example)")
    style_axes(ax_final, title=f"after {run.epochs} epochs, every B", xlabel="batch size B", ylabel="training loss", log2_x=True)
    power_of_two_ticks(ax_final, sizes[:: max(1, round(len(sizes) / 6))])
    ax_final.set_xlim(sizes[0] / 1.4, sizes[-1] * 1.4)
    ax_curve.set_xlim(0, run.epochs)
    size_index = {int(b): i for i, b in enumerate(sizes)}
    rate_index = {float(r): j for j, r in enumerate(learning_rates)}

    def update(batch_size: int, learning_rate: float) -> str:
        i, j = size_index[batch_size], rate_index[learning_rate]
        cross_curve, cross_final, blown = [], [], []
        for k, scheme in enumerate(SCHEMES):
            loss = run.loss[i, j, k]
            curves[scheme].set_ydata(np.minimum(loss, top))
            final = run.loss[:, j, k, -1]
            finals[scheme].set_ydata(np.minimum(final, top))
            markers[scheme].set_data([batch_size], [min(final[i], top) if np.isfinite(final[i]) else np.nan])
            if run.diverged[i, j, k]:
                blown.append(scheme)
                cross_curve.append((run.diverged_at[i, j, k] / run.n_examples, top * 0.97))
            cross_final.extend((sizes[b], top * 0.97) for b in np.flatnonzero(run.diverged[:, j, k]))
        set_points(crosses["curve"], cross_curve)
        set_points(crosses["final"], cross_final)
        state = f"DIVERGED: {', '.join(blown)}" if blown else "training loss after the last epoch: " + ", ".join(
            f"{s} {run.loss[i, j, k, -1]:.3f}" for k, s in enumerate(SCHEMES))
        return f"B = {batch_size}, η = {learning_rate:g}: {state}"

    animated = [*curves.values(), *finals.values(), *markers.values(), *crosses.values()]
    return Explorer(figure, controls, update, animated)
