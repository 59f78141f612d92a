"""Run a notebook's code in this process and return the live figures it builds.

The explorer tests and the latency benchmark both use it, so they exercise exactly what a student
moves, with the notebook's own settings, instead of a copy of them.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import sys
from pathlib import Path

from helpers.widgets import Explorer

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "instructor" / "solutions"  # the source of each notebook


def notebook_explorers(path: Path | str) -> list[Explorer]:
    """Run a notebook's code cells here and return the Explorers its cells end with, in order."""
    path = Path(path) if Path(path).is_absolute() else NOTEBOOK_DIR / path
    namespace: dict = {"__name__": "__notebook__"}
    found = []
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    # A kernel started on the notebook finds modules beside it (its first cell imports course_setup from there).
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in cells:
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, str(path), "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
                if isinstance(value, Explorer):
                    found.append(value)
    return found
