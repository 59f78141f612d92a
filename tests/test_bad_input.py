"""Every public callable of ``helpers`` refuses every kind of bad argument, clearly and at once.

What is checked
---------------
For each public callable (function, class, public method) of the modules in ``COVERED``, the
catalogue ``CATALOGUE`` holds one valid call and, for every parameter, the kind of bad values to
try. Each bad value is passed alone (every other argument valid) and the call must raise a
``TypeError`` or ``ValueError`` whose message names the parameter, at once, and without a warning
(pytest turns warnings into errors: an overflow cannot slip through). "At once" is counted, not timed
(``tests/work_budget.py``): at most ``REFUSAL_CALLS`` function calls and ``REFUSAL_BYTES`` allocated
before the refusal, so the test passes on a busy machine; a hang fails after ``HANG_SECONDS``.

The catalogue cannot fall behind the code:
* every module of the ``helpers`` package is either in ``COVERED`` or in ``NOT_YET_COVERED``;
* every public callable of a covered module (its ``__all__``, else every public name it defines)
  needs an entry, and every parameter of its signature must be probed or listed in ``trusted``;
* every valid call must succeed, so each refusal is due to the one bad argument.

How to add a module or a callable (integrators, engineers adding modules)
--------------------------------------------------------------------------
1. Move the module's name from ``NOT_YET_COVERED`` to ``COVERED``.
2. For each public callable, add one line to ``CATALOGUE`` with :func:`entry`::

       entry("helpers.accumulation.accumulate", dict(gradients=G, micro_batches=4),
             gradients="matrix", micro_batches="count")

   The keyword arguments after the valid call name each parameter and its kind: a key of
   ``BAD`` ("count", "real", "positive", "matrix", "loss", "seed", ...), a list of bad values
   of your own, or ``kind + [extra values]``. Parameters that cannot be wrong (a callback's
   description string, say) go in ``_trusted=("name", ...)``; say why in a comment.
3. A method: name it "helpers.module.Class.method" and pass ``_call=`` (a function that builds an
   object and calls the method with the keyword arguments). When the message should name
   something else than the parameter (a validator checks ``value`` for its caller's ``name``),
   pass ``_named={"value": "epochs"}``. When another exception is a clear refusal too (a check cell's
   ``CheckFailed`` on a NaN), pass ``_fails=(CheckFailed,)``.
4. A new kind of argument: add its bad values to ``BAD`` (each with a short label).
5. A value wrong only together with another argument: ``(label, value, {other: value})``; its message
   must name the argument probed (it may name the other too).

``tests/probe_bad_input.py`` goes further (a development tool, run by hand): it feeds every entry's
parameters thousands of careless values derived from the valid call and sorts what happens.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

import helpers
import helpers._progress
import helpers.checks
from helpers.worked_example import worked_example
from work_budget import REFUSAL_BYTES, Hang, WorkBudgetExceeded, deadline, refused_at_once

COVERED = [
    "helpers", "helpers._validation", "helpers._dependencies", "helpers._progress", "helpers.losses", "helpers.reduction", "helpers.scaling", "helpers.data",
    "helpers.training", "helpers.gradients", "helpers.regularization", "helpers.noise", "helpers.adam",
    "helpers.worked_example", "helpers.checks", "helpers.accumulation", "helpers.distributed", "helpers.weighting",
    "helpers.epochs", "helpers.clipping", "helpers.precision", "helpers.momentum",
    "helpers.weight_decay", "helpers.explorers.practice", "helpers.explorers.optimizers",
    "helpers.plotting", "helpers.widgets", "helpers.descriptions",
    "helpers.explorers", "helpers.explorers._runs", "helpers.explorers.gradient_scaling", "helpers.explorers.learning_rate",
    "helpers.explorers.limits", "helpers.explorers.noise", "helpers.explorers.noise_scale",
    "helpers.explorers.regularization", "helpers.explorers.reporting",
    "helpers.exercises", "helpers.exercises._ready_made",
    *(f"helpers.exercises.{m}{n:02d}" for m in ("nb", "_keys_") for n in range(1, 8)),
    "helpers.reporting", "helpers.tables", "helpers.gradient_evidence", "helpers.noise_estimates", "helpers.stability",
    "helpers.lab_bench",
]

# Modules whose catalogue entries are still to be written (the integrator shrinks this list).
NOT_YET_COVERED: list[str] = []

# ---------------------------------------------------------------------------------------------
# Bad values, by kind of argument. Each is (label, value); the label names the value in a failure.

NOT_A_NUMBER = [("None", None), ("a string", "3"), ("an object", object())]
FLOAT_TROUBLE = [("NaN", np.nan), ("inf", np.inf), ("-inf", -np.inf), ("1e300", 1e300), ("a complex", 1 + 2j)]
ARRAY_TROUBLE = [("empty", np.array([])), ("ragged", [[1.0, 2.0], [3.0]]), ("strings", np.array(["a", "b"])),
                 ("with a NaN", np.array([0.1, np.nan])), ("bools", np.array([True, False]))]

BAD: dict[str, list[tuple[str, object]]] = {}
BAD["int"] = NOT_A_NUMBER + [("0", 0), ("-1", -1), ("2.5", 2.5), ("True", True), ("NaN", np.nan), ("a list", [2, 3]),
                             ("4.0", 4.0), ("10**30", 10**30)]
BAD["count"] = BAD["int"] + [("10**12", 10**12)]                     # drives the work or memory: huge is refused
BAD["int array"] = NOT_A_NUMBER + [("0", 0), ("-1", -1), ("2.5", 2.5), ("True", True), ("[1.5, 2]", np.array([1.5, 2.0])),
                                   ("[1, 0]", np.array([1, 0])), ("10**30", 10**30)] + ARRAY_TROUBLE
BAD["real"] = NOT_A_NUMBER + FLOAT_TROUBLE + [("True", True)] + ARRAY_TROUBLE
BAD["positive"] = BAD["real"] + [("0", 0.0), ("-0.1", -0.1)]
BAD["nonnegative"] = BAD["real"] + [("-0.1", -0.1)]
BAD["one real"] = BAD["real"] + [("two numbers", np.array([0.1, 0.2]))]
BAD["one positive"] = BAD["positive"] + [("two numbers", np.array([0.1, 0.2]))]
BAD["one nonnegative"] = BAD["nonnegative"] + [("two numbers", np.array([0.1, 0.2]))]
BAD["fractions"] = BAD["real"] + [("-0.1", -0.1), ("1.0", 1.0), ("1.5", 1.5)]         # in [0, 1)
BAD["fraction"] = BAD["fractions"] + [("two numbers", np.array([0.1, 0.2]))]
BAD["matrix"] = NOT_A_NUMBER + [("1-D", np.ones(3)), ("3-D", np.ones((2, 2, 2))), ("no rows", np.ones((0, 3))),
                                ("no columns", np.ones((4, 0))), ("NaN", np.full((4, 3), np.nan)),
                                ("inf", np.full((4, 3), np.inf)), ("1e300", np.full((4, 3), 1e300)),
                                ("bools", np.ones((4, 3), dtype=bool)), ("strings", np.full((4, 3), "a")),
                                ("ragged", [[1.0, 2.0], [3.0]])]
BAD["features"] = BAD["matrix"] + [("wrong width", np.ones((4, 7)))]      # with weights of 3 entries
BAD["vector"] = BAD["real"] + [("a number", 0.5), ("2-D", np.ones((2, 3))), ("wrong length", np.ones(7))]
BAD["weights"] = BAD["vector"]
BAD["targets"] = BAD["real"] + [("wrong length", np.ones(7)), ("2-D", np.ones((4, 2))), ("a number", 1.0)]
BAD["labels"] = BAD["targets"] + [("a 2", np.array([0, 1, 2, 1])), ("a 0.5", np.array([0.0, 0.5, 1.0, 1.0]))]
BAD["covariance"] = BAD["matrix"] + [("not symmetric", np.triu(np.ones((3, 3)))),            # 3 x 3, with weights of 3
                                     ("not positive semi-definite", np.array([[1.0, 2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 1.0]])),
                                     ("negative", -np.eye(3))]
BAD["name"] = [("None", None), ("a number", 3), ("empty", ""), ("unknown", "hinge"), ("wrong case", "Mean"), ("a list", ["sum"])]
BAD["loss"] = BAD["name"]
BAD["reduction"] = BAD["name"] + [("none", "none")]                   # a gradient step needs a scalar loss
BAD["reduction or none"] = BAD["name"]
BAD["reductions"] = [v for v in BAD["name"] if v[0] != "a list"] + [("none", "none"), ("an unknown one among valid", np.array(["sum", "avg"])),
                                   ("an empty array", np.array([], dtype=str))]
BAD["seed"] = [("-1", -1), ("2.5", 2.5), ("a string", "0"), ("True", True), ("NaN", np.nan), ("a list", [1, 2])]
BAD["seeds"] = [item for item in BAD["seed"] if item[0] != "a list"] + [  # a seed, or a 1-D array of them
    ("empty", []), ("2-D", [[0, 1]]), ("a -1 inside", [0, -1]), ("floats", np.array([0.5, 1.0])), ("None inside", [0, None])]
BAD["seed_list"] = [  # a list of seeds, never one seed or None
    ("None", None), ("a number", 3), ("empty", []), ("a negative", [0, -1]), ("floats", [0.5, 1.0]),
    ("a string", "0"), ("bools", [True, False]), ("2-D", [[0, 1]]), ("None among them", [0, None])]
BAD["bool"] = [("1", 1), ("a string", "yes"), ("None", None), ("0.0", 0.0)]
BAD["text"] = [("None", None), ("a number", 3), ("empty", "")]
BAD["callback"] = [("a string", "print"), ("a number", 3), ("a list", [print])]   # a hook: a function or None


def without(name: str, *labels: str) -> list[tuple]:
    """The bad values of a kind but those with the given labels (valid for this argument)."""
    assert set(labels) <= {v[0] for v in BAD[name]}, f"{name} has no values labelled {labels}"
    return [v for v in BAD[name] if v[0] not in labels]


def kind(name: str, *extra: tuple) -> list[tuple]:
    """The bad values of a kind, plus some of the argument's own: ``(label, value)`` or, for a value that is
    wrong only together with another argument, ``(label, value, {other: value})``."""
    return BAD[name] + list(extra)


# ---------------------------------------------------------------------------------------------
# One valid setting, reused by the entries.

X = np.array([[1.0, 0.5, 1.0], [-1.0, 0.2, 1.0], [0.5, -1.0, 1.0], [2.0, 1.0, 1.0]])   # 4 examples, 3 features
LABELS = np.array([1, 0, 0, 1])
TARGETS = np.array([0.5, -1.0, 2.0, 0.0])
W = np.array([0.1, -0.2, 0.3])
C = np.diag([1.0, 0.5, 0.25])
G = np.ones((4, 3))
RUN = helpers.train_linear_model(X, LABELS, loss="logistic", batch_size=np.array([1, 2]), learning_rate=0.1,
                                 reduction="mean", epochs=1, record_steps=True)
RUN_FIELDS = {name: getattr(RUN, name) for name in RUN.__dataclass_fields__}
SCENARIO = worked_example()[0]
MOMENTS = helpers.noise.GradientMoments(np.array([1.0, 0.5]), np.eye(2), np.eye(2))


@dataclass
class Entry:
    name: str                                   # "helpers.module.callable" or "helpers.module.Class.method"
    valid: dict                                 # keyword arguments of one call that succeeds
    probes: dict[str, list[tuple[str, object]]]  # parameter -> its bad values
    call: Callable | None = None                # how to call it, if not by its name
    trusted: tuple[str, ...] = ()               # parameters not probed (say why where the entry is written)
    named: dict[str, str] = field(default_factory=dict)  # parameter -> the name its error message uses
    fails: tuple[type, ...] = ()                # other exceptions that refuse clearly (a check's CheckFailed)


def entry(name: str, valid: dict, /, *, _call: Callable | None = None, _trusted: tuple[str, ...] = (),
          _named: dict[str, str] | None = None, _fails: tuple[type, ...] = (), **probes: str | list) -> Entry:
    """One catalogue entry; the options start with ``_`` so that they never clash with a parameter's name."""
    return Entry(name, valid, {k: BAD[v] if isinstance(v, str) else v for k, v in probes.items()}, _call, _trusted, _named or {},
                 _fails)


# Numbers a check cell compares: NaN and inf are allowed (the check fails on them), text and objects are not.
NUMBERS = NOT_A_NUMBER + [("a complex", 1 + 2j), ("ragged", [[1.0, 2.0], [3.0]]), ("strings", np.array(["a", "b"])),
                          ("empty", np.array([]))]
NON_FINITE = [("NaN", np.nan), ("inf", np.inf), ("-inf", -np.inf)]       # must fail the check (CheckFailed), never pass

CLASS_INDICES = NOT_A_NUMBER + [("a -1", [-1, 0]), ("a 2.5", [2.5, 0.0]), ("empty", np.array([], dtype=int)),
                                ("ragged", [[1, 0], [1]]), ("strings", np.array(["a", "b"])), ("bools", np.array([True, False]))]

# A slider's starting value: one of its values, nothing else.
OPTION = [("None", None), ("a string", "4"), ("True", True), ("NaN", np.nan), ("an array", np.array([4, 8]))]
REGRESSION = helpers.make_linear_regression(64, 3, seed=4)[:2]
PER_EXAMPLE = np.random.default_rng(0).normal(size=(64, 3))

# Figures, lines and a live figure, for helpers.plotting and helpers.widgets.
from helpers.plotting import new_figure                      # noqa: E402
from helpers.widgets import Explorer, Slider                 # noqa: E402
from PIL import Image as _PIL                                # noqa: E402 - matplotlib's own dependency

FIGURE, (AX,) = new_figure(1, width=3.0, height=2.0)
(LINE,) = AX.plot([1.0, 2.0], [1.0, 3.0], marker="o", label="a line")
AX.legend()
RGBA = np.full((4, 5, 4), 255, dtype=np.uint8)
PIL_RGB = _PIL.new("RGB", (2, 2))
PIL_P = _PIL.new("P", (2, 2))


def _small_explorer() -> Explorer:
    figure, (ax,) = new_figure(1, width=3.0, height=2.0)
    (line,) = ax.plot([], [])
    ax.set_xlim(0, 3)
    ax.set_ylim(0, 3)
    return Explorer(figure, {"batch_size": Slider([1, 2], 1, description="B", argument="batch_size")},
                    lambda batch_size: line.set_data([0, batch_size], [0, batch_size]) or f"B = {batch_size}", [line])


EXPLORER = _small_explorer()
FIGURE_IMAGE = __import__("helpers.plotting").plotting.FigureImage(FIGURE)
ARTIST_TROUBLE = [("None", None), ("a string", "ax"), ("a Figure", FIGURE), ("a Line2D", LINE)]
FIGURE_TROUBLE = [("None", None), ("a string", "figure"), ("an Axes", AX), ("a Figure with no Agg canvas",
                                                                               __import__("matplotlib.figure").figure.Figure())]
LINE_TROUBLE = [("None", None), ("a string", "line"), ("an Axes", AX), ("a scatter", AX.scatter([0], [0])),
                ("a Line2D on no figure", __import__("matplotlib.lines").lines.Line2D([0], [0]))]
RGBA_TROUBLE = [("None", None), ("a list", [[[0, 0, 0, 255]]]), ("floats", np.ones((4, 5, 4))),
                ("RGB", np.zeros((4, 5, 3), dtype=np.uint8)), ("2-D", np.zeros((4, 5), dtype=np.uint8)),
                ("empty", np.zeros((0, 5, 4), dtype=np.uint8))]
SLIDER_OPTIONS = [("None", None), ("a string", "12"), ("empty", []), ("strings", ["a", "b"]), ("bools", [True, False]),
                  ("NaN", [1.0, np.nan]), ("repeated", [1, 1]), ("an object", object())]
EXPLORER_VALUES = [("an unknown slider", {"batch": 1}), ("not on the slider", {"batch_size": 3}),
                   ("None", {"batch_size": None}), ("a string", {"batch_size": "1"}), ("NaN", {"batch_size": np.nan})]

# Runs of every shape the explorers display (the shapes of tests/test_explorers.py: irregular, unsorted grids).
TWO_D = helpers.make_two_gaussians(16, seed=0)
SUM_AND_MEAN_RUN = helpers.explorers.train_sum_and_mean(TWO_D[0], TWO_D[1], loss="logistic", batch_sizes=[1, 4],
                                                        learning_rates=[0.01], multipliers=(1.0,), epochs=1)
_X2, _y2, _ = helpers.make_linear_regression(64, 2, seed=1)
SCHEMES_RUN = helpers.train_schemes(_X2, _y2, loss="squared", batch_sizes=np.array([64, 1, 4]),
                                    learning_rates=np.array([0.02, 0.005, 0.01]), tuned_batch_size=4, epochs=2)
REG_DATA = (helpers.add_bias_column(helpers.make_two_gaussians(64, seed=2)[0]), helpers.make_two_gaussians(64, seed=2)[1])
REG_RUN = helpers.regularization.train_regularization_schemes(*REG_DATA, batch_sizes=np.array([16, 2]),
                                                              learning_rates=np.array([0.002, 0.001]),
                                                              l2s=np.array([5.0, 0.5, 1.0]), epochs=2)
_X3, _y3, _ = helpers.make_linear_regression(128, 2, seed=3)
NOISE_RUN = helpers.train_linear_model(_X3, _y3, loss="squared", batch_size=np.array([2, 32, 8])[:, None, None],
                                       learning_rate=np.array([0.05, 0.01, 0.002])[None, :, None],
                                       reduction=np.array(["sum", "mean"]), epochs=1, evaluate_every=32, seed=0)
NOISE_MOMENTS = helpers.noise.empirical_moments(np.zeros(2), _X3, _y3)
NOISE_LEVEL = helpers.explorers.NoiseLevel(NOISE_RUN, NOISE_MOMENTS, 1.0)

PROGRESS = helpers._progress.Progress("training", total=4, expected_seconds=0.1)
MODULE_NAMES = [("None", None), ("a string", "numpy"), ("empty", []), ("numbers", [1, 2]), ("an empty name", [""])]
NUMBER_SPEC = helpers.exercises.Number(hint="Count the steps.")


def _length_helper(vector):
    return sum(x * x for x in vector) ** 0.5


CHOICE_SPEC = helpers.exercises.Choice(options=("a", "b"))

MODEL = dict(weights=W, features=X, targets=LABELS, loss="logistic")
TRAIN = dict(features=X, targets=LABELS, loss="logistic")

CATALOGUE = [
    # helpers._validation: the validators check `value` for their caller, whose argument is `name`;
    # `name`, `allowed`, `maximum` and `what` are the calling code's own constants.
    entry("helpers._validation.check_choice", dict(value="sum", name="reduction", allowed=("sum", "mean")),
          _named={"value": "reduction"}, _trusted=("name", "allowed"), value="reduction"),
    entry("helpers._validation.check_choice_array", dict(values="sum", name="reduction", allowed=("sum", "mean")),
          _named={"values": "reduction"}, _trusted=("name", "allowed"), values="reductions"),
    entry("helpers._validation.check_bool", dict(value=True, name="replace"), _named={"value": "replace"},
          _trusted=("name",), value="bool"),
    entry("helpers._validation.check_positive_int", dict(value=3, name="epochs", maximum=10), _named={"value": "epochs"},
          _trusted=("name", "maximum", "what"), value=kind("int", ("11 > maximum", 11))),
    entry("helpers._validation.check_seed", dict(value=0, name="seed"), _named={"value": "seed"}, _trusted=("name",),
          value="seed"),
    entry("helpers._validation.check_seeds", dict(values=[0, 1], name="seeds", any_shape=False), _named={"values": "seeds"},
          _trusted=("name",), values="seed_list", any_shape="bool"),
    entry("helpers._validation.check_positive_int_array", dict(values=[1, 2], name="batch_size"),
          _named={"values": "batch_size"}, _trusted=("name", "maximum", "what"), values="int array"),
    entry("helpers._validation.check_real_array", dict(values=[1.0], name="l2", nonnegative=True), _named={"values": "l2"},
          _trusted=("name", "positive", "nonnegative", "largest"), values="nonnegative"),
    entry("helpers._validation.check_real", dict(value=1.0, name="noise"), _named={"value": "noise"},
          _trusted=("name", "positive", "nonnegative", "largest"), value="one real"),
    entry("helpers._validation.check_in_interval", dict(values=0.5, name="beta1", low=0.0, high=1.0),
          _named={"values": "beta1"}, _trusted=("name", "low", "high", "closed_high"), values="fractions"),
    entry("helpers._validation.check_learning_rate", dict(value=0.1), _named={"value": "learning_rate"},
          _trusted=("name",), value="positive"),
    entry("helpers._validation.check_vector", dict(values=[1.0, 2.0, 3.0], name="weights", length=3),
          _named={"values": "weights"}, _trusted=("name", "length", "what"), values="vector"),
    entry("helpers._validation.check_matrix", dict(values=X, name="features"), _named={"values": "features"},
          _trusted=("name",), values="matrix"),
    entry("helpers._validation.check_covariance", dict(values=C, name="covariance"), _named={"values": "covariance"},
          _trusted=("name", "size", "what"), values="covariance"),
    entry("helpers._validation.check_symmetric_matrix", dict(values=C, name="hessian"), _named={"values": "hessian"},
          _trusted=("name", "size", "what"), values=kind("matrix", ("not symmetric", np.array([[1.0, 2.0], [0.0, 1.0]])))),
    entry("helpers._validation.check_same_length", dict(a=X, a_name="features", b=LABELS, b_name="targets"),
          _named={"b": "targets"}, _trusted=("a", "a_name", "b_name", "axis_a", "axis_b"),
          b=[("shorter", np.ones(3)), ("longer", np.ones(5))]),
    entry("helpers._validation.check_binary_labels", dict(labels=LABELS, name="targets"), _named={"labels": "targets"},
          _trusted=("name",), labels=[("a 2", np.array([0, 2])), ("a 0.5", np.array([0.5]))]),
    entry("helpers._validation.check_broadcast", dict(arrays={"batch_size": np.ones(2), "learning_rate": np.ones(1)}),
          _named={"arrays": "batch_size"}, arrays=[("mismatched", {"batch_size": np.ones(2), "learning_rate": np.ones(3)})]),
    entry("helpers._validation.check_work", dict(what="a job", reduce="epochs", loops=10, elements=1e6, memory=1e6),
          # huge loops, elements or memory are refused too, naming `reduce`: test_check_work_refuses_big_jobs
          what="text", reduce="text", loops=without("one nonnegative", "1e300"),
          elements=without("one nonnegative", "1e300"), memory=without("one nonnegative", "1e300")),
    entry("helpers._validation.check_finite_result", dict(value=1.0, what="reduce learning_rate"),
          _named={"value": "learning_rate"}, _trusted=("what",), value=[("inf", np.inf), ("NaN", np.array([1.0, np.nan]))]),

    # helpers.losses
    entry("helpers.losses.scores", dict(weights=W, features=X), weights=kind("real", ("wrong length", np.ones(7))),
          features="features"),
    entry("helpers.losses.per_example_losses", MODEL, weights=kind("real", ("wrong length", np.ones(7))),
          features="features", targets="labels", loss="loss"),
    entry("helpers.losses.per_example_gradients", MODEL, weights=kind("real", ("wrong length", np.ones(7))),
          features="features", targets="labels", loss="loss"),
    entry("helpers.losses.loss_of_scores", dict(scores=np.array([1.0, -2.0, 0.5, 3.0]), targets=LABELS, loss="logistic"),
          scores=kind("real", ("a number", 1.0), ("wrong length", np.ones(7))), targets="labels", loss="loss"),
    entry("helpers.losses.score_derivative", dict(scores=np.array([1.0, -2.0, 0.5, 3.0]), targets=LABELS, loss="logistic"),
          scores=kind("real", ("a number", 1.0), ("wrong length", np.ones(7))), targets="labels", loss="loss"),
    entry("helpers.losses.sigmoid", dict(z=np.array([-50.0, 0.0, 50.0])), z="real"),

    # helpers.reduction
    entry("helpers.reduction.reduce_losses", dict(losses=np.ones(4), reduction="mean"),
          losses=kind("real", ("a number", 2.0)), reduction="reduction or none"),
    entry("helpers.reduction.reduce_gradients", dict(per_example_gradients=G, reduction="sum"),
          per_example_gradients=kind("real", ("1-D", np.ones(3)), ("no examples", np.ones((0, 3)))), reduction="reduction"),
    entry("helpers.reduction.reduction_scale", dict(reduction="mean", batch_size=64), reduction="reduction",
          batch_size="int array"),
    entry("helpers.reduction.sgd_update", dict(weights=W, gradient=np.ones(3), learning_rate=0.1),
          weights=kind("real", ("wrong length", np.ones(7))), gradient=kind("real", ("wrong length", np.ones(7))),
          learning_rate="one positive"),
    entry("helpers.reduction.split_into_batches", dict(values=np.arange(8), batch_size=4),
          values=NOT_A_NUMBER[:2] + [("a number", 3.0), ("empty", np.array([])), ("ragged", [[1, 2], [3]])],
          batch_size=kind("int", ("3, not a divisor", 3), ("16 > 8 examples", 16))),
    entry("helpers.reduction.sgd_displacements", dict(per_example_gradients=np.ones(8), batch_size=4, learning_rate=0.1,
                                                      reduction="sum"),
          per_example_gradients=kind("real", ("3-D", np.ones((8, 2, 2)))),
          batch_size=kind("int", ("3, not a divisor", 3), ("16 > 8 examples", 16)), learning_rate="one positive",
          reduction="reduction"),
    entry("helpers.reduction.update_per_step", dict(batch_size=np.array([1, 2]), learning_rate=0.1, mean_gradient=1.0,
                                                    reduction="sum"),
          batch_size="int array", learning_rate=kind("positive", ("3 rates for 2 sizes", np.ones(3))),
          mean_gradient="one real", reduction="reduction"),
    entry("helpers.reduction.update_per_epoch", dict(n_examples=64, batch_size=np.array([1, 2]), learning_rate=0.1,
                                                     mean_gradient=1.0, reduction="sum"),
          n_examples=kind("int", ("smaller than batch_size", 1)), batch_size=kind("int array", ("128 > n_examples", 128)),
          learning_rate=kind("positive", ("3 rates for 2 sizes", np.ones(3))), mean_gradient="one real",
          reduction="reduction"),

    # helpers.scaling
    entry("helpers.scaling.scaled_learning_rate", dict(batch_size=64, tuned_learning_rate=0.1, tuned_batch_size=16,
                                                       rule="linear"),
          batch_size=kind("int array"), tuned_learning_rate="positive", tuned_batch_size="int", rule="name"),
    entry("helpers.scaling.equivalent_learning_rate", dict(learning_rate=0.1, batch_size=64, from_reduction="sum",
                                                           to_reduction="mean"),
          learning_rate="positive", batch_size="int array", from_reduction="reduction", to_reduction="reduction"),

    # helpers.data
    entry("helpers.data.make_two_gaussians", dict(n_examples=8, separation=2.0, label_noise=0.1, offset=(1.0, 0.0), seed=1),
          n_examples="count", separation="one nonnegative", label_noise=kind("one nonnegative", ("1.5", 1.5)),
          offset=kind("vector"), seed="seed"),
    entry("helpers.data.make_linear_regression", dict(n_examples=8, n_features=3, noise=0.5, feature_scales=np.ones(3),
                                                      seed=1),
          n_examples="count", n_features="count", noise="one nonnegative",
          feature_scales=without("positive", "None") + [("wrong length", np.ones(7))], seed="seed"),
    entry("helpers.data.add_bias_column", dict(features=X), features="matrix"),

    # helpers.training
    entry("helpers.training.TrainingRun", RUN_FIELDS,
          batch_size=NOT_A_NUMBER + [("0", np.array([0, 1])), ("2.5", np.array([2.5, 1.0])), ("one number for 2 runs", np.array(2)),
                                     ("3 for 2 runs", np.array([1, 2, 1]))],
          **{name: [("None", None), ("a list", [1.0, 2.0]), ("wrong shape", np.ones((5, 3, 2, 1)))]
             for name in ("learning_rate", "reduction", "l2", "weight_decay", "examples_seen", "loss", "accuracy",
                          "weights", "step_loss", "step_accuracy", "steps_per_epoch", "diverged", "diverged_at")},
          n_examples=kind("int", ("smaller than batch_size", 1)), epochs="int"),
    entry("helpers.training.train_linear_model",
          dict(TRAIN, batch_size=np.array([1, 2]), learning_rate=0.1, reduction="mean", epochs=2, l2=0.01,
               weight_decay=0.001, seed=0, initial_weights=W, evaluate_every=2, record_steps=True),
          features="features", targets="labels", loss="loss",
          batch_size=kind("int array", ("5 > 4 examples", 5),
                          ("3 sizes for 2 rates", np.array([1, 2, 4]), {"learning_rate": np.array([0.1, 0.2])})),
          learning_rate=kind("positive", ("3 rates for 2 sizes", np.ones(3))), reduction="reductions",
          epochs="count", l2="nonnegative", weight_decay=kind("nonnegative", ("1.0", 1.0)), seed="seed",
          initial_weights=without("real", "None") + [("wrong length", np.ones(7)), ("wrong shape", np.ones((5, 3)))],
          evaluate_every=without("int", "None") + [("3, not a multiple of gcd(2, 4)", 3, {"batch_size": np.array([2, 4])})],
          record_steps="bool", on_epoch="callback"),
    entry("helpers.training.train_schemes",
          dict(TRAIN, batch_sizes=np.array([1, 2]), learning_rates=np.array([0.01, 0.1]), tuned_batch_size=2, epochs=1,
               seed=0, evaluate_every=None),
          features="matrix", targets="labels", loss="loss",
          batch_sizes=kind("int array", ("5 > 4 examples", 5), ("2-D", np.array([[1, 2]]))),
          learning_rates=kind("positive", ("2-D", np.array([[0.1, 0.2]]))), tuned_batch_size="int", epochs="count",
          seed="seed",
          evaluate_every=without("int", "None") + [("3, not a multiple of gcd(2, 4)", 3, {"batch_sizes": np.array([2, 4])})]),

    # helpers.gradients
    entry("helpers.gradients.batch_loss", dict(MODEL, reduction="sum"), weights=kind("real", ("wrong length", np.ones(7))),
          features="features", targets="labels", loss="loss", reduction="reduction"),
    entry("helpers.gradients.batch_gradient", dict(MODEL, reduction="sum"), weights=kind("real", ("wrong length", np.ones(7))),
          features="features", targets="labels", loss="loss", reduction="reduction"),
    entry("helpers.gradients.finite_difference_gradient", dict(MODEL, reduction="sum", step=1e-6), weights="weights",
          features="features", targets="labels", loss="loss", reduction="reduction", step=kind("one positive", ("2.0", 2.0))),
    entry("helpers.gradients.relative_error", dict(estimate=np.ones(3), reference=np.ones(3)),
          estimate=kind("real", ("wrong shape", np.ones(7))),
          reference=kind("real", ("wrong shape", np.ones(7)), ("all zeros", np.zeros(3)))),
    entry("helpers.gradients.loss_landscape", dict(features=X[:, :2], targets=LABELS, loss="logistic",
                                                   w1=np.linspace(-1, 1, 3), w2=np.linspace(-1, 1, 2)),
          features=kind("matrix", ("3 columns", X)), targets="labels", loss="loss",
          w1=without("vector", "wrong length") + [("10**7 points", np.zeros(10**7))], w2=without("vector", "wrong length")),

    # helpers.regularization
    entry("helpers.regularization.effective_l2", dict(l2=4.0, reduction="sum", batch_size=8), l2="nonnegative",
          reduction="reduction",
          batch_size=kind("int array", ("3 sizes for 2 strengths", np.array([1, 2, 4]), {"l2": np.array([1.0, 2.0])}))),
    entry("helpers.regularization.consistent_l2", dict(l2=2.0, reduction="sum", batch_size=8, n_examples=64),
          l2="nonnegative", reduction="reduction", batch_size=kind("int array", ("128 > n_examples", 128)),
          n_examples=kind("int", ("4 < batch_size", 4))),
    entry("helpers.regularization.train_regularization_schemes",
          dict(TRAIN, batch_sizes=np.array([1, 2]), learning_rates=np.array([0.01]), l2s=np.array([0.0, 1.0]), epochs=1,
               seed=0),
          features="matrix", targets="labels", loss="loss",
          batch_sizes=kind("int array", ("5 > 4 examples", 5)),
          learning_rates=kind("positive", ("decay 2 lr l2 B / N >= 1", np.array([10.0]))),
          l2s=kind("nonnegative", ("2-D", np.ones((2, 2)))), epochs="count", seed="seed", on_epoch="callback"),
    entry("helpers.regularization.accuracy", dict(weights=W, features=X, labels=LABELS),
          weights=kind("real", ("wrong length", np.ones(7))), features="features", labels="labels"),
    entry("helpers.regularization.scheme_test_accuracy",
          dict(features=X, labels=LABELS, test_features=X, test_labels=LABELS, batch_sizes=np.array([1, 2]), learning_rate=0.01,
               l2=0.5, epochs=1, seeds=[0, 1]),
          features="matrix", labels="labels", test_features=kind("matrix", ("wrong width", np.ones((4, 2)))),
          test_labels="labels", batch_sizes=kind("int array", ("5 > 4 examples", 5)), learning_rate="one positive",
          l2="one nonnegative", epochs="count", seeds="seed_list"),
    entry("helpers.regularization.decision_boundary", dict(weights=W, x_limits=(-2, 2), y_limits=(-3, 3)),
          weights=kind("vector"), x_limits=kind("vector", ("reversed", (2, -2))), y_limits=kind("vector", ("empty box", (1, 1)))),

    # helpers.noise
    entry("helpers.noise.GradientMoments", dict(gradient=np.array([1.0, 0.5]), hessian=np.eye(2), covariance=np.eye(2)),
          gradient=kind("vector", ("wrong length", np.ones(3))),
          hessian=kind("matrix", ("not symmetric", np.array([[1.0, 2.0], [0.0, 1.0]])), ("3 x 3", np.eye(3))),
          covariance=kind("matrix", ("not symmetric", np.array([[1.0, 2.0], [0.0, 1.0]])), ("3 x 3", np.eye(3)),
                          ("not positive semi-definite", np.array([[1.0, 2.0], [2.0, 1.0]])), ("negative", -np.eye(2)))),
    entry("helpers.noise.GradientMoments.optimal_step", dict(batch_size=np.array([1, 4])),
          _call=lambda **kwargs: MOMENTS.optimal_step(**kwargs), batch_size="int array"),
    entry("helpers.noise.empirical_moments", dict(weights=W, features=X, targets=TARGETS, loss="squared"),
          weights="weights", features="features", targets="targets", loss=kind("loss", ("logistic", "logistic"))),
    entry("helpers.noise.gaussian_least_squares_moments", dict(covariance=C, weight_error=W, noise=0.5),
          covariance="covariance",
          weight_error="vector", noise="one nonnegative"),
    entry("helpers.noise.squared_loss_hessian", dict(features=X, reduction="mean"), features="matrix",
          reduction="reduction"),
    entry("helpers.noise.stable_learning_rate", dict(hessian=C),
          hessian=kind("matrix", ("no curvature", np.zeros((2, 2))), ("not symmetric", np.triu(np.ones((3, 3)))))),
    entry("helpers.noise.minibatch_gradient_variance",
          dict(weights=W, features=X, targets=TARGETS, loss="squared", batch_sizes=np.array([1, 2]), n_draws=10,
               replace=False, seed=0),
          weights="weights", features="features", targets="targets", loss="loss",
          batch_sizes=kind("int array", ("5 > 4 examples without replacement", 5)), n_draws="count", replace="bool",
          seed="seed"),
    entry("helpers.noise.two_batch_estimates", dict(small_norms=np.array([3.0]), big_norms=np.array([1.5]), small=1, big=4),
          small_norms="nonnegative", big_norms="nonnegative", small=kind("int", ("8 > big", 8)), big=kind("int", ("1 = small", 1))),
    entry("helpers.noise.sample_batch_gradients", dict(covariance=C, weight_error=W, noise=0.5, batch_size=4, n_draws=10,
                                                       seed=0),
          covariance=kind("covariance", ("not positive definite", np.diag([1.0, 0.0, 1.0]))),
          weight_error="vector", noise="one nonnegative", batch_size="count", n_draws="count", seed="seed"),

    # helpers.adam
    entry("helpers.adam.adam_step", dict(weights=W, gradient=np.ones(3), first=np.zeros(3), second=np.zeros(3), step=1,
                                         learning_rate=0.1, beta1=0.9, beta2=0.999, epsilon=1e-8),
          weights=kind("real", ("a number", 1.0)), gradient=kind("real", ("wrong length", np.ones(7))),
          first=kind("real", ("wrong length", np.ones(7))), second=kind("nonnegative", ("wrong length", np.ones(7))),
          step="int", beta1="fractions", beta2="fractions", epsilon="nonnegative",
          learning_rate=kind("positive", ("2 x 2 rates for 3 models", np.ones((2, 2)), {"weights": np.ones((3, 3)),
                             "gradient": np.ones((3, 3)), "first": np.zeros((3, 3)), "second": np.zeros((3, 3))}))),
    entry("helpers.adam.train_adam", dict(TRAIN, batch_size=2, learning_rate=0.1, reduction=np.array(["sum", "mean"]),
                                          epsilon=1e-8, epochs=1, seed=0, initial_weights=W),
          features="features", targets="labels", loss="loss", batch_size=kind("int", ("5 > 4 examples", 5)),
          learning_rate=kind("positive", ("3 rates for 2 reductions", np.ones(3))), reduction="reductions",
          epsilon="nonnegative", epochs="count", seed="seed", on_epoch="callback",
          initial_weights=without("real", "None") + [("wrong length", np.ones(7)), ("wrong shape", np.ones((5, 3)))]),

    # helpers.worked_example
    entry("helpers.worked_example.Scenario", dict(name="sum", reduction="sum", learning_rate=0.01, batch_size=64,
                                                  step_updates=np.array([-0.04, -0.04])),
          name=[("None", None), ("a number", 3)], reduction="reduction", learning_rate="one positive", batch_size="int",
          step_updates=without("vector", "wrong length")),
    entry("helpers.worked_example.mistake_gradients", dict(n_examples=128, mistakes_per_64=8, gradient_per_mistake=0.5),
          n_examples=kind("count", ("100, not a multiple of 64", 100)), mistakes_per_64=kind("int", ("65", 65)),
          gradient_per_mistake="one real"),
    entry("helpers.worked_example.worked_example", dict(learning_rate=0.01, tuned_batch_size=64, n_examples=128),
          learning_rate="one positive", tuned_batch_size=kind("int", ("48, not a divisor of 128", 48)),
          n_examples=kind("count", ("100, not a multiple of 64", 100))),
    entry("helpers.worked_example.format_scenarios", dict(scenarios=[SCENARIO]),
          scenarios=[("None", None), ("one Scenario", SCENARIO), ("empty", []), ("strings", ["a"])]),

    # helpers.checks: a check's numbers may be NaN or inf (the check then fails with CheckFailed, as it
    # must: tests/test_check_cells.py), so `actual`, `expected` and the like are probed for type only.
    entry("helpers.checks.CheckFailed", dict(message="✗ a claim"), _trusted=("message",)),   # an exception: its message is free text
    entry("helpers.checks.expect_close", dict(actual=1.0, expected=1.0, claim="one is one", rtol=1e-12, atol=0.0),
          actual=NUMBERS + NON_FINITE, expected=NUMBERS + NON_FINITE, claim="text", rtol="one nonnegative",
          atol="one nonnegative", _fails=(helpers.checks.CheckFailed,)),
    entry("helpers.checks.expect_true", dict(condition=True, claim="true", detail=""),
          condition=[("None", None), ("a string", "yes"), ("numbers", np.array([1.0])), ("ragged", [[True], [True, False]])],
          claim="text",
          detail=[("None", None), ("a number", 3)]),
    entry("helpers.checks.expect_order", dict(values=[1.0, 2.0], claim="rises", direction="increasing", strict=True),
          values=NUMBERS + [("2-D", np.ones((2, 2))), ("inf last", [1.0, np.inf]), ("NaN", [1.0, np.nan]),
                            ("-inf first", [-np.inf, 1.0])],
          claim="text", direction="name", strict="bool", _fails=(helpers.checks.CheckFailed,)),
    entry("helpers.checks.expect_within_standard_errors", dict(estimate=1.0, expected=1.0, standard_error=0.1, claim="c", z=3.0),
          estimate=NUMBERS + NON_FINITE, expected=NUMBERS + NON_FINITE,
          standard_error=NUMBERS + [("0", 0.0), ("-1", -1.0), ("NaN", np.nan)],
          claim="text", z="one positive", _fails=(helpers.checks.CheckFailed,)),

    # helpers.accumulation
    entry("helpers.accumulation.sequence_lengths", dict(n_sequences=4, mean_length=10, spread=0.5, seed=0),
          n_sequences="count", mean_length="int", spread=kind("one nonnegative", ("1.0", 1.0)), seed="seed"),
    entry("helpers.accumulation.padding_mask", dict(lengths=[1, 3], max_length=4),
          lengths=kind("int array", ("2-D", np.ones((2, 2), dtype=int))),
          max_length=without("int", "None") + [("2 < longest", 2), ("10**9", 10**9)]),
    entry("helpers.accumulation.micro_batch_token_counts", dict(lengths=[2, 4, 6, 8], n_micro_batches=2),
          lengths=kind("int array", ("2-D", np.ones((2, 2), dtype=int))),
          n_micro_batches=kind("int", ("3, not a divisor", 3), ("8 > 4 sequences", 8))),
    entry("helpers.accumulation.token_weights", dict(lengths=[1, 3], n_micro_batches=2, scheme="token mean"),
          lengths="int array", n_micro_batches=kind("int", ("3 > 2 sequences", 3)), scheme="name"),
    entry("helpers.accumulation.accumulate", dict(token_values=np.ones((2, 3)), lengths=[1, 3], n_micro_batches=2,
                                                  scheme="token mean", vectors=False),
          token_values=kind("real", ("a number", 1.0), ("too short", np.ones((2, 2))), ("3 sequences", np.ones((3, 3)))),
          lengths=kind("int array", ("4 > T", [1, 4])), n_micro_batches=kind("int", ("3 > 2 sequences", 3)),
          scheme="name", vectors=kind("bool", ("True for 2-D token_values", True))),
    entry("helpers.accumulation.relative_error", dict(estimate=np.ones(3), reference=np.ones(3)),
          estimate=kind("real", ("wrong shape", np.ones(7))),
          reference=kind("real", ("wrong shape", np.ones(7)), ("all zeros", np.zeros(3)))),
    entry("helpers.accumulation.token_gradients", dict(n_batches=2, n_sequences=4, max_length=3, n_features=3, seed=0),
          n_batches="count", n_sequences="count", max_length="count", n_features="count", seed="seed"),
    entry("helpers.accumulation.accumulation_error", dict(gradients=np.ones((1, 2, 3, 2)), lengths=[1, 3], n_micro_batches=2,
                                                          scheme="sequence mean"),
          gradients=kind("real", ("2-D", np.ones((2, 3))), ("3 sequences", np.ones((1, 3, 3, 2)))),
          lengths=kind("int array", ("4 > T", [1, 4])), n_micro_batches=kind("int", ("3 > 2 sequences", 3)), scheme="name"),

    # helpers.distributed
    entry("helpers.distributed.shard_sizes", dict(batch_size=64, n_workers=4, imbalance=0.5),
          batch_size="int", n_workers=kind("int", ("65 > batch_size", 65)), imbalance=kind("one nonnegative", ("1.0", 1.0))),
    entry("helpers.distributed.worker_gradients", dict(per_example_gradients=G, sizes=[3, 1], worker_reduction="mean"),
          per_example_gradients=kind("real", ("1-D", np.ones(4)), ("5 examples", np.ones((5, 3)))),
          sizes=kind("int array", ("2-D", np.ones((2, 2), dtype=int)), ("sum 5", [3, 2])), worker_reduction="name"),
    entry("helpers.distributed.all_reduce", dict(gradients=G, op="sum"), gradients=kind("real", ("1-D", np.ones(4))), op="name"),
    entry("helpers.distributed.data_parallel_gradient", dict(per_example_gradients=G, sizes=[3, 1], worker_reduction="mean",
                                                             op="average"),
          per_example_gradients=kind("real", ("1-D", np.ones(4)), ("5 examples", np.ones((5, 3)))),
          sizes=kind("int array", ("sum 5", [3, 2])), worker_reduction="name", op="name"),
    entry("helpers.distributed.example_weights", dict(sizes=[3, 1], worker_reduction="mean", op="average"),
          sizes=kind("int array", ("2-D", np.ones((2, 2), dtype=int)), ("10**6 examples", [10**6])),
          worker_reduction="name", op="name"),
    entry("helpers.distributed.sampler_shard", dict(n_examples=1001, n_workers=4, drop_last=False),
          n_examples="int", n_workers=kind("int", ("2000 > n_examples", 2000)), drop_last="bool"),

    # helpers.weighting
    entry("helpers.weighting.weighted_mean", dict(losses=[1.0, 3.0], weights=[1.0, 3.0], normalization="sum of weights"),
          losses=kind("real", ("3 for 2 weights", np.ones(3))),
          weights=kind("nonnegative", ("all zero", [0.0, 0.0]), ("3 for 2 losses", np.ones(3))), normalization="name"),
    entry("helpers.weighting.class_weights", dict(labels=[0, 1, 1], weight_per_class=[1.0, 4.0]),
          labels=CLASS_INDICES + [("class 2 of 2", [0, 2])],
          weight_per_class=kind("nonnegative", ("2-D", np.ones((2, 2))), ("1 for 2 classes", [1.0]))),
    entry("helpers.weighting.balanced_class_weights", dict(labels=[0, 0, 0, 1], n_classes=2),
          labels=CLASS_INDICES + [("2-D", np.zeros((2, 2), dtype=int)), ("class 1 missing", [0, 0]),
                                  ("class 2 of 2", [0, 1, 2])],
          n_classes=kind("int", ("10**9", 10**9), ("3: class 2 missing", 3))),
    entry("helpers.weighting.step_scale", dict(weights=[[1.0, 1.0], [1.0, 5.0]], normalization="batch size"),
          weights=kind("nonnegative", ("a number", 1.0)), normalization="name"),

    # helpers.epochs
    entry("helpers.epochs.epoch_batch_sizes", dict(n_examples=10, batch_size=4, drop_last=False),
          n_examples="count", batch_size=kind("int", ("11 > n_examples", 11)), drop_last="bool"),
    entry("helpers.epochs.epoch_example_weights", dict(n_examples=10, batch_size=4, reduction="mean", drop_last=False),
          n_examples="count", batch_size=kind("int", ("11 > n_examples", 11)), reduction="reduction", drop_last="bool"),

    # helpers.clipping
    entry("helpers.clipping.clip_by_norm", dict(gradients=np.ones(3), max_norm=1.0),
          gradients=kind("real", ("a number", 1.0)), max_norm="one positive"),
    entry("helpers.clipping.batch_gradient_norms", dict(per_example_gradients=G, batch_size=2, reduction="sum"),
          per_example_gradients=kind("real", ("1-D", np.ones(4))),
          batch_size=kind("int", ("3, not a divisor", 3), ("8 > 4 examples", 8)), reduction="reduction"),
    entry("helpers.clipping.clipped_fraction", dict(norms=np.ones(3), max_norm=1.0), norms="nonnegative", max_norm="one positive"),

    # helpers.precision
    entry("helpers.precision.float16_reduce", dict(values=np.ones(4), reduction="sum", accumulator="float32"),
          values=kind("real", ("2-D", np.ones((2, 2)))), reduction="reduction", accumulator="name"),
    entry("helpers.precision.rounded_to_zero", dict(values=np.array([1e-9, 1e-3]), loss_scale=1.0),
          values=kind("real", ("all zero", np.zeros(3))), loss_scale="one positive"),
    entry("helpers.precision.float16_gradient", dict(contributions=np.full((4, 1), 1e-8), loss_scale=1.0),
          contributions=kind("real", ("a number", 1.0)), loss_scale="one positive"),

    # helpers.momentum
    entry("helpers.momentum.momentum_sgd", dict(features=X, targets=TARGETS, learning_rates=np.full(3, 0.1), momentum=0.5,
                                                loss_scale=1.0, weight_decay=0.0, form="lr outside", correction=False),
          features=kind("matrix", ("5 rows", np.ones((5, 3)))), targets=kind("targets"),
          learning_rates=kind("positive", ("2-D", np.ones((2, 2))), ("5 * 10**6 steps", np.full(5 * 10**6, 1e-3)),
                              ("diverging: 100", np.full(200, 100.0))),
          momentum=kind("one nonnegative", ("1.0", 1.0)), loss_scale="one positive", weight_decay="one nonnegative",
          form="name", correction="bool"),

    # helpers.weight_decay
    entry("helpers.weight_decay.decay_per_step", dict(weight_decay=0.01, learning_rate=0.5, convention="keras"),
          weight_decay=kind("nonnegative", ("3 for 2 rates", np.full(3, 0.01), {"learning_rate": np.full(2, 0.5)}),
                            ("1.0 per step", 1.0, {"convention": "loshchilov_hutter"})),
          learning_rate=kind("positive", ("3 for 2 decays", np.full(3, 0.5), {"weight_decay": np.full(2, 0.01)})),
          convention="name"),
    entry("helpers.weight_decay.consistent_weight_decay", dict(decay_per_epoch=0.02, batch_size=np.array([8, 64]), n_examples=512),
          decay_per_epoch=kind("nonnegative", ("3 for 2 sizes", np.ones(3)), ("100: a decay per step of 12.5", 100.0)),
          batch_size=kind("int array", ("1024 > n_examples", 1024)), n_examples=kind("int", ("32 < batch_size", 32))),
    entry("helpers.weight_decay.normalized_weight_decay", dict(normalized=0.05, batch_size=np.array([16, 64]), n_examples=1000,
                                                               epochs=4),
          normalized=kind("nonnegative", ("3 for 2 sizes", np.ones(3)), ("100: a decay per step of 25", 100.0)),
          batch_size=kind("int array", ("1024 > n_examples", 1024)), n_examples=kind("int", ("32 < batch_size", 32)),
          epochs="int"),
    entry("helpers.weight_decay.decay_over_training", dict(decay_per_step=0.5, batch_size=np.array([2, 4]), n_examples=8, epochs=1),
          decay_per_step=kind("fractions", ("3 for 2 sizes", np.full(3, 0.5))),
          batch_size=kind("int array", ("16 > n_examples", 16)), n_examples=kind("int", ("3 < batch_size", 3)), epochs="int"),
    entry("helpers.weight_decay.train_decoupled_decay",
          dict(TRAIN, batch_sizes=np.array([1, 2]), learning_rate=0.1, weight_decay=0.01, convention="keras", epochs=1, seed=0),
          features="matrix", targets="labels", loss="loss",
          batch_sizes=kind("int array", ("5 > 4 examples", 5), ("2-D", np.array([[1, 2]]))),
          learning_rate="one positive", weight_decay=kind("nonnegative", ("3 for 2 sizes", np.full(3, 0.01)),
                                                          ("6: a decay per step of 1.2 under mean()", 6.0)),
          convention="name", epochs="count", seed="seed"),
    entry("helpers.weight_decay.train_weight_growth",
          dict(TRAIN, batch_sizes=np.array([2, 4]), learning_rate=0.1, l2=0.5, epochs=1, seed=0),
          features="matrix", targets="labels", loss="loss",
          batch_sizes=kind("int array", ("5 > 4 examples", 5), ("2-D", np.array([[1, 2]]))),
          learning_rate="one positive", l2="one nonnegative", epochs="count", seed="seed"),
    entry("helpers.weight_decay.batch_size_table", dict(batch_sizes=np.array([8, 64]), columns={"sum": np.array([0.5, 0.25])},
                                                        digits=2),
          batch_sizes=kind("int array", ("2-D", np.ones((2, 2), dtype=int))),
          columns=[("None", None), ("empty", {}), ("a list", [0.5, 0.25]), ("3 values for 2 sizes", {"sum": np.ones(3)}),
                   ("strings", {"sum": ["a", "b"]}), ("a number key", {3: np.ones(2)}), ("NaN", {"sum": np.array([np.nan, 1.0])})],
          digits="int"),

    # helpers.explorers.practice
    entry("helpers.explorers.practice.accumulation_error_grid",
          dict(n_sequences=32, mean_length=4, n_batches=1, scheme="mean of micro-batch means"),
          n_sequences=kind("count", ("48, not a multiple of 32", 48)), mean_length="count", n_batches="count", scheme="name"),
    entry("helpers.explorers.practice.accumulation_explorer",
          dict(spread=0.5, n_micro_batches=4, n_sequences=32, mean_length=4, n_batches=1),
          spread=OPTION + [("0.3, not on the slider", 0.3)], n_micro_batches=OPTION + [("3, not on the slider", 3)],
          n_sequences=kind("count", ("48, not a multiple of 32", 48)), mean_length="count", n_batches="count"),
    entry("helpers.explorers.practice.data_parallel_error_grid", dict(batch_size=16, n_batches=1),
          batch_size=kind("count", ("8 < 16 workers", 8)), n_batches="count"),
    entry("helpers.explorers.practice.data_parallel_explorer", dict(n_workers=4, imbalance=0.5, batch_size=16, n_batches=1),
          n_workers=OPTION + [("3, not on the slider", 3)], imbalance=OPTION + [("0.3, not on the slider", 0.3)],
          batch_size=kind("count", ("8 < 16 workers", 8), ("2**20, too much memory", 2**20)), n_batches="count"),

    # helpers.explorers.optimizers
    entry("helpers.explorers.optimizers.gradient_norm_table", dict(per_example=PER_EXAMPLE, batch_sizes=[2, 4], n_shuffles=1, seed=0),
          per_example="matrix", batch_sizes=kind("int array", ("3, not a divisor of 64", [3]), ("2-D", [[2, 4]]),
                                                 ("128 > 64 examples", [128])),
          n_shuffles="count", seed="seed"),
    entry("helpers.explorers.optimizers.clipped_shares_over_seeds",
          dict(n_seeds=2, n_examples=256, tuned_batch_size=8, batch_size=128, threshold_multiple=1.0),
          n_seeds=kind("count", ("101 seeds", 101)), n_examples=kind("count", ("2**17 examples", 2**17)),
          tuned_batch_size=kind("count", ("3, not a divisor of 256", 3), ("512 > 256 examples", 512)),
          batch_size=kind("count", ("3, not a divisor of 256", 3), ("512 > 256 examples", 512)),
          threshold_multiple="one positive"),
    entry("helpers.explorers.optimizers.clipping_explorer",
          dict(per_example=PER_EXAMPLE, tuned_batch_size=8, batch_size=32, threshold_multiple=1.0),
          per_example=kind("matrix", ("48 rows, not a multiple of 32", np.ones((48, 3)))),
          tuned_batch_size=OPTION + [("3, not on the slider", 3), ("128 > 64 examples", 128)],
          batch_size=OPTION + [("3, not on the slider", 3), ("128 > 64 examples", 128)],
          threshold_multiple=OPTION + [("3.0, not on the slider", 3.0)]),
    entry("helpers.explorers.optimizers.adam_rule_gaps",
          dict(features=REGRESSION[0], targets=REGRESSION[1], base_batch_size=4, base_learning_rate=0.01, factors=(1, 2),
               epochs=1, n_seeds=2, eval_every=16, beta1=0.9, beta2=0.999, epsilon=1e-8),
          features=kind("matrix", ("5 rows", np.ones((5, 3)))), targets="targets",
          base_batch_size=kind("int", ("128 > 64 examples", 128)), base_learning_rate="one positive",
          factors=kind("int array", ("32: 128 > 64 examples", (1, 32)), ("2-D", [[1, 2]])),
          epochs="count", n_seeds="count", eval_every=kind("int", ("12, not a multiple of 8", 12), ("128 > 64 examples", 128)),
          beta1=kind("fraction", ("0.4 < 1 - 1/2", 0.4)), beta2=kind("fraction", ("0.4 < 1 - 1/2", 0.4)),
          epsilon="one nonnegative"),
    entry("helpers.explorers.optimizers.adam_l2_and_decay",
          dict(features=REGRESSION[0], targets=REGRESSION[1], learning_rate=0.05, strength=0.1, steps=5, epsilon=1e-8),
          features=kind("matrix", ("5 rows", np.ones((5, 3)))), targets="targets",
          learning_rate=kind("one positive", ("20: lr x strength >= 1", 20.0)), strength=kind("one nonnegative", ("20.0", 20.0)),
          steps="count", epsilon="one nonnegative"),

    # helpers.plotting
    entry("helpers.plotting.use_style", dict(style="laptop"), style="name"),
    entry("helpers.plotting.display_scale", dict()),
    entry("helpers.plotting.new_figure", dict(n_axes=2, rows=1, width=6.0, height=3.0),
          n_axes=kind("int", ("100 axes", 100)), rows=kind("int", ("3 > n_axes", 3)),
          width=kind("one positive", ("1000 inches", 1000.0)), height=kind("one positive", ("1000 inches", 1000.0))),
    entry("helpers.plotting.style_axes", dict(ax=AX, title="t", xlabel="x", ylabel="y", log2_x=False),
          ax=ARTIST_TROUBLE, title=[("None", None), ("a number", 3)], xlabel=[("None", None), ("a number", 3)],
          ylabel=[("None", None), ("a number", 3)], log2_x="bool"),
    entry("helpers.plotting.freeze_layout", dict(figure=FIGURE), figure=FIGURE_TROUBLE),
    entry("helpers.plotting.encode_png", dict(rgba=RGBA, palette=None), rgba=RGBA_TROUBLE,
          palette=[("a number", 3), ("unknown", "web"), ("an RGB image", PIL_RGB)]),
    entry("helpers.plotting.quantized", dict(rgba=RGBA, palette=None), rgba=RGBA_TROUBLE,
          palette=[("a number", 3), ("adaptive", "adaptive"), ("an RGB image", PIL_RGB)]),
    entry("helpers.plotting.palette_png", dict(picture=PIL_P), picture=[("None", None), ("an RGB image", PIL_RGB), ("an array", RGBA)]),
    entry("helpers.plotting.figure_pixels", dict(figure=FIGURE), figure=FIGURE_TROUBLE),
    entry("helpers.plotting.figure_image", dict(figure=FIGURE), figure=FIGURE_TROUBLE),
    entry("helpers.plotting.FigureImage", dict(figure=FIGURE), figure=FIGURE_TROUBLE),
    entry("helpers.plotting.FigureImage.picture_output", dict(), _call=lambda: FIGURE_IMAGE.picture_output()),
    entry("helpers.plotting.FigureImage.alt_output", dict(), _call=lambda: FIGURE_IMAGE.alt_output()),
    entry("helpers.plotting.alt_script", dict(picture_tail="AAAA", alt="a figure"),
          picture_tail=[("None", None), ("empty", ""), ("a number", 3)], alt=[("None", None), ("empty", ""), ("a number", 3)]),
    entry("helpers.plotting.set_points", dict(line=LINE, points=[(1.0, 2.0)]), line=LINE_TROUBLE[:4],   # any Line2D takes data
          points=[("None", None), ("a string", "12"), ("a number", 3.0), ("triples", [(1.0, 2.0, 3.0)]),
                  ("NaN", [(np.nan, 1.0)]), ("strings", [("a", "b")])]),
    entry("helpers.plotting.set_steps", dict(line=LINE, edges=[0.0, 2.0, 4.0], values=[1.0, 3.0]), line=LINE_TROUBLE[:4],
          edges=[("None", None), ("a string", "02"), ("NaN", [0.0, np.nan, 4.0]), ("as long as values", [0.0, 2.0])],
          values=[("None", None), ("a string", "13"), ("NaN", [np.nan, 3.0]), ("2-D", [[1.0, 3.0]])]),
    entry("helpers.plotting.power_of_two_ticks", dict(ax=AX, values=[1, 4, 16]), ax=ARTIST_TROUBLE,
          values=kind("positive", ("2-D", np.ones((2, 2))))),
    entry("helpers.plotting.line_style", dict(line=LINE), line=LINE_TROUBLE),
    entry("helpers.plotting.line_path_pixels", dict(line=LINE), line=LINE_TROUBLE),
    entry("helpers.plotting.line_marker_pixels", dict(line=LINE), line=LINE_TROUBLE),
    entry("helpers.plotting.draw_order", dict(figure=FIGURE), figure=FIGURE_TROUBLE),
    entry("helpers.plotting.render_layers", dict(figure=FIGURE, animated=[LINE]), figure=FIGURE_TROUBLE,
          animated=[("None", None), ("a line, not a list", LINE), ("strings", ["line"])]),
    entry("helpers.plotting.prune_legends", dict(figure=FIGURE, never_drawn=[]), figure=FIGURE_TROUBLE,
          never_drawn=[("None", None), ("a line, not a list", LINE), ("strings", ["line"])]),

    # helpers.descriptions
    entry("helpers.descriptions.plain_text", dict(text="weight $w_2$"),
          text=[("None", None), ("a number", 3), ("an unknown TeX command", "$\\foo$"), ("an unmatched brace", "$x_{1$")]),
    entry("helpers.descriptions.figure_description", dict(figure=FIGURE, legends=True), figure=[("None", None), ("an Axes", AX)],
          legends="bool"),

    # helpers.widgets (`description` is the caller's own label; `update` is the caller's function)
    entry("helpers.widgets.powers_of_two", dict(minimum=1, maximum=8), minimum=kind("int", ("16 > maximum", 16)),
          maximum="int"),
    entry("helpers.widgets.log_grid", dict(minimum=0.01, maximum=0.1), minimum=kind("one positive", ("1.0 > maximum", 1.0)),
          maximum=kind("one positive", ("0.001 < minimum", 0.001))),
    entry("helpers.widgets.Slider", dict(options=[1, 2], value=1, description="B", argument="batch_size"),
          options=SLIDER_OPTIONS + [("value 1 not among them", [2, 4])], value=OPTION + [("3, not an option", 3)],
          description=[("None", None), ("a number", 3)],
          argument=[("None", None), ("a number", 3), ("empty", "")], _named={"value": "batch_size"}),
    entry("helpers.widgets.batch_size_slider", dict(value=4, minimum=1, maximum=16, description="B", argument="batch_size"),
          value=OPTION + [("3, not a power of two", 3), ("32 > maximum", 32)], minimum=kind("int", ("32 > maximum", 32), ("8 > value", 8)),
          maximum=kind("int", ("2 < value", 2)), description=[("None", None), ("a number", 3)], argument=[("None", None), ("a number", 3)],
          _named={"value": "batch_size"}),
    entry("helpers.widgets.learning_rate_slider", dict(value=0.01, minimum=0.001, maximum=0.1, description="lr",
                                                       argument="learning_rate"),
          value=OPTION + [("0.03, not on the grid", 0.03), ("1.0 > maximum", 1.0)],
          minimum=kind("one positive", ("1.0 > maximum", 1.0), ("0.05 > value", 0.05)),
          maximum=kind("one positive", ("0.005 < value", 0.005)),
          description=[("None", None), ("a number", 3)], argument=[("None", None), ("a number", 3)],
          _named={"value": "learning_rate"}),
    entry("helpers.widgets.choice_slider", dict(options=[0.5, 1.0], value=1.0, description="m", argument="multiplier"),
          options=SLIDER_OPTIONS, value=OPTION + [("3.0, not an option", 3.0)], description=[("None", None), ("a number", 3)],
          argument=[("None", None), ("a number", 3)], _named={"value": "multiplier"}),
    entry("helpers.widgets.Slider.readout", dict(value=2), _call=lambda value: EXPLORER.controls["batch_size"].readout(value),
          value=OPTION + [("3, not an option", 3)]),
    entry("helpers.widgets.slider_values", dict(slider=EXPLORER.controls["batch_size"]),
          slider=[("None", None), ("a list", [1, 2]), ("a string", "batch_size")]),
    entry("helpers.widgets.Explorer", dict(figure=EXPLORER.figure, controls=EXPLORER.controls, update=EXPLORER.update,
                                           animated=EXPLORER.animated),
          figure=[("None", None), ("an Axes", AX), ("another figure", FIGURE)],
          controls=[("None", None), ("empty", {}), ("a list", [1, 2]), ("not a Slider", {"batch_size": [1, 2]}),
                    ("a key that is no keyword", {"batch size": EXPLORER.controls["batch_size"]}),
                    ("10**8 states", {"a": Slider(list(range(10**4)), 0, description="a"),
                                      "b": Slider(list(range(10**4)), 0, description="b")})],
          update=[("None", None), ("a string", "update"), ("takes no batch_size", len)],
          animated=[("None", None), ("empty", []), ("a line, not a list", EXPLORER.animated[0]), ("strings", ["line"]),
                    ("a line of another figure", [LINE])]),
    entry("helpers.widgets.Explorer.values", dict(), _call=lambda: EXPLORER.values()),
    entry("helpers.widgets.Explorer.show", dict(values={"batch_size": 2}), _call=lambda values: EXPLORER.show(**values),
          _named={"values": "batch_size"}, values=EXPLORER_VALUES),
    entry("helpers.widgets.Explorer.state_index", dict(values={"batch_size": 2}),
          _call=lambda values: EXPLORER.state_index(**values), _named={"values": "batch_size"}, values=EXPLORER_VALUES),
    entry("helpers.widgets.Explorer.alt_text", dict(), _call=lambda: EXPLORER.alt_text()),
    entry("helpers.widgets.Explorer.html", dict(), _call=lambda: EXPLORER.html()),
    entry("helpers.widgets.Explorer.picture_output", dict(), _call=lambda: EXPLORER.picture_output()),
    entry("helpers.widgets.Explorer.live_output", dict(), _call=lambda: EXPLORER.live_output()),

    # helpers.explorers._runs: the explorers' own validators check `run`, `values` and `value` for their caller,
    # whose argument is `name`; `expected`, `what`, `n_axes`, `last_axis`, `axis`, `keys` and `options` are the
    # calling code's own constants.
    entry("helpers.explorers._runs.check_run", dict(run=SCHEMES_RUN, name="run", n_axes=3, last_axis=3),
          _trusted=("name", "n_axes", "last_axis"),
          run=[("None", None), ("a string", "run"), ("2 configuration axes", RUN), ("a regularization run", REG_RUN)]),
    entry("helpers.explorers._runs.check_grid", dict(values=[0.02, 0.005, 0.01], name="learning_rates",
                                                     expected=np.array([0.02, 0.005, 0.01]), what="learning rates"),
          _named={"values": "learning_rates"}, _trusted=("name", "expected", "what"),
          values=kind("positive", ("sorted", [0.005, 0.01, 0.02]), ("one missing", [0.02, 0.005]))),
    entry("helpers.explorers._runs.sort_run", dict(run=SCHEMES_RUN, axis=0, keys=np.array([64, 1, 4])),
          _trusted=("run", "axis", "keys")),   # internal: called only after check_run, with the run's own keys
    entry("helpers.explorers._runs.check_option", dict(value=4, name="batch_size", options=[1, 4]),
          _named={"value": "batch_size"}, _trusted=("name", "options", "what"), value=OPTION + [("3, not an option", 3)]),

    # helpers.explorers.gradient_scaling
    entry("helpers.explorers.gradient_scaling.train_sum_and_mean",
          dict(features=TWO_D[0], targets=TWO_D[1], loss="logistic", batch_sizes=[1, 4], learning_rates=[0.01],
               multipliers=(0.5, 1.0), start=(-2.0, 2.0), epochs=1, seed=0),
          features=kind("matrix", ("3 columns", X)), targets="labels", loss="loss",
          batch_sizes=kind("int array", ("32 > 16 examples", [32]), ("2-D", [[1, 2]])),
          learning_rates=kind("positive", ("2-D", [[0.1]])), multipliers=kind("positive", ("2-D", [[1.0]])),
          start=kind("real", ("one number", (1.0,))), epochs="count", seed="seed"),
    entry("helpers.explorers.gradient_scaling.trajectory_gap", dict(run=SUM_AND_MEAN_RUN),
          run=[("None", None), ("a string", "run"), ("2 configuration axes", RUN), ("4 configuration axes", REG_RUN)]),
    entry("helpers.explorers.gradient_scaling.trajectory_explorer",
          dict(features=TWO_D[0], targets=TWO_D[1], loss="logistic", epochs=1, batch_size=4, learning_rate=0.01,
               multiplier=1.0),
          features=kind("matrix", ("3 columns", X)), targets="labels", loss="loss", epochs="count",
          batch_size=OPTION + [("3, not on the slider", 3), ("32 > 16 examples", 32)],
          learning_rate=OPTION + [("0.03, not on the slider", 0.03)], multiplier=OPTION + [("3.0, not on the slider", 3.0)]),

    # helpers.explorers.learning_rate
    entry("helpers.explorers.learning_rate.scheme_updates",
          dict(batch_sizes=np.array([64, 128]), learning_rate=0.01, tuned_batch_size=64, mean_gradient=0.0625, n_examples=128),
          batch_sizes=kind("int array", ("256 > n_examples", 256)), learning_rate="one positive",
          tuned_batch_size=kind("int", ("256 > n_examples", 256)), mean_gradient="one real",
          n_examples=kind("int", ("64 < batch_sizes", 64))),
    entry("helpers.explorers.learning_rate.update_size_explorer",
          dict(mean_gradient=0.0625, n_examples=64, tuned_batch_size=16, batch_size=16, learning_rate=0.01),
          mean_gradient=kind("one positive"), n_examples=kind("count"),
          tuned_batch_size=kind("int", ("128 > n_examples", 128)),
          batch_size=OPTION + [("3, not on the slider", 3), ("128 > n_examples", 128)],
          learning_rate=OPTION + [("0.03, not on the slider", 0.03)]),
    entry("helpers.explorers.learning_rate.training_curves_explorer",
          dict(run=SCHEMES_RUN, learning_rates=[0.02, 0.005, 0.01], batch_size=4, learning_rate=0.01),
          run=[("None", None), ("a string", "run"), ("2 configuration axes", RUN), ("a regularization run", REG_RUN)],
          learning_rates=kind("positive", ("sorted", [0.005, 0.01, 0.02]), ("one missing", [0.02, 0.005])),
          batch_size=OPTION + [("16, not in the run", 16)], learning_rate=OPTION + [("0.03, not in the run", 0.03)]),

    # helpers.explorers.noise
    entry("helpers.explorers.noise.NoiseLevel", dict(run=NOISE_RUN, moments=NOISE_MOMENTS, simple_estimate=1.0),
          run=[("None", None), ("a string", "run"), ("2 configuration axes", RUN), ("3 reductions", SCHEMES_RUN)],
          moments=[("None", None), ("a dict", {"gradient": np.ones(2)}), ("an array", np.eye(2))],
          simple_estimate="one real"),
    entry("helpers.explorers.noise.best_learning_rates", dict(run=NOISE_RUN, learning_rates=[0.05, 0.01, 0.002]),
          run=[("None", None), ("a string", "run"), ("2 configuration axes", RUN)],
          learning_rates=kind("positive", ("one missing", [0.05, 0.01]), ("reversed", [0.002, 0.01, 0.05]),
                              ("shuffled", [0.01, 0.05, 0.002]))),
    entry("helpers.explorers.noise.noise_explorer",
          dict(levels={0.5: NOISE_LEVEL}, learning_rates=[0.05, 0.01, 0.002], tuned_batch_size=8, batch_size=8,
               learning_rate=0.01, noise=0.5),
          levels=[("None", None), ("empty", {}), ("a list", [NOISE_LEVEL]), ("not a NoiseLevel", {0.5: "level"}),
                  ("a NaN key", {np.nan: NOISE_LEVEL}), ("a string key", {"0.5": NOISE_LEVEL})],
          learning_rates=kind("positive", ("sorted", [0.002, 0.01, 0.05]), ("one missing", [0.05, 0.01])),
          tuned_batch_size=kind("int", ("16, not in the run", 16))[2:] + [("None", None), ("a string", "8")],
          batch_size=OPTION + [("16, not in the run", 16)], learning_rate=OPTION + [("0.03, not in the run", 0.03)],
          noise=OPTION + [("1.0, not a level", 1.0)]),

    # helpers.explorers.regularization
    entry("helpers.explorers.regularization.regularization_explorer",
          dict(run=REG_RUN, learning_rates=[0.002, 0.001], l2s=[5.0, 0.5, 1.0], test_features=REG_DATA[0],
               test_labels=REG_DATA[1], batch_size=2, learning_rate=0.001, l2=1.0),
          run=[("None", None), ("a string", "run"), ("3 configuration axes", SCHEMES_RUN)],
          learning_rates=kind("positive", ("sorted", [0.001, 0.002])), l2s=kind("nonnegative", ("sorted", [0.5, 1.0, 5.0])),
          test_features=kind("matrix", ("2 columns", np.ones((4, 2)))),
          test_labels=kind("labels", ("wrong length", np.array([0, 1]))),
          batch_size=OPTION + [("4, not in the run", 4)], learning_rate=OPTION + [("0.01, not in the run", 0.01)],
          l2=OPTION + [("2.0, not in the run", 2.0)]),

    # helpers.explorers.reporting
    entry("helpers.explorers.reporting.batch_reports", dict(per_example_losses=np.array([1.0, 0.0, 0.0, 1.0]), batch_sizes=[2]),
          per_example_losses=kind("real", ("2-D", np.ones((2, 2)))),
          batch_sizes=kind("int array", ("8 > 4 losses", [8]), ("3, not a divisor", [3]), ("2-D", [[2]]))),
    entry("helpers.explorers.reporting.reported_loss_explorer", dict(per_example_losses=np.ones(16), batch_size=4),
          per_example_losses=kind("real", ("2-D", np.ones((4, 4))), ("12, not a power of two", np.ones(12)),
                                  ("2**21 losses", np.zeros(2**21))),
          batch_size=OPTION + [("3, not on the slider", 3), ("32 > 16 losses", 32)]),

    # helpers.explorers.limits
    entry("helpers.explorers.limits.stability_limits_figure",
          dict(batch_sizes=np.array([1, 2, 4, 8]), thresholds=np.array([0.1, 0.2, 0.3, 0.35]), full_batch_limit=0.4,
               tuned_learning_rate=0.05, tuned_batch_size=2, best_rates=np.array([0.05, 0.1, 0.1, 0.2])),
          batch_sizes=kind("int array", ("2-D", np.ones((2, 2), dtype=int))),
          thresholds=kind("positive", ("3 for 4 sizes", np.ones(3)), ("2-D", np.ones((1, 4)))), full_batch_limit="one positive",
          tuned_learning_rate="one positive", tuned_batch_size="int",
          best_rates=without("positive", "None") + [("3 for 4 sizes", np.ones(3))],
          probes=[("a string", "probes"), ("one array", np.array([4, 8])), ("floats, not diverged", ([4, 8], [0.5, 1.0])),
                  ("2 sizes, 1 flag", ([4, 8], [True])), ("size 0", ([0, 8], [True, False]))]),

    # helpers.explorers.noise_scale
    entry("helpers.explorers.noise_scale.variance_check_figure",
          dict(batch_sizes=[1, 2, 4], with_replacement=np.array([[1.0, 0.5, 0.25], [1.2, 0.4, 0.3]]),
               without_replacement=np.array([[1.0, 0.4, 0.0], [0.8, 0.5, 0.0]]), trace_covariance=1.0, n_examples=8, z=4.0),
          batch_sizes=kind("int array", ("2-D", [[1, 2, 4]]), ("16 > n_examples", [1, 2, 16])),
          with_replacement=kind("nonnegative", ("1-D", np.ones(3)), ("one draw", np.ones((1, 3))), ("2 sizes", np.ones((2, 2)))),
          without_replacement=kind("nonnegative", ("1-D", np.ones(3)), ("one draw", np.ones((1, 3)))),
          trace_covariance="one positive", n_examples=kind("int", ("2 < largest batch size", 2)), z="one positive"),
    entry("helpers.explorers.noise_scale.step_size_explorer",
          dict(path=[MOMENTS, MOMENTS], steps=[0, 10], batch_size=16, step=10, max_batch_size=64),
          path=[("None", None), ("empty", []), ("not moments", ["G", "H"]), ("1 for 2 steps", [MOMENTS])],
          steps=[("None", None), ("a number", 3), ("floats", [0.5, 1.5]), ("negative", [-1, 0]), ("repeated", [0, 0]),
                 ("strings", ["0", "10"])],
          batch_size=OPTION + [("3, not a power of two", 3), ("128 > max_batch_size", 128)],
          step=OPTION + [("5, not a step of the path", 5)], max_batch_size=kind("int", ("10**9", 10**9))),

    # helpers._dependencies (plain Python: it runs before numpy is known to be importable)
    entry("helpers._dependencies.missing_modules", dict(names=["math"], find_spec=__import__("importlib.util").util.find_spec),
          names=MODULE_NAMES, find_spec=[("None", None), ("a string", "find_spec")]),
    entry("helpers._dependencies.missing_message", dict(missing=["ipywidgets"]), missing=MODULE_NAMES),
    entry("helpers._dependencies.require_dependencies", dict(names=["math"]), names=MODULE_NAMES),
    # exceptions: their message is free text, and the package's name is the course's own
    entry("helpers._dependencies.MissingDependencies", dict(message="numpy is missing", name="numpy"), _trusted=("message", "name")),
    entry("helpers._dependencies.OutdatedDependencies", dict(message="numpy is old", name="numpy"), _trusted=("message", "name")),
    entry("helpers._dependencies.outdated_modules", dict(minimum_versions={"math": "1.0"}, version={"math": "1.2"}.get),
          minimum_versions=[("None", None), ("a list", ["numpy"]), ("empty", {}), ("a number", {"numpy": 2.2}),
                            ("not a version", {"numpy": "latest"}), ("an empty name", {"": "2.2"})],
          version=[("a string", "2.4.6"), ("a dict", {"math": "1.2"})]),
    entry("helpers._dependencies.outdated_message", dict(outdated=[("matplotlib", "3.9.4")]),
          outdated=[("None", None), ("empty", []), ("a string", "matplotlib"), ("a name alone", [("matplotlib",)]),
                    ("no floor", [("pandas", "1.5.3")]), ("a number", [("matplotlib", 3.9)])]),

    # helpers.reporting, helpers.tables
    entry("helpers.reporting.average_reports", dict(per_example_losses=np.array([1.0, 0.0, 0.0, 1.0]), batch_sizes=[1, 2, 4]),
          per_example_losses=kind("real", ("2-D", np.ones((2, 2)))),
          batch_sizes=kind("int array", ("8 > 4 examples", [8]), ("3, not a divisor", [3]))),
    entry("helpers.tables.format_table", dict(row_name="B", rows=[1, 2], columns={"sum": [0.5, 1.0]}, digits=2),
          row_name=[("None", None), ("a number", 3)], rows=[("None", None), ("a number", 3), ("a string", "12"), ("3 rows", [1, 2, 3])],
          columns=[("None", None), ("empty", {}), ("a list", [0.5, 1.0]), ("strings", {"sum": ["a", "b"]}),
                   ("a number key", {3: [0.5, 1.0]}), ("3 values", {"sum": [0.5, 1.0, 2.0]})],
          digits=[("None", None), ("-1", -1), ("2.5", 2.5), ("True", True), ("13", 13)]),

    # helpers.gradient_evidence
    entry("helpers.gradient_evidence.GradientComparison",
          dict(loss=np.array(["squared"]), reduction=np.array(["sum"]), batch_size=np.array([1]), analytic=np.ones((1, 2)),
               numeric=np.ones((1, 2))),
          _trusted=("loss", "reduction", "batch_size", "analytic", "numeric")),   # a record compare_with_finite_differences fills
    entry("helpers.gradient_evidence.compare_with_finite_differences",
          dict(data={"squared": (X, TARGETS)}, batch_sizes=[1, 4], repeats=1, step=1e-6, seed=0),
          data=[("None", None), ("empty", {}), ("a list", [(X, TARGETS)]), ("unknown loss", {"hinge": (X, TARGETS)}),
                ("not a pair", {"squared": X}), ("short targets", {"squared": (X, TARGETS[:2])}),
                ("1-D features", {"squared": (np.ones(4), TARGETS)}), ("a label 2", {"logistic": (X, np.array([0, 1, 2, 1]))}),
                ("one target", {"squared": (X, 1.0)})],
          batch_sizes=kind("int array", ("5 > 4 examples", [5])), repeats="count", step="one positive", seed="seed"),
    entry("helpers.gradient_evidence.gradient_ratios", dict(features=X, targets=LABELS, loss="logistic", batch_sizes=[1, 4], seed=0),
          features=kind("matrix", ("a zero column", np.c_[X[:, :2], np.zeros(4)])), targets="labels", loss=kind("loss", ("zero_one", "zero_one")),
          batch_sizes=kind("int array", ("5 > 4 examples", [5])), seed="seed"),

    # helpers.noise_estimates
    entry("helpers.noise_estimates.standard_error", dict(samples=np.array([1.0, 2.0, 3.0]), axis=0),
          samples=kind("real", ("one draw", np.ones(1))), axis=[("None", None), ("1 of a 1-D array", 1), ("2.5", 2.5), ("True", True)]),
    entry("helpers.noise_estimates.batch_gradient_squared_norms",
          dict(gradients=G, batch_sizes=np.array([1, 2]), n_draws=3, replace=False, centre=False, seed=0),
          gradients="matrix", batch_sizes=kind("int array", ("5 > 4 examples without replacement", 5), ("2-D", np.ones((1, 2), dtype=int))),
          n_draws="count", replace="bool", centre="bool", seed="seed"),
    entry("helpers.noise_estimates.per_example_noise_statistics", dict(covariance=C, weight_error=W, noise=0.5, n_examples=4, seed=0),
          covariance="covariance",
          weight_error=kind("vector", ("zero", np.zeros(3))), noise="one nonnegative", n_examples="count", seed="seed"),
    entry("helpers.noise_estimates.covariance_margins",
          dict(covariance=C, weight_error=W, noise=0.5, candidates=np.array([C, 2 * C]), n_examples=4, seeds=[0, 1]),
          covariance="covariance", weight_error=kind("vector", ("zero", np.zeros(3))), noise="one nonnegative",
          candidates=kind("real", ("one matrix", C), ("2 x 2 matrices", np.ones((1, 2, 2)))),
          n_examples=kind("count", ("1, too few for a standard error", 1)), seeds="seed_list"),
    entry("helpers.noise_estimates.simulated_step_gains",
          dict(covariance=C, weight_error=W, noise=0.5, batch_size=4, steps=np.array([0.25, 0.5]), n_draws=3, seed=0),
          covariance="covariance", weight_error="vector", noise="one nonnegative", batch_size="count",
          steps=kind("positive", ("2-D", np.ones((2, 2)))), n_draws="count", seed="seed"),
    entry("helpers.noise_estimates.noise_scales_along_path", dict(weights_path=np.zeros((2, 3)), features=X, targets=TARGETS),
          weights_path=kind("real", ("1-D", np.zeros(3)), ("wrong width", np.zeros((2, 7)))), features="features",
          targets="targets"),
    entry("helpers.noise_estimates.gradient_descent_moments",
          dict(covariance=C, weight_error=W, noise=0.5, learning_rate=0.5, steps=np.array([0, 1])),
          covariance="covariance", weight_error="vector", noise="one nonnegative",
          learning_rate=kind("one positive", ("diverging: 100", 100.0, {"steps": np.array([0, 10**6])})),
          steps=[("None", None), ("a number", 3), ("floats", np.array([0.5])), ("negative", np.array([-1])), ("empty", np.array([], dtype=int)),
                 ("bools", np.array([True])), ("2-D", np.zeros((1, 2), dtype=int))]),

    # helpers.stability
    entry("helpers.stability.sgd_diverges", dict(features=X, targets=TARGETS, batch_size=2, learning_rates=np.array([0.1, 0.3]),
                                                 steps=20, seed=0),
          features="matrix", targets="targets", batch_size=kind("int", ("5 > 4 examples", 5)),
          learning_rates=kind("positive", ("2-D", np.ones((2, 2)))), steps="count", seed="seeds"),
    entry("helpers.stability.sgd_final_losses", dict(features=X, targets=TARGETS, batch_size=2, learning_rates=np.array([0.1, 0.3]),
                                                     epochs=2, seed=[0, 1]),
          features="matrix", targets="targets", batch_size=kind("int", ("5 > 4 examples", 5)),
          learning_rates=kind("positive", ("2-D", np.ones((2, 2)))), epochs="count", seed="seeds"),
    entry("helpers.stability.best_rate_sweep", dict(features=X, targets=TARGETS, batch_sizes=np.array([1, 4]),
                                                    learning_rates=np.array([0.1, 0.3]), epochs=2, seed=[0, 1]),
          features="matrix", targets="targets", batch_sizes=kind("int array", ("5 > 4 examples", [5]), ("2-D", [[1, 4]])),
          learning_rates=kind("positive", ("2-D", np.ones((2, 2)))), epochs="count", seed="seeds"),
    entry("helpers.stability.divergence_thresholds", dict(features=X, targets=TARGETS, batch_sizes=np.array([1, 4]),
                                                          learning_rates=np.array([0.1, 0.3]), steps=20, seed=0),
          features="matrix", targets="targets", batch_sizes=kind("int array", ("5 > 4 examples", [5]), ("2-D", [[1, 4]])),
          learning_rates=kind("positive", ("2-D", np.ones((2, 2)))), steps="count", seed="seeds"),
    entry("helpers.stability.linear_rule_crossing", dict(tuned_learning_rate=0.05, tuned_batch_size=16, hessian_max=1.0),
          tuned_learning_rate="one positive", tuned_batch_size="int", hessian_max="one positive"),

    # helpers._progress
    entry("helpers._progress.Progress", dict(what="training", total=4, expected_seconds=0.1),
          what=[("None", None), ("a number", 3), ("empty", "")], total=[("None", None), ("-1", -1), ("2.5", 2.5), ("True", True)],
          expected_seconds=[("None", None), ("a string", "1"), ("-1", -1.0), ("NaN", np.nan)]),
    entry("helpers._progress.Progress.update", dict(done=2), _call=lambda done: PROGRESS.update(done),
          done=[("None", None), ("-1", -1), ("5 > total", 5), ("2.5", 2.5)]),
    entry("helpers._progress.Progress.close", dict(), _call=lambda: PROGRESS.close()),

    # helpers.exercises: `check` answers a student's `answer` with a kind Feedback, never an exception, whatever
    # it is (tests/test_exercises.py::test_odd_inputs_get_a_kind_sentence), so `answer` is trusted here; the
    # exercise id is the notebook's own and is refused when unknown. The spec classes are the course's constants.
    entry("helpers.exercises.check", dict(exercise_id="01.1", answer=...), _trusted=("answer",),
          exercise_id=[("None", None), ("a number", 1.1), ("empty", ""), ("unknown", "00.0"), ("a list", ["01.1"])]),
    # The autograder tests: `answer` is the student's (trusted, as for `check`); `expected` and `feedback` are the
    # solution notebook's, and must fit the exercise's kind (a number's answer, a choice's feedback for each option).
    entry("helpers.exercises.assert_answer_form", dict(exercise_id="01.1", answer=...), _trusted=("answer",),
          exercise_id=[("None", None), ("a number", 1.1), ("empty", ""), ("unknown", "00.0"), ("a list", ["01.1"])]),
    entry("helpers.exercises.assert_correct", dict(exercise_id="01.1", answer=3.0, expected=3.0, feedback=None),
          _trusted=("answer",),
          exercise_id=[("None", None), ("a number", 1.1), ("empty", ""), ("unknown", "00.0"), ("a list", ["01.1"])],
          expected=[("None", None), ("a string", "3"), ("True", True), ("NaN", np.nan), ("inf", np.inf)],
          feedback=[("a dict, for a number", {"a": (True, "Yes.")}),
                    ("options that are not the exercise's", {"a": (True, "Yes.")}, {"exercise_id": "01.3", "expected": None}),
                    ("two right", {o: (True, "Yes.") for o in "abcd"}, {"exercise_id": "01.3", "expected": None})]),
    entry("helpers.exercises.exercise_ids", dict()),
    # The verifiers' wrapper: `student_function` is the student's, and only callables reach a verifier (the check refuses
    # anything else kindly first); what it runs is tests/test_exercises_ready_made.py's business.
    entry("helpers.exercises._ready_made.refusing_helpers",
          dict(student_function=lambda v: v, helpers=(_length_helper,), message="Write it yourself.", names=()),
          _trusted=("student_function",),
          helpers=[("None", None), ("a function, not a tuple", _length_helper), ("empty", ()), ("a builtin", (len,))],
          message=kind("text", ("blank", "  ")), names=[("a str", "norm"), ("None", None), ("an empty name", ("",))]),
    entry("helpers.exercises.Feedback", dict(correct=True, message="Correct."), correct="bool",
          message=kind("text", ("blank", "  "))),
    entry("helpers.exercises.Mistake", dict(relation=lambda a: 2 * a, message="Off by 2."),
          relation=[("None", None), ("a number", 2.0)], message=kind("text", ("blank", "  "))),
    entry("helpers.exercises.Number", dict(hint="Count the steps.", digits=3),
          hint=kind("text", ("blank", "  ")), digits=kind("int", ("16 digits", 16))),
    entry("helpers.exercises.Choice", dict(options=("a", "b"), kind="multiple choice"),
          options=[("None", None), ("empty", ()), ("a list", ["a", "b"]), ("upper case", ("A", "b")),
                   ("repeated", ("a", "a")), ("numbers", (1, 2)), ("an empty option", ("", "b"))],
          kind=kind("text", ("blank", "  "))),
    entry("helpers.exercises.Function", dict(verify=lambda f: None, hint="", extra={}),
          verify=[("None", None), ("a string", "verify")], hint=[("None", None), ("a number", 3)],
          extra=[("None", None), ("a list", [1])]),
    entry("helpers.exercises.number_key", dict(exercise_id="01.1", answer=0.5, spec=NUMBER_SPEC, mistakes=()),
          exercise_id=kind("text", ("blank", "  ")), answer=without("one real", "1e300"),
          spec=[("None", None), ("a string", "Number"), ("a Choice", CHOICE_SPEC)],
          mistakes=[("None", None), ("a list", []), ("strings", ("off by B",))]),
    entry("helpers.exercises.choice_key", dict(exercise_id="01.3", feedback={"a": (True, "Yes."), "b": (False, "No.")}),
          exercise_id=kind("text", ("blank", "  ")),
          feedback=[("None", None), ("empty", {}), ("a list", [("a", (True, "Yes."))]), ("no explanation", {"a": True}),
                    ("right not a bool", {"a": (1, "Yes.")}), ("explanation not a str", {"a": (True, 3)}),
                    ("option not a str", {3: (True, "Yes.")})]),
]

# helpers.lab_bench (the labbench block). A factory's starting epochs is checked as an int: the work limit is
# checked when a run starts, and a run that would take too long is refused in the status line
# (tests/test_lab_bench.py). A bench's methods take no arguments but `set`, whose keywords are its settings.
from helpers import lab_bench as _lab_bench                                      # noqa: E402
from helpers.lab_bench import BenchRun as _BenchRun, LabBench as _LabBench, Panel as _Panel, Setting as _Setting  # noqa: E402

_NO_CROSSES = np.empty((0, 2))
_BENCH_SETTINGS = [_Setting("slope", "slope a", 1.0)]
_BENCH_PANELS = [_Panel("y = a x", "x", "y")]


def _bench_train(values, progress):
    progress(1, 1)
    return _BenchRun(lines=((np.arange(3.0), values["slope"] * np.arange(3.0)),), crosses=(_NO_CROSSES,), cells={},
                     summary="trained")


BENCH = _LabBench("A bench", _BENCH_SETTINGS, _bench_train, _BENCH_PANELS, keep=2)
BENCH_TEXT = [("None", None), ("a number", 3), ("empty", "")]
BENCH_DATA = dict(batch_size=2, epochs=2, seed=0, keep=2)
BENCH_COMMON = dict(batch_size=kind("int", ("5 > 4 examples", 5)), epochs="int", seed="seed",
                    keep=kind("int", ("6 > the run styles", 6)))

CATALOGUE += [
    entry("helpers.lab_bench.parse_number", dict(text="48"), text=[("None", None), ("a number", 48), ("a list", ["48"])]),
    entry("helpers.lab_bench.Setting", dict(name="reduction", description="reduction", value="mean",
                                            options=(("mean()", "mean"), ("sum()", "sum"))),
          name=[("None", None), ("empty", ""), ("not an identifier", "batch size"), ("a number", 3)],
          description=kind("text", ("blank", "  "), ("TeX", "$B$")),
          value=[("None", None), ("not an option", "avg"), ("a number", 1),
                 ("text in a number field", "48", {"options": None}), ("True in a number field", True, {"options": None})],
          options=[("a string", "mean"), ("empty", ()), ("not pairs", ("mean", "sum")), ("numbers", ((1, 2),)),
                   ("repeated values", (("a", "mean"), ("b", "mean")))]),
    entry("helpers.lab_bench.Panel", dict(title="t", xlabel="x", ylabel="y", xscale="log", yscale="linear", xlim=(1, 10), ylim=None),
          title=BENCH_TEXT, xlabel=BENCH_TEXT, ylabel=BENCH_TEXT,
          xscale=[("None", None), ("unknown", "symlog"), ("a number", 3)], yscale=[("None", None), ("unknown", "logit")],
          xlim=[("a string", "0,1"), ("reversed", (10, 1)), ("0 on a log scale", (0, 10)), ("three numbers", (1, 2, 3)),
                ("NaN", (np.nan, 1))],
          ylim=[("a string", "ab"), ("reversed", (1, 0)), ("None inside", (None, 1)), ("one number", 1.0)]),
    entry("helpers.lab_bench.BenchRun", dict(lines=((np.arange(3.0), np.ones(3)),), crosses=(_NO_CROSSES,), cells={"a": "1"},
                                             summary="s"),
          lines=[("None", None), ("a string", "x"), ("empty", ()), ("not a pair", (np.ones(3),)),
                 ("lengths differ", ((np.ones(3), np.ones(2)),)), ("strings", ((np.array(["a"]), np.array(["b"])),))],
          crosses=[("None", None), ("two for one panel", (_NO_CROSSES, _NO_CROSSES)), ("wrong shape", (np.ones((2, 3)),)),
                   ("a NaN x", (np.array([[np.nan, 1.0]]),)), ("strings", (np.array([["a", "b"]]),))],
          cells=[("None", None), ("a list", ["a"]), ("a number as text", {"a": 1}), ("an empty column name", {"": "1"})],
          summary=[("None", None), ("empty", ""), ("a number", 3)]),
    entry("helpers.lab_bench.LabBench", dict(title="T", settings=_BENCH_SETTINGS, train=_bench_train, panels=_BENCH_PANELS,
                                             keep=2, decorate=None, progress_unit="epochs"),
          title=BENCH_TEXT, train=[("None", None), ("a string", "train")], progress_unit=BENCH_TEXT,
          settings=[("None", None), ("empty", []), ("a string", "slope"), ("not Settings", [1]),
                    ("repeated names", _BENCH_SETTINGS * 2)],
          panels=[("None", None), ("empty", []), ("four", _BENCH_PANELS * 4), ("not Panels", ["p"])],
          keep=kind("int", ("6 > the run styles", 6)), decorate=[("a string", "x"), ("a number", 3)]),
    entry("helpers.lab_bench.LabBench.set", dict(values={"slope": 2.0}), _call=lambda values: BENCH.set(**values),
          _named={"values": "slope"},
          values=[("an unknown setting", {"b": 1}), ("a list", {"slope": [1]}), ("None", {"slope": None}),
                  ("True", {"slope": True})]),
    *(entry(f"helpers.lab_bench.LabBench.{method}", dict(), _call=getattr(BENCH, method))
      for method in ("values", "run", "clear", "table_rows", "table_columns", "alt_text", "note_output", "widget_output")),
    entry("helpers.lab_bench.learning_rate_bench",
          dict(features=X, labels=LABELS, loss="logistic", reduction="mean", learning_rate=0.1, **BENCH_DATA),
          features="matrix", labels="labels", loss="loss", reduction="reduction", learning_rate="one positive", **BENCH_COMMON),
    entry("helpers.lab_bench.regularization_bench",
          dict(features=X, labels=LABELS, test_features=X, test_labels=LABELS, scheme="sum + λ", learning_rate=0.1, l2=1.0,
               **BENCH_DATA),
          features=kind("matrix", ("2 columns", X[:, :2])), labels="labels",
          test_features=kind("matrix", ("2 columns", X[:, :2])), test_labels="labels",
          scheme=[("None", None), ("unknown", "sum"), ("a number", 3)], learning_rate="one positive", l2="one nonnegative",
          **BENCH_COMMON),
    entry("helpers.lab_bench.best_rate_bench",
          dict(features=X, targets=TARGETS, reduction="mean", lowest_rate=0.01, highest_rate=1.0, **BENCH_DATA),
          features="matrix", targets="targets", reduction="reduction",
          lowest_rate=kind("one positive", ("above highest_rate", 10.0)),
          highest_rate=kind("one positive", ("below lowest_rate", 1e-3)), **BENCH_COMMON),
    entry("helpers.lab_bench.optimizer_bench",
          dict(features=X, targets=TARGETS, optimizer="Adam", reduction="mean", learning_rate=0.1, epsilon=1e-8, **BENCH_DATA),
          features="matrix", targets="targets", optimizer=[("None", None), ("unknown", "RMSprop"), ("lower case", "adam")],
          reduction="reduction", learning_rate="one positive", epsilon="one nonnegative", **BENCH_COMMON),
]


def _resolve(name: str) -> object:
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            obj = getattr(obj, attribute)
        return obj
    raise LookupError(name)


def _public_callables(module_name: str) -> dict[str, object]:
    """The public functions, classes and public methods of a module: ``__all__``, or the public names it defines."""
    module = importlib.import_module(module_name)
    if module_name == "helpers":   # the package re-exports: each must be covered where it is defined
        return {}
    package = hasattr(module, "__path__")
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items() if not n.startswith("_") and getattr(v, "__module__", None) == module_name]
    found = {}
    for n in names:
        obj = getattr(module, n)
        if package and getattr(obj, "__module__", module_name) != module_name:
            continue  # a subpackage's re-export: covered where it is defined (its module must be in COVERED)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            found[f"{module_name}.{n}"] = obj
        if inspect.isclass(obj):
            for method_name, method in vars(obj).items():
                if not method_name.startswith("_") and inspect.isfunction(method):
                    found[f"{module_name}.{n}.{method_name}"] = method
    return found


def _parameters(name: str) -> list[str]:
    """The parameters of a catalogued callable (none for a class without a signature, such as a builtin exception's)."""
    try:
        return [p for p in inspect.signature(_resolve(name)).parameters if p != "self"]
    except ValueError:
        return []


def _bad_calls():
    for e in CATALOGUE:
        for parameter, values in e.probes.items():
            yield pytest.param(e, parameter, values, id=f"{e.name.removeprefix('helpers.')}-{parameter}")


def _array_bytes(kwargs: dict) -> int:
    return sum(value.nbytes for value in kwargs.values() if isinstance(value, np.ndarray))


def _call(e: Entry, kwargs: dict) -> object:
    return (e.call or _resolve(e.name))(**kwargs)


def test_every_module_is_covered_or_listed():
    found = {"helpers"} | {m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")}
    assert sorted(found - set(COVERED) - set(NOT_YET_COVERED)) == [], "add these modules to COVERED (with entries) or NOT_YET_COVERED"
    assert sorted(set(COVERED) & set(NOT_YET_COVERED)) == []


def test_every_public_callable_has_a_catalogue_entry():
    names = {e.name for e in CATALOGUE}
    missing = [name for module in COVERED for name in _public_callables(module) if name not in names]
    assert missing == [], f"public callables without a bad-input catalogue entry: {missing}"
    # the package's own re-exports are the modules' callables, so covered with them
    covered_objects = {id(_resolve(e.name)) for e in CATALOGUE}
    reexported = [n for n in helpers.__all__ if callable(getattr(helpers, n)) and id(getattr(helpers, n)) not in covered_objects]
    assert reexported == [], f"helpers re-exports callables no entry covers: {reexported}"


@pytest.mark.parametrize("e", CATALOGUE, ids=lambda e: e.name.removeprefix("helpers."))
def test_every_parameter_is_probed_and_the_valid_call_succeeds(e):
    parameters = _parameters(e.name)
    unprobed = sorted(set(parameters) - set(e.probes) - set(e.trusted))
    assert unprobed == [], f"{e.name}: parameters neither probed nor trusted: {unprobed}"
    assert sorted(set(e.probes) - set(parameters)) == [], f"{e.name}: probes of parameters it does not have"
    with deadline():   # the valid call may do real work (an explorer precomputes every state): a hang still fails
        _call(e, e.valid)


@pytest.mark.parametrize("e, parameter, values", list(_bad_calls()))
def test_bad_argument_is_refused_by_name(e, parameter, values):
    expected = e.named.get(parameter, parameter)
    problems = []
    for label, value, *context in values:
        kwargs = dict(e.valid, **(context[0] if context else {}), **{parameter: value})
        try:
            # within a refusal's work budget, counted not timed; checking an argument may copy it a few times
            error = refused_at_once(lambda: _call(e, kwargs), memory=REFUSAL_BYTES + 4 * _array_bytes(kwargs))
        except (WorkBudgetExceeded, Hang) as failure:
            problems.append(f"{label}: not refused at once: {failure}")
            continue
        except AssertionError as accepted:
            problems.append(f"{label}: {accepted}")
            continue
        if isinstance(error, e.fails):
            continue
        if not isinstance(error, (TypeError, ValueError)):
            problems.append(f"{label}: {type(error).__name__} instead of TypeError/ValueError: {error}")
        elif expected not in str(error):
            problems.append(f"{label}: {type(error).__name__} does not name {expected!r}: {error}")
    assert problems == [], f"{e.name}({parameter}=...):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("e", [e for e in CATALOGUE if "seed" in _parameters(e.name)],
                         ids=lambda e: e.name.removeprefix("helpers."))
def test_seed_none_draws_fresh_entropy(e):
    """``seed=None`` is allowed wherever a seed is (fresh entropy), so it must work, not fail inside numpy."""
    with deadline():
        _call(e, dict(e.valid, seed=None))


def test_check_work_refuses_big_jobs_naming_what_to_reduce():
    from helpers._validation import check_work
    for big in (dict(loops=1e12), dict(elements=1e15), dict(memory=1e12)):
        with pytest.raises(ValueError, match="reduce epochs or batch_size"):
            check_work("a job", reduce="epochs or batch_size", **big)


# ---------------------------------------------------------------------------------------------
# Notebook 08 (the neural network): its modules and entries, in a block of their own. The catalogue and
# COVERED are extended in place (the tests above read them when pytest collects); the bad calls of these
# entries get a test of their own below, because _bad_calls() was listed when its decorator ran.

from helpers import linear_rule as _linear_rule, network as _network  # noqa: E402
from helpers import network_noise as _network_noise, network_training as _network_training  # noqa: E402
from helpers import sharpness as _sharpness  # noqa: E402

COVERED.extend(["helpers.digits", "helpers.network", "helpers.network_training", "helpers.sharpness", "helpers.network_noise",
                "helpers.linear_rule", "helpers.spread", "helpers.explorers.network", "helpers.exercises.nb08",
                "helpers.exercises._keys_08"])

NET = (4, 3, 2)                                                    # 4 inputs, 3 hidden units, 2 classes: 23 parameters
NET_THETA = _network.initial_parameters(NET, seed=0)
NET_X = np.random.default_rng(0).random((8, 4))
NET_Y = np.array([0, 1, 1, 0, 1, 0, 0, 1])
NET_DATA = dict(parameters=NET_THETA, layer_sizes=NET, features=NET_X, labels=NET_Y)
LAYER_SIZES = [("None", None), ("a string", "4,3,2"), ("no hidden layer", (4, 2)), ("three hidden layers", (4, 3, 3, 3, 2)),
               ("a zero width", (4, 0, 2)), ("a float width", (4.0, 3, 2)), ("one class", (4, 3, 1))]
NET_FEATURES = without("matrix", "3-D") + [("wrong width", np.ones((8, 7)))]
NET_LABELS = BAD["labels"]
PARAMETERS = BAD["real"] + [("wrong length", np.ones(7))]
NET_RUN = _network_training.train_network(NET_X, NET_Y, layer_sizes=NET, batch_size=np.array([2, 4]), learning_rate=0.1,
                                          reduction="mean", epochs=1, record_parameters=True, test_features=NET_X,
                                          test_labels=NET_Y)
NET_RUN_FIELDS = {name: getattr(NET_RUN, name) for name in NET_RUN.__dataclass_fields__}
RECORD_TROUBLE = [("None", None), ("a list", [1.0, 2.0]), ("wrong shape", np.ones((5, 3, 2, 1)))]
OPTIONAL_TROUBLE = RECORD_TROUBLE[1:]                              # None is allowed for these
NET_SHARP = _sharpness.sharpness_along_training(NET_X, NET_Y, layer_sizes=NET, learning_rates=np.array([0.1, 0.5]), seeds=[0],
                                                steps=4, measure_every=2, iterations=3)
NET_ESTIMATE = _network_noise.two_batch_noise_scale(NET_THETA, NET, NET_X, NET_Y, small=2, big=4, n_draws=3)
NET_PATH = _network_noise.noise_scale_along_training(NET_THETA[None, None], NET, NET_X, NET_Y, small=2, big=4, n_draws=3)
NET_STUDY = _linear_rule.linear_rule_study(NET_X, NET_Y, NET_X, NET_Y, layer_sizes=NET, tuned_batch_size=2,
                                           learning_rates=np.array([0.1, 0.2]), batch_sizes=np.array([2, 4]), warmup_epochs=1.0,
                                           epochs=1, seeds=[0])
NET_STUDY_FIELDS = {name: getattr(NET_STUDY, name) for name in NET_STUDY.__dataclass_fields__}
NET_SWEEP = _linear_rule.linear_rule_sweep(NET_X, NET_Y, NET_X, NET_Y, NET_STUDY, learning_rates=np.array([0.1, 0.2]))
SEEDS_TROUBLE = [("None", None), ("empty", []), ("a negative", [0, -1]), ("floats", [0.5, 1.0]), ("a string", "0")]
TRAIN_NET = dict(features=NET_X, labels=NET_Y, layer_sizes=NET)

NETWORK_CATALOGUE = [
    # helpers.digits
    entry("helpers.digits.load_digits", dict()),
    entry("helpers.digits.split_digits", dict(n_train=1024, seed=0), n_train=kind("int", ("1797: none left to test", 1797)),
          seed="seed"),

    # helpers.network
    entry("helpers.network.parameter_count", dict(layer_sizes=NET), layer_sizes=LAYER_SIZES),
    entry("helpers.network.initial_parameters", dict(layer_sizes=NET, seed=0), layer_sizes=LAYER_SIZES, seed="seed"),
    entry("helpers.network.network_scores", dict(parameters=NET_THETA, layer_sizes=NET, features=NET_X),
          parameters=PARAMETERS, layer_sizes=LAYER_SIZES, features=NET_FEATURES),
    entry("helpers.network.network_losses", NET_DATA, parameters=PARAMETERS, layer_sizes=LAYER_SIZES, features=NET_FEATURES,
          labels=NET_LABELS),
    entry("helpers.network.network_loss", dict(NET_DATA, reduction="mean", l2=0.1), parameters=PARAMETERS,
          layer_sizes=LAYER_SIZES, features=NET_FEATURES, labels=NET_LABELS, reduction="reduction",
          l2=kind("nonnegative", ("two strengths for one network", np.array([0.1, 0.2])))),
    entry("helpers.network.network_gradient", dict(NET_DATA, reduction="sum", l2=0.1), parameters=PARAMETERS,
          layer_sizes=LAYER_SIZES, features=NET_FEATURES, labels=NET_LABELS, reduction="reduction",
          l2=kind("nonnegative", ("two strengths for one network", np.array([0.1, 0.2])))),
    entry("helpers.network.hessian_vector_product", dict(NET_DATA, vector=np.ones(23), reduction="mean", l2=0.0),
          parameters=PARAMETERS, layer_sizes=LAYER_SIZES, features=NET_FEATURES, labels=NET_LABELS,
          vector=BAD["real"] + [("a number", 0.5), ("wrong length", np.ones(7)), ("3 vectors for 2 networks", np.ones((3, 23)),
                                                                                  {"parameters": np.ones((2, 23))})],
          reduction="reduction", l2="nonnegative"),
    entry("helpers.network.gradient_statistics", NET_DATA, parameters=PARAMETERS, layer_sizes=LAYER_SIZES,
          features=NET_FEATURES, labels=NET_LABELS),
    entry("helpers.network.central_differences", dict(NET_DATA, reduction="mean", coordinates=np.array([0, 5]), step=1e-6, l2=0.0),
          parameters=PARAMETERS + [("two networks", np.ones((2, 23)))], layer_sizes=LAYER_SIZES, features=NET_FEATURES,
          labels=NET_LABELS, reduction="reduction",
          coordinates=[("None", None), ("a float", np.array([0.5])), ("past the end", np.array([23])), ("negative", np.array([-1])),
                       ("empty", np.array([], dtype=int)), ("2-D", np.array([[0]])), ("a string", "0")],
          step=kind("one positive", ("2.0: not small", 2.0)), l2=kind("one nonnegative")),

    # helpers.network_training
    entry("helpers.network_training.NetworkRun", NET_RUN_FIELDS,
          layer_sizes=LAYER_SIZES[:3], batch_size=NOT_A_NUMBER + [("0", np.array([0, 1])), ("2.5", np.array([2.5, 1.0]))],
          **{name: RECORD_TROUBLE for name in ("learning_rate", "reduction", "l2", "warmup_epochs", "warmup_start", "seed",
                                               "examples_seen", "loss", "accuracy", "final_parameters", "steps_per_epoch",
                                               "diverged", "diverged_at")},
          **{name: OPTIONAL_TROUBLE for name in ("test_loss", "test_accuracy", "parameters")},
          n_examples=kind("int", ("smaller than batch_size", 1)), epochs="int"),
    entry("helpers.network_training.train_network",
          dict(TRAIN_NET, batch_size=np.array([2, 4]), learning_rate=0.1, reduction="mean", epochs=2, l2=0.01, warmup_epochs=1.0,
               warmup_start=0.01, seed=0, test_features=NET_X, test_labels=NET_Y, evaluate_every=4, record_parameters=False),
          features=without("matrix", "3-D") + [("3-D", np.ones((2, 8, 4))), ("wrong width", np.ones((8, 7)))],
          labels=NET_LABELS, layer_sizes=LAYER_SIZES,
          batch_size=kind("int array", ("9 > 8 examples", 9), ("3 sizes for 2 rates", np.array([1, 2, 4]),
                                                                {"learning_rate": np.array([0.1, 0.2])})),
          learning_rate="positive", reduction="reductions", epochs="count", l2="nonnegative", warmup_epochs="nonnegative",
          warmup_start="nonnegative",
          seed=without("seed", "a list") + [("a negative among them", [1, -2]), ("floats", [1.5, 2.0]), ("None", None)],
          test_features=[("a string", "X"), ("1-D", np.ones(4)), ("wrong width", np.ones((3, 7))),
                         ("alone", NET_X, {"test_labels": None})],
          test_labels=NET_LABELS[:-1] + [("alone", NET_Y, {"test_features": None})],
          evaluate_every=without("int", "None") + [("not a multiple of 4", 6)], record_parameters="bool",
          on_epoch="callback"),
    entry("helpers.lab_bench.network_bench",
          dict(TRAIN_NET, test_features=NET_X, test_labels=NET_Y, reduction="mean", learning_rate=0.1, warmup_epochs=1.0,
               tuned_batch_size=2, **BENCH_DATA),
          features=NET_FEATURES, labels=NET_LABELS, layer_sizes=LAYER_SIZES,
          test_features=[("None", None), ("a string", "X"), ("1-D", np.ones(4)), ("wrong width", np.ones((3, 7)))],
          test_labels=NET_LABELS, reduction="reduction", learning_rate="one positive", warmup_epochs="one nonnegative",
          tuned_batch_size=kind("int", ("9 > 8 examples", 9)),
          **dict(BENCH_COMMON, batch_size=kind("int", ("9 > 8 examples", 9)))),
    entry("helpers.network_training.train_l2_schemes",
          dict(TRAIN_NET, batch_sizes=np.array([2, 4]), learning_rate=0.01, l2=0.1, tuned_batch_size=2, epochs=1, seeds=[0]),
          features=NET_FEATURES, labels=NET_LABELS, layer_sizes=LAYER_SIZES,
          batch_sizes=kind("int array", ("2-D", np.array([[2, 4]])), ("9 > 8 examples", np.array([9]))),
          learning_rate=kind("one positive"), l2=kind("one nonnegative"), tuned_batch_size="int", epochs="count",
          seeds=SEEDS_TROUBLE + [("2-D", [[0, 1]])]),
    entry("helpers.network_training.warmup_learning_rates",
          dict(learning_rate=1.6, warmup_start=0.4, warmup_epochs=2.0, batch_size=32, n_examples=1024, steps=20),
          learning_rate="one positive", warmup_start="one nonnegative", warmup_epochs="one nonnegative",
          batch_size=kind("int", ("2048 > n_examples", 2048)), n_examples="int", steps="count"),

    # helpers.sharpness
    entry("helpers.sharpness.top_hessian_eigenvalue", dict(NET_DATA, iterations=10, tolerance=1e-6, seed=0),
          parameters=PARAMETERS, layer_sizes=LAYER_SIZES, features=NET_FEATURES, labels=NET_LABELS, iterations="count",
          tolerance="one positive", seed="seed"),
    entry("helpers.sharpness.SharpnessRun", {name: getattr(NET_SHARP, name) for name in NET_SHARP.__dataclass_fields__},
          learning_rates=BAD["positive"][:8] + [("2-D", np.ones((2, 1)))],
          **{name: RECORD_TROUBLE for name in ("seeds", "steps", "sharpness", "loss", "diverged")}),
    entry("helpers.sharpness.sharpness_along_training",
          dict(TRAIN_NET, learning_rates=np.array([0.1, 0.5]), seeds=[0, 1], steps=4, measure_every=2, iterations=3, tolerance=1e-3),
          features=without("matrix", "3-D") + [("3-D", np.ones((2, 8, 4)))], labels=NET_LABELS, layer_sizes=LAYER_SIZES,
          learning_rates=kind("positive", ("2-D", np.ones((2, 2)))), seeds=SEEDS_TROUBLE, steps="count",
          measure_every=kind("int", ("5 > steps", 5)), iterations="count", tolerance="one positive"),

    # helpers.network_noise
    entry("helpers.network_noise.TwoBatchEstimate",
          dict(gradient_squared=NET_ESTIMATE.gradient_squared, trace=NET_ESTIMATE.trace, small=2, big=4),
          gradient_squared=RECORD_TROUBLE + [("one draw", np.ones(1))], trace=RECORD_TROUBLE,
          small=kind("int", ("not below big", 4)), big=kind("int", ("not above small", 2))),
    entry("helpers.network_noise.NoiseScalePath", {name: getattr(NET_PATH, name) for name in NET_PATH.__dataclass_fields__},
          gradient_squared=RECORD_TROUBLE[:2] + [("integers", np.ones((1, 1), dtype=int))],
          **{name: RECORD_TROUBLE[:2] + [("wrong shape", np.ones((3, 3)))] for name in list(NET_PATH.__dataclass_fields__)[1:]}),
    entry("helpers.network_noise.two_batch_noise_scale", dict(NET_DATA, small=2, big=4, n_draws=3, seed=0),
          parameters=PARAMETERS + [("two networks", np.ones((2, 23)))], layer_sizes=LAYER_SIZES,
          features=NET_FEATURES, labels=NET_LABELS, small=kind("int", ("not below big", 4)),
          big=kind("int", ("not above small", 2)), n_draws=kind("count", ("1", 1)), seed="seed"),
    entry("helpers.network_noise.noise_scale_along_training",
          dict(parameter_paths=NET_THETA[None, None], layer_sizes=NET, features=NET_X, labels=NET_Y, small=2, big=4, n_draws=3,
               seed=0),
          parameter_paths=[("None", None), ("a string", "theta"), ("one vector", NET_THETA), ("2-D", NET_THETA[None]),
                           ("wrong length", np.ones((1, 1, 7))), ("NaN", np.full((1, 1, 23), np.nan))],
          layer_sizes=LAYER_SIZES, features=NET_FEATURES, labels=NET_LABELS, small=kind("int", ("not below big", 4)),
          big=kind("int", ("not above small", 2)), n_draws=kind("count", ("1", 1)), seed="seed"),

    # helpers.linear_rule
    entry("helpers.linear_rule.warmup_starts", dict(learning_rates=np.array([0.8, 3.2]), batch_sizes=np.array([16, 64]),
                                                    tuned_batch_size=8),
          learning_rates=kind("positive", ("3 rates for 2 sizes", np.ones(3))), batch_sizes="int array", tuned_batch_size="int"),
    entry("helpers.linear_rule.LinearRuleStudy", NET_STUDY_FIELDS,
          seeds=RECORD_TROUBLE, layer_sizes=LAYER_SIZES[:3], tuned_batch_size=kind("int", ("not a batch size", 3)),
          learning_rates=BAD["positive"][:8], tuning_loss=RECORD_TROUBLE, tuned_rate="one positive",
          batch_sizes=NOT_A_NUMBER + [("0", np.array([0, 1]))], warmup_epochs="one positive",
          **{name: RECORD_TROUBLE for name in ("loss", "test_accuracy", "diverged", "reference_parameters")}, epochs="int"),
    entry("helpers.linear_rule.LinearRuleStudy.matches", dict(factor=2.0), _call=lambda factor: NET_STUDY.matches(factor),
          factor=kind("one positive", ("0.5 < 1", 0.5))),
    entry("helpers.linear_rule.LinearRuleStudy.largest_matching", dict(factor=2.0),
          _call=lambda factor: NET_STUDY.largest_matching(factor), factor=kind("one positive", ("0.5 < 1", 0.5))),
    entry("helpers.linear_rule.LinearRuleSweep", dict(run=NET_SWEEP.run, test_accuracy=NET_SWEEP.test_accuracy),
          run=[("None", None), ("a string", "run"), ("two configuration axes", NET_RUN)], test_accuracy=RECORD_TROUBLE),
    entry("helpers.linear_rule.linear_rule_study",
          dict(features=NET_X, labels=NET_Y, test_features=NET_X, test_labels=NET_Y, layer_sizes=NET, tuned_batch_size=2,
               learning_rates=np.array([0.1, 0.2]), batch_sizes=np.array([2, 4]), warmup_epochs=1.0, epochs=1, seeds=[0]),
          features=NET_FEATURES, labels=NET_LABELS, test_features=[("None", None), ("wrong width", np.ones((3, 7)))],
          test_labels=[("None", None), ("wrong length", np.array([0, 1]))], layer_sizes=LAYER_SIZES,
          tuned_batch_size=kind("int", ("not a batch size", 3)), learning_rates=kind("positive", ("2-D", np.ones((2, 2)))),
          batch_sizes=kind("int array", ("2-D", np.array([[2, 4]]))), warmup_epochs="one positive", epochs="count",
          seeds=SEEDS_TROUBLE),
    entry("helpers.linear_rule.linear_rule_sweep",
          dict(features=NET_X, labels=NET_Y, test_features=NET_X, test_labels=NET_Y, study=NET_STUDY,
               learning_rates=np.array([0.1, 0.2])),
          features=NET_FEATURES, labels=NET_LABELS, test_features=[("None", None), ("wrong width", np.ones((3, 7)))],
          test_labels=[("None", None), ("wrong length", np.array([0, 1]))],
          study=[("None", None), ("a string", "study"), ("a run", NET_RUN)],
          learning_rates=kind("positive", ("2-D", np.ones((2, 2))))),

    # helpers.spread
    entry("helpers.spread.format_spread", dict(values=np.array([0.1, 0.2, np.nan]), digits=2),
          values=[("None", None), ("a string", "0.1"), ("empty", np.array([])), ("an object", object())],
          digits=[("None", None), ("-1", -1), ("13", 13), ("2.5", 2.5), ("True", True)]),
    entry("helpers.spread.spread_table", dict(row_name="B", rows=[8, 16], columns={"loss": np.ones((3, 2))}, digits=2),
          row_name=[("None", None), ("a number", 3)], rows=[("None", None), ("a string", "8,16"), ("3 rows for 2 columns", [1, 2, 3])],
          columns=[("None", None), ("empty", {}), ("a list", [np.ones((3, 2))]), ("1-D", {"loss": np.ones(2)}),
                   ("a number key", {3: np.ones((3, 2))}), ("strings", {"loss": np.array([["a", "b"]])})],
          digits=[("None", None), ("-1", -1), ("2.5", 2.5)]),

    # helpers.explorers.network
    entry("helpers.explorers.network.digits_figure", dict(pixels=np.tile(NET_X * 16, (1, 16)), digits=np.arange(8)),
          pixels=BAD["matrix"] + [("7 pixels an image", np.ones((8, 7)))],
          digits=[("None", None), ("floats", np.ones(8) * 0.5), ("wrong length", np.zeros(3, dtype=int)), ("none 0 to 9", np.full(8, 11))]),
    entry("helpers.explorers.network.sharpness_figure", dict(run=NET_SHARP), run=[("None", None), ("a string", "run"), ("a run", NET_RUN)]),
    entry("helpers.explorers.network.linear_rule_explorer", dict(sweep=NET_SWEEP, study=NET_STUDY, batch_size=2, learning_rate=0.1,
                                                                warmup=0.0),
          sweep=[("None", None), ("a run", NET_RUN), ("a string", "sweep")], study=[("None", None), ("a run", NET_RUN)],
          batch_size=OPTION + [("8, not in the sweep", 8)], learning_rate=OPTION + [("0.3, not in the sweep", 0.3)],
          warmup=OPTION + [("3.0, not in the sweep", 3.0)]),
]
CATALOGUE.extend(NETWORK_CATALOGUE)


@pytest.mark.parametrize("e, parameter, values",
                         [pytest.param(e, p, v, id=f"{e.name.removeprefix('helpers.')}-{p}") for e in NETWORK_CATALOGUE
                          for p, v in e.probes.items()])
def test_network_bad_argument_is_refused_by_name(e, parameter, values):
    test_bad_argument_is_refused_by_name(e, parameter, values)
