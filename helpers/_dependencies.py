"""The third-party packages a notebook's kernel needs, checked before anything imports them.

A student who opens a notebook in a Jupyter of their own (Anaconda, a JupyterHub, VS Code) may lack
one of them, or have one older than the course works with; ``import helpers`` then stops with one
sentence that names the fix, instead of a bare ``ModuleNotFoundError``, or a ``TypeError`` from deep
inside a figure several cells later.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from collections.abc import Callable, Mapping, Sequence

# The floors in pyproject.toml of what the kernel imports (tests/test_environment.py checks that they agree).
# JupyterLab and ipykernel have floors too, but they run the notebook: a cell cannot check them.
MINIMUM_VERSIONS = {"numpy": "2.2", "matplotlib": "3.10", "ipywidgets": "8.1"}
REQUIRED_MODULES = tuple(MINIMUM_VERSIONS)
FIX = "or open the course with `python start.py` in its folder, which sets everything up."


class _OneSentence:
    """An exception that IPython shows as its one sentence, without a traceback."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message, name=name)   # ``name``: the package, as ImportError.name

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class MissingDependencies(_OneSentence, ModuleNotFoundError):
    """A package the course needs is missing: one sentence in a notebook, without a traceback."""


class OutdatedDependencies(_OneSentence, ImportError):
    """A package the course needs is older than its floor: one sentence in a notebook, without a traceback."""


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
            f"run `%pip install {' '.join(REQUIRED_MODULES)}` in a cell and restart the kernel, {FIX}")


def outdated_modules(minimum_versions: Mapping[str, str] = MINIMUM_VERSIONS,
                     version: Callable[[str], str | None] = None) -> list[tuple[str, str]]:
    """``(name, version found)`` for each installed package older than its minimum version, in order.

    A package counts as older when its release numbers compare below the minimum's, padded with zeros
    (``3.9.4 < 3.10 = 3.10.0``); one whose version cannot be read (``version`` returns None, as for a
    package without installed metadata) is not reported. ``version`` defaults to the installed version
    from the package's metadata, read without importing it.

    >>> outdated_modules({"matplotlib": "3.10", "numpy": "2.2"}, version={"matplotlib": "3.9.4", "numpy": "2.4.6"}.get)
    [('matplotlib', '3.9.4')]
    """
    minimum_versions = _minimum_versions(minimum_versions, "minimum_versions")
    version = _installed_version if version is None else version
    if not callable(version):
        raise TypeError(f"version must be callable (a package name to its version, or None), got {version!r:.60}")
    outdated = []
    for name, minimum in minimum_versions.items():
        found = version(name)
        if found is not None and _release(found) is not None and _older(_release(found), _release(minimum)):
            outdated.append((name, found))
    return outdated


def outdated_message(outdated: Sequence[tuple[str, str]]) -> str:
    """One sentence naming each package, the version found, the version needed and the command that fixes it.

    >>> print(outdated_message([("matplotlib", "3.9.4")]))  # doctest: +NORMALIZE_WHITESPACE
    This notebook needs matplotlib 3.10 or newer, and this Jupyter's Python has matplotlib 3.9.4:
    run `%pip install -U "matplotlib>=3.10"` in a cell and restart the kernel, or open the course
    with `python start.py` in its folder, which sets everything up.
    """
    if isinstance(outdated, (str, bytes)) or not isinstance(outdated, (list, tuple)) or not outdated:
        raise TypeError(f"outdated must be a non-empty list of (package, version found) pairs, got {outdated!r:.60}")
    for entry in outdated:
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and entry[0] in MINIMUM_VERSIONS and isinstance(entry[1], str)):
            raise ValueError(f"outdated must hold (package, version found) pairs with a package among "
                             f"{', '.join(REQUIRED_MODULES)}, got {entry!r:.60}")
    needed = " and ".join(f"{name} {MINIMUM_VERSIONS[name]} or newer" for name, _ in outdated)
    found = " and ".join(f"{name} {version}" for name, version in outdated)
    command = " ".join(f'"{name}>={MINIMUM_VERSIONS[name]}"' for name, _ in outdated)
    return (f"This notebook needs {needed}, and this Jupyter's Python has {found}: "
            f"run `%pip install -U {command}` in a cell and restart the kernel, {FIX}")


def require_dependencies(names: Sequence[str] = REQUIRED_MODULES) -> None:
    """Stop with one sentence if any of ``names`` cannot be imported, or is older than its minimum version.

    Raises :class:`MissingDependencies` (:func:`missing_message`) or :class:`OutdatedDependencies`
    (:func:`outdated_message`); names without a minimum version are only checked for presence.

    >>> require_dependencies(["math"])
    """
    missing = missing_modules(names)   # checks names
    if missing:
        raise MissingDependencies(missing_message(missing), name=missing[0])
    floors = {name: MINIMUM_VERSIONS[name] for name in names if name in MINIMUM_VERSIONS}
    outdated = outdated_modules(floors) if floors else []
    if outdated:
        raise OutdatedDependencies(outdated_message(outdated), name=outdated[0][0])


def _installed_version(name: str) -> str | None:
    """The version in the installed package's metadata (found as imports would find it), or None."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _release(version: str) -> tuple[int, ...] | None:
    """The leading release numbers of a version: '3.10.0rc1' -> (3, 10, 0); None if it starts with none."""
    match = re.match(r"\d+(?:\.\d+)*", version)
    return None if match is None else tuple(int(part) for part in match[0].split("."))


def _older(found: tuple[int, ...], minimum: tuple[int, ...]) -> bool:
    """Release numbers compared as versions: (3, 9, 4) < (3, 10); (3, 10) == (3, 10, 0)."""
    length = max(len(found), len(minimum))
    return found + (0,) * (length - len(found)) < minimum + (0,) * (length - len(minimum))


def _minimum_versions(versions: object, name: str) -> dict[str, str]:
    """``versions`` as {module name: version}: plain Python, since numpy may be what is missing."""
    if not isinstance(versions, Mapping):
        raise TypeError(f"{name} must map module names to versions ({{'numpy': '2.2'}}), got {versions!r:.60}")
    _module_names(list(versions), name)   # non-empty, names non-empty str
    for module, version in versions.items():
        if not isinstance(version, str) or _release(version) is None:
            raise ValueError(f"{name} must map {module!r} to a version such as '2.2', got {version!r:.60}")
    return dict(versions)


def _module_names(names: object, name: str) -> list[str]:
    """``names`` as a non-empty list of module names (plain Python: numpy may be the one missing)."""
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"{name} must be a non-empty list of module names, got {names!r:.60}")
    for module in names:
        if not isinstance(module, str) or not module:
            raise TypeError(f"{name} must hold module names (non-empty str), got {module!r:.60}")
    return list(names)
