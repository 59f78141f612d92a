"""The stored notebook outputs do not depend on the CPU that runs them.

Strict nbval compares each stored text output with a fresh run on whatever machine CI gets. A number
whose digits depend on the CPU then passes on one machine and fails on the next: OpenBLAS picks its
matrix kernels by CPU model (``Haswell``, ``SkylakeX``, ``Zen``, ...), and numpy picks its SIMD loops
by CPU features (``X86_V3`` = AVX2 and FMA, ``X86_V4`` = AVX-512). A chaotic training run amplifies a
last-bit difference into the printed digits (notebook 01's sweep printed 2.285 here, 2.262 with the
Sandybridge kernel, 1.613 on an earlier CI machine).

This test runs every student notebook under strict nbval (the suite's own flags, so the comparison is
nbval's) on other numeric kernels than the machine's own, all at once: OpenBLAS forced to another core
type, numpy's dispatched SIMD paths switched off, and OpenBLAS on one thread. Every cell must print
what it stored, except the cells in :data:`FRAGILE`, which must still differ: the set can only shrink.
To see which cells differ and how, run the command this test prints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

FRAGILE: set[tuple[str, str]] = set()
"""``(notebook, cell id)`` of the cells known to print CPU-dependent text today."""

KERNEL_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "NPY_DISABLE_CPU_FEATURES")


def openblas_core(environment: dict[str, str]) -> str | None:
    """The OpenBLAS kernel numpy uses under ``environment`` (None if numpy's BLAS is not OpenBLAS)."""
    script = ("import ctypes, glob, os, numpy\n"
              "libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + '.libs', '*openblas*'))\n"
              "lib = ctypes.CDLL(libs[0]) if libs else None\n"
              "names = ('scipy_openblas_get_corename64_', 'scipy_openblas_get_corename', 'openblas_get_corename64_', 'openblas_get_corename')\n"
              "get = next((getattr(lib, n) for n in names if lib is not None and hasattr(lib, n)), None)\n"
              "if get is not None: get.restype = ctypes.c_char_p\n"
              "print(get().decode() if get is not None else '')\n")
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=300)
    return result.stdout.strip() or None


def dispatched_simd_features() -> list[str]:
    """The SIMD feature groups numpy dispatches to on this CPU, above its compiled baseline (``["X86_V3"]`` here)."""
    from numpy._core import _multiarray_umath as umath   # where numpy.show_runtime() reads them

    found = getattr(umath, "__cpu_features__", {})
    return [name for name in getattr(umath, "__cpu_dispatch__", []) if found.get(name)]


def other_kernels() -> tuple[dict[str, str], str]:
    """An environment whose numeric kernels differ from this machine's own, and a sentence saying how."""
    environment = dict(os.environ)
    own = openblas_core(environment)
    changes = []
    if own is not None:
        other = "Sandybridge" if own != "Sandybridge" else "Nehalem"
        environment["OPENBLAS_CORETYPE"] = other
        environment["OPENBLAS_NUM_THREADS"] = "1"
        changes.append(f"OpenBLAS kernel {other} on one thread instead of {own}")
    simd = dispatched_simd_features()
    if simd:
        environment["NPY_DISABLE_CPU_FEATURES"] = " ".join(simd)
        changes.append(f"numpy without its {', '.join(simd)} loops")
    return environment, "; ".join(changes)


def code_cell_ids(path: Path) -> list[str]:
    return [cell.get("id", "") for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code"]


def differing_cells(report: Path) -> set[tuple[str, str]]:
    """``(notebook, cell id)`` of every nbval item that failed, from pytest's JUnit XML report."""
    failed = set()
    for case in ElementTree.parse(report).iter("testcase"):
        if case.find("failure") is None and case.find("error") is None:
            continue
        notebook = case.get("classname", "").removeprefix("notebooks.")
        name = case.get("name", "")
        if not name.startswith("Cell ") or not notebook.endswith(".ipynb"):
            failed.add((notebook, name))   # not a cell: the notebook could not run at all
            continue
        failed.add((notebook, code_cell_ids(ROOT / "notebooks" / notebook)[int(name.removeprefix("Cell "))]))
    return failed


def test_the_fragile_cells_are_cells_of_the_student_notebooks():
    ids = {(path.name, cell_id) for path in STUDENT_NOTEBOOKS for cell_id in code_cell_ids(path)}
    assert FRAGILE <= ids, f"FRAGILE names cells that do not exist (renamed?): {sorted(FRAGILE - ids)}"


def test_a_differing_cell_is_found_by_its_id(tmp_path):
    """nbval numbers a notebook's code cells from 0 ("Cell 16"); the report maps them back to cell ids."""
    path = next(path for path in STUDENT_NOTEBOOKS if len(code_cell_ids(path)) > 3)   # 00 has no code
    notebook, ids = path.name, code_cell_ids(path)
    report = tmp_path / "report.xml"
    report.write_text(f'<testsuites><testsuite><testcase classname="notebooks.{notebook}" name="Cell 0"/>'
                      f'<testcase classname="notebooks.{notebook}" name="Cell 2"><failure message="differs"/></testcase>'
                      f'<testcase classname="notebooks.{notebook}" name="Cell 3"><error message="kernel died"/></testcase>'
                      f'</testsuite></testsuites>')
    assert differing_cells(report) == {(notebook, ids[2]), (notebook, ids[3])}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel switches are OpenBLAS's and numpy's on Linux")
def test_every_notebook_prints_the_same_on_other_numeric_kernels(tmp_path):
    environment, how = other_kernels()
    if not how:
        pytest.skip("neither OpenBLAS nor numpy's SIMD dispatch can be switched here")
    report = tmp_path / "nbval.xml"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml", str(report),
               *(str(path.relative_to(ROOT)) for path in STUDENT_NOTEBOOKS)]
    # The suite's own strict nbval flags come from pyproject.toml's addopts: the comparison is nbval's.
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=3600)
    assert report.exists(), f"nbval did not run: {result.stdout[-2000:]}{result.stderr[-2000:]}"
    differing = differing_cells(report)
    replay = " ".join([*(f"{k}='{environment[k]}'" for k in KERNEL_VARIABLES if k in environment), "python -m pytest",
                       *(str(path.relative_to(ROOT)) for path in STUDENT_NOTEBOOKS)])
    new = sorted(differing - FRAGILE)
    assert not new, (f"these cells print other text with other numeric kernels ({how}), so strict nbval passes or "
                     f"fails by the CPU CI gets: print nothing whose digits a kernel can change (round it, or print "
                     f"a comparison instead of the number): {new}\nSee the differences with: {replay}\n"
                     + result.stdout[-6000:])
    if openblas_core(environment) is not None and "OPENBLAS_CORETYPE" in environment:
        fixed = sorted(FRAGILE - differing)
        assert not fixed, (f"these cells no longer depend on the numeric kernels ({how}): remove them from FRAGILE "
                           f"in {Path(__file__).name}: {fixed}")
