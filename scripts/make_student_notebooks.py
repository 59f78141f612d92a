"""Build the course's notebooks from their source, the solution notebooks (nbgrader source notebooks).

    python scripts/make_student_notebooks.py           # keys + execute solutions + generate and execute students
    python scripts/make_student_notebooks.py --check   # exit 1 if a student notebook is not what its solution gives
    python scripts/make_student_notebooks.py --no-execute 03_regularization   # sources only, one notebook
    python scripts/make_student_notebooks.py --keys-only   # answer keys only (after a change to how keys are made)

The solution notebooks in ``instructor/solutions/`` are the source. Each exercise there is two
cells carrying nbgrader's cell metadata: the answer cell (``solution``), whose answer sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION``, and the autograder tests cell (``grade``, locked,
with points), whose ``### BEGIN HIDDEN TESTS`` block holds the answer in the clear: a number's
``expected=`` value, a choice's ``feedback=`` for every option. For each solution notebook:

1. the choices' feedback (read from the hidden tests), the number answers (recorded while the
   solution notebook executes its hidden tests) and the numbers' usual mistakes (relations to the
   answer, in ``instructor/usual_mistakes/nbNN.py``: :func:`usual_mistakes`) become the answer keys
   ``helpers/exercises/_keys_NN.py``: slow salted hashes and scrambled text, no answer, relation or
   hint in the clear (see :mod:`helpers.exercises`);
2. the solution notebook is executed in place (its stored outputs are what strict nbval compares);
3. the student notebook ``notebooks/NAME.ipynb`` is what nbgrader's ``generate_assignment`` makes of
   it, by nbgrader's own preprocessors (every one it applies but ``SaveCells``, which writes the
   gradebook database) under :data:`NBGRADER_CONFIG`; links to ``../../notebooks/`` are made local,
   and the notebook is executed too.

``scripts/make_release.py --nbgrader`` writes :data:`NBGRADER_CONFIG` as a course's
``nbgrader_config.py``, so ``nbgrader generate_assignment`` gives the same student cells.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import runpy
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "instructor" / "solutions"
STUDENTS = ROOT / "notebooks"
KEYS = ROOT / "helpers" / "exercises"
MISTAKES = ROOT / "instructor" / "usual_mistakes"

NBGRADER_CONFIG = '''\
# nbgrader's configuration for the course "Sum or Mean?" (written by scripts/make_release.py).
# Run nbgrader's commands in this folder: nbgrader generate_assignment NAME, nbgrader autograde NAME.
c = get_config()

c.CourseDirectory.course_id = "sum-or-mean"
# An answer cell keeps its stub line (`answer = ...`, or `...` in a function's body) above the solution
# region, which is then replaced by nothing: students get the cells of the course's own student notebooks.
c.ClearSolutions.code_stub = {"python": ""}
# The notebooks train models between the exercises: a cell can take a minute on a busy machine.
c.Execute.timeout = 600
'''
"""nbgrader's configuration for the course, one text for both the student notebooks and the nbgrader release."""


def nbgrader_config():
    """:data:`NBGRADER_CONFIG` as a traitlets ``Config``, read the way nbgrader reads ``nbgrader_config.py``."""
    from traitlets.config import Config

    config = Config()
    exec(compile(NBGRADER_CONFIG, "nbgrader_config.py", "exec"), {"get_config": lambda: config})
    return config


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def student_version(solution: dict) -> dict:
    """The student notebook for a solution notebook, by nbgrader's generate_assignment preprocessors."""
    import nbformat
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import SaveCells

    config = nbgrader_config()
    node = nbformat.reads(json.dumps(solution), as_version=4)  # cell sources as strings, as nbgrader expects
    resources: dict = {}
    for preprocessor in GenerateAssignment.class_traits()["preprocessors"].default():
        if preprocessor is not SaveCells:  # SaveCells writes the gradebook database; nothing here needs it
            node, resources = preprocessor(config=config).preprocess(node, resources)
    notebook = json.loads(json.dumps(node))
    for cell in notebook["cells"]:
        cell["metadata"].pop("execution", None)
        if cell["cell_type"] == "markdown":  # links to the start page, from where the students' notebooks sit
            cell["source"] = source(cell).replace("](../../notebooks/", "](")
    notebook["metadata"].pop("widgets", None)
    return notebook


def nbgrader_role(cell: dict) -> str:
    """``"answer"`` for an exercise's answer cell, ``"tests"`` for its autograder tests cell, else ``""``."""
    meta = cell["metadata"].get("nbgrader", {})
    return "answer" if meta.get("solution") else "tests" if meta.get("grade") else ""


def solution_bounds(text: str) -> tuple[list[str], int, int]:
    """A cell's lines, and the indices of its ``### BEGIN SOLUTION`` and ``### END SOLUTION`` lines (one region per cell)."""
    lines = text.split("\n")
    begin = next(i for i, line in enumerate(lines) if "### BEGIN SOLUTION" in line)
    end = next(i for i, line in enumerate(lines) if "### END SOLUTION" in line)
    return lines, begin, end


def solution_region(text: str) -> str:
    """The lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    lines, begin, end = solution_bounds(text)
    return "\n".join(lines[begin + 1:end])


def hidden_answers(solution: dict) -> dict[str, dict]:
    """The keyword arguments of each ``exercises.assert_correct(...)`` call in the autograder tests cells.

    >>> cell = {"cell_type": "code", "metadata": {"nbgrader": {"grade": True}},
    ...         "source": "### BEGIN HIDDEN TESTS\\nexercises.assert_correct('01.3', answer, feedback={'a': (True, 'Yes.')})"}
    >>> hidden_answers({"cells": [cell]})
    {'01.3': {'feedback': {'a': (True, 'Yes.')}}}
    """
    found: dict[str, dict] = {}
    for cell in solution["cells"]:
        if cell["cell_type"] != "code" or nbgrader_role(cell) != "tests":
            continue
        for node in ast.walk(ast.parse(source(cell))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "assert_correct":
                arguments = {}
                for keyword in node.keywords:
                    try:
                        arguments[keyword.arg] = ast.literal_eval(keyword.value)
                    except ValueError:  # a number's expected value is an expression: recorded when it runs
                        arguments[keyword.arg] = None
                found[ast.literal_eval(node.args[0])] = arguments
    return found


def choice_feedback(solution: dict) -> dict[str, dict[str, tuple[bool, str]]]:
    """Each choice exercise's feedback for every option, from the hidden tests of a solution notebook."""
    found = {exercise_id: arguments["feedback"] for exercise_id, arguments in hidden_answers(solution).items()
             if arguments.get("feedback")}
    for exercise_id, options in found.items():
        if sum(right for right, _ in options.values()) != 1:
            raise ValueError(f"exercise {exercise_id}: exactly one option must be right (True)")
    return found


def comparable(notebook: dict) -> list:
    """What must agree between a generated and a stored student notebook: cells, their sources and metadata."""
    def meta(cell):
        return {k: v for k, v in cell["metadata"].items() if k != "execution"}
    return [(c["cell_type"], c.get("id"), source(c), meta(c)) for c in notebook["cells"]]


def execute(notebook: dict, path: Path, env: dict[str, str] | None = None) -> dict:
    import nbclient
    import nbformat

    node = nbformat.reads(json.dumps(notebook), as_version=4)
    node.metadata.pop("widgets", None)  # no widgets any more: stale state would make exports fetch a widget manager
    for cell in node.cells:
        cell.metadata.pop("execution", None)  # timings: they would change the file on every run
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        nbclient.NotebookClient(node, timeout=600, kernel_name="python3", record_timing=False, store_widget_state=False,
                                resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return json.loads(nbformat.writes(node))


def read(path: Path) -> dict:
    """A notebook as a dict whose cell sources are strings (as nbformat reads them)."""
    import nbformat

    return json.loads(json.dumps(nbformat.read(path, as_version=4)))


def usual_mistakes() -> dict[str, tuple]:
    """Each number exercise's usual mistakes (``helpers.exercises.Mistake``: a relation to the answer and its hint),
    read from ``instructor/usual_mistakes/nbNN.py``, which students never receive."""
    sys.path.insert(0, str(ROOT))
    from helpers import exercises

    specs, found = exercises._specs(), {}
    for path in sorted(MISTAKES.glob("nb[0-9][0-9].py")):
        for exercise_id, mistakes in runpy.run_path(str(path))["MISTAKES"].items():
            if not isinstance(specs.get(exercise_id), exercises.Number) or exercise_id[:2] != path.stem[2:]:
                raise ValueError(f"{path.relative_to(ROOT)}: {exercise_id} is not a number exercise of notebook {path.stem[2:]}")
            found[exercise_id] = mistakes
    return found


def write_keys(numbers: dict[str, float], choices: dict[str, dict]) -> None:
    sys.path.insert(0, str(ROOT))
    from helpers import exercises

    specs, mistakes = exercises._specs(), usual_mistakes()
    by_notebook: dict[str, dict] = {}
    for exercise_id, answer in numbers.items():
        by_notebook.setdefault(exercise_id[:2], {})[exercise_id] = exercises.number_key(
            exercise_id, answer, specs[exercise_id], mistakes.get(exercise_id, ()))
    for exercise_id, feedback in choices.items():
        options = set(specs[exercise_id].options)
        if set(feedback) != options:
            raise ValueError(f"exercise {exercise_id}: feedback for {sorted(feedback)}, options {sorted(options)}")
        by_notebook.setdefault(exercise_id[:2], {})[exercise_id] = exercises.choice_key(exercise_id, feedback)
    for number, keys in by_notebook.items():
        body = json.dumps(dict(sorted(keys.items())), indent=4)
        (KEYS / f"_keys_{number}.py").write_text(
            f'"""Answer keys of notebook {number}\'s exercises, generated by scripts/make_student_notebooks.py:\n'
            f'slow salted hashes and scrambled feedback, no answer in the clear. Do not edit."""\n\nKEYS = {body}\n')


def write(notebook: dict, path: Path) -> None:
    import nbformat

    path.write_text(nbformat.writes(nbformat.from_dict(notebook)) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="notebook names (default: every solution notebook)")
    parser.add_argument("--check", action="store_true", help="only compare the student notebooks with their solutions")
    parser.add_argument("--no-execute", action="store_true", help="write sources only (no keys, no outputs)")
    parser.add_argument("--keys-only", action="store_true",
                        help="write the answer keys only: execute each solution once to record its answers, write no "
                             "notebook (for a change to how keys are made, which changes no output)")
    args = parser.parse_args(argv)

    paths = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    if args.names:
        paths = [p for p in paths if p.stem in args.names or p.name in args.names]
    if not paths:
        print(f"no solution notebooks found in {SOLUTIONS}", file=sys.stderr)
        return 1

    if args.check:
        stale = [p.name for p in paths if not (STUDENTS / p.name).exists() or comparable(
            student_version(read(p))) != comparable(
            read(STUDENTS / p.name))]
        for name in stale:
            print(f"notebooks/{name} is not what instructor/solutions/{name} generates: "
                  f"run `python scripts/make_student_notebooks.py {Path(name).stem}`", file=sys.stderr)
        if not stale:
            print(f"all {len(paths)} student notebooks match their solutions")
        return 1 if stale else 0

    numbers: dict[str, float] = {}
    choices: dict[str, dict] = {}
    for path in paths:
        choices.update(choice_feedback(read(path)))
    if not args.no_execute:
        write_keys({}, choices)  # the choices' keys first: the solutions' self-checks read them
        for path in paths:
            solution = read(path)
            with tempfile.TemporaryDirectory() as tmp:
                record = Path(tmp) / "answers.jsonl"
                record.touch()
                print(f"executing solutions/{path.name}")
                executed = execute(solution, path, {"SUM_OR_MEAN_RECORD_ANSWERS": str(record)})
                if not args.keys_only:
                    write(executed, path)
                for line in record.read_text().splitlines():
                    entry = json.loads(line)
                    numbers[entry["id"]] = entry["answer"]
        write_keys(numbers, choices)
        if args.keys_only:
            return 0
        # The recording run's self-checks read the old keys: run again against the new ones.
        for path in paths:
            print(f"executing solutions/{path.name} against the keys")
            write(execute(read(path), path), path)

    for path in paths:
        student = student_version(read(path))
        target = STUDENTS / path.name
        if not args.no_execute:
            print(f"executing {target.name}")
            student = execute(student, target)
        write(student, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
