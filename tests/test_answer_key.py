"""The instructor's answer key (scripts/answer_key.py -> instructor/answer_key.md): current, right, and never the students'."""

import copy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import answer_key  # noqa: E402
import make_release  # noqa: E402
from make_student_notebooks import nbgrader_role, read, source  # noqa: E402

NOTEBOOK_01 = ROOT / "instructor" / "solutions" / "01_reporting_and_learning_rate.ipynb"


@pytest.fixture(scope="module")
def rows_01():
    return {row.exercise_id: row for row in answer_key.exercise_rows(read(NOTEBOOK_01))}


def edited(notebook: dict, grade_id: str, old: str, new: str) -> dict:
    """``notebook`` with ``old`` replaced by ``new`` in the cell whose nbgrader ``grade_id`` is given."""
    changed = copy.deepcopy(notebook)
    cell = next(c for c in changed["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    assert old in source(cell), f"{grade_id} no longer holds {old!r}: update this test"
    cell["source"] = source(cell).replace(old, new)
    return changed


def test_the_committed_key_is_what_the_solution_notebooks_give():
    assert answer_key.KEY.read_text(encoding="utf-8") == answer_key.answer_key(), \
        "instructor/answer_key.md is stale: run `python scripts/answer_key.py`"


def test_every_graded_exercise_has_a_row_and_the_totals_add_up():
    text = answer_key.KEY.read_text(encoding="utf-8")
    total = 0
    for path in sorted(answer_key.SOLUTIONS.glob("[0-9][0-9]_*.ipynb")):
        solution = read(path)
        tests = [c["metadata"]["nbgrader"] for c in solution["cells"] if nbgrader_role(c) == "tests"]
        rows = answer_key.exercise_rows(solution)
        assert [r.exercise_id for r in rows] == [t["grade_id"][9:-6].replace("-", ".") for t in tests]
        assert sum(r.points for r in rows) == sum(t["points"] for t in tests)
        assert f"Total: **{sum(t['points'] for t in tests):g} points**" in text
        total += sum(t["points"] for t in tests)
    course = next(line for line in text.splitlines() if line.startswith("| **course** |"))
    assert course.endswith(f"| **{total:g}** |"), course


def test_each_kind_of_answer_is_read_from_the_hidden_tests(rows_01):
    assert rows_01["01.1"].answer == "`0.084 * 250` = 21" and rows_01["01.1"].kind.startswith("number")
    assert rows_01["01.3"].answer == "**b**" and rows_01["01.3"].kind == "multiple choice"
    assert rows_01["01.4"].kind == "which claim is wrong"
    assert rows_01["01.5"].answer == "the solution cell: `sum_learning_rate`" and rows_01["01.5"].points == 0  # practice
    number = rows_01["01.2"].answer  # an expression of helpers' functions, evaluated
    assert number.startswith("`helpers.sgd_displacements(") and " = " in number


def test_a_wrong_answer_changes_the_key_or_stops_it(rows_01):
    """Mutations of the solution notebook: each one either shows in the key (so the drift test fails) or is refused."""
    solution = read(NOTEBOOK_01)
    wrong_number = edited(solution, "exercise-01-1-tests", "expected=0.084 * 250", "expected=0.084 / 250")
    assert {r.exercise_id: r for r in answer_key.exercise_rows(wrong_number)}["01.1"].answer != rows_01["01.1"].answer
    wrong_points = copy.deepcopy(solution)
    next(c for c in wrong_points["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "exercise-01-3-tests"
         )["metadata"]["nbgrader"]["points"] = 2
    assert {r.exercise_id: r for r in answer_key.exercise_rows(wrong_points)}["01.3"].points == 2
    # a choice whose solution cell and hidden feedback disagree has no answer to print
    with pytest.raises(ValueError, match="01.3"):
        answer_key.exercise_rows(edited(solution, "exercise-01-3", 'answer = "b"', 'answer = "c"'))
    flipped = edited(solution, "exercise-01-3-tests", "'a': (False,", "'a': (True,")
    with pytest.raises(ValueError, match="01.3"):
        answer_key.exercise_rows(flipped)


def test_check_fails_on_a_stale_key(tmp_path, monkeypatch, capsys):
    key = tmp_path / "answer_key.md"
    key.write_text(answer_key.KEY.read_text(encoding="utf-8").replace("| 01.3 | multiple choice | **b** |",
                                                                      "| 01.3 | multiple choice | **c** |"))
    monkeypatch.setattr(answer_key, "KEY", key)
    monkeypatch.setattr(answer_key, "ROOT", tmp_path)
    assert answer_key.main(["--check"]) == 1
    assert "not what the solution notebooks give" in capsys.readouterr().err


def test_the_key_never_reaches_the_students_copy():
    files = make_release.student_files("teacher/course", "spring")
    assert not [name for name in files if "answer_key" in name or name.startswith("instructor/")]
    heading = answer_key.KEY.read_text(encoding="utf-8").split("\n")[0].encode()
    assert not [name for name, data in files.items() if heading in data]


def test_the_guide_links_the_key():
    guide = (ROOT / "instructor" / "README.md").read_text(encoding="utf-8")
    assert "](answer_key.md)" in guide
