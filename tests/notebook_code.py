"""Run a notebook's code in this process and return the figures it builds.

The explorer tests, the accessibility tests and the latency benchmark use it, so they exercise exactly
what a student moves, with the notebook's own settings, instead of a copy of them. Each notebook runs
once per process (the result is cached): the figures are shared, and a test that moves a slider sets
the state it needs first.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import io
import json
import sys
from pathlib import Path

from helpers.plotting import FigureImage
from helpers.widgets import Explorer

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "instructor" / "solutions"  # the source of each notebook


def notebook_explorers(path: Path | str) -> list[Explorer]:
    """Run a notebook's code cells here (once) and return the Explorers its cells end with, in order."""
    return [figure for figure in notebook_figures(path) if isinstance(figure, Explorer)]


def notebook_figures(path: Path | str) -> list[Explorer | FigureImage]:
    """Run a notebook's code cells here (once) and return every figure its cells end with, live or static, in order."""
    path = Path(path) if Path(path).is_absolute() else NOTEBOOK_DIR / path
    return list(_notebook_figures(path.resolve()))


@functools.lru_cache(maxsize=None)
def _notebook_figures(path: Path) -> tuple[Explorer | FigureImage, ...]:
    namespace: dict = {"__name__": "__notebook__"}
    found = []
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    # As in a kernel started in the notebook's folder: its first cell, `import course_setup`, finds the module beside it.
    sys.path.insert(0, str(path.parent))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.ExitStack() as restore:
        restore.callback(sys.path.remove, str(path.parent))
        for cell in cells:
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, str(path), "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
                if isinstance(value, (Explorer, FigureImage)):
                    found.append(value)
    return tuple(found)
