"""Bound a call's work by counting it, never by timing it, so that the tests pass on a busy machine.

A test that says "refused at once" or "cheap" counts the work in units a busy CPU cannot change:

* **function calls**, Python and C (``sys.setprofile`` sees each one; every numpy function is one), and
* **memory**: the peak bytes allocated while the call runs (``tracemalloc``, to which numpy reports the
  data of every array it makes).

:func:`within` stops the call as soon as it has made more calls than its budget (so code that starts
the real work instead of refusing fails in moments, not after the work). :func:`deadline` is the one
use of the clock: a hang stops after :data:`HANG_SECONDS`, which only a real hang reaches. Timing
belongs to the benchmarks (``tests/benchmark_*.py``), which measure and report, and assert nothing.

>>> with within(calls=1_000, memory=2**20) as work:
...     total = sum(range(10))
>>> work.calls < 10, work.peak_bytes < 2**20      # sum and range, and the context manager's own few
(True, True)
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass

HANG_SECONDS = 600.0
"""Ten minutes: far beyond anything a test does on a loaded 2-core machine (the slowest single call, an explorer
precomputing every state, takes about 3 s idle), so only a real hang reaches it."""

REFUSAL_CALLS = 100_000
"""Function calls a refusal may make before it raises: checking the arguments, and the small precomputation some
explorers need before they can say a slider value is not among their states (at most about 60,000 today). The
work a valid call of an explorer does is 5 to 20 times this; training a few epochs is a few thousand calls each."""

REFUSAL_BYTES = 64 * 2**20
"""Peak bytes a refusal may allocate: far below the work limit of :data:`helpers._validation.MEMORY_BYTES`."""


class WorkBudgetExceeded(AssertionError):
    """A call did more work than its budget allows."""


class Hang(AssertionError):
    """A call was still running after :data:`HANG_SECONDS`."""


@dataclass
class Work:
    """What a block of code did: its function calls and the peak bytes it allocated (``-1`` when not measured)."""

    calls: int = 0
    peak_bytes: int = -1


@contextlib.contextmanager
def within(*, calls: int, memory: int | None = None, seconds: float = HANG_SECONDS) -> Iterator[Work]:
    """Run the block with at most ``calls`` function calls and ``memory`` peak bytes, under a hang deadline.

    Raises :class:`WorkBudgetExceeded` as soon as the calls run out (and after the block if it
    allocated more than ``memory``), and :class:`Hang` if the block outlives ``seconds``. An exception
    the block raises (the refusal under test) passes through, after the budget was checked.
    """
    work = Work()
    over = False

    def count(frame, event, arg):
        nonlocal over
        if event == "call" or event == "c_call":
            work.calls += 1
            if work.calls > calls and not over:
                over = True
                raise WorkBudgetExceeded(f"more than {calls:,} function calls: the work was started, not refused")

    measuring = memory is not None
    started_here = measuring and not tracemalloc.is_tracing()
    if started_here:
        tracemalloc.start()
    if measuring:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
    previous = sys.getprofile()
    try:
        with deadline(seconds):
            sys.setprofile(count)
            try:
                yield work
            finally:
                sys.setprofile(previous)
    finally:
        if measuring:
            work.peak_bytes = tracemalloc.get_traced_memory()[1] - before
        if started_here:
            tracemalloc.stop()
    if over or work.calls > calls:   # also when the block swallowed the exception
        raise WorkBudgetExceeded(f"{work.calls:,} function calls, more than the {calls:,} allowed")
    if memory is not None and work.peak_bytes > memory:
        raise WorkBudgetExceeded(f"{work.peak_bytes / 2**20:,.1f} MB allocated at once, more than the {memory / 2**20:,.1f} MB allowed")


@contextlib.contextmanager
def deadline(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Fail a block still running after ``seconds`` (``SIGALRM``; where there is none, or off the main thread, no deadline)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Hang(f"still running after {seconds:g} s: a hang (the deadline is far beyond any call's real time)")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refused_at_once(function, *, calls: int = REFUSAL_CALLS, memory: int = REFUSAL_BYTES) -> BaseException:
    """The exception ``function()`` raises, after checking it raised within a refusal's work budget.

    Returns the exception (``TypeError``, ``ValueError``, ...) for the caller to inspect; raises
    ``AssertionError`` if ``function`` returned instead.

    >>> error = refused_at_once(lambda: int("three"))
    >>> type(error).__name__
    'ValueError'
    """
    with within(calls=calls, memory=memory):
        try:
            result = function()
        except (WorkBudgetExceeded, Hang):
            raise
        except Exception as error:  # noqa: BLE001 - the refusal under test, of whatever type
            return error
    raise AssertionError(f"expected a refusal, got a result: {str(result)[:80]}")
