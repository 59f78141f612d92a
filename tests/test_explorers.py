"""Every live figure of every notebook: every slider state computed with no warning, what each state
shows, irregular and reversed grids, bad arguments, and the page's drawing against matplotlib's.

The figures are the ones the notebooks build, with the notebooks' own settings (tests/notebook_code.py).
An Explorer calls its figure's callback for every combination of slider values when it is built,
with warnings (numpy's overflow, invalid and divide included) raised as errors; building them here
is the sweep.
"""

import base64
import io
import itertools

import numpy as np
import pytest
from PIL import Image

import helpers
from helpers import explorers
from helpers.plotting import figure_pixels
from helpers.widgets import Explorer, log_grid, powers_of_two, slider_values
from work_budget import refused_at_once
from figure_pages import figure_page
from notebook_code import notebook_explorers

NOTEBOOK_FIGURES = {
    "01_reporting_and_learning_rate.ipynb": ["reported_loss", "update_size", "training_curves"],
    "02_why_the_gradient_scales.ipynb": ["trajectory"],
    "03_regularization.ipynb": ["regularization"],
    "04_gradient_noise.ipynb": ["step_size"],
    "05_limits_of_scaling.ipynb": ["noise"],
    "06_reduction_in_practice.ipynb": ["accumulation", "data_parallel"],
    "07_reduction_and_optimizers.ipynb": ["clipping"],
    "08_neural_network.ipynb": ["linear_rule"],
}


@pytest.fixture(scope="module")
def figures():
    """Every live figure of every notebook, by name."""
    found = {}
    for notebook, names in NOTEBOOK_FIGURES.items():
        built = notebook_explorers(notebook)
        assert len(built) == len(names), f"{notebook} shows {len(built)} live figures, expected {names}"
        found.update(zip(names, built))
    return found


def every_state(explorer):
    return list(itertools.product(*(slider_values(c) for c in explorer.controls.values())))


@pytest.mark.parametrize("name", [n for names in NOTEBOOK_FIGURES.values() for n in names])
def test_every_slider_state_is_computed_and_every_move_changes_the_view(name, figures):
    explorer = figures[name]
    states = every_state(explorer)
    assert list(explorer.statuses) == states and all(explorer.statuses.values())
    names = list(explorer.controls)
    for state in states:
        for c, name_ in enumerate(names):
            values = slider_values(explorer.controls[name_])
            position = values.index(state[c])
            if position + 1 < len(values):
                neighbour = state[:c] + (values[position + 1],) + state[c + 1:]
                a, b = explorer.state_index(**dict(zip(names, state))), explorer.state_index(**dict(zip(names, neighbour)))
                changed = (explorer.statuses[state] != explorer.statuses[neighbour]
                           or any(not np.array_equal(p, q) for pair in zip(explorer._frames[a], explorer._frames[b])
                                  for p, q in zip(*pair)))
                assert changed, f"{name}: moving {name_} from {state[c]} to {values[position + 1]} changes nothing"


def test_noise_figure_divergence_is_said(figures):
    explorer = figures["noise"]
    assert "DIVERGED: sum()" in explorer.show(batch_size=64, learning_rate=0.05)  # above sum's limit 2 / (64 h_max)
    status = explorer.show(learning_rate=0.01)
    assert "DIVERGED" not in status and "B_noise" in status


def test_trajectories_overlap_only_when_matched(figures):
    explorer = figures["trajectory"]
    ax = explorer.figure.axes[0]
    for b in (1, 16, 256):
        assert "identical to rounding" in explorer.show(batch_size=b, multiplier=1.0)
        sum_line, mean_line = [line for line in ax.lines if line.get_label() in ("sum()", "mean()")]
        np.testing.assert_allclose(sum_line.get_xydata(), mean_line.get_xydata(), atol=1e-12)
        assert "identical" not in explorer.show(multiplier=2.0)


def test_regularization_divergence_is_labelled(figures):
    explorer = figures["regularization"]
    assert "DIVERGED: mean + λ" in explorer.show(batch_size=512, learning_rate=0.005, l2=20.0)
    assert "DIVERGED" not in explorer.show(learning_rate=0.0005, l2=0.5)


def test_reported_loss_status_carries_the_numbers(figures):
    explorer = figures["reported_loss"]
    features, labels = helpers.make_two_gaussians(1024, seed=0)
    X = helpers.add_bias_column(features)
    fit = helpers.train_linear_model(X, labels, loss="logistic", batch_size=32, learning_rate=0.1, reduction="mean",
                                     epochs=5, seed=0)
    rate = helpers.per_example_losses(fit.final_weights, X, labels, "zero_one").mean()
    status = explorer.statuses[(64,)]
    assert f"{rate:.3f}" in status and f"{100 * rate:.1f} %" in status and f"{64 * rate:.2f}" in status


def legend_labels(explorer):
    return [text.get_text() for ax in explorer.figure.axes if ax.get_legend() for text in ax.get_legend().texts]


def test_a_legend_lists_only_what_is_drawn(figures):
    # Notebook 01's runs never diverge: no "diverged" entry (there was one, always).
    assert not any("DIVERGED" in s for s in figures["training_curves"].statuses.values())
    assert "diverged" not in legend_labels(figures["training_curves"])
    # Notebook 03's runs do: one entry, in the schemes' legend, not a panel's only entry.
    assert any("DIVERGED" in s for s in figures["regularization"].statuses.values())
    legends = [ax.get_legend() for ax in figures["regularization"].figure.axes if ax.get_legend()]
    assert all(len(legend.texts) >= 2 for legend in legends) and legend_labels(figures["regularization"]).count("diverged") == 1


def test_a_diverging_run_is_drawn_and_labelled():
    X, y, _ = helpers.make_linear_regression(64, 2, seed=0)
    rates = log_grid(0.01, 1.0)
    run = helpers.train_schemes(X, y, loss="squared", batch_sizes=np.array(powers_of_two(1, 64)),
                                learning_rates=np.array(rates), tuned_batch_size=8, epochs=3)
    assert run.diverged.any() and not run.diverged.all()
    explorer = explorers.training_curves_explorer(run, rates, batch_size=64, learning_rate=1.0)
    assert "diverged" in legend_labels(explorer)
    assert "DIVERGED" in explorer.show(batch_size=64, learning_rate=1.0)
    ax_curve, _ = explorer.figure.axes
    cross = [line for line in ax_curve.lines if line.get_label() == "diverged"][0]
    assert len(cross.get_xdata()) >= 1
    assert "DIVERGED" not in explorer.show(learning_rate=0.01)
    assert '<div class="som-status" style="margin:4px 0;font-weight:bold' in explorer.html()


def test_markers_that_mean_different_things_look_different():
    from helpers.plotting import DIVERGED_STYLE, REGULARIZATION_STYLES, SCHEME_STYLES

    crosses = {"x", "X", "+", "P", "1", "2", "3", "4"}
    assert DIVERGED_STYLE["marker"] in crosses
    for styles in (SCHEME_STYLES, REGULARIZATION_STYLES):
        markers = [style["marker"] for style in styles.values()]
        assert len(set(markers)) == len(markers) and not crosses & set(markers)


def test_overlapping_lines_are_named_in_the_status(figures):
    explorer = figures["training_curves"]
    # At B = B0 = 64 the three schemes take the same steps: their curves coincide, and the status says so.
    assert "sum and mean and mean, scaled lr lie on top of each other in “training at the chosen B”" in explorer.statuses[(64, 0.001)]
    # At B = 1, mean() keeps the rate tuned at 64 and parts from the other two, which still take the same steps.
    assert "sum and mean, scaled lr lie on top of each other in “training at the chosen B”" in explorer.statuses[(1, 0.001)]


# --- what a notebook stores -----------------------------------------------------------------------------------------

def test_the_outputs_show_the_figure_everywhere(figures):
    explorer = figures["update_size"]
    picture, live = explorer.picture_output(), explorer.live_output()
    assert set(picture) == {"image/png", "text/plain"} and set(live) == {"text/html", "text/plain"}
    png = base64.b64decode(picture["image/png"])
    drawn = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    explorer.show(**explorer._initial)
    full = figure_pixels(explorer.figure)[..., :3].astype(int)
    # 256 colours: the frequent ones exact, rare antialiasing shades moved
    assert drawn.shape == full.shape and np.abs(drawn - full).mean() < 0.5
    assert np.mean(np.abs(drawn - full).max(axis=-1) > 24) < 1e-2
    assert picture["text/plain"].startswith("Live figure, 2 panels: “one step”") and "Sliders: batch size B from 1 to 1024" in picture["text/plain"]
    html = live["text/html"]
    assert html.count('data-lm-suppress-shortcuts="true"') == len(explorer.controls) == 2
    assert "base64," + picture["image/png"] not in html   # the picture is stored once: the page reuses the shown one
    assert f'"picture_tail":"{picture["image/png"][-64:]}"' in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched from the network


def test_stored_figures_are_small(figures):
    """Every state of a figure's sliders costs less than a few pictures of it: the states go to the page
    as compressed pixel coordinates, beside the one picture (notebook files: tests/test_notebooks.py)."""
    for name, explorer in figures.items():
        size = len(explorer.live_output()["text/html"])
        assert size < 60_000, f"{name}: the sliders' output is {size} bytes"


# --- explorers on any run the trainer produces ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def irregular_schemes():
    X, y, _ = helpers.make_linear_regression(64, 2, seed=1)
    sizes, rates = np.array([64, 1, 4]), np.array([0.02, 0.005, 0.01])     # skips powers of two; neither sorted
    run = helpers.train_schemes(X, y, loss="squared", batch_sizes=sizes, learning_rates=rates, tuned_batch_size=4, epochs=2)
    return X, y, sizes, rates, run


def test_training_curves_on_irregular_grids_show_the_named_run(irregular_schemes):
    X, y, sizes, rates, run = irregular_schemes
    explorer = explorers.training_curves_explorer(run, list(rates), batch_size=4, learning_rate=0.01)
    assert slider_values(explorer.controls["batch_size"]) == [1, 4, 64]
    assert slider_values(explorer.controls["learning_rate"]) == [0.005, 0.01, 0.02]
    for b, eta in itertools.product(sizes, rates):
        status = explorer.show(batch_size=int(b), learning_rate=float(eta))
        direct = helpers.train_schemes(X, y, loss="squared", batch_sizes=np.array([b]), learning_rates=np.array([eta]),
                                       tuned_batch_size=4, epochs=2)
        curves = [line for line in explorer.figure.axes[0].lines if line.get_label() in helpers.SCHEMES]
        for k, line in enumerate(curves):
            np.testing.assert_allclose(line.get_ydata(), np.minimum(direct.loss[0, 0, k], line.get_ydata().max() + 1), rtol=1e-12)
        assert f"B = {b}, η = {eta:g}" in status and f"sum {direct.loss[0, 0, 0, -1]:.3f}" in status


def test_regularization_on_reversed_grids_shows_the_named_run():
    X, y = helpers.make_two_gaussians(64, seed=2)
    X = helpers.add_bias_column(X)
    sizes, rates, l2s = np.array([16, 2]), np.array([0.002, 0.001]), np.array([5.0, 0.5, 1.0])
    run = helpers.regularization.train_regularization_schemes(X, y, batch_sizes=sizes, learning_rates=rates, l2s=l2s, epochs=2)
    explorer = explorers.regularization_explorer(run, list(rates), list(l2s), X, y, batch_size=2, learning_rate=0.001, l2=1.0)
    for b, eta, lam in itertools.product(sizes, rates, l2s):
        explorer.show(batch_size=int(b), learning_rate=float(eta), l2=float(lam))
        direct = helpers.regularization.train_regularization_schemes(X, y, batch_sizes=np.array([b]), learning_rates=np.array([eta]),
                                                                     l2s=np.array([lam]), epochs=2)
        norm_line = [line for line in explorer.figure.axes[0].lines if len(line.get_xdata()) == direct.weights.shape[-2]][0]
        np.testing.assert_allclose(norm_line.get_ydata(), np.linalg.norm(direct.weights[0, 0, 0, 0], axis=-1), rtol=1e-12)


def test_noise_explorer_on_reversed_rates_shows_the_named_run():
    X, y, _ = helpers.make_linear_regression(128, 2, seed=3)
    rates = [0.05, 0.01, 0.002]
    sizes = np.array([2, 32, 8])
    run = helpers.train_linear_model(X, y, loss="squared", batch_size=sizes[:, None, None], learning_rate=np.array(rates)[None, :, None],
                                     reduction=np.array(["sum", "mean"]), epochs=1, evaluate_every=32, seed=0)
    moments = helpers.noise.empirical_moments(np.zeros(2), X, y)
    level = explorers.NoiseLevel(run, moments, 1.0)
    explorer = explorers.noise_explorer({0.5: level}, rates, tuned_batch_size=8, batch_size=8, learning_rate=0.01, noise=0.5)
    ax_curve = explorer.figure.axes[1]
    for i, j in itertools.product(range(3), range(3)):
        status = explorer.show(batch_size=int(sizes[i]), learning_rate=rates[j])
        sum_curve = [line for line in ax_curve.lines if line.get_label() == "sum()"][0]
        if not run.diverged[i, j, 0]:
            np.testing.assert_allclose(sum_curve.get_ydata(), run.loss[i, j, 0], rtol=1e-12)
            assert f"sum() {run.loss[i, j, 0, -1]:.3f}" in status


# --- bad arguments ----------------------------------------------------------------------------------------------------

def test_explorers_refuse_grids_that_are_not_the_runs(irregular_schemes):
    _, _, _, rates, run = irregular_schemes
    with pytest.raises(ValueError, match=r"learning_rates must be the sum\(\) learning rates η of the run, in its order"):
        explorers.training_curves_explorer(run, list(rates[::-1]), batch_size=4, learning_rate=0.01)
    with pytest.raises(ValueError, match=r"batch_size must be one of the slider's options \[1, 4, 64\], got 16"):
        explorers.training_curves_explorer(run, list(rates), batch_size=16, learning_rate=0.01)


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.widgets.batch_size_slider(3), ValueError, r"batch_size must be one of the slider's options \[1, 2, 4"),
    (lambda: helpers.widgets.learning_rate_slider(0.03), ValueError, "learning_rate must be one of the slider's options"),
    (lambda: helpers.widgets.log_grid(0.1, 0.01), ValueError, "maximum"),
    (lambda: helpers.widgets.log_grid(0.0, 0.01), ValueError, "minimum must be positive"),
    (lambda: helpers.widgets.powers_of_two(0, 8), ValueError, "minimum must be a positive integer"),
    (lambda: explorers.reported_loss_explorer(np.zeros(100)), ValueError, "power-of-two number of examples"),
    (lambda: explorers.reported_loss_explorer(np.zeros(64), batch_size=128), ValueError, "batch_size must be one of"),
    (lambda: explorers.batch_reports(np.zeros((2, 2)), [1]), ValueError, "must be 1-D"),
    (lambda: explorers.batch_reports(np.zeros(4), [8]), ValueError, "batch_sizes must be at most 4"),
    (lambda: explorers.batch_reports(np.zeros(4), [1.5]), TypeError, "batch_sizes must hold positive integers"),
    (lambda: explorers.update_size_explorer(n_examples=2**40), ValueError, "n_examples must be at most"),
    (lambda: explorers.update_size_explorer(mean_gradient=float("nan")), ValueError, "mean_gradient must be finite"),
    (lambda: explorers.update_size_explorer(tuned_batch_size=0), ValueError, "tuned_batch_size must be a positive integer"),
    (lambda: explorers.update_size_explorer(learning_rate=0.03), ValueError, "learning_rate must be one of"),
    (lambda: explorers.training_curves_explorer("run", [0.1]), TypeError, "run must be a TrainingRun"),
    (lambda: explorers.regularization_explorer(None, [0.1], [1.0], np.zeros((2, 3)), np.zeros(2)), TypeError, "run must be a TrainingRun"),
    (lambda: explorers.noise_explorer({}, [0.1]), TypeError, "levels must be a non-empty dict"),
    (lambda: explorers.noise_explorer({1.0: "level"}, [0.1]), TypeError, r"levels\[1.0\] must be a NoiseLevel"),
    (lambda: explorers.trajectory_explorer(np.zeros((8, 3)), np.zeros(8)), ValueError, "features must have 2 columns"),
    (lambda: explorers.trajectory_explorer(np.zeros((64, 2)), np.zeros(64), multiplier=3.0), ValueError, "multiplier must be one of"),
    (lambda: explorers.train_sum_and_mean(np.zeros((8, 2)), np.zeros(8), loss="squared", batch_sizes=[16], learning_rates=[0.1]),
     ValueError, "batch_sizes must be at most 8"),
    (lambda: explorers.train_sum_and_mean(np.zeros((8, 2)), np.zeros(8), loss="squared", batch_sizes=[1], learning_rates=[0.1],
                                          start=(1.0,)), ValueError, "start must hold the two starting weights"),
    (lambda: explorers.best_learning_rates("run", [0.1]), TypeError, "run must be a TrainingRun"),
    (lambda: Explorer("figure", {}, str, []), TypeError, "figure must be a matplotlib Figure"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize("call", [
    lambda X, y: explorers.train_sum_and_mean(X, y, loss="logistic", batch_sizes=[1], learning_rates=[0.1], epochs=10**12),
    lambda X, y: explorers.trajectory_explorer(X, y, epochs=10**12),
])
def test_absurd_epochs_are_refused_at_once(call):
    X, y = helpers.make_two_gaussians(64, seed=0)
    error = refused_at_once(lambda: call(X, y))   # before the work starts: counted, not timed
    assert isinstance(error, ValueError) and "reduce epochs" in str(error)


def test_log_grid_and_powers_of_two():
    assert log_grid(1e-4, 0.1)[:4] == [1e-4, 2e-4, 5e-4, 1e-3] and log_grid(1e-4, 0.1)[-1] == 0.1
    assert powers_of_two(1, 1024) == [2**k for k in range(11)]


# --- the page draws what matplotlib draws -----------------------------------------------------------------------------

def off_by_more_than_a_pixel(page: np.ndarray, reference: np.ndarray, tolerance: int = 32) -> np.ndarray:
    """Pixels where one picture's colour is not a blend of the other's colours within one pixel of that place.

    A pixel matches if every channel lies (within ``tolerance``) between the least and the greatest value
    of that channel in the 3 x 3 neighbourhood of the same place in the other picture: an edge drawn a
    fraction of a pixel away, or antialiased differently, matches; a line missing, or two pixels away, does not.
    """
    def unmatched(a, b):
        padded = np.pad(b, ((1, 1), (1, 1), (0, 0)), mode="edge")
        h, w = a.shape[:2]
        shifted = np.stack([padded[dy:dy + h, dx:dx + w] for dy, dx in itertools.product(range(3), range(3))])
        low, high = shifted.min(axis=0), shifted.max(axis=0)
        return np.maximum(low - a, a - high).max(axis=-1) > tolerance
    return unmatched(page, reference) | unmatched(reference, page)


ALLOWED = 3e-4
"""Share of a figure's pixels that may differ by more than a pixel (antialiasing differs a little)."""
ALLOWED_STACKED = 2e-3
"""The same where the status line says lines lie on top of each other: which of the stacked dashes is on
top at a pixel follows sub-pixel differences in the dash phase (notebook 03's four coinciding schemes)."""
ALLOWED_ZIGZAG = 2e-2
"""Where a line turns back within a pixel (notebook 01's per-batch losses at B = 1 and 2: 1024 steps in
345 pixels), Chromium's antialiasing covers such pixels up to a third less than Agg's."""


def zigzags_within_a_pixel(explorer):
    """Whether a line of the current state has more vertices than its axes has pixels across."""
    return any(len(line.get_path().vertices) > line.axes.bbox.width for line in explorer.animated)


def states_to_check(explorer, count=5):
    """The first, last and initial states and a few others, seeded."""
    states = every_state(explorer)
    rng = np.random.default_rng(0)
    picked = [states[0], states[-1], tuple(explorer._initial.values())]
    picked += [states[i] for i in rng.choice(len(states), size=min(count, len(states)), replace=False)]
    return list(dict.fromkeys(picked))


SET_STATE = """([k, indices]) => {
    const figure = document.querySelectorAll('.som-figure')[k];
    figure.querySelectorAll('input.som-slider').forEach((input, c) => {
        input.value = String(indices[c]);
        input.dispatchEvent(new Event('input', {bubbles: true}));
    });
    return [Number(figure.dataset.state), figure.querySelector('.som-status').textContent,
            figure.querySelector('canvas.som-canvas').toDataURL()];
}"""


def test_the_page_draws_what_matplotlib_draws(figures, browser):
    """Every figure of every notebook, at several slider states, in headless Chromium: the canvas agrees
    with a full matplotlib draw of the same state within one pixel."""
    from jupyterlab_driver import ROOT

    artifacts = ROOT / "test-artifacts" / "page-vs-matplotlib"
    artifacts.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1300, "height": 900}, device_scale_factor=1)
    page.set_content(figure_page(*figures.values()))
    page.wait_for_function("() => [...document.querySelectorAll('.som-figure')].every(f => f.dataset.ready || f.dataset.error)")
    assert page.evaluate("() => [...document.querySelectorAll('.som-figure')].map(f => f.dataset.error || '')") == [""] * len(figures)
    for k, (name, explorer) in enumerate(figures.items()):
        for state in states_to_check(explorer):
            values = dict(zip(explorer.controls, state))
            indices = [slider_values(c).index(v) for c, v in zip(explorer.controls.values(), state)]
            index, status, url = page.evaluate(SET_STATE, [k, indices])
            assert index == explorer.state_index(**values) and status == explorer.statuses[state]
            drawn = np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",")[1]))).convert("RGB")).astype(int)
            explorer.show(**values)
            full = figure_pixels(explorer.figure)[..., :3].astype(int)
            assert drawn.shape == full.shape
            bad = off_by_more_than_a_pixel(drawn, full)
            allowed = (ALLOWED_ZIGZAG if zigzags_within_a_pixel(explorer)
                       else ALLOWED_STACKED if "lie on top of each other" in status else ALLOWED)
            if bad.mean() > allowed:
                Image.fromarray(np.concatenate([drawn, full]).astype(np.uint8)).save(artifacts / f"{name}-{index}.png")
            assert bad.mean() <= allowed, f"{name} at {values}: {bad.sum()} pixels differ by more than a pixel"
    page.close()


def test_the_pixel_comparison_catches_a_line_drawn_wrong(figures, browser):
    """The check above fails when a line is off by two pixels or missing."""
    explorer = figures["update_size"]
    explorer.show(**explorer._initial)
    full = figure_pixels(explorer.figure)[..., :3].astype(int)
    line = explorer.animated[0]
    line.set_ydata(line.get_ydata() * 1.25)          # a line a little off, as from a wrong transform
    shifted = figure_pixels(explorer.figure)[..., :3].astype(int)
    assert off_by_more_than_a_pixel(shifted, full).mean() > ALLOWED
    line.set_visible(False)                           # a line missing
    missing = figure_pixels(explorer.figure)[..., :3].astype(int)
    line.set_visible(True)
    assert off_by_more_than_a_pixel(missing, full).mean() > ALLOWED
    explorer.show(**explorer._initial)


def test_legends_and_tick_labels_are_at_least_10_css_pixels(figures):
    """A figure's pixels are CSS pixels (the page draws it at its own size), so text of s points is s x dpi / 72 px."""
    for name, explorer in figures.items():
        figure = explorer.figure
        assert figure.bbox.width <= 820, f"{name}: wider than JupyterLab's output area at a 1280-pixel window"
        texts = [t for ax in figure.axes if ax.get_legend() for t in ax.get_legend().texts]
        texts += [t for ax in figure.axes for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
        smallest = min(t.get_fontsize() * figure.dpi / 72 for t in texts)
        assert smallest >= 10 - 1e-9, f"{name}: text of {smallest:.1f} px"


def test_a_high_dpi_screen_gets_a_sharp_canvas(figures, browser):
    """On a screen of two device pixels per CSS pixel the canvas has twice the pixels, at the same CSS size."""
    explorer = figures["update_size"]
    page = browser.new_page(viewport={"width": 1000, "height": 700}, device_scale_factor=2)
    page.set_content(figure_page(explorer))
    page.wait_for_function("() => document.querySelector('.som-figure').dataset.ready")
    size = page.evaluate("() => { const c = document.querySelector('canvas.som-canvas'); "
                         "const r = c.getBoundingClientRect(); return [c.width, c.height, r.width, r.height]; }")
    width, height = explorer.figure.bbox.width, explorer.figure.bbox.height
    assert size == [2 * width, 2 * height, width, height]
    page.close()


def test_static_figures_of_notebooks_04_and_05():
    from helpers.explorers.limits import stability_limits_figure
    from helpers.explorers.noise_scale import variance_check_figure

    sizes = np.array([1, 2, 4, 8])
    draws = np.abs(np.random.default_rng(0).normal(1.0, 0.1, size=(50, 4))) / sizes
    variance = variance_check_figure(sizes, draws, draws * 0.9, 1.0, 64)
    assert isinstance(variance, helpers.plotting.FigureImage) and variance.alt.startswith("Figure, 2 panels: “variance of the mean-reduced gradient”")
    figure = stability_limits_figure(sizes, np.array([0.5, 0.9, 1.2, 1.9]), 2.0, tuned_learning_rate=0.5, tuned_batch_size=2,
                                     best_rates=np.array([0.1, 0.2, 0.5, 1.0]), probes=(np.array([6, 8]), np.array([False, True])))
    assert isinstance(figure, helpers.plotting.FigureImage) and figure.png.startswith(b"\x89PNG")


def test_linear_rule_figure_says_divergence_and_the_rule(figures):
    explorer = figures["linear_rule"]
    status = explorer.show(batch_size=128, learning_rate=6.4, warmup=0.0)
    assert "DIVERGED" in status and "η₀ B / B₀ = 6.4" in status
    assert "warm-up over 2 epochs from 0.4" in explorer.show(batch_size=64, learning_rate=3.2, warmup=2.0)
    assert "flat at B₀" in explorer.show(batch_size=8, learning_rate=0.4, warmup=2.0)
    first = explorer.show(batch_size=8, learning_rate=0.1, warmup=0.0)
    assert "DIVERGED" not in first and "test accuracy" in first
