"""Shared by every test folder (tests/, notebooks/, instructor/, helpers/' doctests): how two workers split the suite.

tests/run.sh runs pytest on two workers (pytest-xdist: `-n 2 --dist loadfile --no-loadscope-reorder`). A work unit
goes whole to one worker: a notebook's cells share nbval's kernel, a module's tests share its module-scoped fixtures,
and the files reading one session-scoped notebook run (SHARED_RUNS) share it, so nothing is computed twice. The
heaviest units go first, so that neither worker is left with a long one at the end. A serial run (`-n 0`, or plain
pytest) is untouched.
"""

from pathlib import Path

import pytest

SHARED_RUNS = {
    "solution_runs": ("tests/test_check_cells.py", "tests/test_exercises.py", "tests/test_exercises_mutations.py"),
}
"""Session-scoped fixtures that run notebooks (tests/conftest.py), and the test files using them: one unit each.
tests/test_infrastructure.py checks that these are exactly the files that use the fixture."""

HEAVIEST_FIRST = [
    "tests/test_cpu_independent_outputs.py", "tests/test_nbgrader.py", "tests/test_floors.py", "solution_runs",
    "tests/test_existing_jupyter.py", "notebooks/08_neural_network.ipynb", "instructor/solutions/08_neural_network.ipynb",
    "tests/test_site.py", "tests/test_browser.py", "tests/test_lab_bench_browser.py", "tests/test_release.py",
    "tests/test_accessibility.py", "tests/test_widgets.py", "tests/test_launcher.py", "tests/test_explorers.py",
    "tests/test_bad_input.py", "tests/test_pytorch_conventions.py",
]
"""The work units that run longest (file paths from the repository root, or a SHARED_RUNS name), longest first."""


def work_unit(nodeid: str) -> str:
    """The unit a test belongs to, from its node id: its file, or the shared run its file reads."""
    path = nodeid.split("::", 1)[0]
    return next((name for name, files in SHARED_RUNS.items() if path in files), path)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """In each worker, the collection (which the scheduler hands out in order) sorted heaviest unit first."""
    if not hasattr(config, "workerinput"):   # not an xdist worker: a serial run keeps pytest's own order
        return
    rank = {unit: position for position, unit in enumerate(HEAVIEST_FIRST)}
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(work_unit(item.nodeid), len(first_seen))
    # Stable: the units in HEAVIEST_FIRST's order, then the others as collected; each unit's items keep their order.
    items.sort(key=lambda item: (rank.get(work_unit(item.nodeid), len(rank)), first_seen[work_unit(item.nodeid)]))


@pytest.hookimpl(optionalhook=True)  # a contributor without pytest-xdist can still run pytest
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` with the files of one shared run in one unit. (xdist's ``loadgroup`` would do it with
    marks, but it renames node ids through ``item._nodeid``, which pytest 9 no longer reads: the groups get lost.)"""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class UnitScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return UnitScheduling(config, log)
