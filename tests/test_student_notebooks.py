"""The student notebooks are what nbgrader's own preprocessors make of the solution notebooks, and hold no solution."""

import ast
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_student_notebooks as generator  # noqa: E402

SOLUTIONS = sorted((ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))


def test_every_student_notebook_is_what_its_solution_generates(capsys):
    assert SOLUTIONS
    assert generator.main(["--check"]) == 0, capsys.readouterr().err
    students = {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_")}  # 00: the start page
    assert students == {p.name for p in SOLUTIONS}, "a student notebook without a solution notebook, or the reverse"


def test_the_check_catches_drift(tmp_path):
    solution = json.loads(SOLUTIONS[0].read_text(encoding="utf-8"))
    student = generator.student_version(solution)
    student["cells"][0]["source"] += "\nan edit made to the student copy only"
    assert generator.comparable(student) != generator.comparable(generator.student_version(solution))


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_student_notebooks_hold_no_solution(path):
    text = (ROOT / "notebooks" / path.name).read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "assert_correct", "expected=", "feedback=",
                   "Correct:", "Right.", "recorded as the solution"):
        assert marker not in text, f"{path.name}: {marker!r} in the student notebook"
    assert "Not answered yet" in text, "the student's unanswered self-checks say so"
    assert "is not answered yet. The tests that grade it are hidden" in text, "the visible autograder tests run and pass"


def test_nbgrader_clears_solutions_and_hidden_tests_and_refuses_an_unmarked_solution():
    def cell(text, **nbgrader):
        meta = {"nbgrader": {"grade": False, "solution": False, "locked": False, "schema_version": 3, **nbgrader}}
        return {"cell_type": "code", "id": nbgrader.get("grade_id", "plain"), "metadata": meta if nbgrader else {},
                "source": text, "outputs": [], "execution_count": None}
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python",
                                                                                "display_name": "Python 3"}},
                "cells": [cell("answer = ...\n### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION\ncheck(answer)",
                               solution=True, grade_id="a"),
                          cell("form(answer)\n### BEGIN HIDDEN TESTS\nassert answer == 42\n### END HIDDEN TESTS",
                               grade=True, locked=True, points=1, grade_id="a-tests")]}
    student = generator.student_version(notebook)
    assert [generator.source(c) for c in student["cells"]] == ["answer = ...\n\ncheck(answer)", "form(answer)"]
    assert student["cells"][1]["metadata"]["editable"] is False, "nbgrader locks the tests cell"
    notebook["cells"][0]["metadata"] = {}
    with pytest.raises(RuntimeError, match="Solution region detected in a non-solution cell"):
        generator.student_version(notebook)


def test_helpers_never_import_nbgrader():
    """nbgrader builds and grades the course; students never install it."""
    for path in (ROOT / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "nbgrader" for n in names), f"{path.relative_to(ROOT)} imports nbgrader"
