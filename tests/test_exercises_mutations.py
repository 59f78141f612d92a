"""Self-checks that cannot be fooled: every usual wrong answer is refused, with the hint for that very mistake.

The wrong answers are listed in ``tests/exercise_mutations/nbNN.py`` (see its ``__init__``): for a
number, relations to the right answer; for a coding exercise, functions a student would write; for a
choice, every option with a phrase of its feedback. The right answers come from the solution
notebooks' runs (``tests/solution_runs.py``); nothing here writes one down.
"""

import importlib
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises
from helpers.exercises import Choice, Function, Number
from solution_runs import SOLUTIONS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import make_student_notebooks as generator  # noqa: E402

SPECS = exercises._specs()
MISTAKES = generator.usual_mistakes()  # the hints the keys hold, from instructor/usual_mistakes/nbNN.py
MINIMUM_WRONG_ANSWERS = 3


def mutations(name):
    """``{exercise id: entry}`` of one kind (``WRONG_ANSWERS``, ``OPTION_FEEDBACK``, ``RIGHT_ANSWERS``) over every notebook."""
    found = {}
    for path in SOLUTIONS:
        module = importlib.import_module(f"exercise_mutations.nb{path.name[:2]}")
        found.update(getattr(module, name, {}))
    return found


WRONG_ANSWERS = mutations("WRONG_ANSWERS")
OPTION_FEEDBACK = mutations("OPTION_FEEDBACK")
RIGHT_ANSWERS = mutations("RIGHT_ANSWERS")  # other correct answers, such as a framework's own variant of the rule


def ids_of(kind):
    return sorted(i for i, spec in SPECS.items() if isinstance(spec, kind))


def test_every_exercise_has_its_usual_wrong_answers():
    listed = set(WRONG_ANSWERS) | set(OPTION_FEEDBACK)
    assert listed <= set(SPECS), f"wrong answers for exercises that do not exist (any more): {sorted(listed - set(SPECS))}"
    for exercise_id in ids_of(Number) + ids_of(Function):
        assert len(WRONG_ANSWERS.get(exercise_id, [])) >= MINIMUM_WRONG_ANSWERS, (
            f"{exercise_id}: list at least {MINIMUM_WRONG_ANSWERS} usual wrong answers in "
            f"tests/exercise_mutations/nb{exercise_id[:2]}.py")
    for exercise_id in ids_of(Choice):
        assert set(OPTION_FEEDBACK.get(exercise_id, {})) == set(SPECS[exercise_id].options), (
            f"{exercise_id}: give every option a phrase of its feedback in tests/exercise_mutations/nb{exercise_id[:2]}.py")


def test_the_solutions_answers_pass(solution_runs):
    """The answer each solution notebook gives passes its own check (numbers: against the keys)."""
    feedback = {k: v for run in solution_runs.values() for k, v in run.feedback.items()}
    answers = {k: v for run in solution_runs.values() for k, v in run.answers.items()}
    assert set(feedback) == set(SPECS), f"exercises whose check the solution runs never reached: {set(SPECS) - set(feedback)}"
    for exercise_id, (correct, message) in sorted(feedback.items()):
        assert correct, f"{exercise_id}: the solution's answer is refused: {message}"
    for exercise_id in ids_of(Number):
        assert exercises.check(exercise_id, answers[exercise_id]).correct, exercise_id


def own_message(exercise_id, phrase):
    """The one usual mistake's message of ``exercise_id`` that holds ``phrase``; the generic hint may not hold it."""
    spec = SPECS[exercise_id]
    holders = [m.message for m in MISTAKES.get(exercise_id, ()) if phrase in m.message]
    assert len(holders) == 1, f"{phrase!r} must name one usual mistake of the spec, it is in {len(holders)} of them"
    assert phrase not in spec.hint, f"{phrase!r} is in the generic hint, so it does not name the mistake"
    return holders[0]


@pytest.mark.parametrize("exercise_id", ids_of(Number))
def test_number_mistakes_are_refused_with_their_own_hint(exercise_id, solution_runs):
    answers = {k: v for run in solution_runs.values() for k, v in run.answers.items()}
    answer, spec = answers[exercise_id], SPECS[exercise_id]
    right = exercises._canonical(answer, spec.digits)
    for mistake, wrong_answer, phrase in WRONG_ANSWERS[exercise_id]:
        wrong = wrong_answer(answer)
        assert exercises._canonical(wrong, spec.digits) != right, f"{mistake}: the same number as the answer to {spec.digits} digits"
        feedback = exercises.check(exercise_id, wrong)
        assert not feedback.correct, f"{exercise_id} accepts {mistake}: {feedback}"
        assert feedback.message.endswith(own_message(exercise_id, phrase)), (
            f"{exercise_id} answers {mistake} ({wrong:g}) with another hint: {feedback}")


@pytest.mark.parametrize("exercise_id", ids_of(Function))
def test_code_mistakes_are_refused_with_their_own_hint(exercise_id):
    spec, entries = SPECS[exercise_id], WRONG_ANSWERS[exercise_id]
    phrases = {phrase for _, _, phrase in entries}
    for mistake, function, phrase in entries:
        with np.errstate(all="ignore"):
            feedback = exercises.check(exercise_id, function)
        assert not feedback.correct, f"{exercise_id} accepts {mistake}: {feedback}"
        assert phrase in feedback.message, f"{exercise_id} answers {mistake} without its hint ({phrase!r}): {feedback}"
        others = [p for p in phrases - {phrase} if p in feedback.message]
        assert not others, f"{exercise_id} answers {mistake} with the hint for another mistake too ({others}): {feedback}"
        assert phrase not in spec.hint, f"{phrase!r} is in the generic hint, so it does not name the mistake"


@pytest.mark.parametrize("exercise_id", sorted(RIGHT_ANSWERS))
def test_other_right_answers_are_accepted(exercise_id):
    for variant, function in RIGHT_ANSWERS[exercise_id]:
        feedback = exercises.check(exercise_id, function)
        assert feedback.correct, f"{exercise_id} refuses {variant}: {feedback}"


@pytest.mark.parametrize("exercise_id", ids_of(Choice))
def test_every_option_gets_its_own_feedback(exercise_id):
    gists = OPTION_FEEDBACK[exercise_id]
    results = {option: exercises.check(exercise_id, option) for option in SPECS[exercise_id].options}
    assert sum(f.correct for f in results.values()) == 1, f"{exercise_id}: exactly one option must be right"
    for option, feedback in results.items():
        assert gists[option] in feedback.message, f"{exercise_id} {option!r}: its feedback lacks {gists[option]!r}: {feedback}"
        others = [o for o, gist in gists.items() if o != option and gist in feedback.message]
        assert not others, f"{exercise_id} {option!r}: its feedback holds the gist of option(s) {others}"


def _odd_functions():
    def raises(*args):
        raise ValueError("bad")

    def prints_and_returns_nothing(*args):
        print(*args)

    return {
        "returns text": lambda *args: "0.5",
        "returns a bool": lambda *args: True,
        "returns a dict": lambda *args: {"a": 1},
        "returns NaN": lambda *args: math.nan,
        "returns infinity": lambda *args: np.full(3, np.inf),
        "returns too many numbers": lambda *args: np.ones(17),
        "returns nothing": prints_and_returns_nothing,
        "raises": raises,
        "takes no argument": lambda: 1.0,
        "takes too many arguments": lambda a, b, c, d, e, f, g: 1.0,
    }


@pytest.mark.parametrize("exercise_id", ids_of(Function))
def test_odd_functions_get_a_kind_sentence(exercise_id, capsys):
    for label, function in _odd_functions().items():
        with np.errstate(all="ignore"):
            feedback = exercises.check(exercise_id, function)
        assert isinstance(feedback, exercises.Feedback) and not feedback.correct, label
        assert "Traceback" not in feedback.message and feedback.message.endswith((".", ")")), (label, feedback.message)
