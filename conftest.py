"""Shared by every test folder (tests/, notebooks/, instructor/, helpers/' doctests): how two workers split the suite.

tests/run.sh runs pytest on two workers (pytest-xdist: `-n 2 --dist loadfile --no-loadscope-reorder`). A work unit
goes whole to one worker: a notebook's cells share nbval's kernel, a module's tests share its module-scoped fixtures,
and the files reading one session-scoped notebook run (SHARED_RUNS) share it, so nothing is computed twice. The
heaviest units go first, so that neither worker is left with a long one at the end. A serial run (`-n 0`, or plain
pytest) is untouched.

It also runs the student notebooks' nbval kernels on other numeric kernels than the machine's own (see
tests/numeric_kernels.py), so that their strict nbval shows that no stored output depends on the CPU, while the
solution notebooks' nbval runs the same code on the machine's own kernels: each notebook is run once per version.
"""

import functools
import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent

SHARED_RUNS = {
    "solution_runs": ("tests/test_check_cells.py", "tests/test_exercises.py", "tests/test_exercises_mutations.py"),
}
"""Session-scoped fixtures that run notebooks (tests/conftest.py), and the test files using them: one unit each.
tests/test_infrastructure.py checks that these are exactly the files that use the fixture."""

HEAVIEST_FIRST = [
    "tests/test_nbgrader.py", "tests/test_floors.py", "solution_runs",
    "tests/test_existing_jupyter.py", "notebooks/08_neural_network.ipynb", "instructor/solutions/08_neural_network.ipynb",
    "notebooks/05_limits_of_scaling.ipynb", "instructor/solutions/05_limits_of_scaling.ipynb",
    "tests/test_site.py", "tests/test_browser.py", "tests/test_lab_bench_browser.py", "tests/test_release.py",
    "tests/test_accessibility.py", "tests/test_widgets.py", "tests/test_launcher.py", "tests/test_explorers.py",
    "tests/test_bad_input.py", "tests/test_pytorch_conventions.py",
]
"""The work units that run longest (file paths from the repository root, or a SHARED_RUNS name), longest first.
Of the notebooks, 08 and 05 cost the most under nbval (CPU time of each student notebook run alone: 40 s and 32 s,
the others 16 to 25 s, about 7 s of it pytest's start), so they go before the other notebooks."""


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


def on_other_kernels(path: Path) -> bool:
    """Whether nbval runs this notebook on other numeric kernels: the student notebooks (notebooks/NN_*.ipynb)."""
    path = Path(path).resolve()
    return path.suffix == ".ipynb" and path.parent == ROOT / "notebooks" and path.name[:2].isdigit()


@functools.cache
def other_kernels() -> tuple[tuple[tuple[str, str], ...], str]:
    """tests/numeric_kernels.py's other_kernels(), once per process (loaded by path: a notebook's nbval may run
    without tests/ on sys.path)."""
    spec = importlib.util.spec_from_file_location("numeric_kernels", ROOT / "tests" / "numeric_kernels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.other_kernels()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """A student notebook's kernel started on other numeric kernels, then checked to have them (Linux only)."""
    from nbval.plugin import IPyNbFile

    notebook = item.parent
    if not (isinstance(notebook, IPyNbFile) and notebook.kernel is None and on_other_kernels(item.path)):
        return (yield)
    variables, _ = other_kernels()
    saved = {name: os.environ.get(name) for name, _ in variables}
    os.environ.update(variables)   # the kernel inherits them; this process keeps its own numpy and then its own values
    try:
        result = yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if variables and notebook.kernel is not None:
        pid = notebook.kernel.km.provisioner.pid
        found = dict(line.split("=", 1) for line in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in line)
        missing = {name: value for name, value in variables if found.get(name) != value}
        assert not missing, f"the kernel of {item.path.name} did not get the other numeric kernels {missing}"
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A student notebook's failing cell says that it ran on other numeric kernels, and what to do if that is why."""
    report = yield
    if report.failed and item.path.suffix == ".ipynb" and on_other_kernels(item.path) and other_kernels()[1]:
        solution = Path("instructor", "solutions", item.path.name)
        report.sections.append(("numeric kernels", (
            f"This student notebook ran on other numeric kernels than this machine's own ({other_kernels()[1]}); "
            f"its stored outputs came from the machine's own. If the same cell passes in {solution} (nbval on the "
            f"machine's own kernels), it prints digits that a CPU can change: print nothing whose digits a kernel "
            f"can change (round it, or print a comparison instead of the number).")))
    return report

