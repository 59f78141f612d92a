"""Notebook 03: weight norm, decision boundary and test accuracy under each regularization scheme."""

from __future__ import annotations

import numpy as np

from .._validation import check_binary_labels, check_matrix, check_real_array, check_same_length
from ..plotting import (DIVERGED_STYLE, LEGEND_STYLE, PALETTE, REGULARIZATION_STYLES, new_figure, power_of_two_ticks,
                        set_points, style_axes)
from ..regularization import REGULARIZATION_SCHEMES, accuracy, decision_boundary
from ..training import TrainingRun
from ..widgets import Explorer, choice_slider
from ._runs import check_grid, check_run, sort_run

BOX = ((-3.0, 5.0), (-2.5, 4.5))


def regularization_explorer(run: TrainingRun, learning_rates: list[float], l2s: list[float], test_features: np.ndarray,
                            test_labels: np.ndarray, *, batch_size: int = 64, learning_rate: float = 0.001,
                            l2: float = 1.0) -> Explorer:
    """Sliders for ``B``, ``eta`` and ``lambda`` over a run of :func:`helpers.regularization.train_regularization_schemes`.

    Top: the weight norm during training at the chosen ``B``, and after training against ``B``.
    Bottom: the decision boundaries at the chosen ``B`` over test points, and test accuracy against ``B``.
    Diverged runs are left out of the lines, marked with crosses and named in the title.
    """
    run = check_run(run, "run", 4, last_axis=len(REGULARIZATION_SCHEMES))
    learning_rates = check_grid(learning_rates, "learning_rates", run.learning_rate[0, :, 0, 0], "sum() learning rates η")
    l2s = check_grid(l2s, "l2s", run.l2[0, 0, :, 0], "L2 strengths λ")
    test_features = check_matrix(test_features, "test_features")
    test_labels = check_real_array(test_labels, "test_labels")
    if test_features.shape[1] != run.weights.shape[-1]:
        raise ValueError(f"test_features must have {run.weights.shape[-1]} columns (the run's weights), got {test_features.shape[1]}")
    if test_labels.ndim != 1:
        raise ValueError(f"test_labels must be 1-D, got shape {test_labels.shape}")
    check_same_length(test_features, "test_features", test_labels, "test_labels")
    check_binary_labels(test_labels, "test_labels")
    for axis, keys in ((0, run.batch_size[:, 0, 0, 0]), (1, run.learning_rate[0, :, 0, 0]), (2, run.l2[0, 0, :, 0])):
        run = sort_run(run, axis, keys)
    learning_rates, l2s = sorted(learning_rates), sorted(l2s)
    sizes = run.batch_size[:, 0, 0, 0]
    controls = {
        "batch_size": choice_slider([int(b) for b in sizes], batch_size, description="batch size B", argument="batch_size"),
        "learning_rate": choice_slider(learning_rates, learning_rate, description="learning rate η (sum)", argument="learning_rate"),
        "l2": choice_slider(l2s, l2, description="L2 strength λ", argument="l2"),
    }
    epochs = run.examples_seen / run.n_examples
    norms = np.where(run.diverged[..., None], np.nan, np.linalg.norm(run.weights, axis=-1))  # (B, eta, l2, scheme, T)
    test_accuracy = np.where(run.diverged, np.nan, accuracy(run.final_weights, test_features, test_labels))
    boundaries = {
        index: decision_boundary(run.final_weights[index], *BOX)
        for index in np.ndindex(run.diverged.shape) if not run.diverged[index]
    }

    figure, (ax_time, ax_norm, ax_boundary, ax_accuracy) = new_figure(4, rows=2, width=10.0, height=7.0)
    lines = {name: {} for name in ("time", "norm", "boundary", "accuracy")}
    for scheme in REGULARIZATION_SCHEMES:
        style = dict(REGULARIZATION_STYLES[scheme])
        marker = style.pop("marker")
        (lines["time"][scheme],) = ax_time.plot(epochs, np.ones_like(epochs), **style)
        (lines["norm"][scheme],) = ax_norm.plot(sizes, np.ones(len(sizes)), marker=marker, markersize=5, label=scheme, **style)
        (lines["boundary"][scheme],) = ax_boundary.plot([], [], **style)
        (lines["accuracy"][scheme],) = ax_accuracy.plot(sizes, np.ones(len(sizes)), marker=marker, markersize=5, **style)
    (cross_norm,) = ax_norm.plot([], [], label="diverged", **DIVERGED_STYLE)
    (cross_accuracy,) = ax_accuracy.plot([], [], **DIVERGED_STYLE)
    here_norm = ax_norm.axvline(1, color=PALETTE["black"], linewidth=1, alpha=0.5)
    here_accuracy = ax_accuracy.axvline(1, color=PALETTE["black"], linewidth=1, alpha=0.5)

    shown = slice(0, 300)
    for label, colour, marker in ((0, PALETTE["indigo"], "o"), (1, PALETTE["olive"], "s")):
        points = test_features[shown][test_labels[shown] == label]
        ax_boundary.scatter(points[:, 0], points[:, 1], s=10, color=colour, marker=marker, edgecolors="0.4",
                            linewidths=0.3, label=f"class {label}")
    finite = norms[np.isfinite(norms) & (norms > 0)]
    norm_range = (finite.min() / 1.5, min(finite.max(), 1e3) * 1.5)
    for ax in (ax_time, ax_norm):
        ax.set_yscale("log")
        ax.set_ylim(*norm_range)
    ax_time.set_xlim(0, run.epochs)
    ax_accuracy.set_ylim(0.5, 1.0)
    ax_boundary.set_xlim(*BOX[0])
    ax_boundary.set_ylim(*BOX[1])
    style_axes(ax_time, title="weight norm during training (chosen B)", xlabel="epochs", ylabel="weight norm ||w||")
    style_axes(ax_norm, title="weight norm after training", xlabel="batch size B", ylabel="||w||", log2_x=True)
    style_axes(ax_boundary, title="decision boundaries (test points)", xlabel="$x_1$", ylabel="$x_2$")
    style_axes(ax_accuracy, title="test accuracy after training", xlabel="batch size B", ylabel="accuracy", log2_x=True)
    for ax in (ax_norm, ax_accuracy):
        power_of_two_ticks(ax, sizes)
        ax.set_xlim(sizes[0] / 1.4, sizes[-1] * 1.4)
    # One legend for the schemes (line and marker) and the divergence cross, which the panels on the right draw.
    ax_time.legend(handles=[*lines["norm"].values(), cross_norm], loc="lower left", **LEGEND_STYLE, ncol=2)
    ax_boundary.legend(loc="lower right", **LEGEND_STYLE)

    size_index = {int(b): i for i, b in enumerate(sizes)}
    rate_index = {float(r): j for j, r in enumerate(learning_rates)}
    l2_index = {float(v): k for k, v in enumerate(l2s)}

    def update(batch_size: int, learning_rate: float, l2: float) -> str:
        i, j, k = size_index[batch_size], rate_index[learning_rate], l2_index[l2]
        crosses_norm, crosses_accuracy, blown = [], [], []
        for s, scheme in enumerate(REGULARIZATION_SCHEMES):
            lines["time"][scheme].set_ydata(norms[i, j, k, s])
            lines["norm"][scheme].set_ydata(norms[:, j, k, s, -1])
            lines["accuracy"][scheme].set_ydata(test_accuracy[:, j, k, s])
            segment = boundaries.get((i, j, k, s), np.empty((0, 2)))
            lines["boundary"][scheme].set_data(segment[:, 0], segment[:, 1])
            for b in np.flatnonzero(run.diverged[:, j, k, s]):
                crosses_norm.append((sizes[b], norm_range[1] / 1.3))
                crosses_accuracy.append((sizes[b], 0.52))
            if run.diverged[i, j, k, s]:
                blown.append(scheme)
        set_points(cross_norm, crosses_norm)
        set_points(cross_accuracy, crosses_accuracy)
        here_norm.set_xdata([batch_size, batch_size])
        here_accuracy.set_xdata([batch_size, batch_size])
        state = f"DIVERGED: {', '.join(blown)}" if blown else (
            f"penalty strength against the mean loss: sum + λ {l2 / batch_size:.3g}, consistent forms {l2 / run.n_examples:.3g}")
        return f"B = {batch_size}, η = {learning_rate:g}, λ = {l2:g}: {state}"

    animated = [line for group in lines.values() for line in group.values()]
    animated += [cross_norm, cross_accuracy, here_norm, here_accuracy]
    return Explorer(figure, controls, update, animated)
