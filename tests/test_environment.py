"""Every way to install the course follows one lock; conda and Binder accept their files; launch links follow one slug.

requirements/lock.txt holds the exact tested versions. pyproject.toml holds the ranges the code needs;
environment.yml and binder/environment.yml name lock versions; the README command, tests/run.sh and
start.py install from the lock. The conda files are read the way conda reads them: YAML, then the
`pip:` list written to a requirements file and handed to pip.
"""

import re
import sys
import tomllib
import warnings
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from pip._internal.exceptions import RequirementsFileParseError
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
ENVIRONMENT_FILES = ("environment.yml", "binder/environment.yml")
CONDA_NAMES = {"matplotlib-base": "matplotlib"}  # conda-forge's headless matplotlib is PyPI's matplotlib
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")

sys.path.insert(0, str(ROOT / "binder"))  # binder/links.py is a script, not a package
import links  # noqa: E402


def lock_requirements(path=LOCK):
    """Each line of the lock as a packaging Requirement (name, exact version, marker)."""
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def lock_versions(path=LOCK):
    """{name: version}; a package locked at two versions for different Pythons maps to both, joined by ' or '."""
    pins = {}
    for requirement in lock_requirements(path):
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{requirement}: the lock pins exact versions"
        name = canonicalize_name(requirement.name)
        pins[name] = specifier.version if name not in pins else f"{pins[name]} or {specifier.version}"
    return pins


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def pip_requirements(lines, tmp_path):
    """Parse lines exactly as pip parses a requirements file; returns pip's parsed requirements."""
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings():  # pip's internals import its deprecated vendored pkg_resources
        warnings.simplefilter("ignore", DeprecationWarning)
        return list(parse_requirements(str(path), session=PipSession()))


def conda_file(name):
    """(conda specs, pip lines) of an environment file, read as YAML like conda reads it."""
    environment = yaml.safe_load((ROOT / name).read_text())
    conda, pip = [], []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip += entry["pip"]
        else:
            conda.append(entry)
    return environment, conda, pip


def conda_pins(specs):
    """{name: version} of conda specs 'name=version' or 'name==version'; unpinned names map to None."""
    pins = {}
    for spec in specs:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(?:==?\s*([0-9][^\s,]*))?", spec)
        assert match, f"unexpected conda spec {spec!r}"
        pins[CONDA_NAMES.get(match[1], match[1])] = match[2]
    return pins


def test_the_lock_pins_every_requirement_of_the_package_within_its_range():
    pins = lock_versions()
    project = pyproject()["project"]
    assert project["requires-python"] == ">=3.11"
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements/lock.txt: regenerate the lock"
        for version in pins[name].split(" or "):
            assert requirement.specifier.contains(version), f"lock has {name}=={version}, outside {requirement.specifier}"


def test_the_lock_check_catches_a_version_outside_a_range():
    assert not Requirement("numpy>=2.0").specifier.contains("1.26.4")


@pytest.mark.parametrize("name", ENVIRONMENT_FILES)
def test_conda_part_names_python_and_the_lock_versions(name):
    environment, conda, _ = conda_file(name)
    assert environment["channels"] == ["conda-forge"]
    pins = conda_pins(conda)
    assert "matplotlib" not in [spec.split("=")[0] for spec in conda], "conda-forge's matplotlib pulls in Qt: use matplotlib-base"
    assert pins.pop("pip") is None, "list pip, so conda installs the pip section with its own pip"
    assert pins.pop("python") in SUPPORTED_PYTHONS
    locked = lock_versions()
    for package, version in pins.items():
        assert locked.get(canonicalize_name(package)) == version, f"{name}: {package}={version}, lock has {locked.get(package)}"
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel"} <= set(pins)


@pytest.mark.parametrize("name", ENVIRONMENT_FILES)
def test_pip_part_is_a_valid_requirements_file_with_lock_versions(name, tmp_path):
    _, _, pip = conda_file(name)
    locked = lock_versions()
    for parsed in pip_requirements(pip, tmp_path):
        if parsed.is_editable:
            assert name == "environment.yml" and parsed.requirement == ".", f"{name}: {parsed.requirement}"
            continue
        requirement = Requirement(parsed.requirement)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==" and locked[canonicalize_name(requirement.name)] == specifier.version, parsed.requirement


def test_pip_rejects_an_option_alone_on_a_line(tmp_path):
    """The check above reads pip lines the way conda's pip does: the old file's bare --no-deps fails it."""
    with pytest.raises(RequirementsFileParseError):
        pip_requirements(["pytest==9.2.0", "--no-deps", "-e ."], tmp_path)


def test_binder_has_no_local_paths_and_a_strict_post_build():
    _, _, pip = conda_file("binder/environment.yml")
    assert not any(line.startswith(("-e", "-r", ".", "/")) for line in pip), "repo2docker would rebuild on every commit"
    post_build = ROOT / "binder" / "postBuild"
    commands = [line for line in post_build.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -e"
    assert "python -m pip install --no-deps -e ." in commands
    assert any(command.startswith("jupyter trust notebooks/*.ipynb") for command in commands)
    assert post_build.stat().st_mode & 0o111


def test_every_installer_reads_the_lock():
    start = (ROOT / "start.py").read_text()
    assert 'LOCK = os.path.join("requirements", "lock.txt")' in start and '"-r", LOCK' in start
    run = (ROOT / "tests" / "run.sh").read_text()
    assert 'start.py --setup-only' in run
    readme = (ROOT / "README.md").read_text()
    assert "python start.py" in readme and "py start.py" in readme
    assert "\nbash tests/run.sh\n" in (ROOT / ".ci" / "run").read_text() and "bash tests/run.sh" in readme


def test_every_binder_link_is_built_from_the_one_slug():
    repository, branch = links.course_settings()
    assert re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository)
    found = 0
    for name in links.FILES_WITH_LINKS:
        path = ROOT / name
        if path.exists():
            text = path.read_text()
            found += len(links.BINDER_LINK.findall(text))
            assert links.with_links_from(text, repository, branch) == text, f"{name}: run `python binder/links.py`"
    readme = (ROOT / "README.md").read_text()
    assert f"(https://mybinder.org/badge_logo.svg)]({links.launch_link(repository, branch)})" in readme
    assert found >= 2


def test_a_link_to_another_fork_is_caught():
    repository, branch = links.course_settings()
    stale = links.launch_link("someone-else/sum-or-mean", branch)
    assert links.with_links_from(stale, repository, branch) != stale
    stale_build = links.build_link(repository, "old-branch")
    assert links.with_links_from(stale_build, repository, branch) == links.build_link(repository, branch)
    assert links.opened_path(links.launch_link(repository, branch, "notebooks/02_x.ipynb")) == "notebooks/02_x.ipynb"


def test_binder_links_open_files_that_exist():
    for name in links.FILES_WITH_LINKS:
        path = ROOT / name
        if path.exists():
            for link in links.BINDER_LINK.findall(path.read_text()):
                if "/build/gh/" in link:
                    continue
                assert (ROOT / links.opened_path(link)).exists(), link
