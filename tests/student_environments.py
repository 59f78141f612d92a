"""Pythons other than the test run's, as students have them, and the package registry they install from.

Shared by tests/test_existing_jupyter.py (a Jupyter without the course's package, one with a too-old
matplotlib), tests/test_floors.py (every runtime dependency at its floor) and tests/test_wheels.py.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from nbclient import NotebookClient
from work_budget import HANG_SECONDS


def registry_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def require_registry(what: str) -> None:
    """Skip, saying why, when the package registry (PyPI) cannot be reached; fail instead where CI sets
    REQUIRE_REGISTRY=1, since CI reaches it."""
    if not registry_reachable():
        message = f"needs the package registry (PyPI) {what}, and it is not reachable from here; CI runs this test"
        if os.environ.get("REQUIRE_REGISTRY") == "1":
            pytest.fail(message)
        pytest.skip(message)


def uv() -> list[str]:
    """uv from the development lock (tests/run.sh installs it)."""
    if importlib.util.find_spec("uv") is None:
        pytest.fail("uv is missing from this environment: it is in requirements/dev.txt, which tests/run.sh installs")
    return [sys.executable, "-m", "uv"]


def uv_pip(command: str, python: Path, *arguments: str) -> None:
    """``uv pip install`` or ``uv pip sync`` into the environment of ``python``, from the registry.

    No user configuration is read; TLS certificates come from the system's store, as pip's do (uv's own
    bundle would refuse a proxy that a school's or a company's network puts in the way).
    """
    result = subprocess.run([*uv(), "pip", command, "--no-config", "--system-certs", "--quiet", "--python", str(python),
                             *arguments], capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]


def without_the_package(environment: dict) -> dict:
    """The environment a student's own Jupyter has: no PYTHONPATH to the course, no user site."""
    environment = {k: v for k, v in environment.items() if k != "PYTHONPATH"}
    return environment | {"PYTHONNOUSERSITE": "1"}


def venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def make_python(folder: Path, with_dependencies: bool) -> Path:
    """A venv without the course's package; with this test run's packages when asked (not their .pth hooks).

    The packages come in through a plain path entry, so the editable install's import hook, which
    lives in a .pth file of the test environment's site-packages, is not run: ``helpers`` stays
    unimportable except through the notebooks' first cell. Packages installed into the venv itself
    come first on its path, before this run's.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = venv_python(folder)
    if with_dependencies:
        site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                       check=True, capture_output=True, text=True).stdout.strip()
        paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
        (Path(site_packages) / "course_dependencies.pth").write_text("\n".join(paths) + "\n")
    return python


def oldest_python() -> str | None:
    """An interpreter of Python 3.11, the oldest the course allows: this one's, or python3.11 on PATH."""
    if sys.version_info[:2] == (3, 11):
        return getattr(sys, "_base_executable", sys.executable)
    return shutil.which("python3.11")


def run_code(python: Path, code: str, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", code], cwd=folder, capture_output=True, text=True,
                          env=without_the_package(os.environ), timeout=HANG_SECONDS)


def execute(notebook, python: Path, folder: Path, tmp_path: Path, timeout: float = HANG_SECONDS):
    """Run a notebook with nbclient in a kernel started by ``python``, from ``folder``; returns it run.

    Raises nbclient's CellExecutionError at the first cell that fails, as "Run All" stops there; the
    notebook keeps the outputs of the cells run until then.
    """
    kernels = tmp_path / "kernels"  # a kernelspec, as a student's Jupyter lists its own Python
    (kernels / "student").mkdir(parents=True, exist_ok=True)
    (kernels / "student" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "a student's own Jupyter", "language": "python"}))
    client = NotebookClient(notebook, kernel_name="student", timeout=timeout, resources={"metadata": {"path": str(folder)}})
    saved = dict(os.environ)
    os.environ.clear()  # the kernel inherits this process's environment; JUPYTER_PATH finds its kernel.json
    os.environ.update(without_the_package(saved) | {"JUPYTER_PATH": str(tmp_path)})
    try:
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return notebook


def error_outputs(notebook) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
