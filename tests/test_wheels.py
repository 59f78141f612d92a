"""Every locked package installs from a wheel on CPython 3.11-3.14, Linux x86_64, macOS arm64 and Windows amd64.

No student (and no contributor) compiles anything. For each of the 12 interpreters and platforms,
every line of requirements/runtime.txt and requirements/dev.txt (which holds the runtime lock's lines
at the same versions, tests/test_environment.py checks) that applies there (its markers evaluated for the target, not this machine)
must have a wheel whose tags that target accepts and whose Requires-Python admits the target's
earliest release (3.11.0, ...). The files come from the registry's index (its JSON form), one request
per locked package; the tags a target accepts are packaging's, as pip computes them. pip itself
cross-checks one target the slow way: `pip install --dry-run --no-deps --only-binary=:all:
--python-version ... --platform ... --report` (about 10 s of CPU per target, too slow for all 12 in
every run). This needs the package registry (PyPI): without it the tests skip and say so; CI, which
has it, sets REQUIRE_REGISTRY=1 and fails instead.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from student_environments import require_registry

ROOT = Path(__file__).resolve().parents[1]
LOCKS = (ROOT / "requirements" / "runtime.txt", ROOT / "requirements" / "dev.txt")
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# pip does not widen an explicit --platform to the older tags it accepts: list them all.
MANYLINUX_X86_64 = ([f"manylinux_2_{minor}_x86_64" for minor in range(36, 4, -1)]  # glibc 2.36: Debian 12
                    + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"])
MACOS_ARM64 = ([f"macosx_{major}_0_arm64" for major in range(14, 10, -1)]  # macOS 14 on Apple silicon
               + [f"macosx_{major}_0_universal2" for major in range(14, 10, -1)]
               + [f"macosx_10_{minor}_universal2" for minor in range(16, 8, -1)])
PLATFORMS = {
    "linux-x86_64": (MANYLINUX_X86_64, {"sys_platform": "linux", "os_name": "posix", "platform_system": "Linux",
                                        "platform_machine": "x86_64"}),
    "macos-arm64": (MACOS_ARM64, {"sys_platform": "darwin", "os_name": "posix", "platform_system": "Darwin",
                                  "platform_machine": "arm64"}),
    "windows-amd64": (["win_amd64"], {"sys_platform": "win32", "os_name": "nt", "platform_system": "Windows",
                                      "platform_machine": "AMD64"}),
}
TARGETS = [(python, platform) for python in PYTHONS for platform in PLATFORMS]


def locked_requirements():
    """Every distinct line of the two locks."""
    lines = dict.fromkeys(line.strip() for lock in LOCKS for line in lock.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def marker_environment(python, platform):
    return PLATFORMS[platform][1] | {"python_version": python, "python_full_version": f"{python}.0",
                                     "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def requirements_for(python, platform):
    """The lock's lines that apply on that interpreter and platform, as plain 'name==version'."""
    environment = marker_environment(python, platform)
    return [f"{r.name}{r.specifier}" for r in locked_requirements() if r.marker is None or r.marker.evaluate(environment)]


def release_files(name, version):
    """(wheel file name, Requires-Python) of every wheel of one release, from the registry's simple API (JSON form)."""
    request = urllib.request.Request(f"https://pypi.org/simple/{canonicalize_name(name)}/",
                                     headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    for attempt in range(4):  # a busy machine's resolver sometimes fails a lookup for a moment
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                files = json.load(response)["files"]
            break
        except urllib.error.URLError:
            if attempt == 3:
                raise
            time.sleep(2 ** attempt)
    wheels = [(f["filename"], f.get("requires-python") or "") for f in files
              if f["filename"].endswith(".whl") and not f.get("yanked")]
    return [(filename, requires) for filename, requires in wheels if str(parse_wheel_filename(filename)[1]) == version]


@pytest.fixture(scope="module")
def wheels():
    """{(name, version): [(filename, requires_python)]} for every release in the lock."""
    require_registry("to read which wheels exist for other Pythons and platforms")
    releases = sorted({(r.name, str(next(iter(r.specifier)).version)) for r in locked_requirements()})
    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip(releases, pool.map(lambda release: release_files(*release), releases)))


def accepted_tags(python, platform):
    """The wheel tags a CPython of that version on that platform installs, most specific first."""
    version = tuple(int(part) for part in python.split("."))
    platforms = PLATFORMS[platform][0]
    return set(cpython_tags(version, platforms=platforms)) | set(compatible_tags(version, f"cp{version[0]}{version[1]}", platforms))


def installable(files, python, platform):
    tags = accepted_tags(python, platform)
    return [name for name, requires in files
            if SpecifierSet(requires).contains(f"{python}.0", prereleases=True) and set(parse_wheel_filename(name)[3]) & tags]


def test_markers_pick_the_platform_only_packages():
    def names(python, platform):
        return {line.split("==")[0] for line in requirements_for(python, platform)}
    assert "pywinpty" in names("3.12", "windows-amd64") and "pywinpty" not in names("3.12", "linux-x86_64")
    assert "appnope" in names("3.13", "macos-arm64") and "appnope" not in names("3.13", "windows-amd64")
    assert "numpy" in names("3.14", "linux-x86_64")


@pytest.mark.parametrize("python, platform", TARGETS, ids=[f"cp{p.replace('.', '')}-{plat}" for p, plat in TARGETS])
def test_every_locked_package_has_a_wheel(wheels, python, platform):
    needed = [Requirement(line) for line in requirements_for(python, platform)]
    missing = [str(r) for r in needed if not installable(wheels[r.name, str(next(iter(r.specifier)).version)], python, platform)]
    assert missing == [], f"no wheel for CPython {python} on {platform}: {missing}"


def test_the_wheel_check_can_fail(wheels):
    """Windows-only pywinpty has no Linux wheel; numpy's cp311 wheels do not serve 3.14 on Windows."""
    pywinpty = next(files for (name, _), files in wheels.items() if name == "pywinpty")
    assert installable(pywinpty, "3.12", "windows-amd64") and not installable(pywinpty, "3.12", "linux-x86_64")
    numpy = next(files for (name, _), files in wheels.items() if name == "numpy")
    only_cp311 = [(name, requires) for name, requires in numpy if "-cp311-" in name]
    assert installable(only_cp311, "3.11", "windows-amd64") and not installable(only_cp311, "3.14", "windows-amd64")


def test_pip_agrees_for_one_target(wheels, tmp_path):
    """pip's own wheel-only resolution for CPython 3.14 on Windows picks exactly the locked wheels."""
    python, platform = "3.14", "windows-amd64"
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("\n".join(requirements_for(python, platform)) + "\n")
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-deps",
               "--only-binary=:all:", "--disable-pip-version-check", "--quiet", "--target", str(tmp_path / "target"),
               "--report", str(report), "--python-version", python, "--implementation", "cp", "-r", str(requirements),
               # pip checks Requires-Python against the interpreter running it (3.11.2 rejects soupsieve 4.1.3),
               # not against --python-version: the index check above does that for the target.
               "--ignore-requires-python"]
    for tag in PLATFORMS[platform][0]:
        command += ["--platform", tag]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    installs = json.loads(report.read_text())["install"]
    got = {f"{i['metadata']['name']}=={i['metadata']['version']}".lower().replace("_", "-") for i in installs}
    assert got == {line.lower().replace("_", "-") for line in requirements_for(python, platform)}
    assert all(i["download_info"]["url"].endswith(".whl") for i in installs)
