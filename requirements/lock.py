"""Regenerate the course's locks from pyproject.toml: the one command for every change of dependencies.

    .venv/bin/python requirements/lock.py            # after editing pyproject.toml: keeps every pin it can
    .venv/bin/python requirements/lock.py --to-now   # the same, also seeing releases newer than the locks
    .venv/bin/python requirements/lock.py --upgrade  # move everything to the newest releases, as of now
    .venv/bin/python requirements/lock.py --check    # exit 1, with a diff, if the committed files are stale

It writes
    requirements/runtime.txt   what students get: [project] dependencies, all platforms, Python 3.11-3.14
    requirements/dev.txt       the same plus the `dev` extra, at the runtime lock's versions (tests/run.sh)
    requirements/floors.txt    every runtime dependency at its floor (tests/test_floors.py)
and rewrites the versions in environment.yml and binder/environment.yml from the runtime lock.

The result depends only on pyproject.toml and the files already here: uv resolves from the packages
published before the moment recorded in the locks' headers (``--exclude-newer``; ``--to-now`` and
``--upgrade`` move it to now), keeps the versions already locked where they still fit, and reads no user configuration (TLS
certificates come from the system's store, as pip's do). It needs uv (in the development lock: run
``bash tests/run.sh`` once, or ``pip install uv``) and the package registry.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME, DEV, FLOORS = "requirements/runtime.txt", "requirements/dev.txt", "requirements/floors.txt"
CONDA_FILES = ("environment.yml", "binder/environment.yml")
CONDA_NAMES = {"matplotlib": "matplotlib-base"}  # conda-forge's matplotlib without the Qt toolkit
CUTOFF = re.compile(r"^# Resolved from the packages published before (\S+) ", re.MULTILINE)
COMMAND = "python requirements/lock.py"

HEADERS = {
    RUNTIME: """# The runtime lock: exactly what a student gets (python start.py; environment.yml and binder/ name the
# same versions), for CPython 3.11 to 3.14 on Linux, macOS and Windows (markers pick platform-only packages).
# Generated from pyproject.toml's [project] dependencies by `{command}`: never edit by hand.
""",
    DEV: """# The development lock: the runtime lock plus pyproject.toml's `dev` extra (test tools, nbgrader, uv), every
# package the runtime lock has at the same version. tests/run.sh installs it over the runtime lock.
# Generated from pyproject.toml by `{command}`: never edit by hand.
""",
    FLOORS: """# The floors: every runtime dependency at the lowest version pyproject.toml allows, everything else at the
# newest version that fits, for CPython 3.11, the oldest Python the course allows. Not for installing by
# hand: tests/test_floors.py builds an environment from it and runs every student notebook there.
# Generated from pyproject.toml by `{command}` (uv's --resolution lowest-direct): never edit by hand.
""",
}
CUTOFF_LINE = "# Resolved from the packages published before {cutoff} (uv --exclude-newer), for reproducibility.\n"


def uv_command() -> list[str]:
    """uv, from this Python's environment (the development lock installs it) or from PATH."""
    import importlib.util
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    found = shutil.which("uv")
    if found:
        return [found]
    raise SystemExit("requirements/lock.py needs uv: run `bash tests/run.sh` once (the development lock has it), "
                     "or `python -m pip install uv`, then run this with that Python.")


def oldest_python(pyproject: dict) -> str:
    """'3.11' from requires-python '>=3.11': the locks are resolved for the oldest Python allowed."""
    match = re.fullmatch(r">=\s*(3\.\d+)", pyproject["project"]["requires-python"])
    if not match:
        raise SystemExit("pyproject.toml: requires-python must read '>=3.N'")
    return match[1]


def recorded_cutoff(folder: Path) -> str | None:
    """The moment the runtime lock was resolved at, from its header; None when there is none yet."""
    path = folder / RUNTIME
    match = CUTOFF.search(path.read_text()) if path.exists() else None
    return match[1] if match else None


def compile_lock(uv: list[str], output: Path, python: str, cutoff: str, upgrade: bool, *options: str) -> None:
    """One `uv pip compile` of pyproject.toml into ``output`` (whose pins it keeps unless ``upgrade``)."""
    command = [*uv, "pip", "compile", str(ROOT / "pyproject.toml"), *options, "--universal", "--python-version", python,
               "--exclude-newer", cutoff, "--no-header", "--no-annotate", "--no-config", "--system-certs", "--quiet", "-o", str(output)]
    if upgrade:
        command.append("--upgrade")
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        hint = (" If a package you added is newer than the moment in the locks' headers, run this with --to-now; if a "
                "development tool needs another version of a package students get, loosen one of the two ranges in "
                "pyproject.toml." if "No solution found" in result.stderr else "")
        raise SystemExit(f"uv could not resolve {output.name} (its message is above).{hint}")


def write_locks(folder: Path, upgrade: bool, to_now: bool) -> None:
    """Resolve the three locks into ``folder``/requirements (its files, if any, are the pins to keep)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    extras = set(pyproject["project"].get("optional-dependencies", {}))
    if extras != {"dev"}:
        raise SystemExit(f"pyproject.toml has the extras {sorted(extras)}: put every tool in the one `dev` extra.")
    python = oldest_python(pyproject)
    cutoff = recorded_cutoff(folder)
    if upgrade or to_now or cutoff is None:
        cutoff = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    uv = uv_command()
    (folder / "requirements").mkdir(exist_ok=True)
    compile_lock(uv, folder / RUNTIME, python, cutoff, upgrade)
    compile_lock(uv, folder / DEV, python, cutoff, upgrade, "--extra", "dev", "--constraint", str(folder / RUNTIME))
    compile_lock(uv, folder / FLOORS, python, cutoff, upgrade, "--resolution", "lowest-direct")
    for name, header in HEADERS.items():
        path = folder / name
        pins = [line for line in path.read_text().splitlines(keepends=True) if line.strip() and not line.startswith("#")]
        path.write_text(header.format(command=COMMAND) + CUTOFF_LINE.format(cutoff=cutoff) + "".join(pins))


def runtime_pins(folder: Path) -> dict[str, str]:
    """{name: version} of the runtime lock's lines (names as pyproject.toml writes them, lower case)."""
    pins = {}
    for line in (folder / RUNTIME).read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def direct_dependencies() -> list[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return [re.match(r"[A-Za-z0-9_.-]+", line)[0].lower() for line in pyproject["project"]["dependencies"]]


def with_conda_pins(text: str, name: str, pins: dict[str, str]) -> str:
    """A conda environment file with each direct dependency's `- name=version` line set to the lock's version."""
    for package in direct_dependencies():
        conda_name = CONDA_NAMES.get(package, package)
        pattern = re.compile(rf"^(\s*-\s*){re.escape(conda_name)}=[^\s#]+", re.MULTILINE)
        if not pattern.search(text):
            raise SystemExit(f"{name} has no line `- {conda_name}=VERSION`: add one (any version), then run this again.")
        text = pattern.sub(lambda m: f"{m[1]}{conda_name}={pins[package]}", text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--to-now", action="store_true", help="see releases up to now (keeps the locked versions that fit)")
    parser.add_argument("--upgrade", action="store_true", help="the newest releases as of now, not the locked ones")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file is stale")
    options = parser.parse_args(argv)
    if not options.check:
        write_locks(ROOT, options.upgrade, options.to_now)
        pins = runtime_pins(ROOT)
        for name in CONDA_FILES:
            path = ROOT / name
            path.write_text(with_conda_pins(path.read_text(), name, pins))
        print(f"Wrote {RUNTIME}, {DEV}, {FLOORS} and the versions in {' and '.join(CONDA_FILES)}.")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "requirements").mkdir()
        for name in HEADERS:
            if (ROOT / name).exists():
                shutil.copy(ROOT / name, folder / name)
        write_locks(folder, options.upgrade, options.to_now)
        pins = runtime_pins(folder)
        stale = []
        for name in [*HEADERS, *CONDA_FILES]:
            current = (ROOT / name).read_text() if (ROOT / name).exists() else ""
            wanted = (folder / name).read_text() if name in HEADERS else with_conda_pins(current, name, pins)
            if current != wanted:
                stale.append(name)
                sys.stdout.writelines(difflib.unified_diff(current.splitlines(keepends=True), wanted.splitlines(keepends=True),
                                                           f"{name} (committed)", f"{name} (from pyproject.toml)"))
    if stale:
        print(f"\nStale: {', '.join(stale)}. Run `{COMMAND}` and commit the result.")
        return 1
    print("The locks and the conda files agree with pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
