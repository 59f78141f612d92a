"""Grading with nbgrader itself, on the course directory that scripts/make_release.py --nbgrader writes.

One run (the module's fixture, a few minutes) releases every notebook with ``nbgrader
generate_assignment``, then autogrades two submissions of each with ``nbgrader autograde``:

* ``solutions``: every exercise answered as the solution notebook answers it: full marks;
* ``mixed``: the released notebook with, per notebook, its first exercise answered right, one
  exercise of each kind answered with a usual mistake (a number off by the spec's first mistake, a
  wrong option, a coding exercise's usual bug), and the rest left as released: partial marks,
  nothing for what is wrong or unanswered, and the hint for each mistake in ``nbgrader
  generate_feedback``'s page.

The cheap tests first check the source notebooks' nbgrader format, and that every exercise, left as
released, fails its hidden tests.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_release  # noqa: E402
import make_student_notebooks as generator  # noqa: E402

from helpers import exercises  # noqa: E402
from helpers.exercises import Choice, Function, Number  # noqa: E402

SOLUTIONS = sorted((ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))
SPECS = exercises._specs()
MISTAKES = generator.usual_mistakes()
POINTS = {Number: 1, Choice: 1, Function: 2}
USUAL_BUGS = {  # a coding exercise's usual mistake, as the body a student would write
    "01.5": "return tuned_learning_rate",                                  # the tuned mean() rate itself
    "02.3": "return weights - learning_rate * gradient",                   # the mean() step's rate kept under sum()
    "03.2": "return l2",                                                   # the same penalty at every batch size
    "04.3": ("trace_sigma = (np.mean(small_norms) - np.mean(big_norms)) / (1 / small - 1 / big)\n"
             "return trace_sigma / (np.mean(big_norms) - trace_sigma / big)"),  # batches drawn with replacement
    "05.3": "return tuned_rate * batch_size / tuned_batch_size",           # the linear rule with no cap
    "06.3": None,                                                          # as released: a mean of micro-batch means
    "07.3": "return gradient * (max_norm / np.linalg.norm(gradient))",     # rescales short gradients too
    "08.4": ("for step in range(iterations):\n    v = hessian_vector_product(v)\n"     # never normalized: it overflows
             "return v @ hessian_vector_product(v)"),
}


@dataclass
class Exercise:
    exercise_id: str
    answer: dict          # the answer cell of the solution notebook
    tests: dict           # its autograder tests cell
    hidden: dict          # the keyword arguments of its hidden assert_correct call
    practice: bool        # in the notebook's optional part: self-checked and autograded, but worth no points

    @property
    def spec(self):
        return SPECS[self.exercise_id]

    @property
    def points(self) -> int:
        return 0 if self.practice else POINTS[type(self.spec)]

    @property
    def grade_id(self) -> str:
        return self.tests["metadata"]["nbgrader"]["grade_id"]


def optional_cells(solution: dict) -> list[bool]:
    """For each cell, whether it sits in an optional section (a ``##`` heading whose title starts with "Optional")."""
    flags, optional = [], False
    for cell in solution["cells"]:
        if cell["cell_type"] == "markdown":
            for title in re.findall(r"(?m)^## (.*)$", generator.source(cell)):
                optional = bool(re.match(r"(\d+\s*·\s*)?Optional\b", title))
        flags.append(optional)
    return flags


def exercises_in(solution: dict) -> list[Exercise]:
    cells, found = solution["cells"], []
    optional = optional_cells(solution)
    for index, cell in enumerate(cells):
        if generator.nbgrader_role(cell) == "answer":
            (exercise_id, hidden), = generator.hidden_answers({"cells": [cells[index + 1]]}).items()
            found.append(Exercise(exercise_id, cell, cells[index + 1], hidden, practice=optional[index]))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_exercise_is_an_nbgrader_answer_cell_and_a_tests_cell(path):
    solution = generator.read(path)
    found = exercises_in(solution)
    checked = set(re.findall(r"exercises\.check\('(\d\d\.\d+)'", "".join(generator.source(c) for c in solution["cells"])))
    assert {e.exercise_id for e in found} == checked, "every self-checked exercise has its nbgrader cells"
    for exercise in found:
        name = "exercise-" + exercise.exercise_id.replace(".", "-")
        assert exercise.answer["metadata"]["nbgrader"] == {
            "grade": False, "grade_id": name, "locked": False, "schema_version": 3, "solution": True}
        assert exercise.tests["metadata"]["nbgrader"] == {
            "grade": True, "grade_id": name + "-tests", "locked": True, "points": exercise.points,
            "schema_version": 3, "solution": False}
        source = generator.source(exercise.tests)
        visible, hidden = source.split("### BEGIN HIDDEN TESTS")
        assert f"exercises.assert_answer_form('{exercise.exercise_id}'" in visible and "### END HIDDEN TESTS" in hidden
        assert "assert_correct" not in visible, "the grading test holds the answer: it is hidden"
        kind = {Number: {"expected"}, Choice: {"feedback"}, Function: set()}[type(exercise.spec)]
        assert set(exercise.hidden) == kind, exercise.hidden
    assert not [c for c in solution["cells"] if c["cell_type"] == "markdown" and "SOLUTION" in generator.source(c)]


def namespace_of(solution: dict) -> dict:
    """A namespace holding what a notebook's imports cell imports."""
    names: dict = {}
    for cell in solution["cells"]:
        if cell.get("id") == "imports":
            exec(generator.source(cell), names)
    return names


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_exercise_as_released_fails_its_hidden_tests(path, capsys):
    """Unanswered, every exercise scores 0: its released answer cell, then its full tests cell, raises."""
    solution = generator.read(path)
    student = generator.student_version(solution)
    released = {c["id"]: generator.source(c) for c in student["cells"]}
    for exercise in exercises_in(solution):
        names = namespace_of(solution)
        exec(released[exercise.answer["id"]], names)
        exec(released[exercise.tests["id"]], names)  # the visible test passes an unanswered exercise
        with pytest.raises(exercises.IncorrectAnswer):
            exec(generator.source(exercise.tests), names)
    capsys.readouterr()


def answered(cell_source: str, body: str) -> str:
    """An answer cell with its solution region replaced by ``body`` (indented like the region)."""
    lines, begin, end = generator.solution_bounds(cell_source)
    indent = re.match(r"\s*", lines[begin]).group(0)
    body = textwrap.dedent(body)
    return "\n".join(lines[:begin] + [indent + line for line in body.split("\n")] + lines[end + 1:])


def mistaken(exercise: Exercise) -> tuple[str, str] | None:
    """The answer cell with a usual mistake, and the hint the grader must give for it (None: no usual mistake)."""
    source = generator.source(exercise.answer)
    region = generator.solution_region(source)
    if isinstance(exercise.spec, Number):
        if not MISTAKES.get(exercise.exercise_id):
            return None
        # The relation is instructor's material, outside the course directory: the submission reads it from there.
        where = generator.MISTAKES / f"nb{exercise.exercise_id[:2]}.py"
        body = (f"{region.strip()}\n"
                f"answer = __import__('runpy').run_path({str(where)!r})['MISTAKES']['{exercise.exercise_id}'][0].relation(answer)")
        return answered(source, body), MISTAKES[exercise.exercise_id][0].message
    if isinstance(exercise.spec, Choice):
        wrong = next(o for o, (right, _) in exercise.hidden["feedback"].items() if not right)
        return answered(source, f"answer = {wrong!r}"), exercise.hidden["feedback"][wrong][1]
    bug = USUAL_BUGS[exercise.exercise_id]
    return answered(source, "" if bug is None else bug), None


def hint_for(solution: dict, exercise: Exercise, answer_source: str) -> str:
    """What the self-check says to a coding exercise's answer cell (the grader must say the same)."""
    names = namespace_of(solution)
    exec(answer_source, names)
    function = re.search(r"exercises\.check\('[\d.]+', (\w+)\)", answer_source).group(1)
    feedback = exercises.check(exercise.exercise_id, names[function])
    assert not feedback.correct, f"{exercise.exercise_id}: the usual bug passes the check"
    return feedback.message


def submission(solution: dict, student: dict, choose) -> dict:
    """The released notebook with some answer cells replaced: ``choose(exercise)`` gives a source, or None to leave it."""
    notebook = {**student, "cells": [dict(c) for c in student["cells"]]}
    by_id = {c["id"]: c for c in notebook["cells"]}
    for exercise in exercises_in(solution):
        chosen = choose(exercise)
        if chosen is not None:
            by_id[exercise.answer["id"]]["source"] = chosen
    return notebook


def run_nbgrader(course: Path, *arguments: str) -> str:
    environment = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    result = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=course, env=environment,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"nbgrader {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@dataclass
class Graded:
    course: Path
    plans: dict          # assignment -> {exercise id: ("right" | "mistake" | "unanswered", hint or None)}
    exercises: dict      # assignment -> [Exercise]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    course = tmp_path_factory.mktemp("nbgrader") / "course"
    assert make_release.main(["--nbgrader", str(course)]) == 0
    run_nbgrader(course, "generate_assignment", "*")
    plans, found = {}, {}
    for path in SOLUTIONS:
        assignment = path.stem
        solution = generator.read(path)
        released = generator.read(course / "release" / assignment / path.name)
        found[assignment] = exercises_in(solution)
        plan, kinds_mistaken = {}, set()
        for index, exercise in enumerate(found[assignment]):
            usual = mistaken(exercise)
            if index == 0:
                plan[exercise.exercise_id] = ("right", None)
            elif index < len(found[assignment]) - 1 and type(exercise.spec) not in kinds_mistaken and usual is not None:
                kinds_mistaken.add(type(exercise.spec))
                plan[exercise.exercise_id] = ("mistake", usual[1] or hint_for(solution, exercise, usual[0]))
            else:
                plan[exercise.exercise_id] = ("unanswered", None)
        plans[assignment] = plan

        def right(exercise):
            source = generator.source(exercise.answer)
            return answered(source, generator.solution_region(source))

        def mixed(exercise, plan=plan):
            state = plan[exercise.exercise_id][0]
            return right(exercise) if state == "right" else mistaken(exercise)[0] if state == "mistake" else None

        for student, choose in (("solutions", right), ("mixed", mixed)):
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            shutil.copy(course / "release" / assignment / "course_setup.py", folder)
            nbformat.write(nbformat.from_dict(submission(solution, released, choose)), folder / path.name)
    run_nbgrader(course, "autograde", "*")
    run_nbgrader(course, "generate_feedback", "*", "--student", "mixed")
    return Graded(course, plans, found)


def test_nbgrader_releases_the_course_student_notebooks(graded):
    """What `nbgrader generate_assignment` hands out is notebooks/, but for the links to the start page."""
    for path in SOLUTIONS:
        released = generator.read(graded.course / "release" / path.stem / path.name)
        for cell in released["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = generator.source(cell).replace("](../../notebooks/", "](")
        assert generator.comparable(released) == generator.comparable(generator.read(ROOT / "notebooks" / path.name))


def scores(graded: Graded, student: str, assignment: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded.course / 'gradebook.db'}", course_id="sum-or-mean") as gradebook:
        return {exercise.exercise_id: (grade.score, grade.max_score)
                for exercise in graded.exercises[assignment]
                for grade in [gradebook.find_grade(exercise.grade_id, assignment, assignment, student)]}


def test_the_solutions_score_full_marks(graded):
    for assignment in graded.plans:
        got = scores(graded, "solutions", assignment)
        practice = {e.exercise_id for e in graded.exercises[assignment] if e.practice}
        assert all(score == maximum and (maximum == 0) == (exercise_id in practice)
                   for exercise_id, (score, maximum) in got.items()), f"{assignment}: {got}"


def test_a_mixed_submission_scores_what_is_right_and_nothing_else(graded):
    for assignment, plan in graded.plans.items():
        got = scores(graded, "mixed", assignment)
        states = {state for state, _ in plan.values()}
        assert states == {"right", "mistake", "unanswered"}, f"{assignment}: each state is graded ({plan})"
        for exercise_id, (state, _) in plan.items():
            score, maximum = got[exercise_id]
            assert score == (maximum if state == "right" else 0), f"{assignment} {exercise_id} ({state}): {score}/{maximum}"
        total = sum(score for score, _ in got.values())
        assert 0 < total < sum(maximum for _, maximum in got.values()), f"{assignment}: partial marks"


def test_the_feedback_gives_each_mistake_its_hint(graded):
    from bs4 import BeautifulSoup

    for assignment, plan in graded.plans.items():
        page = graded.course / "feedback" / "mixed" / assignment / f"{assignment}.html"
        text = " ".join(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text().split())
        for exercise_id, (state, hint) in plan.items():
            if state == "mistake":
                assert f"IncorrectAnswer: Exercise {exercise_id}:" in text, f"{assignment}: no feedback for {exercise_id}"
                assert " ".join(hint.split()) in text, f"{assignment} {exercise_id}: the hint {hint!r} is not in the feedback"
            if state == "unanswered" and isinstance(SPECS[exercise_id], (Number, Choice)):
                assert f"IncorrectAnswer: Exercise {exercise_id}: Not answered" in text
