"""A progress line for long, legitimate work: shown only when a call is expected to take a while.

:func:`helpers._validation.check_work` refuses work of more than about a minute; work it lets through
but expects to take :data:`SHOW_AFTER_SECONDS` or more reports its progress, so a student who asked for
a long run sees that the kernel is busy, not frozen. The course's own calls are far shorter, so the
notebooks print nothing (their stored outputs stay the same on every run).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

SHOW_AFTER_SECONDS = 5.0
"""Calls expected to take at least this long (by :func:`helpers._validation.check_work`'s estimate) show progress."""


class Progress:
    """Report ``done`` of ``total`` units of ``what``, in place, when ``expected_seconds`` is long enough.

    In a notebook the line is one output that is updated in place; elsewhere it goes to standard error.

    >>> progress = Progress("training", total=4, expected_seconds=0.1)   # short: silent
    >>> progress.update(2); progress.close()
    >>> progress.shown
    False
    """

    def __init__(self, what: str, *, total: int, expected_seconds: float):
        if not isinstance(what, str) or not what:
            raise TypeError(f"what must be a non-empty str, got {what!r:.60}")
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise TypeError(f"total must be a non-negative int, got {total!r:.60}")
        if isinstance(expected_seconds, bool) or not isinstance(expected_seconds, (int, float)) or not expected_seconds >= 0:
            raise TypeError(f"expected_seconds must be a number >= 0, got {expected_seconds!r:.60}")
        self.what, self.total = what, max(int(total), 1)
        self.shown = expected_seconds >= SHOW_AFTER_SECONDS
        self._handle = None
        self._percent = -1
        if self.shown:
            self._write(0)

    def update(self, done: int) -> None:
        """Say that ``done`` units are finished (shown when the whole percentage changes)."""
        if isinstance(done, bool) or not isinstance(done, int) or not 0 <= done <= self.total:
            raise ValueError(f"done must be an int from 0 to total = {self.total}, got {done!r:.60}")
        if self.shown and int(100 * done / self.total) != self._percent:
            self._write(done)

    def close(self) -> None:
        """Say that the work is finished."""
        if self.shown:
            self._write(self.total)
            if self._handle is None:
                sys.stderr.write("\n")

    def _write(self, done: int) -> None:
        self._percent = int(100 * done / self.total)
        text = f"{self.what}: {self._percent} % ({done} of {self.total})"
        shell = _notebook_shell()
        if shell is None:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            return
        from IPython.display import display

        if self._handle is None:
            self._handle = display({"text/plain": text}, raw=True, display_id=True)
        else:
            self._handle.update({"text/plain": text}, raw=True)


def _epochs_with_progress(what: str, epochs: int, *, expected_seconds: float,
                          on_epoch: Callable[[int], object] | None = None) -> Iterator[int]:
    """The epochs ``0, ..., epochs - 1`` of a trainer's loop, with its progress line and its ``on_epoch`` hook.

    The :class:`Progress` line is updated before each epoch and closed after the last one; ``on_epoch``,
    if given, is called with the number of epochs finished once each epoch's work (the loop's body) is done.

    >>> finished = []
    >>> for epoch in _epochs_with_progress("training", 3, expected_seconds=0.0, on_epoch=finished.append):
    ...     pass
    >>> finished
    [1, 2, 3]
    """
    progress = Progress(what, total=epochs, expected_seconds=expected_seconds)
    for epoch in range(epochs):
        progress.update(epoch)
        yield epoch
        if on_epoch is not None:
            on_epoch(epoch + 1)
    progress.close()


def _notebook_shell():
    """The running IPython kernel's shell, or None outside a notebook."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    shell = get_ipython()
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None
