"""helpers.lab_bench without a browser: the widgets driven from Python (set values, click Run), then the
figure's lines, the table's rows, the status line and the progress bar checked.

The generic bench is tested on a toy ``train``; each factory on its notebook's data, against the
course's trainer it is built on (tests/test_lab_bench_browser.py drives the same benches in JupyterLab).
"""

import html
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgb

import helpers
from helpers import lab_bench
from helpers._validation import check_positive_int, check_real
from helpers.adam import train_adam
from helpers.digits import split_digits
from helpers.network_training import train_network
from helpers.lab_bench import NOTE, RUN_STYLES, BenchRun, LabBench, Panel, Setting, parse_number
from helpers.plotting import DIVERGED_STYLE
from helpers.regularization import REGULARIZATION_SCHEMES, decision_boundary, train_regularization_schemes

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# ------------------------------------------------------------------------------------------------
# The generic bench, on a toy trainer: y = a x over 5 "epochs"; a >= 10 diverges at x = 2.

def toy_train(values, progress):
    slope = check_real(values["slope"], "slope", positive=True)        # the helpers' own message
    epochs = check_positive_int(values["epochs"], "epochs", maximum=50)
    for done in range(1, epochs + 1):
        progress(done, epochs)
    x = np.arange(epochs + 1.0)
    y = np.where(x <= 2, slope * x, np.nan) if slope >= 10 else slope * x
    crosses = np.array([[2.0, np.nan]]) if slope >= 10 else np.empty((0, 2))
    return BenchRun(lines=((x, y), (x, -y)), crosses=(crosses, np.empty((0, 2))),
                    cells={"end": "diverged" if slope >= 10 else f"{y[-1]:g}"},
                    summary="DIVERGED at x = 2" if slope >= 10 else f"y ends at {y[-1]:g}")


def toy_bench(keep=4):
    settings = [Setting("slope", "slope a", 1.5), Setting("shape", "shape", "line", (("a line", "line"), ("a curve", "curve"))),
                Setting("epochs", "epochs", 5)]
    panels = [Panel("y = a x", "x", "y"), Panel("y = -a x", "x", "-y")]
    return LabBench("A toy bench", settings, toy_train, panels, keep=keep)


def run_lines(figure, panel=0):
    """The lines a bench drew for its runs in one panel, by label."""
    return {line.get_label(): line for line in figure.axes[panel].lines if line.get_label().startswith("run ")}


def table_cells(bench):
    """The table's rows as the page shows them (header cells of a row included)."""
    rows = re.findall(r"<tr>(.*?)</tr>", bench._table.value)
    return [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)] for row in rows]


def test_parse_number_reads_what_a_student_types():
    assert parse_number("48") == 48 and isinstance(parse_number("48"), int)
    assert parse_number(" 0.03 ") == 0.03 and parse_number("1e-3") == 0.001 and parse_number("5.") == 5.0
    assert parse_number("1_000") == 1000 and np.isinf(parse_number("inf"))
    assert parse_number("abc") == "abc" and parse_number("") == "" and parse_number("2,5") == "2,5"
    with pytest.raises(TypeError, match="text must be a str"):
        parse_number(48)


def test_a_run_adds_a_line_to_each_panel_a_table_row_and_a_status():
    bench = toy_bench()
    assert bench.runs == [] and table_cells(bench)[1] == ["No runs yet: press Run."]
    bench.set(slope="2.5")
    result = bench.run()
    assert result.summary == "y ends at 12.5" and bench.status == "Run 1: y ends at 12.5"
    (line,) = run_lines(bench.figure).values()
    np.testing.assert_array_equal(line.get_ydata(), 2.5 * np.arange(6.0))
    np.testing.assert_array_equal(run_lines(bench.figure, 1)["run 1"].get_ydata(), -2.5 * np.arange(6.0))
    assert table_cells(bench) == [["run", "line in the figure", "slope a", "shape", "epochs", "end"],
                                  ["1", "blue, solid line, circles", "2.5", "a line", "5", "12.5"]]
    assert bench.table_rows() == [table_cells(bench)[1]]
    assert "run 1, blue, solid line, circles" in bench.alt_text()
    assert f'alt="{html.escape(bench.alt_text())}"' in bench._picture.value and "data:image/png;base64," in bench._picture.value


def test_the_run_button_trains():
    bench = toy_bench()
    bench.set(slope=3)
    bench.run_button.click()
    assert [k.number for k in bench.runs] == [1] and bench.status == "Run 1: y ends at 15"
    bench.clear_button.click()
    assert bench.runs == [] and "No runs yet" in bench._table.value
    bench.run_button.click()
    assert [k.number for k in bench.runs] == [2], "run numbers go on after a clear"


def test_the_progress_bar_advances_during_a_run_and_ends_full():
    bench = toy_bench()
    seen = []
    bench.progress_bar.observe(lambda change: seen.append((change["new"], bench.progress_bar.max)), "value")
    bench.set(epochs=7)
    bench.run()
    assert [value for value, _ in seen if value > 0] == list(range(1, 8)), seen
    assert all(maximum == 7 for value, maximum in seen if value > 0)
    assert bench.progress_bar.value == bench.progress_bar.max == 7 and bench._readout.value == "7 of 7 epochs"


@pytest.mark.parametrize("typed, argument", [("abc", "slope"), ("0", "slope"), ("nan", "slope"), ("", "slope"),
                                             ("2.5", "epochs"), ("51", "epochs")])
def test_a_bad_setting_is_refused_with_the_helpers_message(typed, argument):
    bench = toy_bench()
    bench.set(slope=2)
    bench.run()
    before = (bench._table.value, bench._picture.value, len(bench.runs))
    bench.set(**{argument: typed})
    with pytest.raises((TypeError, ValueError)) as expected:   # what the helpers' check says about that value
        (check_real(parse_number(typed), "slope", positive=True) if argument == "slope"
         else check_positive_int(parse_number(typed), "epochs", maximum=50))
    assert bench.run() is None
    assert bench.status == f"Not run: {expected.value}"
    assert (bench._table.value, bench._picture.value, len(bench.runs)) == before, "a refused run changes nothing"
    assert not bench.run_button.disabled and bench.progress_bar.value == 0 and bench._readout.value == "not run"


def test_the_bench_keeps_the_last_runs_each_in_a_style_of_its_own():
    bench = toy_bench(keep=3)
    for slope in (1, 2, 3, 4, 5):
        bench.set(slope=slope)
        bench.run()
    assert [k.number for k in bench.runs] == [3, 4, 5]
    lines = run_lines(bench.figure)
    assert sorted(lines) == ["run 3", "run 4", "run 5"]
    np.testing.assert_array_equal(lines["run 4"].get_ydata(), 4 * np.arange(6.0))
    looks = {(line.get_color(), line.get_linestyle(), line.get_marker()) for line in lines.values()}
    assert len(looks) == 3, "colour, dash and marker differ between kept runs"
    assert [row[0] for row in bench.table_rows()] == ["3", "4", "5"]
    assert [t.get_text() for t in bench.figure.axes[0].get_legend().get_texts()] == ["run 3", "run 4", "run 5"]


def test_divergence_is_drawn_as_a_cross_at_the_top_and_said():
    bench = toy_bench()
    bench.set(slope=20)
    result = bench.run()
    assert result.diverged and bench.status == "Run 1: DIVERGED at x = 2" and "font-weight:bold" in bench._status.value
    (cross,) = [line for line in bench.figure.axes[0].lines if line.get_label() == "diverged"]
    assert cross.get_marker() == DIVERGED_STYLE["marker"] and to_rgb(cross.get_color()) == to_rgb(DIVERGED_STYLE["color"])
    assert cross.get_transform() == bench.figure.axes[0].get_xaxis_transform(), "a NaN y puts the cross at the top"
    assert list(cross.get_xdata()) == [2.0] and list(cross.get_ydata()) == [0.95]
    assert "diverged" in [t.get_text() for t in bench.figure.axes[0].get_legend().get_texts()]
    assert "run 1, blue, solid line, circles (diverged)" in bench.alt_text()
    assert table_cells(bench)[1][-1] == "diverged"


def test_runs_that_draw_the_same_lines_are_said_to_lie_on_top_of_each_other():
    bench = toy_bench()
    bench.run()
    bench.set(shape="curve")          # the toy ignores it: the same lines again
    bench.run()
    assert bench.status == "Run 2: y ends at 7.5 Its lines lie on top of run 1's."
    bench.set(slope=2)
    bench.run()
    assert "on top" not in bench.status


def test_the_stored_outputs_are_a_sentence_and_an_empty_widget_view(monkeypatch):
    first, second = toy_bench(), toy_bench()
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw=False: shown.append((data, raw)))
    first._ipython_display_()
    (note, raw_note), (view, raw_view) = shown
    assert raw_note and raw_view, "displayed as mime bundles"
    assert note == first.note_output() == second.note_output(), "the same on every run (strict nbval compares it)"
    assert note["text/plain"] == NOTE and html.escape(NOTE) in note["text/html"]
    assert NOTE.count(". ") == 0 and NOTE.endswith(".") and "kernel" in NOTE, "one sentence"
    assert view == {"text/plain": "", WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": first.widget.model_id}}
    assert "som-lab-bench" in first.widget._dom_classes
    # the page script's hooks are on the widgets it looks for
    assert "som-bench-status" in first._status._dom_classes and "som-bench-progress" in first.progress_bar._dom_classes
    for hook in (".som-bench-status .widget-html-content", ".som-bench-progress", "role', 'progressbar'", "aria-live', 'polite'",
                 "data-lm-suppress-shortcuts"):
        assert hook in note["text/html"]


def test_every_control_has_a_visible_label_and_the_table_has_headers():
    bench = toy_bench()
    for setting in bench.settings:
        assert bench.controls[setting.name].description == setting.description
    assert bench.progress_bar.description == "training progress"
    assert [bench.run_button.description, bench.clear_button.description] == ["Run", "Clear runs"]
    bench.run()
    table = bench._table.value
    assert "<caption" in table and table.count('<th scope="col"') == len(bench.table_columns()) == 6
    assert table.count('<th scope="row"') == 1


def test_run_styles_differ_in_colour_dash_and_marker_and_have_contrast():
    def luminance(colour):
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    for key in ("name", "color", "marker"):
        assert len({str(style[key]) for style in RUN_STYLES}) == len(RUN_STYLES)
    assert len({str(style["linestyle"]) for style in RUN_STYLES}) == len(RUN_STYLES)
    for style in RUN_STYLES:
        assert 1.05 / (luminance(style["color"]) + 0.05) >= 3.0, f"{style['name']}: below 3:1 against white"
        assert style["marker"] not in ("x", "X", "+", "P") and style["color"].lower() != "#000000"


def test_long_lines_are_drawn_from_at_most_max_points():
    def train(values, progress):
        x = np.arange(100_000.0)
        return BenchRun(lines=((x, np.sin(x)),), crosses=(np.empty((0, 2)),), cells={}, summary="long")

    bench = LabBench("Long", [Setting("a", "a", 1)], train, [Panel("p", "x", "y")])
    bench.run()
    (line,) = run_lines(bench.figure).values()
    assert len(line.get_xdata()) <= lab_bench.MAX_POINTS and line.get_xdata()[-1] == 99_999.0


def test_set_refuses_what_no_control_can_show():
    bench = toy_bench()
    with pytest.raises(ValueError, match="'rate' is not a setting of this bench"):
        bench.set(rate=1)
    with pytest.raises(ValueError, match=r"shape must be one of \['line', 'curve'\]"):
        bench.set(shape="circle")
    with pytest.raises(TypeError, match="slope must be a number or the text of one"):
        bench.set(slope=[1, 2])


def test_a_train_function_that_breaks_its_contract_raises_rather_than_hiding_it():
    bench = LabBench("Broken", [Setting("a", "a", 1)], lambda values, progress: "not a run", [Panel("p", "x", "y")])
    with pytest.raises(TypeError, match="train must return a BenchRun"):
        bench.run()
    assert not bench.run_button.disabled


def test_bench_run_checks_its_fields():
    with pytest.raises(ValueError, match="crosses must hold one array of points per panel"):
        BenchRun(lines=(None, None), crosses=(np.empty((0, 2)),), cells={}, summary="s")
    with pytest.raises(ValueError, match=r"lines\[0\] must be \(x, y\)"):
        BenchRun(lines=((np.ones(3), np.ones(2)),), crosses=(np.empty((0, 2)),), cells={}, summary="s")
    with pytest.raises(ValueError, match=r"crosses\[0\] must have finite x"):
        BenchRun(lines=(None,), crosses=(np.array([[np.nan, 1.0]]),), cells={}, summary="s")


# ------------------------------------------------------------------------------------------------
# The factories, on their notebooks' data.

@pytest.fixture(scope="module")
def notebook_01():
    features, labels = helpers.make_two_gaussians(1024, seed=0)
    return helpers.add_bias_column(features), labels


@pytest.fixture(scope="module")
def notebook_03():
    features, labels = helpers.make_two_gaussians(512, label_noise=0.1, offset=(1.0, 1.0), seed=0)
    test_features, test_labels = helpers.make_two_gaussians(2048, label_noise=0.1, offset=(1.0, 1.0), seed=1)
    return helpers.add_bias_column(features), labels, helpers.add_bias_column(test_features), test_labels


@pytest.fixture(scope="module")
def notebook_05():
    scales = np.sqrt(np.geomspace(1.0, 0.05, 8))
    return helpers.make_linear_regression(4096, 8, noise=1.0, feature_scales=scales, seed=0)[:2]


@pytest.fixture(scope="module")
def notebook_07():
    return helpers.make_linear_regression(1024, 4, noise=1.0, feature_scales=np.array([0.5, 1.0, 1.5, 2.0]), seed=0)[:2]


@pytest.fixture(scope="module")
def notebook_08():
    return split_digits(1024, seed=0)


def refusal(call):
    """The message the helpers give for a call (what a bench must show, after "Not run: ")."""
    with pytest.raises((TypeError, ValueError)) as error:
        call()
    return f"Not run: {error.value}"


def test_learning_rate_bench_trains_as_train_linear_model_at_any_setting(notebook_01):
    X, labels = notebook_01
    bench = lab_bench.learning_rate_bench(X, labels, batch_size=48, learning_rate=0.03, epochs=4)
    progress = []
    bench.progress_bar.observe(lambda change: progress.append(change["new"]), "value")
    bench.run()
    direct = helpers.train_linear_model(X, labels, loss="logistic", batch_size=48, learning_rate=0.03, reduction="mean",
                                        epochs=4, seed=0, evaluate_every=48 * 2)     # 21 steps an epoch: every 2 steps
    line = run_lines(bench.figure)["run 1"]
    np.testing.assert_allclose(line.get_ydata(), direct.loss, rtol=1e-12)
    np.testing.assert_allclose(line.get_xdata(), direct.examples_seen / 1024)
    assert [v for v in progress if v > 0] == [1, 2, 3, 4] and bench._readout.value == "4 of 4 epochs"
    assert bench.table_rows()[0][2:] == ["mean()", "48", "0.03", "4", "0", f"{direct.loss[-1]:.4f}",
                                         f"{direct.accuracy[-1]:.3f}", "84"]
    assert bench.status == f"Run 1: training loss 0.6931 → {direct.loss[-1]:.4f} after 4 epochs (84 steps of 48 examples)"


def test_learning_rate_bench_shows_what_sum_reports_against_mean(notebook_01):
    """sum() at η / B takes mean()'s steps at η, and reports B times its batch loss."""
    X, labels = notebook_01
    bench = lab_bench.learning_rate_bench(X, labels, batch_size=48, learning_rate=0.06, epochs=2)
    bench.run()
    bench.set(reduction="sum", learning_rate=0.06 / 48)
    bench.run()
    reported = run_lines(bench.figure, 1)
    np.testing.assert_allclose(reported["run 2"].get_ydata(), 48 * reported["run 1"].get_ydata(), rtol=1e-9)
    np.testing.assert_allclose(run_lines(bench.figure)["run 2"].get_ydata(), run_lines(bench.figure)["run 1"].get_ydata(),
                               rtol=1e-9)
    assert "on top" not in bench.status, "the reported losses differ by B"


def test_learning_rate_bench_draws_and_says_divergence(notebook_01):
    X, labels = notebook_01
    bench = lab_bench.learning_rate_bench(X, labels, reduction="sum", batch_size=1024, learning_rate=1e4, epochs=3)
    bench.run()
    assert bench.status.startswith("Run 1: DIVERGED in epoch 1") and bench.table_rows()[0][-3] == "diverged"
    assert [line.get_label() for line in bench.figure.axes[0].lines].count("diverged") == 1
    assert bench.progress_bar.value == bench.progress_bar.max == 3, "the bar still reaches its end"


def test_learning_rate_bench_refuses_with_train_linear_models_messages(notebook_01):
    X, labels = notebook_01
    bench = lab_bench.learning_rate_bench(X, labels)

    def direct(**changes):
        settings = dict(loss="logistic", batch_size=48, learning_rate=0.03, reduction="mean", epochs=10, seed=0,
                        evaluate_every=96, record_steps=True)       # the bench's: about 8 evaluations an epoch
        return lambda: helpers.train_linear_model(X, labels, **{**settings, **changes})

    for typed, expected in ((dict(batch_size="0"), direct(batch_size=0)), (dict(batch_size="2000"), direct(batch_size=2000)),
                            (dict(batch_size="4.5"), direct(batch_size=4.5)), (dict(learning_rate="-1"), direct(learning_rate=-1)),
                            (dict(learning_rate="fast"), direct(learning_rate="fast")), (dict(seed="-3"), direct(seed=-3)),
                            (dict(epochs="1000000000"), direct(epochs=10**9))):
        bench.set(batch_size=48, learning_rate=0.03, epochs=10, seed=0)
        bench.set(**typed)
        assert bench.run() is None and bench.status == refusal(expected), typed
    assert "reduce epochs" in bench.status, "the work limit, before any work"
    assert bench.runs == []


def test_regularization_bench_trains_the_chosen_scheme_of_notebook_03(notebook_03):
    X, labels, X_test, test_labels = notebook_03
    bench = lab_bench.regularization_bench(X, labels, X_test, test_labels, batch_size=48, learning_rate=0.003, l2=2.0, epochs=5)
    direct = train_regularization_schemes(X, labels, batch_sizes=np.array([48]), learning_rates=np.array([0.003]),
                                          l2s=np.array([2.0]), epochs=5)
    for number, scheme in enumerate(("sum + λ", "decay, mean"), start=1):
        bench.set(scheme=scheme)
        bench.run()
        s = REGULARIZATION_SCHEMES.index(scheme)
        norms = np.linalg.norm(direct.weights[0, 0, 0, s], axis=-1)
        np.testing.assert_allclose(run_lines(bench.figure)[f"run {number}"].get_ydata(), norms, rtol=1e-9)
        boundary = decision_boundary(direct.final_weights[0, 0, 0, s], *(tuple(bench.panels[1].xlim), tuple(bench.panels[1].ylim)))
        np.testing.assert_allclose(run_lines(bench.figure, 1)[f"run {number}"].get_xydata(), boundary, rtol=1e-9)
        accuracy = helpers.regularization.accuracy(direct.final_weights[0, 0, 0, s], X_test, test_labels)
        assert bench.table_rows()[-1][-1] == f"{accuracy:.3f}"
    assert bench.status.endswith("per step"), "a decay scheme says its decay per step"
    bench.set(scheme="sum + λ")
    bench.run()
    assert "the penalty weighs 0.04167 against the mean loss" in bench.status, "λ / B = 2 / 48 under sum()"


def test_regularization_bench_draws_mean_plus_lambdas_blow_up(notebook_03):
    X, labels, X_test, test_labels = notebook_03
    bench = lab_bench.regularization_bench(X, labels, X_test, test_labels, scheme="mean + λ", batch_size=512,
                                           learning_rate=0.005, l2=20.0, epochs=3)       # 2 B η λ = 102 > 2
    bench.run()
    assert bench.status.startswith("Run 1: DIVERGED") and "diverged" in [l.get_label() for l in bench.figure.axes[0].lines]
    assert "run 1" not in run_lines(bench.figure, 1), "no boundary for a run that blew up"


def test_regularization_bench_refuses_with_the_helpers_messages(notebook_03):
    X, labels, X_test, test_labels = notebook_03
    bench = lab_bench.regularization_bench(X, labels, X_test, test_labels)
    cases = {"l2": ("-1", lambda: check_real(-1, "l2", nonnegative=True)),
             "batch_size": ("600", lambda: check_positive_int(600, "batch_size", maximum=512,
                                                              what=" (the number of training examples)")),
             "learning_rate": ("1e400", lambda: check_real(float("inf"), "learning_rate", positive=True)),
             "epochs": ("0", lambda: train_regularization_schemes(X, labels, batch_sizes=np.array([48]), learning_rates=np.array([0.001]),
                                                                 l2s=np.array([1.0]), epochs=0))}
    for name, (typed, expected) in cases.items():
        bench.set(batch_size=48, learning_rate=0.001, l2=1.0, epochs=30)
        bench.set(**{name: typed})
        assert bench.run() is None and bench.status == refusal(expected), name


def test_best_rate_bench_finds_the_best_rate_and_where_sgd_diverges(notebook_05):
    X, y = notebook_05
    bench = lab_bench.best_rate_bench(X, y, batch_size=48, lowest_rate=0.01, highest_rate=5.0, epochs=2)
    bench.run()
    rates = np.geomspace(0.01, 5.0, lab_bench.RATES_PER_SWEEP)
    direct = helpers.train_linear_model(X, y, loss="squared", batch_size=48, learning_rate=rates, reduction="mean", epochs=2,
                                        record_steps=False)
    final = np.where(direct.diverged, np.inf, direct.loss[:, -1])
    best, first = rates[np.argmin(final)], rates[direct.diverged].min()
    assert direct.diverged.any() and not direct.diverged.all(), "the sweep straddles divergence"
    left = run_lines(bench.figure)["run 1"]
    np.testing.assert_allclose(left.get_xdata(), rates)
    np.testing.assert_allclose(left.get_ydata(), np.where(direct.diverged, np.nan, direct.loss[:, -1]), rtol=1e-12)
    crosses = [line for line in bench.figure.axes[0].lines if line.get_label() == "diverged"]
    np.testing.assert_allclose(np.concatenate([c.get_xdata() for c in crosses]), rates[direct.diverged])
    assert run_lines(bench.figure, 1)["run 1"].get_xydata().tolist() == [[48.0, best]]
    (right_cross,) = [line for line in bench.figure.axes[1].lines if line.get_label() == "diverged"]
    assert right_cross.get_xydata().tolist() == [[48.0, first]]
    limit = helpers.noise.stable_learning_rate(helpers.noise.squared_loss_hessian(X))
    assert bench.table_rows()[0][-4:] == [f"{best:.3g}", f"{final.min():.4f}", f"{first:.3g}", f"{limit:.3g}"]
    assert f"DIVERGED from η = {first:.3g} on" in bench.status
    bench.set(reduction="sum", lowest_rate=1e-5, highest_rate=0.1)
    bench.run()
    assert bench.table_rows()[1][-1] == f"{limit / 48:.3g}", "under sum() the full-batch limit is 2 / (B h_max)"


def test_best_rate_bench_refuses_a_rate_range_that_is_not_one(notebook_05):
    X, y = notebook_05
    bench = lab_bench.best_rate_bench(X, y)
    bench.set(lowest_rate=1, highest_rate=0.5)
    assert bench.run() is None
    assert bench.status == "Not run: lowest_rate must be below highest_rate, got lowest_rate=1 and highest_rate=0.5"
    bench.set(lowest_rate=0, highest_rate=0.5)
    assert bench.run() is None and bench.status == refusal(lambda: check_real(0, "lowest_rate", positive=True))
    bench.set(lowest_rate=0.1, batch_size=0)
    assert bench.run() is None and bench.status == refusal(
        lambda: helpers.train_linear_model(X, y, loss="squared", batch_size=0, learning_rate=np.ones(2), reduction="mean", epochs=2))
    with pytest.raises(ValueError, match="lowest_rate must be below highest_rate"):
        lab_bench.best_rate_bench(X, y, lowest_rate=2.0, highest_rate=1.0)


def test_optimizer_bench_adam_takes_the_same_steps_under_sum_and_mean_and_sgd_does_not(notebook_07):
    X, y = notebook_07
    bench = lab_bench.optimizer_bench(X, y, batch_size=32, learning_rate=0.01, epochs=2)
    bench.run()
    path = train_adam(X, y, loss="squared", batch_size=32, learning_rate=0.01, reduction="mean", epsilon=1e-8, epochs=2)
    steps = run_lines(bench.figure, 1)["run 1"]
    np.testing.assert_allclose(steps.get_ydata(), np.linalg.norm(np.diff(path, axis=0), axis=1), rtol=1e-12)
    loss = run_lines(bench.figure)["run 1"]
    np.testing.assert_allclose(loss.get_ydata()[-1], helpers.per_example_losses(path[-1], X, y, "squared").mean(), rtol=1e-12)
    bench.set(reduction="sum")
    bench.run()
    assert bench.status.endswith("Its lines lie on top of run 1's."), "Adam divides the loss's scale out (but for ε)"
    bench.set(optimizer="SGD", reduction="mean")
    bench.run()
    bench.set(reduction="sum", learning_rate=0.01 / 32)           # SGD: sum() at η / B takes mean()'s steps at η
    bench.run()
    assert bench.status.endswith("Its lines lie on top of run 3's.")
    assert bench.table_rows()[-1][6] == "not used", "ε is Adam's"
    bench.set(learning_rate=0.01)                                 # sum() at mean()'s η: steps B times longer
    bench.run()
    lines = run_lines(bench.figure, 1)
    ratio = np.nanmedian(lines["run 5"].get_ydata()) / np.nanmedian(lines["run 3"].get_ydata())
    assert ratio > 10, "SGD under sum() at mean()'s η: steps about B = 32 times longer"


def test_optimizer_bench_refuses_with_the_trainers_messages(notebook_07):
    X, y = notebook_07
    bench = lab_bench.optimizer_bench(X, y)
    bench.set(epsilon=-1)
    assert bench.run() is None and bench.status == refusal(
        lambda: train_adam(X, y, loss="squared", batch_size=48, learning_rate=0.01, reduction="mean", epsilon=-1, epochs=5))
    bench.set(epsilon=1e-8, optimizer="SGD", batch_size=0)
    assert bench.run() is None and bench.status == refusal(
        lambda: helpers.train_linear_model(X, y, loss="squared", batch_size=0, learning_rate=0.01, reduction="mean", epochs=5))


def test_optimizer_bench_says_when_adam_blows_up(notebook_07):
    X, y = notebook_07
    bench = lab_bench.optimizer_bench(X, y, learning_rate=1e7, epochs=1)
    bench.run()
    assert bench.status.startswith("Run 1: DIVERGED") and bench.table_rows()[0][-3] == "diverged"
    assert "diverged" in [line.get_label() for line in bench.figure.axes[0].lines]


NET = (64, 16, 10)


def test_network_bench_trains_as_train_network_at_any_setting(notebook_08):
    X, y, X_test, y_test = notebook_08
    bench = lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=NET, batch_size=48, learning_rate=0.3, epochs=3, seed=2)
    progress = []
    bench.progress_bar.observe(lambda change: progress.append(change["new"]), "value")
    bench.run()
    direct = train_network(X, y, layer_sizes=NET, batch_size=48, learning_rate=0.3, reduction="mean", epochs=3, seed=2,
                           test_features=X_test, test_labels=y_test, evaluate_every=48 * 2)   # 21 steps an epoch: every 2
    loss, accuracy = run_lines(bench.figure)["run 1"], run_lines(bench.figure, 1)["run 1"]
    np.testing.assert_allclose(loss.get_ydata(), direct.loss, rtol=1e-12)
    np.testing.assert_allclose(loss.get_xdata(), direct.examples_seen / 1024)
    np.testing.assert_allclose(accuracy.get_ydata(), direct.test_accuracy, rtol=1e-12)
    assert [v for v in progress if v > 0] == [1, 2, 3] and bench._readout.value == "3 of 3 epochs"
    assert bench.table_rows()[0][-4:] == [f"{float(direct.final_loss):.4f}", f"{direct.test_accuracy[-1]:.3f}", "none", "63"]
    assert bench.status == (f"Run 1: training loss {direct.loss[0]:.4f} → {float(direct.final_loss):.4f} after 3 epochs "
                            f"(63 steps of 48 images); test accuracy {direct.test_accuracy[-1]:.3f}")


def test_network_bench_sum_at_eta_over_b_takes_means_steps(notebook_08):
    """Notebook 02's proof on the network, from the bench: sum() at η / B draws mean()'s lines at η."""
    X, y, X_test, y_test = notebook_08
    bench = lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=NET, batch_size=40, learning_rate=0.4, epochs=2)
    bench.run()
    bench.set(reduction="sum", learning_rate=0.4 / 40)
    bench.run()
    assert bench.status.endswith("Its lines lie on top of run 1's.")
    bench.set(learning_rate=0.4)                  # sum() at mean()'s rate: steps 40 times longer
    bench.run()
    assert not bench.status.endswith("lie on top of run 1's.")


def test_network_bench_warms_up_from_the_small_batch_rate(notebook_08):
    """A warm-up to η at B starts from η B₀ / B (η itself when B <= B₀), as Goyal et al.'s starts from η₀."""
    X, y, X_test, y_test = notebook_08
    bench = lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=NET, batch_size=40, learning_rate=2.0,
                                    warmup_epochs=1.5, tuned_batch_size=8, epochs=2)
    bench.run()
    direct = train_network(X, y, layer_sizes=NET, batch_size=40, learning_rate=2.0, reduction="mean", epochs=2,
                           warmup_epochs=1.5, warmup_start=2.0 * 8 / 40, test_features=X_test, test_labels=y_test,
                           evaluate_every=40 * 3)
    np.testing.assert_allclose(run_lines(bench.figure)["run 1"].get_ydata(), direct.loss, rtol=1e-12)
    assert bench.table_rows()[0][-2] == "0.4"
    bench.set(batch_size=4)
    bench.run()
    assert bench.table_rows()[-1][-2] == "2", "below B₀ the ramp starts at η itself: no warm-up"


def test_network_bench_draws_and_says_divergence(notebook_08):
    X, y, X_test, y_test = notebook_08
    bench = lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=NET, batch_size=64, learning_rate=40.0, epochs=2)
    bench.run()
    assert bench.status.startswith("Run 1: DIVERGED") and bench.table_rows()[0][-4:-2] == ["diverged", "–"]
    assert "diverged" in [line.get_label() for line in bench.figure.axes[0].lines]


def test_network_bench_refuses_with_the_trainers_messages(notebook_08):
    X, y, X_test, y_test = notebook_08
    bench = lab_bench.network_bench(X, y, X_test, y_test, layer_sizes=NET)
    train = dict(layer_sizes=NET, learning_rate=0.1, reduction="mean", epochs=10)
    for setting, call in [({"batch_size": 0}, dict(train, batch_size=0)),
                          ({"batch_size": 8, "warmup_epochs": -1}, dict(train, batch_size=8, warmup_epochs=-1.0)),
                          ({"warmup_epochs": 0, "seed": -3}, dict(train, batch_size=8, seed=-3))]:
        bench.set(**setting)
        assert bench.run() is None and bench.status == refusal(lambda: train_network(X, y, **call)), setting
    bench.set(seed=0, epochs=10**6)               # the work limit, counted before any work starts
    assert bench.run() is None and bench.status.startswith(
        "Not run: training 1 network configurations for 1000000 epochs of 1024 examples") and "reduce epochs" in bench.status
    with pytest.raises(ValueError, match="test_features and test_labels must be given"):
        lab_bench.network_bench(X, y, None, None)
    with pytest.raises(ValueError, match="batch_size must be at most 1024"):
        lab_bench.network_bench(X, y, X_test, y_test, batch_size=2000)


@pytest.mark.parametrize("factory", ["learning_rate_bench", "best_rate_bench", "optimizer_bench"])
def test_the_factories_refuse_a_bad_start_value_by_name(factory, notebook_07):
    X, y = notebook_07
    make = getattr(lab_bench, factory)
    with pytest.raises(ValueError, match="batch_size must be at most 1024"):
        make(X, y if factory != "learning_rate_bench" else (y > 0).astype(int), batch_size=2000)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        make(X, y if factory != "learning_rate_bench" else (y > 0).astype(int), seed=-1)


def test_a_run_the_bench_no_longer_keeps_is_freed():
    """The kernel holds the kept runs only (memory stays flat however many runs a student makes)."""
    import gc
    import weakref

    bench = toy_bench(keep=2)
    first = weakref.ref(bench.run())
    for slope in (2, 3, 4):
        bench.set(slope=slope)
        bench.run()
    gc.collect()
    assert first() is None and len(bench.runs) == 2


def test_nbconvert_html_of_the_stored_fixture_shows_each_benchs_note_and_no_widget():
    """Where no kernel runs (here nbconvert's HTML, as the course's site builds it) a bench is its one sentence."""
    import nbformat
    from nbconvert import HTMLExporter

    from lab_bench_fixture import CELLS, FIXTURE

    notebook = nbformat.read(FIXTURE, as_version=4)
    assert "widgets" not in notebook.metadata, "saved without widget state: nbconvert would draw a widget from it"
    body, _ = HTMLExporter().from_notebook_node(notebook)
    assert body.count(f'<div class="som-bench-note">{NOTE}</div>') == sum(cell_id.startswith("bench-") for _, cell_id, _ in CELLS) == 5
    assert WIDGET_VIEW not in body and "Loading widget" not in body


def test_an_interrupted_run_says_so_and_adds_nothing():
    def train(values, progress):
        progress(1, 3)
        raise KeyboardInterrupt

    bench = LabBench("Stopped", [Setting("a", "a", 1)], train, [Panel("p", "x", "y")])
    with pytest.raises(KeyboardInterrupt):
        bench.run()
    assert bench.status == "Run 1 was interrupted: nothing was added." and bench.runs == []
    assert not bench.run_button.disabled and bench._readout.value == "interrupted"


# --- each training notebook carries the bench the browser test drives -------------------------------------------------

def _bench_calls():
    """``(notebook number, factory name)`` of every bench in tests/lab_bench_fixture.py."""
    from lab_bench_fixture import CELLS
    return [(cell_id.removeprefix("bench-"), re.search(r"lab_bench\.(\w+_bench)\(", source).group(1))
            for _, cell_id, source in CELLS if cell_id.startswith("bench-")]


@pytest.mark.parametrize("number, factory", _bench_calls(), ids=lambda value: str(value))
def test_each_training_notebook_has_the_bench_the_browser_test_drives(number, factory):
    """The fixture's bench NN is notebook NN's: the notebook calls the same factory once, and stores the note
    (for a reader without a kernel) and the bench's widget view, as the browser test sees them in the fixture."""
    import json
    from pathlib import Path

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    (path,) = notebooks.glob(f"{number}_*.ipynb")
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code" and re.search(rf"(?<![\w.])(lab_bench\.)?{factory}\(", "".join(c["source"]))]
    assert len(cells) == 1, f"{path.name} calls {factory} in {len(cells)} cells"
    outputs = [o.get("data", {}) for o in cells[0]["outputs"]]
    assert len(outputs) == 2 and "".join(outputs[0].get("text/plain", "")) == NOTE
    assert "application/vnd.jupyter.widget-view+json" in outputs[1]
