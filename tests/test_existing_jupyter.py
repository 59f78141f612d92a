"""A Jupyter the student already has (Anaconda, a JupyterHub, VS Code), without the course's package.

Its kernel has numpy, matplotlib and ipywidgets but not ``helpers`` installed. Opened from inside the
repository, a notebook whose first code cell is FIRST_CELL finds ``helpers/`` by itself (through
``course_setup.py`` beside it: ``notebooks/`` and ``instructor/solutions/``); a kernel that lacks numpy
& co. gets one sentence naming the fix.
"""

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers._dependencies import REQUIRED_MODULES, missing_message
from work_budget import HANG_SECONDS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_01 = NOTEBOOKS / "01_reporting_and_learning_rate.ipynb"

# The first code cell of every notebook: course_setup.py, beside the notebook, puts the folder holding
# helpers/ first on sys.path, whichever folder below the repository root the notebook is opened from.
FIRST_CELL = "import course_setup  # finds the course's helpers/ folder and checks your Python packages"


def without_the_package(environment):
    """The environment a student's own Jupyter has: no PYTHONPATH to the course, no user site."""
    environment = {k: v for k, v in environment.items() if k != "PYTHONPATH"}
    return environment | {"PYTHONNOUSERSITE": "1"}


def make_python(folder, with_dependencies):
    """A venv without the course's package; with this test run's packages when asked (not their .pth hooks).

    The packages come in through a plain path entry, so the editable install's import hook, which
    lives in a .pth file of the test environment's site-packages, is not run: ``helpers`` stays
    unimportable except through FIRST_CELL.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if with_dependencies:
        site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                       check=True, capture_output=True, text=True).stdout.strip()
        paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
        (Path(site_packages) / "course_dependencies.pth").write_text("\n".join(paths) + "\n")
    return python


@pytest.fixture(scope="module")
def student_python(tmp_path_factory):
    return make_python(tmp_path_factory.mktemp("student-jupyter"), with_dependencies=True)


def run_code(python, code, folder):
    return subprocess.run([str(python), "-c", code], cwd=folder, capture_output=True, text=True,
                          env=without_the_package(os.environ), timeout=HANG_SECONDS)


def execute(notebook, python, folder, tmp_path):
    """Run a notebook with nbclient in a kernel started by ``python``, from ``folder``."""
    kernels = tmp_path / "kernels"  # a kernelspec, as a student's Jupyter lists its own Python
    (kernels / "student").mkdir(parents=True)
    (kernels / "student" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "a student's own Jupyter", "language": "python"}))
    client = NotebookClient(notebook, kernel_name="student", timeout=HANG_SECONDS, resources={"metadata": {"path": str(folder)}})
    saved = dict(os.environ)
    os.environ.clear()  # the kernel inherits this process's environment; JUPYTER_PATH finds its kernel.json
    os.environ.update(without_the_package(saved) | {"JUPYTER_PATH": str(tmp_path)})
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook


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
    executed = execute(notebook, student_python, NOTEBOOKS, tmp_path)
    errors = [o for cell in executed.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []


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
