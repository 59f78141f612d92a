"""Every value of every slider, through every live figure's callback: no exception, no warning.

The figures are the ones the notebooks build, with the notebooks' own settings (tests/notebook_code.py).

pytest turns warnings into errors (pyproject.toml), and numpy's overflow, invalid and divide
warnings are raised here too. Each move must also change what the browser receives.
"""

import itertools

import numpy as np
import pytest

import helpers
from helpers import explorers
from helpers.widgets import log_grid, powers_of_two, slider_values
from notebook_code import notebook_explorers


def notebook_01_data():
    features, labels = helpers.make_two_gaussians(1024, seed=0)
    X = helpers.add_bias_column(features)
    fit = helpers.train_linear_model(X, labels, loss="logistic", batch_size=32, learning_rate=0.1,
                                     reduction="mean", epochs=5, seed=0)
    return X, labels, fit.final_weights


@pytest.fixture(scope="module")
def notebook_01_explorers():
    reported_loss, update_size, training_curves = notebook_explorers("01_reporting_and_learning_rate.ipynb")
    return {"reported_loss": reported_loss, "update_size": update_size, "training_curves": training_curves}


def sweep_every_value(explorer):
    """Move each slider through its whole range (others fixed), then a grid of combinations."""
    pictures = 0
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for name, control in explorer.controls.items():
            values = slider_values(control)
            for value in values[::-1] + values:
                before = (bytes(explorer.image.value), explorer.status.value)
                if control.value == value:
                    continue
                control.value = value
                # The view must change; the picture alone may not (two runs both off the axes look the same).
                assert (bytes(explorer.image.value), explorer.status.value) != before, f"{name}={value!r} changed nothing"
                pictures += 1
        corners = [slider_values(c)[:: max(1, len(slider_values(c)) // 4)] for c in explorer.controls.values()]
        for combination in itertools.product(*corners):
            for control, value in zip(explorer.controls.values(), combination):
                control.value = value
            pictures += 1
    return pictures


@pytest.fixture(scope="module")
def notebook_02_03_explorers():
    (trajectory,) = notebook_explorers("02_why_the_gradient_scales.ipynb")
    (regularization,) = notebook_explorers("03_regularization.ipynb")
    return {"trajectory": trajectory, "regularization": regularization}


@pytest.fixture(scope="module")
def notebook_04_explorer():
    (explorer,) = notebook_explorers("04_gradient_noise.ipynb")
    return explorer


@pytest.fixture(scope="module")
def notebook_05_explorer():
    (explorer,) = notebook_explorers("05_limits_of_scaling.ipynb")
    return explorer


def test_every_slider_value_works_04(notebook_04_explorer):
    assert sweep_every_value(notebook_04_explorer) >= 20
    explorer = notebook_04_explorer
    explorer.controls["step"].value, explorer.controls["batch_size"].value = 0, 16
    assert "after 0 steps" in explorer.status.value and "B_noise = 47" in explorer.status.value


def test_every_slider_value_works_05(notebook_05_explorer):
    assert "DIVERGED" not in notebook_05_explorer.status.value   # it opens on runs that converge
    assert sweep_every_value(notebook_05_explorer) >= 30
    explorer = notebook_05_explorer
    explorer.controls["batch_size"].value, explorer.controls["learning_rate"].value = 64, 0.05
    assert "DIVERGED: sum()" in explorer.status.value       # above sum's limit 2 / (64 lambda_max) ~ 0.03
    explorer.controls["learning_rate"].value = 0.01
    assert "DIVERGED" not in explorer.status.value and "B_noise" in explorer.status.value


@pytest.mark.parametrize("name", ["reported_loss", "update_size", "training_curves"])
def test_every_slider_value_works(name, notebook_01_explorers):
    explorer = notebook_01_explorers[name]
    assert sweep_every_value(explorer) >= 20
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["trajectory", "regularization"])
def test_every_slider_value_works_02_03(name, notebook_02_03_explorers):
    explorer = notebook_02_03_explorers[name]
    assert sweep_every_value(explorer) >= 15


def test_trajectories_overlap_only_when_matched(notebook_02_03_explorers):
    explorer = notebook_02_03_explorers["trajectory"]
    ax = explorer.figure.axes[0]
    for b in (1, 16, 256):
        explorer.controls["batch_size"].value = b
        explorer.controls["multiplier"].value = 1.0
        assert "identical to rounding" in explorer.status.value
        sum_line, mean_line = [line for line in ax.lines if line.get_label() in ("sum()", "mean()")]
        np.testing.assert_allclose(sum_line.get_xydata(), mean_line.get_xydata(), atol=1e-12)
        explorer.controls["multiplier"].value = 2.0
        assert "identical" not in explorer.status.value


def test_regularization_divergence_is_labelled(notebook_02_03_explorers):
    explorer = notebook_02_03_explorers["regularization"]
    explorer.controls["batch_size"].value, explorer.controls["learning_rate"].value, explorer.controls["l2"].value = 512, 0.005, 20.0
    assert "DIVERGED: mean + λ" in explorer.status.value
    explorer.controls["learning_rate"].value, explorer.controls["l2"].value = 0.0005, 0.5
    assert "DIVERGED" not in explorer.status.value


def test_reported_loss_titles_carry_the_numbers(notebook_01_explorers):
    explorer = notebook_01_explorers["reported_loss"]
    explorer.controls["batch_size"].value = 64
    X, labels, weights = notebook_01_data()
    rate = helpers.per_example_losses(weights, X, labels, "zero_one").mean()
    status = explorer.status.value
    assert f"{rate:.3f}" in status and f"{100 * rate:.1f} %" in status and f"{64 * rate:.2f}" in status


def test_a_diverging_run_is_drawn_and_labelled():
    X, y, _ = helpers.make_linear_regression(64, 2, seed=0)
    rates = log_grid(0.01, 1.0)
    run = helpers.train_schemes(X, y, loss="squared", batch_sizes=np.array(powers_of_two(1, 64)),
                                learning_rates=np.array(rates), tuned_batch_size=8, epochs=3)
    assert run.diverged.any() and not run.diverged.all()
    explorer = explorers.training_curves_explorer(run, rates, batch_size=64, learning_rate=1.0)
    assert sweep_every_value(explorer) >= 10
    explorer.controls["batch_size"].value, explorer.controls["learning_rate"].value = 64, 1.0
    ax_curve, ax_final = explorer.figure.axes
    assert explorer.status.value.startswith("<b>") and "DIVERGED" in explorer.status.value
    cross = [line for line in ax_curve.lines if line.get_label() == "diverged"][0]
    assert len(cross.get_xdata()) >= 1
    explorer.controls["learning_rate"].value = 0.01
    assert "DIVERGED" not in explorer.status.value


def test_explorer_displays_as_its_widget(notebook_01_explorers):
    bundle = notebook_01_explorers["update_size"]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("VBox(children=(VBox(children=(SelectionSlider(")


def test_png_encoder_round_trips(notebook_01_explorers):
    from PIL import Image  # matplotlib's own dependency: here only to decode what helpers encoded
    import io

    explorer = notebook_01_explorers["update_size"]
    picture = Image.open(io.BytesIO(bytes(explorer.image.value)))
    picture.load()
    rgba = np.asarray(explorer.figure.canvas.buffer_rgba())
    np.testing.assert_array_equal(np.asarray(picture.convert("RGB")), rgba[..., :3])


@pytest.mark.parametrize("call, error, words", [
    (lambda: helpers.widgets.batch_size_slider(3), ValueError, "value must be one of the slider's powers of two"),
    (lambda: helpers.widgets.learning_rate_slider(0.03), ValueError, "value must be one of the slider's options"),
    (lambda: helpers.widgets.log_grid(0.1, 0.01), ValueError, "maximum"),
    (lambda: helpers.widgets.log_grid(0.0, 0.01), ValueError, "minimum must be positive"),
    (lambda: helpers.widgets.powers_of_two(0, 8), ValueError, "minimum must be a positive integer"),
    (lambda: explorers.reported_loss_explorer(np.zeros(100)), ValueError, "power-of-two number of examples"),
    (lambda: explorers.batch_reports(np.zeros((2, 2)), [1]), ValueError, "must be 1-D"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_log_grid_and_powers_of_two():
    assert log_grid(1e-4, 0.1)[:4] == [1e-4, 2e-4, 5e-4, 1e-3] and log_grid(1e-4, 0.1)[-1] == 0.1
    assert powers_of_two(1, 1024) == [2**k for k in range(11)]


def _pixels(explorer):
    return np.asarray(explorer.figure.canvas.buffer_rgba())[..., :3].copy()


def test_blitted_picture_matches_a_full_redraw(notebook_01_explorers, notebook_02_03_explorers, notebook_04_explorer,
                                               notebook_05_explorer):
    """The fast path must draw what a plain full draw shows: lines, markers, crosses, not just the axes."""
    figures = [*notebook_01_explorers.values(), *notebook_02_03_explorers.values(), notebook_04_explorer,
               notebook_05_explorer]
    for explorer in figures:
        control = next(iter(explorer.controls.values()))
        control.value = slider_values(control)[1]                      # a move, through the blit path
        blitted = _pixels(explorer)
        explorer.figure.canvas.restore_region(explorer.renderer._background)
        background = _pixels(explorer)                                  # the static part alone
        for artist in explorer.renderer.animated:
            artist.set_animated(False)
        try:
            explorer.figure.canvas.draw()                               # everything, the ordinary way
            full = _pixels(explorer)
        finally:
            for artist in explorer.renderer.animated:
                artist.set_animated(True)
        differs_blit = np.any(blitted != full, axis=-1).mean()
        differs_background = np.any(background != full, axis=-1).mean()
        assert differs_background > 0.002, "the update changed nothing visible"
        # Only stacking order may differ (a blitted line is drawn over a legend), never missing artists.
        assert differs_blit < 0.2 * differs_background
        explorer.refresh()                                              # leave the canvas as the blit path drew it


def test_static_figures_of_notebooks_04_and_05():
    from IPython.display import Image

    from helpers.explorers.limits import stability_limits_figure
    from helpers.explorers.noise_scale import variance_check_figure

    sizes = np.array([1, 2, 4, 8])
    draws = np.abs(np.random.default_rng(0).normal(1.0, 0.1, size=(50, 4))) / sizes
    assert isinstance(variance_check_figure(sizes, draws, draws * 0.9, 1.0, 64), Image)
    figure = stability_limits_figure(sizes, np.array([0.5, 0.9, 1.2, 1.9]), 2.0, tuned_learning_rate=0.5, tuned_batch_size=2,
                                     best_rates=np.array([0.1, 0.2, 0.5, 1.0]), probes=(np.array([6, 8]), np.array([False, True])))
    assert isinstance(figure, Image) and figure.data.startswith(b"\x89PNG")
