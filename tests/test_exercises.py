"""Self-checks: right answers (read from the solution notebooks) pass, usual mistakes get their own
hint, any other input gets a kind sentence and never a traceback, and no answer is written down
where a student would look."""

import base64
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises
from helpers.exercises import Choice, Function, Number
from solution_runs import SOLUTIONS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_student_notebooks as generator  # noqa: E402

SPECS = exercises._specs()
MISTAKES = generator.usual_mistakes()  # instructor/usual_mistakes/nbNN.py: relations to the answers
CHECK_CALL = re.compile(r"""exercises\.check\(\s*["'](\d\d\.\d+)["']""")
ODD_INPUTS = ["abc", "0.5", " 2 ", None, [1, 2], (1.0,), np.array([1.0, 2.0]), float("nan"), float("inf"), True,
              object(), 1 + 2j, {"a": 1}]


def ids_used_in(paths):
    """The exercise ids the code cells check (read from the cells' sources, so either quote style is found)."""
    sources = ["".join(cell["source"]) for path in paths for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
               if cell["cell_type"] == "code"]
    return {match for source in sources for match in CHECK_CALL.findall(source)}


def test_every_exercise_is_used_and_every_use_has_a_spec():
    used = ids_used_in(SOLUTIONS)
    assert used, "the solution notebooks hold no exercise"
    assert used == set(SPECS), f"in notebooks only: {used - set(SPECS)}; specs never used: {set(SPECS) - used}"


def test_every_notebook_has_four_exercises_of_three_kinds():
    for path in SOLUTIONS:
        ids = ids_used_in([path])
        kinds = {getattr(SPECS[i], "kind", type(SPECS[i]).__name__) for i in ids}
        assert len(ids) >= 4 and len(kinds) >= 3, f"{path.name}: {sorted(ids)} of kinds {kinds}"


@pytest.mark.parametrize("exercise_id", sorted(SPECS))
def test_odd_inputs_get_a_kind_sentence(exercise_id):
    assert exercises.check(exercise_id, ...).message.startswith("Not answered yet")
    for value in ODD_INPUTS:
        feedback = exercises.check(exercise_id, value)
        assert isinstance(feedback, exercises.Feedback) and not feedback.correct, value
        assert "Traceback" not in feedback.message and feedback.message.endswith((".", ")")), feedback.message


def number_ids():
    return sorted(i for i, s in SPECS.items() if isinstance(s, Number))


@pytest.mark.parametrize("exercise_id", number_ids())
def test_number_answers_from_the_solutions(exercise_id, solution_runs):
    answers = {k: v for run in solution_runs.values() for k, v in run.answers.items()}
    assert exercise_id in answers, "the solution notebook never checks an answer for it"
    answer, spec, mistakes = answers[exercise_id], SPECS[exercise_id], MISTAKES.get(exercise_id, ())
    assert exercises.check(exercise_id, answer).correct
    assert exercises.check(exercise_id, np.float64(answer)).correct
    for mistake in mistakes:
        wrong = mistake.relation(answer)
        feedback = exercises.check(exercise_id, wrong)
        assert not feedback.correct and mistake.message in feedback.message, (wrong, feedback)
    for wrong in (answer * 1.5 + 1, -answer - 1):
        assert not exercises.check(exercise_id, wrong).correct
    # Rounded by hand to fewer significant digits than the check compares: never accepted (the key holds no
    # shorter form of the answer), and the student is asked, kindly, for the digits the check compares.
    for digits in range(1, spec.digits):
        rounded = float(exercises._canonical(answer, digits))
        if exercises._canonical(rounded, spec.digits) == exercises._canonical(answer, spec.digits):
            continue  # the answer itself has no more digits
        feedback = exercises.check(exercise_id, rounded)
        assert not feedback.correct, (rounded, feedback)
        if not rounded.is_integer() and not any(
                exercises._canonical(m.relation(answer), spec.digits) == exercises._canonical(rounded, spec.digits)
                for m in mistakes):
            assert f"please give your answer to {spec.digits} significant digits" in feedback.message, (rounded, feedback)
            assert not feedback.message.startswith("Not quite"), feedback
    for mistake in mistakes:
        wrong = float(exercises._canonical(mistake.relation(answer), 2))
        if exercises._canonical(wrong, spec.digits) != exercises._canonical(answer, spec.digits):
            assert not exercises.check(exercise_id, wrong).correct, wrong


def test_fewer_digits_than_compared_are_asked_for_not_called_wrong():
    spec = exercises.Number(hint="Look at section 1.")
    digest = exercises._clear  # the key as the autograder builds it: no slow hash needed here
    key = {"answer": exercises._canonical(0.0616667, spec.digits), "mistakes": {}}
    feedback = exercises._check_number("00.0", spec, 0.062, key, digest)
    assert not feedback.correct and feedback.message.startswith("The check compares 3 significant digits, and 0.062 "
                                                                "shows 2: please give"), feedback
    assert exercises._check_number("00.0", spec, 0.0617, key, digest).correct
    assert exercises._check_number("00.0", spec, 0.0618, key, digest).message.startswith("Not quite: 0.0618 is not it.")
    # A whole number is typed exactly (a batch size): wrong, not asked for more digits.
    key = {"answer": exercises._canonical(26.5, spec.digits), "mistakes": {}}
    assert exercises._check_number("00.0", spec, 26, key, digest).message.startswith("Not quite: 26 is not it.")


@pytest.mark.parametrize("exercise_id", sorted(i for i, s in SPECS.items() if isinstance(s, Choice)))
def test_choices_have_one_right_option_and_feedback_for_each(exercise_id):
    spec = SPECS[exercise_id]
    results = [exercises.check(exercise_id, option) for option in spec.options]
    assert sum(f.correct for f in results) == 1
    assert all(len(f.message) > 30 for f in results), "each option's feedback explains itself"


@pytest.mark.parametrize("exercise_id", sorted(i for i, s in SPECS.items() if isinstance(s, Function)))
def test_code_exercises_survive_broken_functions(exercise_id):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    feedback = exercises.check(exercise_id, broken)
    assert not feedback.correct and "ZeroDivisionError" in feedback.message
    assert not exercises.check(exercise_id, lambda *a, **k: None).correct


def test_no_answer_is_written_where_a_student_looks(solution_runs):
    """Answers live in the solution notebooks only: not in helpers/ or tests/ as literals."""
    answers = {k: v for run in solution_runs.values() for k, v in run.answers.items()}
    looked_at = [*ROOT.joinpath("helpers").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    for exercise_id, answer in answers.items():
        # Small whole numbers (16, 64) and one-digit decimals are everywhere in code (grids, doctests);
        # look for them where answers would sit.
        significant = f"{abs(answer):.15g}".replace(".", "").strip("0")
        common = (float(answer).is_integer() and abs(answer) <= 4096) or len(significant) <= 1
        own = (f"nb{exercise_id[:2]}.py", "test_exercises")  # its own spec and the exercise tests
        files = [p for p in looked_at if p.name.startswith(own)] if common else looked_at
        forms = {f"{answer:g}", repr(answer), f"{answer:.3g}"}
        for path in files:
            text = path.read_text(encoding="utf-8")
            for form in forms:
                hit = re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", text)
                assert not hit, f"exercise {exercise_id}'s answer {form} is written in {path.relative_to(ROOT)}"


def test_no_collapsed_block_answers_an_exercise():
    """A collapsed <details> block answers a prediction, never an exercise: nbgrader grades the student notebook, so
    an answer below its exercise is an answer given away. The right option's feedback explains it instead."""
    for path in sorted(ROOT.joinpath("instructor", "solutions").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for summary in re.findall(r"<summary>(.*?)</summary>", "".join(cell["source"]), re.S):
                assert not re.search(r"[Ee]xercise|\b\d\d\.\d\b", summary), \
                    f"{path.name}, cell {cell.get('id')}: a collapsed block opened after an exercise: {summary!r}"


def test_keys_hold_no_answer_in_the_clear():
    for path in ROOT.joinpath("helpers", "exercises").glob("_keys_*.py"):
        text = path.read_text(encoding="utf-8")
        body = json.loads(text.split("KEYS = ", 1)[1])
        for exercise_id, key in body.items():
            assert set(key) <= {"answer", "mistakes", "feedback"}, "only the answer at the digits the check compares"
            for token, scrambled in key.get("mistakes", {}).items():  # a token, and a hint readable only by its number
                assert re.fullmatch(r"[0-9a-f]{20}", token) and base64.b64decode(scrambled, validate=True)
            hints = [m.message for m in MISTAKES.get(exercise_id, ())]
            assert not [h for h in hints if h in text], f"{path.name}: a usual mistake's hint in the clear"


@pytest.mark.parametrize("exercise_id", number_ids())
def test_the_key_holds_each_usual_mistake_once_and_no_relation(exercise_id, solution_runs):
    """The hints of the usual mistakes reach helpers/ only through the keys: the specs hold no relation."""
    answers = {k: v for run in solution_runs.values() for k, v in run.answers.items()}
    key = exercises._keys()[exercise_id]
    assert key == exercises.number_key(exercise_id, answers[exercise_id], SPECS[exercise_id], MISTAKES.get(exercise_id, ())), (
        "the key is stale: run `python scripts/make_student_notebooks.py`")
    assert not hasattr(SPECS[exercise_id], "mistakes")
    spec_source = ROOT.joinpath("helpers", "exercises", f"nb{exercise_id[:2]}.py").read_text(encoding="utf-8")
    assert not re.search(r"\bMistake\(|lambda a:", spec_source), f"a usual mistake's relation in nb{exercise_id[:2]}.py"
