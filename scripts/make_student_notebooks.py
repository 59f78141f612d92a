"""Build the course's notebooks from their source, the solution notebooks.

    python scripts/make_student_notebooks.py           # keys + execute solutions + generate and execute students
    python scripts/make_student_notebooks.py --check   # exit 1 if a student notebook is not what its solution gives
    python scripts/make_student_notebooks.py --no-execute 03_regularization   # sources only, one notebook

The solution notebooks in ``instructor/solutions/`` are the source. For each of them:

1. the choices' feedback (Markdown ``- **b** (right): ...`` lines under ``**Feedback for exercise NN.K**``
   inside a solution block) and the number answers the solution cells compute (recorded while the
   notebook executes) become the answer keys ``helpers/exercises/_keys_NN.py``: hashes and scrambled
   text, no answer in the clear (see :mod:`helpers.exercises`);
2. the solution notebook is executed in place (its stored outputs are what strict nbval compares);
3. the student notebook ``notebooks/NAME.ipynb`` is the solution notebook with every solution block
   removed (nbgrader's markers: ``### BEGIN SOLUTION`` / ``### END SOLUTION`` lines in code cells,
   ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->`` in Markdown cells; a cell left empty is
   dropped), links to ``../../notebooks/`` made local, and is then executed too.

An instructor who grades with nbgrader can use the solution notebooks as they are: the markers are
nbgrader's (set ``ClearSolutions.code_stub = {"python": ""}`` to get the same student cells).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "instructor" / "solutions"
STUDENTS = ROOT / "notebooks"
KEYS = ROOT / "helpers" / "exercises"

CODE_BEGIN, CODE_END = "### BEGIN SOLUTION", "### END SOLUTION"
MARKDOWN_BEGIN, MARKDOWN_END = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
FEEDBACK_HEADING = re.compile(r"\*\*Feedback for exercise (\d\d\.\d+)\*\*")
FEEDBACK_LINE = re.compile(r"^\s*- \*\*([a-z]+)\*\* \((right|wrong)\):\s*(.+?)\s*$")


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def strip_blocks(text: str, begin: str, end: str) -> str:
    """Remove every ``begin`` ... ``end`` block (marker lines included) from ``text``."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        marker = line.strip()
        if marker == begin:
            if inside:
                raise ValueError(f"nested {begin!r}")
            inside = True
        elif marker == end:
            if not inside:
                raise ValueError(f"{end!r} without {begin!r}")
            inside = False
        elif not inside:
            kept.append(line)
    if inside:
        raise ValueError(f"{begin!r} without {end!r}")
    return "".join(kept).rstrip("\n")


def student_version(solution: dict) -> dict:
    """The student notebook for a solution notebook: solution blocks out, outputs cleared."""
    notebook = copy.deepcopy(solution)
    cells = []
    for cell in notebook["cells"]:
        text = source(cell)
        if cell["cell_type"] == "code":
            text = strip_blocks(text, CODE_BEGIN, CODE_END)
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"].pop("execution", None)
        else:
            text = strip_blocks(text, MARKDOWN_BEGIN, MARKDOWN_END)
            text = text.replace("](../../notebooks/", "](")  # links to the start page, from where the students' notebooks sit
        if text.strip():
            cell["source"] = text
            cells.append(cell)
    notebook["cells"] = cells
    notebook["metadata"].pop("widgets", None)
    return notebook


def choice_feedback(solution: dict) -> dict[str, dict[str, tuple[bool, str]]]:
    """Each choice exercise's feedback, from the Markdown solution blocks of a solution notebook."""
    found: dict[str, dict[str, tuple[bool, str]]] = {}
    for cell in solution["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        current = None
        for line in source(cell).splitlines():
            heading = FEEDBACK_HEADING.search(line)
            if heading:
                current = found.setdefault(heading.group(1), {})
                continue
            option = FEEDBACK_LINE.match(line)
            if option and current is not None:
                current[option.group(1)] = (option.group(2) == "right", option.group(3))
    for exercise_id, options in found.items():
        if sum(right for right, _ in options.values()) != 1:
            raise ValueError(f"exercise {exercise_id}: exactly one option must be marked (right)")
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
        nbclient.NotebookClient(node, timeout=600, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return json.loads(nbformat.writes(node))


def read(path: Path) -> dict:
    """A notebook as a dict whose cell sources are strings (as nbformat reads them)."""
    import nbformat

    return json.loads(json.dumps(nbformat.read(path, as_version=4)))


def write_keys(numbers: dict[str, float], choices: dict[str, dict]) -> None:
    sys.path.insert(0, str(ROOT))
    from helpers import exercises

    specs = exercises._specs()
    by_notebook: dict[str, dict] = {}
    for exercise_id, answer in numbers.items():
        by_notebook.setdefault(exercise_id[:2], {})[exercise_id] = exercises.number_key(exercise_id, answer, specs[exercise_id])
    for exercise_id, feedback in choices.items():
        options = set(specs[exercise_id].options)
        if set(feedback) != options:
            raise ValueError(f"exercise {exercise_id}: feedback for {sorted(feedback)}, options {sorted(options)}")
        by_notebook.setdefault(exercise_id[:2], {})[exercise_id] = exercises.choice_key(exercise_id, feedback)
    for number, keys in by_notebook.items():
        body = json.dumps(dict(sorted(keys.items())), indent=4)
        (KEYS / f"_keys_{number}.py").write_text(
            f'"""Answer keys of notebook {number}\'s exercises, generated by scripts/make_student_notebooks.py:\n'
            f'hashes and scrambled feedback, no answer in the clear. Do not edit."""\n\nKEYS = {body}\n')


def write(notebook: dict, path: Path) -> None:
    import nbformat

    path.write_text(nbformat.writes(nbformat.from_dict(notebook)) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="notebook names (default: every solution notebook)")
    parser.add_argument("--check", action="store_true", help="only compare the student notebooks with their solutions")
    parser.add_argument("--no-execute", action="store_true", help="write sources only (no keys, no outputs)")
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
        return 1 if stale else 0

    numbers: dict[str, float] = {}
    choices: dict[str, dict] = {}
    for path in paths:
        solution = read(path)
        choices.update(choice_feedback(solution))
    if not args.no_execute:
        write_keys({}, choices)  # the choices' keys first: the solutions' feedback cells read them
        for path in paths:
            solution = read(path)
            with tempfile.TemporaryDirectory() as tmp:
                record = Path(tmp) / "answers.jsonl"
                record.touch()
                print(f"executing solutions/{path.name}")
                write(execute(solution, path, {"SUM_OR_MEAN_RECORD_ANSWERS": str(record)}), path)
                for line in record.read_text().splitlines():
                    entry = json.loads(line)
                    numbers[entry["id"]] = entry["answer"]
        write_keys(numbers, choices)
        # Outputs stored by the recording run say "recorded as the solution": run again against the keys.
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
