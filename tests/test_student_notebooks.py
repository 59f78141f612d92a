"""The student notebooks are generated from the solution notebooks, and hold no solution."""

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
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "Feedback for exercise", "Correct:", "recorded as the solution"):
        assert marker not in text, f"{path.name}: {marker!r} in the student notebook"
    assert "Not answered yet" in text, "the student's unanswered self-checks say so"


def test_markers_are_stripped_with_their_content():
    text = "a = ...\n### BEGIN SOLUTION\na = 3\n### END SOLUTION\ncheck(a)"
    assert generator.strip_blocks(text, generator.CODE_BEGIN, generator.CODE_END) == "a = ...\ncheck(a)"
    with pytest.raises(ValueError):
        generator.strip_blocks("### BEGIN SOLUTION\nx", generator.CODE_BEGIN, generator.CODE_END)
