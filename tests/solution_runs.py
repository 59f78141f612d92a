"""Run each solution notebook once, cell by cell, in a real kernel, and try each check cell's mutants.

The run records the answers the solution cells give (``helpers.exercises`` records them while
``SUM_OR_MEAN_RECORD_ANSWERS`` is set), and what each exercise's self-check says to the solution's
answer, so the exercise tests read the answers from the solutions and nowhere else.
``tests/test_check_cells.py`` and ``tests/test_exercises*.py`` share one run.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = "checks.expect_"
EXERCISE_CALL = re.compile(r"""^exercises\.check\(\s*["'](\d\d\.\d+)["']\s*,\s*(\w+)\s*\)\s*$""", re.M)


@dataclass
class MutantResult:
    cell_id: str
    mistake: str
    applied: bool
    error_name: str | None


@dataclass
class SolutionRun:
    check_cells: list[str] = field(default_factory=list)
    mutants: list[MutantResult] = field(default_factory=list)
    answers: dict[str, float] = field(default_factory=dict)
    feedback: dict[str, tuple[bool, str]] = field(default_factory=dict)   # exercise id -> (correct, message)


def mutations_for(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    try:
        module = importlib.import_module(f"check_mutations.nb{path.name[:2]}")
    except ModuleNotFoundError:
        return {}
    return module.MUTATIONS


def run_solution(path: Path) -> SolutionRun:
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    mutations = mutations_for(path)
    result = SolutionRun()
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "answers.jsonl"
        record.touch()
        saved = os.environ.get("SUM_OR_MEAN_RECORD_ANSWERS")
        os.environ["SUM_OR_MEAN_RECORD_ANSWERS"] = str(record)
        try:
            client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                             resources={"metadata": {"path": str(path.parent)}})
            with client.setup_kernel():
                for index, cell in enumerate(notebook.cells):
                    if cell.cell_type != "code":
                        continue
                    client.execute_cell(cell, index)
                    for exercise_id, name in EXERCISE_CALL.findall(cell.source):
                        probe = nbformat.v4.new_code_cell(
                            f"__feedback = exercises.check({exercise_id!r}, {name})\n"
                            "print(__import__('json').dumps([bool(__feedback.correct), __feedback.message]))\n"
                            "del __feedback")
                        client.execute_cell(probe, index)
                        printed = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
                        result.feedback[exercise_id] = tuple(json.loads(printed))
                    if CHECK_CALL not in cell.source:
                        continue
                    result.check_cells.append(cell.id)
                    for mistake, old, new in mutations.get(cell.id, []):
                        applied = old in cell.source
                        error = None
                        if applied:
                            mutant = cell.source.replace(old, new)
                            probe = nbformat.v4.new_code_cell(
                                f"exec(compile({mutant!r}, '<mutant>', 'exec'), dict(globals()))")
                            try:
                                client.execute_cell(probe, index)
                            except CellExecutionError as failure:
                                error = failure.ename
                        result.mutants.append(MutantResult(cell.id, mistake, applied, error))
        finally:
            if saved is None:
                os.environ.pop("SUM_OR_MEAN_RECORD_ANSWERS", None)
            else:
                os.environ["SUM_OR_MEAN_RECORD_ANSWERS"] = saved
        for line in record.read_text().splitlines():
            entry = json.loads(line)
            result.answers[entry["id"]] = entry["answer"]
    return result
