"""Peak resident memory of each notebook's kernel while the notebook executes top to bottom.

    .venv/bin/python tests/benchmark_memory.py                 # every course notebook
    .venv/bin/python tests/benchmark_memory.py notebooks/04_*.ipynb

Each notebook runs with nbclient in a child process of its own, whose kernel is its only child: after
the kernel has shut down, ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` in that process is the
kernel's peak resident set size. Prints a Markdown table for the README and exits with status 1 when
a notebook peaks above the limit (500 MB: a Binder session or a 4 GB school laptop with a browser open).
POSIX only (the resource module).
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_MB = 500


def course_notebooks():
    notebooks = ROOT / "notebooks"
    found = [p for p in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")) if not p.name.startswith("00_")]
    return found + sorted((notebooks.parent / "instructor" / "solutions").glob("[0-9][0-9]_*.ipynb"))


def ru_maxrss_to_megabytes(ru_maxrss):
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return ru_maxrss / 1e6 if sys.platform == "darwin" else ru_maxrss * 1024 / 1e6


def run_one(path):
    """In the child process: execute the notebook, then report the kernel's peak memory as JSON."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    seconds = time.perf_counter() - start
    peak = ru_maxrss_to_megabytes(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"peak_mb": peak, "seconds": seconds}))


def measure(path):
    result = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{path.name} failed to execute:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, default=LIMIT_MB, help="peak allowed per kernel, MB (default 500)")
    options = parser.parse_args(argv)
    if options.child:
        run_one(options.child)
        return 0
    notebooks = [p.resolve() for p in options.notebooks] or course_notebooks()
    print(f"| notebook | kernel peak RSS (MB) | time (s) | at most {options.limit:.0f} MB |")
    print("| --- | ---: | ---: | --- |")
    over = []
    for path in notebooks:
        result = measure(path)
        ok = result["peak_mb"] <= options.limit
        over += [] if ok else [path.name]
        print(f"| {path.relative_to(ROOT / 'notebooks')} | {result['peak_mb']:.0f} | {result['seconds']:.1f} | {'yes' if ok else '**no**'} |", flush=True)
    if over:
        print(f"\nAbove {options.limit:.0f} MB: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
