"""The third-party packages the course needs, checked before anything imports them.

A student who opens a notebook in a Jupyter of their own (Anaconda, a JupyterHub, VS Code) may lack
one of them; ``import helpers`` then stops with one sentence that names the fix, instead of a bare
``ModuleNotFoundError`` from deep inside a module.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence

REQUIRED_MODULES = ("numpy", "matplotlib", "ipywidgets")


class MissingDependencies(ModuleNotFoundError):
    """A package the course needs is missing: one sentence in a notebook, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return [f"{type(self).__name__}: {self}"]


def missing_modules(names: Sequence[str] = REQUIRED_MODULES,
                    find_spec: Callable[[str], object] = importlib.util.find_spec) -> list[str]:
    """The names in ``names`` that this Python cannot import, in order.

    >>> missing_modules(["math", "no_such_module_here"])
    ['no_such_module_here']
    """
    names = _module_names(names, "names")
    if not callable(find_spec):
        raise TypeError(f"find_spec must be callable (importlib.util.find_spec), got {find_spec!r:.60}")
    return [name for name in names if find_spec(name) is None]


def missing_message(missing: Sequence[str]) -> str:
    """One sentence naming what is missing and the command that fixes it.

    >>> print(missing_message(["ipywidgets"]))  # doctest: +NORMALIZE_WHITESPACE
    This notebook needs numpy, matplotlib and ipywidgets, and this Jupyter's Python lacks ipywidgets:
    run `%pip install numpy matplotlib ipywidgets` in a cell and restart the kernel, or open the course
    with `python start.py` in its folder, which sets everything up.
    """
    missing = _module_names(missing, "missing")
    needed = ", ".join(REQUIRED_MODULES[:-1]) + " and " + REQUIRED_MODULES[-1]
    lacking = " and ".join(missing)
    return (f"This notebook needs {needed}, and this Jupyter's Python lacks {lacking}: "
            f"run `%pip install {' '.join(REQUIRED_MODULES)}` in a cell and restart the kernel, "
            "or open the course with `python start.py` in its folder, which sets everything up.")


def require_dependencies(names: Sequence[str] = REQUIRED_MODULES) -> None:
    """Raise :class:`MissingDependencies` with :func:`missing_message` if any of ``names`` cannot be imported.

    >>> require_dependencies(["math"])
    """
    missing = missing_modules(names)   # checks names
    if missing:
        raise MissingDependencies(missing_message(missing), name=missing[0])


def _module_names(names: object, name: str) -> list[str]:
    """``names`` as a non-empty list of module names (plain Python: numpy may be the one missing)."""
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"{name} must be a non-empty list of module names, got {names!r:.60}")
    for module in names:
        if not isinstance(module, str) or not module:
            raise TypeError(f"{name} must hold module names (non-empty str), got {module!r:.60}")
    return list(names)
