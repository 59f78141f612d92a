"""Coding exercises a course helper would answer: refuse a student's function that calls that helper.

Exercise 03.2 asks for what ``helpers.regularization.consistent_l2`` computes, 07.3 for
``helpers.clipping.clip_by_norm``, 08.4 for the power iteration of ``helpers.sharpness``. A verifier
wraps the student's function with :func:`refusing_helpers`; calling the helper, under any name,
then raises :class:`HelperCalled`, which the self-check and the autograder's hidden test (both go
through ``helpers.exercises._check_function``) turn into the one kind sentence it carries.

A call is found two ways. Before the function runs, by what its code refers to: the helper's own
name (``regularization.consistent_l2``, ``from ... import consistent_l2 as c`` inside it) or the
helper itself under another name (a global alias, a default argument, a closure). While it runs, by
the code that runs: a profile hook notes every Python frame whose code is the helper's, however it
was reached.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator

from .._validation import _show

__all__ = ["refusing_helpers"]


class HelperCalled(Exception):
    """A student's function calls a helper that computes the exercise's answer; the message says so kindly."""


def _codes(function: object) -> Iterator[object]:
    """The code of ``function`` and the code nested in it (its inner functions, lambdas, comprehensions)."""
    stack = [getattr(function, "__code__", None)]
    while stack:
        code = stack.pop()
        if code is not None:
            yield code
            stack.extend(const for const in code.co_consts if hasattr(const, "co_names"))


def _refers_to(function: Callable, helpers: tuple[Callable, ...], names: frozenset[str]) -> bool:
    """Whether ``function``'s code names one of ``helpers`` (or one of ``names``) or holds one under another name."""
    def is_helper(value: object) -> bool:
        return any(value is helper for helper in helpers)

    if is_helper(function) or (isinstance(function, functools.partial) and is_helper(function.func)):
        return True
    used = {name for code in _codes(function) for name in code.co_names}
    namespace = getattr(function, "__globals__", {})
    held = [namespace.get(name) for name in used]
    held += list(getattr(function, "__defaults__", None) or ())
    held += list((getattr(function, "__kwdefaults__", None) or {}).values())
    for cell in getattr(function, "__closure__", None) or ():
        try:
            held.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            pass
    if any(is_helper(value) for value in held):
        return True
    # A helper's name the function's own globals do not bind to something else: an attribute or an import.
    helper_names = {helper.__name__ for helper in helpers}
    return any(name in names or (name in helper_names and is_helper(namespace.get(name, helpers[0])))
               for name in used)


@contextlib.contextmanager
def _calls_of(codes: frozenset) -> Iterator[list[dict]]:
    """The local variables at entry of every call whose code is in ``codes`` while the block runs (a profile hook,
    put back after)."""
    calls: list[dict] = []

    def note(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            calls.append(dict(frame.f_locals))

    previous = sys.getprofile()
    sys.setprofile(note)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


def refusing_helpers(student_function: Callable, helpers: tuple[Callable, ...], message: str, *,
                     names: tuple[str, ...] = ()) -> Callable:
    """``student_function``, which raises :class:`HelperCalled` (``message``) if it calls one of ``helpers``.

    Raises at once if its code refers to a helper (by the helper's name, or to the helper itself under another
    name) or to any of ``names`` (another library's ready-made function, refused by name); else returns a
    function that runs it and raises after it if any helper's code ran meanwhile.

    >>> def length(vector):
    ...     return sum(x * x for x in vector) ** 0.5
    >>> refusing_helpers(lambda v: length(v), (length,), "Write it yourself.")
    Traceback (most recent call last):
    ...
    helpers.exercises._ready_made.HelperCalled: Write it yourself.
    >>> refusing_helpers(lambda v: max(abs(x) for x in v), (length,), "Write it yourself.")([3, -4])
    4
    """
    if not isinstance(helpers, tuple) or not helpers or not all(hasattr(h, "__code__") for h in helpers):
        raise TypeError(f"helpers must be a non-empty tuple of Python functions, got {_show(helpers)}")
    if not isinstance(message, str) or not message.strip():
        raise TypeError(f"message must be a non-empty str, got {_show(message)}")
    if not isinstance(names, tuple) or not all(isinstance(name, str) and name for name in names):
        raise TypeError(f"names must be a tuple of non-empty str, got {_show(names)}")
    if _refers_to(student_function, helpers, frozenset(names)):
        raise HelperCalled(message)
    codes = frozenset(helper.__code__ for helper in helpers)

    @functools.wraps(student_function)
    def run(*args, **kwargs):
        with _calls_of(codes) as called:
            try:
                result = student_function(*args, **kwargs)
            except Exception:
                if called:
                    raise HelperCalled(message) from None
                raise
        if called:
            raise HelperCalled(message)
        return result

    return run
