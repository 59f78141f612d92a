"""What the first cell of every notebook runs: ``import course_setup``.

It puts the course's folder (the one that holds ``helpers/``) first on Python's import path, so that
any Jupyter finds the course's code: JupyterLab from ``start.py``, Binder, Anaconda, a JupyterHub or
VS Code. Then it imports ``helpers``, which checks that this Python has the packages the course
needs, at versions it works with. When one is missing or too old, the cell stops with one sentence
that names the fix, and no traceback.
"""

import sys
from pathlib import Path


class CourseNotFound(ImportError):
    """The notebook was opened outside the course's folder: said in one sentence, without a traceback."""

    def _render_traceback_(self):  # IPython shows these lines instead of a traceback
        return [f"{type(self).__name__}: {self}"]


def course_folder(start: Path) -> "Path | None":
    """The nearest folder at or above ``start`` that holds the course's ``helpers/`` package."""
    for folder in (start, *start.parents):
        if (folder / "helpers" / "__init__.py").is_file():
            return folder
    return None


_folder = course_folder(Path(__file__).resolve().parent)
if _folder is not None:
    if str(_folder) in sys.path:
        sys.path.remove(str(_folder))
    sys.path.insert(0, str(_folder))

try:
    import helpers  # noqa: E402,F401  (checks the packages; see helpers/_dependencies.py)
except ModuleNotFoundError as error:
    if error.name != "helpers":
        raise
    raise CourseNotFound("This notebook needs the course's helpers/ folder: open it from inside the course's "
                         "folder (the one that holds helpers/ and notebooks/), or start the course with "
                         "`python start.py` there.") from None
