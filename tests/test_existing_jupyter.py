"""A Jupyter the student already has (Anaconda, a JupyterHub, VS Code), without the course's package.

Its kernel has numpy, matplotlib and ipywidgets but not ``helpers`` installed. Opened from inside the
repository, a notebook whose first code cell is FIRST_CELL finds ``helpers/`` by itself (through
``course_setup.py`` beside it: ``notebooks/`` and ``instructor/solutions/``). A kernel that lacks numpy
& co. gets one sentence naming the fix; so does one whose matplotlib is older than the course's floor
(a real matplotlib 3.9 from the registry), in the first cell, before anything else runs.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from helpers._dependencies import MINIMUM_VERSIONS, REQUIRED_MODULES, missing_message, outdated_message
from student_environments import error_outputs, execute, make_python, require_registry, run_code, uv_pip

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_01 = NOTEBOOKS / "01_reporting_and_learning_rate.ipynb"

# The first code cell of every notebook: course_setup.py, beside the notebook, puts the folder holding
# helpers/ first on sys.path, whichever folder below the repository root the notebook is opened from.
FIRST_CELL = "import course_setup  # finds the course's helpers/ folder and checks your Python packages"
# The newest matplotlib below the floor: what an Anaconda or a hub of 2024 has.
OLD_MATPLOTLIB = "3.9.4"


@pytest.fixture(scope="module")
def student_python(tmp_path_factory):
    return make_python(tmp_path_factory.mktemp("student-jupyter"), with_dependencies=True)


def with_first_cell(notebook):
    """The notebook with FIRST_CELL as its first code cell (if it is not there already)."""
    if not starts_with_first_cell(notebook):
        notebook.cells.insert(0, nbformat.v4.new_code_cell(FIRST_CELL))
    return notebook


def starts_with_first_cell(notebook):
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return bool(code) and code[0].source.strip() == FIRST_CELL


def test_without_the_first_cell_the_package_is_not_found(student_python):
    """The set-up this file tests is real: numpy is there, helpers is not (the failure FIRST_CELL fixes)."""
    result = run_code(student_python, "import numpy, matplotlib, ipywidgets, ipykernel\nimport helpers", NOTEBOOKS)
    assert result.returncode != 0 and "No module named 'helpers'" in result.stderr


# One and two folders below the root: the students' notebooks and the solutions.
DEEPER = ROOT / "instructor" / "solutions"


@pytest.mark.parametrize("folder", [NOTEBOOKS, DEEPER], ids=["one-below-the-root", "two-below-the-root"])
def test_the_first_cell_finds_the_helpers_of_this_repository(student_python, folder):
    result = run_code(student_python, FIRST_CELL + "\nimport helpers\nprint(helpers.__file__)", folder)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "helpers" / "__init__.py"


def test_notebook_01_runs_in_a_jupyter_without_the_package(student_python, tmp_path):
    notebook = with_first_cell(nbformat.read(NOTEBOOK_01, as_version=4))
    assert error_outputs(execute(notebook, student_python, NOTEBOOKS, tmp_path)) == []


@pytest.mark.parametrize("path", sorted([*ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"), *DEEPER.glob("[0-9][0-9]_*.ipynb")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_notebook_starts_with_the_first_cell(path):
    if path.name.startswith("00_"):
        pytest.skip("the start page has no code")
    assert starts_with_first_cell(nbformat.read(path, as_version=4)), "its first code cell must be FIRST_CELL"


def test_a_jupyter_without_numpy_gets_one_sentence_naming_the_fix(tmp_path):
    bare = make_python(tmp_path / "bare", with_dependencies=False)
    result = run_code(bare, FIRST_CELL + "\nimport helpers", NOTEBOOKS)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == "helpers._dependencies.MissingDependencies: " + missing_message(list(REQUIRED_MODULES))
    assert "%pip install numpy matplotlib ipywidgets" in last_line and "python start.py" in last_line


def test_in_a_notebook_the_message_is_one_line_without_a_traceback():
    from helpers._dependencies import MissingDependencies
    assert MissingDependencies(missing_message(["numpy"]), name="numpy")._render_traceback_() == [
        "MissingDependencies: " + missing_message(["numpy"])]


def test_opened_outside_the_course_the_first_cell_says_where_to_open_it(student_python, tmp_path):
    (tmp_path / "course_setup.py").write_bytes((NOTEBOOKS / "course_setup.py").read_bytes())
    result = run_code(student_python, FIRST_CELL, tmp_path)
    assert result.returncode != 0 and "open it from inside the course's folder" in result.stderr.strip().splitlines()[-1]


def test_the_message_names_only_what_is_missing():
    assert "lacks ipywidgets:" in missing_message(["ipywidgets"])
    assert "lacks numpy and matplotlib:" in missing_message(["numpy", "matplotlib"])


def test_a_notebook_that_cannot_find_helpers_fails_here(student_python, tmp_path):
    """The notebook test above can fail: the same notebook without FIRST_CELL stops at `import helpers`."""
    notebook = nbformat.read(NOTEBOOK_01, as_version=4)
    if starts_with_first_cell(notebook):
        first = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
        del notebook.cells[first]
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    notebook.cells = [cell for cell in notebook.cells if cell is code[0]]  # the imports only: fast
    with pytest.raises(CellExecutionError, match="No module named 'helpers'"):
        execute(notebook, student_python, NOTEBOOKS, tmp_path)


# A student's own Jupyter with a matplotlib older than the floor: this run's packages, but a real matplotlib
# 3.9 from the registry installed into the venv itself, which comes first on its path.
@pytest.fixture(scope="module")
def old_matplotlib_python(tmp_path_factory):
    require_registry("to install a matplotlib older than the course's floor")
    python = make_python(tmp_path_factory.mktemp("old-matplotlib"), with_dependencies=True)
    uv_pip("install", python, "--no-deps", f"matplotlib=={OLD_MATPLOTLIB}")
    return python


def test_the_old_matplotlib_is_the_one_a_kernel_imports_and_lacks_what_the_course_uses(old_matplotlib_python):
    """The floor is real: matplotlib 3.9's artists have no get_figure(root=True), which the live figures call."""
    code = "import matplotlib, matplotlib.figure; print(matplotlib.__version__); matplotlib.figure.Figure().add_subplot().get_figure(root=True)"
    result = run_code(old_matplotlib_python, code, NOTEBOOKS)
    assert result.stdout.strip() == OLD_MATPLOTLIB
    assert result.returncode != 0 and "TypeError" in result.stderr.strip().splitlines()[-1]
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0  # 3.10 and later


def test_a_too_old_matplotlib_stops_the_first_cell_with_one_sentence(old_matplotlib_python, tmp_path):
    """In the notebook: the first cell's only output is the one sentence (no traceback), and Run All stops there."""
    notebook = nbformat.read(NOTEBOOK_01, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"][:2]
    for cell in code:  # as stored, but never run
        cell.outputs, cell.execution_count = [], None
    notebook.cells = code  # the first cells only: fast
    assert starts_with_first_cell(notebook)
    with pytest.raises(CellExecutionError):
        execute(notebook, old_matplotlib_python, NOTEBOOKS, tmp_path)
    first, second = notebook.cells
    sentence = outdated_message([("matplotlib", OLD_MATPLOTLIB)])
    assert [(o.output_type, o.ename, o.traceback) for o in first.outputs] == [
        ("error", "OutdatedDependencies", ["OutdatedDependencies: " + sentence])]
    assert "\n" not in sentence and sentence.count(". ") == 0, "one sentence"
    assert f"matplotlib {OLD_MATPLOTLIB}" in sentence and f"matplotlib {MINIMUM_VERSIONS['matplotlib']} or newer" in sentence
    assert f'%pip install -U "matplotlib>={MINIMUM_VERSIONS["matplotlib"]}"' in sentence and "restart the kernel" in sentence
    assert second.outputs == [] and second.execution_count is None, "Run All stops at the first cell"


def test_the_version_check_names_only_what_is_too_old():
    from helpers._dependencies import outdated_modules
    found = {"numpy": "2.1.3", "matplotlib": "3.10.0", "ipywidgets": "8.1.9"}.get
    assert outdated_modules(version=found) == [("numpy", "2.1.3")]
    assert outdated_modules(version={"numpy": "2.2.0rc1", "matplotlib": "3.10", "ipywidgets": "9.0"}.get) == []
    assert outdated_modules(version={"numpy": "1.26.4", "matplotlib": "3.7.5", "ipywidgets": "7.8.5"}.get) == [
        ("numpy", "1.26.4"), ("matplotlib", "3.7.5"), ("ipywidgets", "7.8.5")]
    assert outdated_modules(version=lambda name: None) == [], "a version that cannot be read is not reported"
