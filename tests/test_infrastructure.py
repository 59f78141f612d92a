"""How the suite is split between two workers (the repository's root conftest.py): nothing shared is run twice."""

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
root_conftest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(root_conftest)


def files_requesting(fixture: str) -> set[str]:
    """The test files with a function (a test or a fixture) taking ``fixture`` as an argument."""
    found = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and fixture in [a.arg for a in node.args.args]:
                found.add(path.relative_to(ROOT).as_posix())
    return found


def test_the_files_sharing_a_notebook_run_are_one_work_unit():
    for fixture, files in root_conftest.SHARED_RUNS.items():
        assert files_requesting(fixture) == set(files), f"list every file using {fixture} in conftest.py's SHARED_RUNS"
        assert {root_conftest.work_unit(f"{path}::test_x[a]") for path in files} == {fixture}


def test_every_other_test_is_in_its_files_unit():
    assert root_conftest.work_unit("notebooks/01_x.ipynb::Cell 3") == "notebooks/01_x.ipynb"
    assert root_conftest.work_unit("tests/test_site.py::test_y[p::q]") == "tests/test_site.py"


def test_the_heaviest_units_exist():
    for unit in root_conftest.HEAVIEST_FIRST:
        assert unit in root_conftest.SHARED_RUNS or (ROOT / unit).is_file(), f"{unit}: renamed? update HEAVIEST_FIRST"
