"""Write the instructor's answer key, ``instructor/answer_key.md``, from the solution notebooks.

    python scripts/answer_key.py            # write instructor/answer_key.md
    python scripts/answer_key.py --check    # exit 1 if the committed key is not what the notebooks give

One table per notebook, one row per exercise: its id, its kind, its answer and its points, then the
notebook's total and the course's. Everything is read where nbgrader reads it, in the solution notebooks
``instructor/solutions/NN_*.ipynb``: the points from the autograder tests cell's nbgrader metadata, a
number's answer from its hidden test's ``expected=`` (as written there, and its value), a choice's from
the option whose hidden feedback is right, a coding exercise's from the answer cell. Run it after
changing an exercise; ``tests/test_answer_key.py`` fails while the committed key is stale.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_student_notebooks import (ROOT, SOLUTIONS, hidden_answers, nbgrader_role, read,  # noqa: E402
                                    solution_region, source)

KEY = ROOT / "instructor" / "answer_key.md"


@dataclass(frozen=True)
class Row:
    exercise_id: str
    kind: str
    answer: str
    points: float


def assert_correct_calls(text: str) -> dict[str, ast.Call]:
    """Each ``exercises.assert_correct(...)`` call of a tests cell, by exercise id."""
    return {ast.literal_eval(node.args[0]): node for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "assert_correct"}


def notebook_imports(solution: dict) -> dict:
    """The names a solution notebook imports (``helpers``, ``np``, ``exercises``, ...), to evaluate its answers with."""
    sys.path.insert(0, str(ROOT))
    namespace: dict = {}
    for cell in solution["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.parse(source(cell)).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)) and "course_setup" not in ast.unparse(node):
                exec(compile(ast.Module([node], []), "<imports>", "exec"), namespace)
    return namespace


def number_value(expression: str, answer_cell: str, namespace: dict) -> float | None:
    """The value of a hidden test's ``expected=`` expression; else the ``answer`` the solution region computes;
    ``None`` when that needs the notebook's earlier cells."""
    try:
        return float(eval(expression, dict(namespace)))
    except Exception:  # a name the notebook defines in an earlier cell, or in the hidden tests
        scope = dict(namespace)
        try:
            exec(solution_region(answer_cell), scope)
            return float(scope["answer"])
        except Exception:  # the solution needs the notebook's earlier cells: the expression alone is shown
            return None


def solution_choice(answer_cell: str) -> str | None:
    """The option the solution region assigns to ``answer`` (``answer = "b"``)."""
    for node in ast.walk(ast.parse(solution_region(answer_cell))):
        if (isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["answer"]
                and isinstance(node.value, ast.Constant)):
            return str(node.value.value)
    return None


def exercise_rows(solution: dict) -> list[Row]:
    """The answer key's rows of one solution notebook, in the notebook's order.

    Raises ``ValueError`` where the notebook disagrees with itself: a choice whose solution cell gives
    another option than its hidden feedback marks right, an exercise without points."""
    from helpers import exercises

    specs, feedback = exercises._specs(), hidden_answers(solution)
    answer_cells = {c["metadata"]["nbgrader"]["grade_id"]: source(c) for c in solution["cells"] if nbgrader_role(c) == "answer"}
    namespace, rows = notebook_imports(solution), []
    for cell in solution["cells"]:
        if nbgrader_role(cell) != "tests":
            continue
        meta = cell["metadata"]["nbgrader"]
        answer_cell = answer_cells[meta["grade_id"].removesuffix("-tests")]
        for exercise_id, call in assert_correct_calls(source(cell)).items():
            spec = specs[exercise_id]
            if not isinstance(meta.get("points"), (int, float)) or meta["points"] < 0:  # 0: practice, graded for nothing
                raise ValueError(f"exercise {exercise_id}: its tests cell {meta['grade_id']} has no points")
            if isinstance(spec, exercises.Number):
                expression = " ".join(next(ast.get_source_segment(source(cell), k.value)
                                           for k in call.keywords if k.arg == "expected").split())
                value = number_value(expression, answer_cell, namespace)
                answer = f"`{expression}`" + ("" if value is None or expression == f"{value:.6g}" else f" = {value:.6g}")
                kind = f"number ({spec.digits} significant digits)"
            elif isinstance(spec, exercises.Choice):
                right = [option for option, (correct, _) in feedback[exercise_id]["feedback"].items() if correct]
                chosen = solution_choice(answer_cell)
                if [chosen] != right:
                    raise ValueError(f"exercise {exercise_id}: the solution cell answers {chosen!r}, "
                                     f"the hidden feedback marks {right} right")
                answer, kind = ", ".join(f"**{option}**" for option in right), spec.kind
            else:
                answer, kind = f"the solution cell: `{ast.get_source_segment(source(cell), call.args[1])}`", "code"
            rows.append(Row(exercise_id, kind, answer.replace("|", "\\|"), meta["points"]))
    return rows


def _points(value: float) -> str:
    return f"{value:g}"


def answer_key(paths: list[Path] | None = None) -> str:
    """The text of ``instructor/answer_key.md`` for the solution notebooks at ``paths`` (default: all)."""
    paths = paths or sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    sections, totals = [], []
    for path in paths:
        solution = read(path)
        title = source(solution["cells"][0]).split("\n")[0].lstrip("# ").strip()
        rows = exercise_rows(solution)
        total = sum(row.points for row in rows)
        totals.append((title, path, len(rows), total))
        table = ["| exercise | kind | answer | points |", "| --- | --- | --- | --- |"]
        table += [f"| {r.exercise_id} | {r.kind} | {r.answer} | {_points(r.points) if r.points else '0 (practice)'} |" for r in rows]
        sections.append(f"## {title}\n\nSolution notebook: [solutions/{path.name}](solutions/{path.name}). "
                        f"Total: **{_points(total)} points**.\n\n" + "\n".join(table) + "\n")
    summary = ["| notebook | exercises | points |", "| --- | --- | --- |"]
    summary += [f"| [{title}](solutions/{path.name}) | {count} | {_points(points)} |" for title, path, count, points in totals]
    summary.append(f"| **course** | **{sum(t[2] for t in totals)}** | **{_points(sum(t[3] for t in totals))}** |")
    return f"""# Sum or Mean? · Answer key

Generated from the solution notebooks by `python scripts/answer_key.py`: do not edit it by hand; run
the script after changing an exercise (`tests/test_answer_key.py` fails while this file is stale). Like
everything in `instructor/`, it never reaches the students' copy. Back to [the instructor's guide](README.md).

- **Points** are those nbgrader gives, from each autograder tests cell's metadata.
- **A number** is the value the hidden test expects (`expected=`), as written there and evaluated. The
  self-check and nbgrader accept it to the significant digits shown, or rounded to 2 when that is all the
  student typed.
- **A choice** (multiple choice, true or false, which claim is wrong): the right option. The feedback
  for every option, to discuss after a clicker question, is in the hidden tests under the exercise in
  its solution notebook.
- **Code**: the solution cell defines the function named; the hidden test runs it through the checks
  the self-check uses.
- **Predict prompts** are not graded: each one's answer is in its solution notebook's collapsed block
  after the figure, and in the guide's section for that notebook.

{chr(10).join(summary)}

{chr(10).join(sections)}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if instructor/answer_key.md is stale")
    args = parser.parse_args(argv)
    text = answer_key()
    if args.check:
        if not KEY.exists() or KEY.read_text(encoding="utf-8") != text:
            print(f"{KEY.relative_to(ROOT)} is not what the solution notebooks give: run `python scripts/answer_key.py`",
                  file=sys.stderr)
            return 1
        print(f"{KEY.relative_to(ROOT)} matches the solution notebooks")
        return 0
    KEY.write_text(text, encoding="utf-8")
    print(f"wrote {KEY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
