"""The stored notebook outputs do not depend on the CPU that runs them.

The student notebooks' strict nbval (the suite's own, in the same session) runs their kernels on other
numeric kernels than the machine's own: OpenBLAS forced to another core type, numpy's dispatched SIMD
paths switched off, and OpenBLAS on one thread (``tests/numeric_kernels.py``; the root ``conftest.py``
sets them for each student notebook's kernel and checks that the kernel got them). Their stored outputs
come from the machine's own kernels, so every cell must print what it stored on both; the solution
notebooks' nbval runs the same code on the machine's own kernels. This file checks that mechanism:
which notebooks it covers, and that the other kernels do change a CPU-dependent number.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from numeric_kernels import KERNEL_VARIABLES, other_kernels

ROOT = Path(__file__).resolve().parents[1]
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((ROOT / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))

spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
root_conftest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(root_conftest)

# A chaotic iteration through both kinds of kernel: a matrix product (OpenBLAS) and tanh (numpy's SIMD loops).
# A last-bit difference grows until the printed digits differ, as in a chaotic training run.
CHAOTIC = ("import numpy as np\n"
           "rng = np.random.default_rng(0)\n"
           "weights, x = rng.standard_normal((64, 64)), rng.standard_normal((64, 16))\n"
           "for _ in range(400):\n"
           "    x = np.tanh(weights @ x) * 2\n"
           "print(f'{x.sum():.10f}')\n")


def test_the_student_notebooks_and_only_they_run_on_other_kernels():
    assert STUDENT_NOTEBOOKS and SOLUTIONS
    assert all(root_conftest.on_other_kernels(path) for path in STUDENT_NOTEBOOKS)
    assert not any(root_conftest.on_other_kernels(path) for path in SOLUTIONS)
    assert not root_conftest.on_other_kernels(ROOT / "notebooks" / "course_setup.py")


def test_the_other_kernels_are_named_by_known_variables():
    variables, how = other_kernels()
    assert {name for name, _ in variables} <= set(KERNEL_VARIABLES)
    assert bool(variables) == bool(how)


@pytest.mark.skipif(not (sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")),
                    reason="the kernel switches are OpenBLAS's and numpy's on x86 Linux")
def test_the_other_kernels_change_a_cpu_dependent_number():
    """The check can fail: a number whose digits a kernel can change prints otherwise on the other kernels."""
    variables, how = other_kernels()
    assert how, "neither OpenBLAS nor numpy's SIMD dispatch could be switched on this x86 Linux machine"

    def printed(environment):
        return subprocess.run([sys.executable, "-c", CHAOTIC], env=environment, capture_output=True, text=True,
                              check=True, timeout=600).stdout

    own = printed(dict(os.environ))
    assert printed(dict(os.environ)) == own   # deterministic on the same kernels: a difference is the kernels'
    assert printed({**os.environ, **dict(variables)}) != own, f"the same digits on other kernels ({how})"
    # Each switch on its own changes them too: OpenBLAS's (the product) and numpy's SIMD loops (tanh).
    for switch in ({"OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS"}, {"NPY_DISABLE_CPU_FEATURES"}):
        alone = {name: value for name, value in variables if name in switch}
        assert not alone or printed({**os.environ, **alone}) != own, f"{alone} changes no digit"
