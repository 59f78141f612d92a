"""Coding exercises a course helper would answer (03.2, 07.3, 08.4; helpers/exercises/_ready_made.py).

A function that calls the helper is refused with one kind sentence, whatever name it calls it by, by
the self-check and by nbgrader's hidden test alike (both run the spec's verifier). The same call
passes once the refusal is lifted, so the refusal is what stops it. The solution notebook's own
function, hand-written, still passes; the usual wrong ones are refused as before
(tests/exercise_mutations/nbNN.py, run by tests/test_exercises_mutations.py).
"""

import json
import re
import sys

import numpy as np
import pytest

import helpers.exercises.nb03
import helpers.exercises.nb07
import helpers.exercises.nb08
from helpers import clipping, exercises, regularization, sharpness, weight_decay
from helpers.clipping import clip_by_norm as clip_alias
from helpers.exercises._ready_made import HelperCalled, refusing_helpers
from helpers.regularization import consistent_l2 as penalty_alias
from helpers.sharpness import _power_iteration as iteration_alias
from solution_runs import SOLUTIONS


def _top_by_name(hvp, n_parameters, iterations):
    start = np.random.default_rng(0).standard_normal((1, n_parameters))
    return sharpness._power_iteration(lambda v, rows: hvp(v[0])[None], start, iterations, 1e-12)[0][0]


def _top_by_alias(hvp, n_parameters, iterations):
    start = np.random.default_rng(0).standard_normal((1, n_parameters))
    return iteration_alias(lambda v, rows: hvp(v[0])[None], start, iterations, 1e-12)[0][0]


def _top_imported_inside(hvp, n_parameters, iterations):
    from helpers.sharpness import _largest_eigenpairs as top_pairs

    start = np.random.default_rng(0).standard_normal((1, n_parameters))
    return top_pairs(lambda v, rows: hvp(v[0])[None], start, iterations, 1e-12)[0][0]


def _top_at_run_time(hvp, n_parameters, iterations):
    iterate = getattr(sharpness, "_power" + "_iteration")   # no name in the code: found while it runs
    start = np.random.default_rng(0).standard_normal((1, n_parameters))
    return iterate(lambda v, rows: hvp(v[0])[None], start, iterations, 1e-12)[0][0]


def _closure(function, call):
    helper = function

    def student(*args):
        return call(helper, *args)

    return student


READY_MADE = {
    "03.2": ("don't call regularization.consistent_l2", {
        "by its own name": lambda l2, batch_size, n_examples: regularization.consistent_l2(l2, "sum", batch_size, n_examples),
        "under an alias (from ... import ... as)": lambda l2, b, n: penalty_alias(l2, "sum", b, n),
        "as a default argument": lambda l2, b, n, penalty=penalty_alias: penalty(l2, "sum", b, n),
        "from a closure": _closure(regularization.consistent_l2, lambda f, l2, b, n: f(l2, "sum", b, n)),
        "by a name built at run time": lambda l2, b, n: getattr(regularization, "consistent" + "_l2")(l2, "sum", b, n),
        "the weight-decay helper, by its own name": lambda l2, b, n: weight_decay.consistent_weight_decay(l2, b, n),
    }),
    "07.3": ("don't call clipping.clip_by_norm", {
        "by its own name": lambda gradient, max_norm: clipping.clip_by_norm(gradient, max_norm),
        "under an alias (from ... import ... as)": lambda g, c: clip_alias(g, c),
        "as a default argument": lambda g, c, clip=clip_alias: clip(g, c),
        "from a closure": _closure(clipping.clip_by_norm, lambda f, g, c: f(g, c)),
        "by a name built at run time": lambda g, c: getattr(clipping, "clip_by" + "_norm")(g, c),
        "the helper itself": clipping.clip_by_norm,
    }),
    "08.4": ("don't call the power iteration of helpers.sharpness", {
        "by its own name": _top_by_name,
        "under an alias (from ... import ... as)": _top_by_alias,
        "imported under an alias inside the function": _top_imported_inside,
        "by a name built at run time": _top_at_run_time,
    }),
}
CASES = [(exercise_id, way) for exercise_id, (_, ways) in READY_MADE.items() for way in ways]


@pytest.mark.parametrize("exercise_id, way", CASES)
def test_a_call_to_the_ready_made_helper_is_refused_kindly(exercise_id, way):
    phrase, ways = READY_MADE[exercise_id]
    feedback = exercises.check(exercise_id, ways[way])
    assert not feedback.correct and phrase in feedback.message, feedback.message
    assert feedback.message.count(". ") == 0 and feedback.message.endswith("."), f"not one sentence: {feedback.message}"
    with pytest.raises(exercises.IncorrectAnswer, match=phrase):       # nbgrader's hidden test
        exercises.assert_correct(exercise_id, ways[way])


MODULES = {"03.2": helpers.exercises.nb03, "07.3": helpers.exercises.nb07, "08.4": helpers.exercises.nb08}
# The calls the helper answers right when allowed (the others are the same call under other names); 08.4's check runs a
# network, so one way of it is enough.
ALLOWED = [("03.2", "by its own name"), ("03.2", "from a closure"), ("07.3", "by its own name"),
           ("07.3", "by a name built at run time"), ("08.4", "by a name built at run time")]


@pytest.mark.parametrize("exercise_id, way", ALLOWED)
def test_the_ready_made_call_passes_once_allowed(exercise_id, way, monkeypatch):
    """The refusal is what stops these functions: without it, the verifier finds them right."""
    monkeypatch.setattr(MODULES[exercise_id], "refusing_helpers", lambda function, *args, **kwargs: function)
    feedback = exercises.check(exercise_id, READY_MADE[exercise_id][1][way])
    assert feedback.correct, feedback.message


def solution_function(exercise_id):
    """The solution notebook's own function for ``exercise_id``, hand-written, run from its exercise cell."""
    grade_id = f"exercise-{exercise_id.replace('.', '-')}"
    path = next(p for p in SOLUTIONS if p.name.startswith(exercise_id[:2]))
    cell = next(c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)
    source = "".join(cell["source"]).split("\nexercises.check(")[0]
    namespace = {"np": np, "exercises": exercises}
    exec(compile(source, f"<{path.name} {grade_id}>", "exec"), namespace)
    return namespace, namespace[re.search(r"^def (\w+)\(", source, re.M).group(1)]


@pytest.mark.parametrize("exercise_id", sorted(READY_MADE))
def test_a_hand_written_solution_still_passes(exercise_id, capsys):
    _, student = solution_function(exercise_id)
    feedback = exercises.check(exercise_id, student)
    assert feedback.correct, feedback.message
    exercises.assert_correct(exercise_id, student)
    assert capsys.readouterr().out.strip() == f"Exercise {exercise_id}: right."


def test_a_students_own_function_named_like_the_helper_passes():
    namespace, solution = solution_function("03.2")
    namespace["consistent_l2"] = lambda l2, b, n: solution(l2, b, n)      # the student's own, of the helper's name
    exec("def consistent_penalty(l2, batch_size, n_examples):\n    return consistent_l2(l2, batch_size, n_examples)\n",
         namespace)
    feedback = exercises.check("03.2", namespace["consistent_penalty"])
    assert feedback.correct, feedback.message


def _length(vector):
    return float(np.sqrt(np.dot(vector, vector)))


def test_the_profile_hook_is_put_back_and_a_failing_call_still_refused():
    previous = []

    def outer_profiler(frame, event, arg):
        previous.append(event)

    def calls_then_fails(vector):
        getattr(sys.modules[__name__], "_len" + "gth")(vector)
        raise ZeroDivisionError("after the call")

    sys.setprofile(outer_profiler)
    try:
        run = refusing_helpers(calls_then_fails, (_length,), "Write it yourself.")
        with pytest.raises(HelperCalled, match="Write it yourself."):
            run(np.ones(3))
        assert sys.getprofile() is outer_profiler
        assert refusing_helpers(lambda v: float(np.abs(v).max()), (_length,), "Write it yourself.")(np.ones(3)) == 1.0
        assert sys.getprofile() is outer_profiler
    finally:
        sys.setprofile(None)
