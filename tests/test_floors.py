"""Every floor in pyproject.toml is a version the course works with.

requirements/floors.txt, written by ``python requirements/lock.py`` with uv's ``--resolution lowest-direct``,
pins every runtime dependency at the lowest version pyproject.toml allows and everything else at the
newest version that fits, for CPython 3.11, the oldest Python the course allows. Here uv builds a fresh
environment from it (about 15 s; its cache makes later runs faster), every student notebook runs clean
in a kernel of that environment (outputs are not compared: pictures and last digits may differ between
versions), and that environment's own JupyterLab, at its floor, runs a notebook in headless Chromium
and every slider of its live figure moves it.

Needs the package registry and a Python 3.11: without them these tests skip and say so; CI, which has
both, sets REQUIRE_REGISTRY=1 and fails instead.
"""

import json
import os
import subprocess
import tomllib
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from jupyterlab_driver import CHROMIUM, JupyterLabServer, key_away_from_end_of_range, live_sliders, open_and_run, press_and_measure_live
from student_environments import error_outputs, execute, oldest_python, require_registry, uv, uv_pip, venv_python

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "requirements" / "floors.txt"
STUDENT_NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))
BROWSER_NOTEBOOK = ROOT / "notebooks" / "02_why_the_gradient_scales.ipynb"   # one live figure, three sliders


def runtime_floors() -> dict[str, Version]:
    """{name: floor} of pyproject.toml's [project] dependencies, each of which is one lower bound."""
    floors = {}
    for line in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == ">=" and requirement.marker is None, f"{line}: a runtime dependency is one floor, `name>=version`"
        floors[canonicalize_name(requirement.name)] = Version(specifier.version)
    return floors


def floor_pins() -> dict[str, Version]:
    pins = {}
    for line in FLOORS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            pins[canonicalize_name(requirement.name)] = Version(next(iter(requirement.specifier)).version)
    return pins


def test_the_floors_file_pins_every_runtime_dependency_at_its_floor():
    pins = floor_pins()
    for name, floor in runtime_floors().items():
        assert pins.get(name) == floor, f"{name}: floors.txt has {pins.get(name)}, pyproject.toml's floor is {floor}: run requirements/lock.py"


@pytest.fixture(scope="module")
def floor_python(tmp_path_factory):
    """The Python of a fresh environment holding exactly requirements/floors.txt, made by uv with Python 3.11."""
    require_registry("to install every runtime dependency at its floor")
    base = oldest_python()
    if base is None:
        message = "needs a Python 3.11 (the oldest the course allows): none is on PATH"
        if os.environ.get("REQUIRE_REGISTRY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("floors") / "venv"
    subprocess.run([*uv(), "venv", "--no-config", "--quiet", "--python", base, str(folder)], check=True, timeout=300)
    python = venv_python(folder)
    uv_pip("sync", python, str(FLOORS))   # exactly the file: nothing more, nothing less
    return python


def test_the_floor_environment_is_python_3_11_with_every_floor(floor_python):
    names = sorted(runtime_floors())
    code = ("import importlib.metadata as m, json, sys; "
            f"print(json.dumps([list(sys.version_info[:2]), {{n: m.version(n) for n in {names!r}}}]))")
    python_version, versions = json.loads(subprocess.run([str(floor_python), "-c", code], check=True, capture_output=True,
                                                         text=True).stdout)
    assert python_version == [3, 11]
    assert {name: Version(version) for name, version in versions.items()} == runtime_floors()


@pytest.mark.parametrize("notebook", STUDENT_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_student_notebook_runs_clean_at_the_floors(floor_python, notebook, tmp_path):
    run = execute(nbformat.read(notebook, as_version=4), floor_python, notebook.parent, tmp_path, timeout=600)
    assert error_outputs(run) == []


def test_jupyterlab_at_its_floor_runs_a_notebook_and_every_slider_moves_its_figure(floor_python, request):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (bash tests/run.sh does)")
    browser = request.getfixturevalue("browser")
    with JupyterLabServer([BROWSER_NOTEBOOK], python=str(floor_python)) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            open_and_run(page, server, BROWSER_NOTEBOOK.name)
            assert Version(page.evaluate("() => window.jupyterapp.version")) == runtime_floors()["jupyterlab"]
            for kind in ("error", "stderr"):
                assert page.locator(f".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.{kind}']").count() == 0
            sliders = live_sliders(page)
            assert sliders, "the notebook's live figure has sliders"
            for slider in sliders:
                before = slider["canvas"].evaluate("(canvas) => canvas.toDataURL()")
                assert press_and_measure_live(page, slider, key_away_from_end_of_range(slider)) is not None, slider["label"]
                assert slider["canvas"].evaluate("(canvas) => canvas.toDataURL()") != before, f"{slider['label']} did not redraw"
        finally:
            page.close()
