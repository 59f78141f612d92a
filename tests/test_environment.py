"""The three places that pin versions agree, and Binder's configuration follows repo2docker's rules."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyproject_pins(group=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] if group is None else project["optional-dependencies"][group]
    pins = {}
    for requirement in requirements:
        name, version = requirement.split("==")  # every requirement is an exact pin
        pins[name.lower()] = version
    return pins


def environment_pins(path):
    """Pins of an environment.yml: conda lines 'name=version', pip lines 'name==version'."""
    pins, local = {}, []
    for line in (ROOT / path).read_text().splitlines():
        entry = line.split("#")[0].strip()
        if not entry.startswith("- "):
            continue
        spec = entry[2:].strip()
        if spec.startswith("-e") or spec.startswith(".") or "/" in spec:
            local.append(spec)
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==?([0-9][^\s]*)", spec)
        if match:
            pins[match[1].lower()] = match[2]
    return pins, local


def test_every_requirement_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert re.fullmatch(r"[a-z0-9_.-]+==[0-9.]+", requirement), requirement


def test_binder_environment_matches_pyproject():
    pins, local = environment_pins("binder/environment.yml")
    assert local == [], "binder/environment.yml must not name local paths: repo2docker would rebuild on every commit"
    assert pins.pop("python") == "3.11"
    assert pins == pyproject_pins()


def test_top_level_environment_matches_pyproject():
    pins, _ = environment_pins("environment.yml")
    assert pins.pop("python") == "3.11"
    assert pins == pyproject_pins() | pyproject_pins("test")


def test_pip_is_listed_and_post_build_is_strict():
    assert "  - pip\n" in (ROOT / "binder/environment.yml").read_text()
    post_build = (ROOT / "binder/postBuild").read_text().splitlines()
    commands = [line for line in post_build if line.strip() and not line.startswith("#")]
    assert commands[0] == "set -e"
    assert "python -m pip install --no-deps -e ." in commands
    assert (ROOT / "binder/postBuild").stat().st_mode & 0o111


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci/run").read_text()
    assert "bash tests/run.sh" in readme and "\nbash tests/run.sh\n" in ci
