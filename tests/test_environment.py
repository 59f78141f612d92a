"""Two locks made from pyproject.toml; every installer follows one; every dependency earns its place.

pyproject.toml holds the ranges: [project] dependencies, what a student's Python needs, and the `dev`
extra, the contributors' tools. `python requirements/lock.py` makes requirements/runtime.txt (students:
start.py; environment.yml and binder/environment.yml name its versions) and requirements/dev.txt (the
same plus the tools: tests/run.sh). The conda files are read the way conda reads them: YAML, then the
`pip:` list written to a requirements file and handed to pip.
"""

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers._dependencies import MINIMUM_VERSIONS
from student_environments import require_registry

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
ENVIRONMENT_FILES = ("environment.yml", "binder/environment.yml")
CONDA_NAMES = {"matplotlib-base": "matplotlib"}  # conda-forge's headless matplotlib is PyPI's matplotlib
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# What a student must never install: the test tools the issue names, and the other contributors' tools.
NEVER_FOR_STUDENTS = ("pytest", "playwright", "hypothesis", "nbval", "coverage", "nbgrader", "uv")

sys.path.insert(0, str(ROOT / "binder"))  # binder/links.py is a script, not a package
import links  # noqa: E402


def lock_requirements(path):
    """Each line of a lock as a packaging Requirement (name, exact version, marker)."""
    lines = [line.strip() for line in path.read_text().splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def lock_versions(path):
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


def runtime_dependencies():
    return [Requirement(line) for line in pyproject()["project"]["dependencies"]]


class PipRefused(Exception):
    """pip refused a requirements file (its message)."""


PIP_PARSE = """
import json, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)  # pip's internals import its deprecated vendored pkg_resources
from pip._internal.exceptions import RequirementsFileParseError
from pip._internal.network.session import PipSession
from pip._internal.req.req_file import parse_requirements
try:
    parsed = [[p.is_editable, p.requirement] for p in parse_requirements(sys.argv[1], session=PipSession())]
except RequirementsFileParseError as error:
    sys.exit(f"refused: {error}")
print(json.dumps(parsed))
"""


def pip_requirements(lines, tmp_path):
    """Parse lines exactly as pip parses a requirements file: [(is_editable, requirement), ...].

    pip runs in a child process. On Python 3.11, importing pip switches setuptools' distutils hack to the
    standard library's distutils for the rest of the process (pypa/pip#8761): nbgrader, which imports
    setuptools, then fails to import in every later test of the session.
    """
    path = tmp_path / "requirements.txt"
    path.write_text("\n".join(lines) + "\n")
    result = subprocess.run([sys.executable, "-c", PIP_PARSE, str(path)], capture_output=True, text=True)
    refusals = [line.removeprefix("refused: ") for line in result.stderr.splitlines() if line.startswith("refused: ")]
    if result.returncode and refusals:
        raise PipRefused(refusals[0])
    assert result.returncode == 0, result.stderr
    return [tuple(entry) for entry in json.loads(result.stdout)]


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


# --- the two locks ------------------------------------------------------------------------------

def test_there_is_one_extra_for_every_tool():
    assert set(pyproject()["project"]["optional-dependencies"]) == {"dev"}, \
        "put every test or instructor tool in the `dev` extra (requirements/lock.py locks only that one)"
    assert pyproject()["project"]["requires-python"] == ">=3.11"


@pytest.mark.parametrize("lock, groups", [(RUNTIME_LOCK, ["dependencies"]), (DEV_LOCK, ["dependencies", "dev"])],
                         ids=["runtime", "dev"])
def test_each_lock_pins_every_requirement_within_its_range(lock, groups):
    pins = lock_versions(lock)
    project = pyproject()["project"]
    lines = [line for group in groups for line in (project[group] if group == "dependencies" else project["optional-dependencies"][group])]
    for line in lines:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in {lock.name}: run `python requirements/lock.py`"
        for version in pins[name].split(" or "):
            assert requirement.specifier.contains(version), f"{lock.name} has {name}=={version}, outside {requirement.specifier}"


def test_the_lock_check_catches_a_version_outside_a_range():
    assert not Requirement("numpy>=2.2").specifier.contains("2.1.3")


def test_the_dev_lock_holds_the_runtime_lock_at_the_same_versions():
    runtime, dev = lock_versions(RUNTIME_LOCK), lock_versions(DEV_LOCK)
    assert {name: dev.get(name) for name in runtime} == runtime, "tests must test what students get"


def test_students_get_no_test_tools():
    runtime, dev = lock_versions(RUNTIME_LOCK), lock_versions(DEV_LOCK)
    assert [name for name in NEVER_FOR_STUDENTS if name in runtime] == []
    assert [name for name in NEVER_FOR_STUDENTS if name not in dev] == [], "the list above names real tools of the dev lock"


def test_the_locks_are_what_the_lock_command_makes_from_pyproject():
    """requirements/lock.py --check resolves again (at the moment recorded in the locks) and compares."""
    require_registry("to resolve the locks again")
    result = subprocess.run([sys.executable, str(ROOT / "requirements" / "lock.py"), "--check"], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# --- the floors, here and in the first cell -----------------------------------------------------

# Dependencies no code imports, each with what it does instead; checked below.
RUNS_THE_NOTEBOOKS = {"jupyterlab": "start.py opens the course in JupyterLab", "ipykernel": "the notebooks' kernel"}


def test_the_first_cells_floors_are_pyprojects():
    """helpers/_dependencies.py repeats the floors of what a kernel imports: every runtime dependency but
    the two that run the notebook, at pyproject.toml's version (one source of truth, checked)."""
    floors = {canonicalize_name(r.name): Version(next(iter(r.specifier)).version) for r in runtime_dependencies()}
    assert {name: Version(version) for name, version in MINIMUM_VERSIONS.items()} == {
        name: floor for name, floor in floors.items() if name not in RUNS_THE_NOTEBOOKS}


# --- every dependency earns its place -----------------------------------------------------------

# A runtime dependency whose use is still being written: it must not be imported yet (the test fails once
# it is, so that the exemption goes), and it says who brings the use.
AWAITING_ITS_USE: dict[str, str] = {}


def course_code():
    """(where, source) of every piece of the course's own code: helpers/, course_setup.py, every notebook's code cells."""
    for path in sorted((ROOT / "helpers").rglob("*.py")) + [ROOT / "notebooks" / "course_setup.py"]:
        yield path.relative_to(ROOT), path.read_text()
    for path in sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "instructor" / "solutions").glob("*.ipynb")]):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                # IPython's magics and shell lines are not Python
                source = "".join(cell["source"])
                yield path.relative_to(ROOT), "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def imported_modules(source):
    """The top-level names of every module a piece of Python imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def imported_distributions(sources):
    """The installed distributions (canonical names) whose modules the sources import."""
    providers = importlib.metadata.packages_distributions()
    return {canonicalize_name(dist) for _, source in sources for module in imported_modules(source) for dist in providers.get(module, [])}


def unused_dependencies(dependencies, imported):
    """The dependencies that nothing imports and that neither run the notebooks nor await their use."""
    return sorted(set(dependencies) - set(imported) - set(RUNS_THE_NOTEBOOKS) - set(AWAITING_ITS_USE))


def test_every_runtime_dependency_is_imported_by_the_course():
    imported = imported_distributions(course_code())
    dependencies = [canonicalize_name(r.name) for r in runtime_dependencies()]
    assert unused_dependencies(dependencies, imported) == [], "a runtime dependency nothing imports: remove it from pyproject.toml"
    still_awaited = {name: why for name, why in AWAITING_ITS_USE.items() if name not in imported}
    assert still_awaited == AWAITING_ITS_USE, "now imported: remove it from AWAITING_ITS_USE"
    assert set(AWAITING_ITS_USE) | set(RUNS_THE_NOTEBOOKS) <= set(dependencies)


def test_the_dependency_check_catches_a_package_nothing_imports():
    imported = imported_distributions(course_code())
    assert {"numpy", "matplotlib"} <= imported, "the scan finds the course's imports"
    assert unused_dependencies(["numpy", "matplotlib", "pandas"], imported) == ["pandas"]
    assert imported_modules("import a.b\nfrom c.d import e\nfrom . import f\nimport g as h") == {"a", "c", "g"}


def test_the_dependencies_that_run_the_notebooks_do():
    start = (ROOT / "start.py").read_text()
    assert '"-m", "jupyter", "lab"' in start, RUNS_THE_NOTEBOOKS["jupyterlab"]
    for path in [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "instructor" / "solutions").glob("*.ipynb")]:
        assert json.loads(path.read_text())["metadata"]["kernelspec"]["name"] == "python3", f"{path.name}: ipykernel's kernel"


# --- the conda files and every installer --------------------------------------------------------

@pytest.mark.parametrize("name", ENVIRONMENT_FILES)
def test_conda_part_names_python_and_the_runtime_lock_versions(name):
    environment, conda, _ = conda_file(name)
    assert environment["channels"] == ["conda-forge"]
    pins = conda_pins(conda)
    assert "matplotlib" not in [spec.split("=")[0] for spec in conda], "conda-forge's matplotlib pulls in Qt: use matplotlib-base"
    assert pins.pop("pip") is None, "list pip, so conda installs the pip section with its own pip"
    assert pins.pop("python") in SUPPORTED_PYTHONS
    locked = lock_versions(RUNTIME_LOCK)
    assert set(pins) == {canonicalize_name(r.name) for r in runtime_dependencies()}, "exactly the runtime dependencies"
    for package, version in pins.items():
        assert locked.get(canonicalize_name(package)) == version, f"{name}: {package}={version}, the runtime lock has {locked.get(package)}"


@pytest.mark.parametrize("name", ENVIRONMENT_FILES)
def test_pip_part_is_a_valid_requirements_file_with_only_the_course(name, tmp_path):
    _, _, pip = conda_file(name)
    parsed = pip_requirements(pip, tmp_path)
    assert parsed == ([(True, ".")] if name == "environment.yml" else [])


def test_pip_rejects_an_option_alone_on_a_line(tmp_path):
    """The check above reads pip lines the way conda's pip does: the old file's bare --no-deps fails it."""
    with pytest.raises(PipRefused, match="--no-deps"):
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


def test_every_installer_reads_its_lock():
    start = (ROOT / "start.py").read_text()
    assert 'RUNTIME_LOCK = os.path.join("requirements", "runtime.txt")' in start
    assert 'DEV_LOCK = os.path.join("requirements", "dev.txt")' in start
    assert "start.py --setup-only --dev" in (ROOT / "tests" / "run.sh").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "python3 start.py" in readme and "py start.py" in readme and "\nbash tests/run.sh\n" in readme
    assert "\nbash tests/run.sh\n" in (ROOT / ".ci" / "run").read_text()
    contributors = (ROOT / "docs" / "contributors.md").read_text()
    assert "python requirements/lock.py" in contributors and "requirements/lock.py --upgrade" in contributors


def documents():
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "instructor" / "README.md"]


def test_every_file_the_documents_name_under_requirements_exists():
    named = {(path.relative_to(ROOT), match) for path in documents() if path.exists()
             for match in re.findall(r"requirements/[A-Za-z0-9_.-]+\.(?:txt|py)", path.read_text())}
    assert named and [(str(path), name) for path, name in sorted(named) if not (ROOT / name).exists()] == []


# --- Binder links -------------------------------------------------------------------------------

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
    assert links.build_link(repository, branch) in (ROOT / "docs" / "instructors.md").read_text()
    assert found >= 3


def test_every_document_with_a_binder_link_is_kept_up_to_date():
    for path in documents() + [ROOT / "notebooks" / "00_start_here.ipynb"]:
        if path.exists() and links.BINDER_LINK.search(path.read_text()):
            assert str(path.relative_to(ROOT)) in links.FILES_WITH_LINKS, f"add {path.relative_to(ROOT)} to binder/links.py"


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


# --- the README is a front door; docs/ holds the rest ------------------------------------------

# Pages linked before they exist, each with who writes it: the test fails once the page is there, so that
# its entry goes (and its links are then checked like any other).
PAGES_BEING_WRITTEN: dict[str, str] = {}
FRONT_DOOR_WORDS = 2000


def heading_anchor(heading):
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def relative_links(path):
    """(target file, anchor) of every relative Markdown link in a page, the file resolved from the page."""
    for target in re.findall(r"\]\(([^)\s]+)\)", path.read_text()):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        yield ((path.parent / file).resolve() if file else path), anchor


def test_the_readme_is_a_front_door():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.split()) <= FRONT_DOOR_WORDS, "move what students do not need first to docs/"
    headings = re.findall(r"^## (.+)$", readme, re.MULTILINE)
    assert headings[0] == "Quick start", "the students' quick start comes first"
    assert {"Quick start", "The notebooks", "Testing", "More"} <= set(headings)
    for page in ("docs/instructors.md", "docs/contributors.md", "instructor/README.md", "docs/accessibility.md"):
        assert f"]({page})" in readme, f"the README links {page}"


def test_every_relative_link_of_the_readme_and_docs_resolves():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target, anchor in relative_links(page):
            name = str(target.relative_to(ROOT)) if target.is_relative_to(ROOT) else str(target)
            if name in PAGES_BEING_WRITTEN:
                continue
            if not target.exists():
                broken.append(f"{page.name}: {name}")
            elif anchor and target.suffix == ".md":
                anchors = {heading_anchor(h) for h in re.findall(r"^#+ (.+)$", target.read_text(), re.MULTILINE)}
                if anchor not in anchors:
                    broken.append(f"{page.name}: {name}#{anchor}")
    assert broken == []
    assert heading_anchor("Architecture: the `helpers` package") == "architecture-the-helpers-package"


def test_pages_being_written_are_not_written_yet():
    written = {page: who for page, who in PAGES_BEING_WRITTEN.items() if (ROOT / page).exists()}
    assert written == {}, "these pages exist now: remove them from PAGES_BEING_WRITTEN"
