"""Other numeric kernels than this machine's own, for the student notebooks' strict nbval (the root conftest.py).

Strict nbval compares each stored text output with a fresh run on whatever machine CI gets. A number
whose digits depend on the CPU then passes on one machine and fails on the next: OpenBLAS picks its
matrix kernels by CPU model (``Haswell``, ``SkylakeX``, ``Zen``, ...), and numpy picks its SIMD loops
by CPU features (``X86_V3`` = AVX2 and FMA, ``X86_V4`` = AVX-512). A chaotic training run amplifies a
last-bit difference into the printed digits (notebook 01's sweep printed 2.285 here, 2.262 with the
Sandybridge kernel, 1.613 on an earlier CI machine).

So the student notebooks' kernels run on other kernels, all at once: OpenBLAS forced to another core
type, numpy's dispatched SIMD paths switched off, and OpenBLAS on one thread. Their stored outputs come
from this machine's own kernels (``scripts/make_student_notebooks.py``), so a cell whose digits a kernel
can change fails nbval there. The solution notebooks' nbval runs the same code on the machine's own kernels.
"""

from __future__ import annotations

import functools
import os
import platform
import subprocess
import sys

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


@functools.cache
def other_kernels() -> tuple[tuple[tuple[str, str], ...], str]:
    """The variables that make numpy's kernels differ from this machine's own, and a sentence saying how.

    Empty (and ``""``) where they cannot be switched: off Linux, or with neither OpenBLAS nor SIMD dispatch."""
    if not sys.platform.startswith("linux"):   # the switches are OpenBLAS's and numpy's on Linux
        return (), ""
    own = openblas_core(dict(os.environ))
    variables, changes = {}, []
    if own is not None:
        other = "Sandybridge" if own != "Sandybridge" else "Nehalem"   # x86 kernels
        switched = openblas_core({**os.environ, "OPENBLAS_CORETYPE": other})
        # On x86 (CI) the switch must work; elsewhere (an ARM laptop) OpenBLAS has no x86 kernel to switch to.
        assert switched == other or platform.machine() not in ("x86_64", "AMD64"), \
            f"OPENBLAS_CORETYPE={other} gave OpenBLAS kernel {switched}: the switch no longer works"
        if switched == other:
            variables["OPENBLAS_CORETYPE"] = other
            variables["OPENBLAS_NUM_THREADS"] = "1"
            changes.append(f"OpenBLAS kernel {other} on one thread instead of {own}")
    simd = dispatched_simd_features()
    if simd:
        variables["NPY_DISABLE_CPU_FEATURES"] = " ".join(simd)
        changes.append(f"numpy without its {', '.join(simd)} loops")
    return tuple(variables.items()), "; ".join(changes)

