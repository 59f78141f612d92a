"""start.py, the one command that sets up and opens the course, and the start page it opens.

Its logic is tested for POSIX and Windows alike (paths are built for the OS it is asked about, so
both layouts are checked on any machine); old Pythons are refused in one line; a real JupyterLab
started with its arguments serves the start page from the repository root.
"""

import importlib.util
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from work_budget import HANG_SECONDS

ROOT = Path(__file__).resolve().parents[1]
START_PAGE = ROOT / "notebooks" / "00_start_here.ipynb"
spec = importlib.util.spec_from_file_location("start", ROOT / "start.py")
start = importlib.util.module_from_spec(spec)
spec.loader.exec_module(start)


@pytest.mark.parametrize("os_name, venv, python", [
    ("posix", "/home/ada/sum-or-mean/.venv", "/home/ada/sum-or-mean/.venv/bin/python"),
    ("posix", "/home/ada/sum-or-mean/.venv/", "/home/ada/sum-or-mean/.venv/bin/python"),
    ("nt", r"C:\Users\Ada\sum-or-mean\.venv", r"C:\Users\Ada\sum-or-mean\.venv\Scripts\python.exe"),
    ("nt", "C:\\Users\\Ada\\sum-or-mean\\.venv\\", r"C:\Users\Ada\sum-or-mean\.venv\Scripts\python.exe"),
    ("nt", r"D:\My Documents\course\.venv", r"D:\My Documents\course\.venv\Scripts\python.exe"),
])
def test_venv_python_on_posix_and_windows(os_name, venv, python):
    assert start.venv_python(venv, os_name) == python


@pytest.mark.parametrize("text, version", [
    ("home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n", (3, 12)),
    ("home = C:\\Python313\nversion_info = 3.13.0.final.0\n", (3, 13)),
    ("home = /usr/bin\n", None),
])
def test_venv_version_is_read_from_pyvenv_cfg(text, version):
    assert start.venv_version(text) == version


def fake_venv(folder, version):
    python = Path(start.venv_python(str(folder)))
    python.parent.mkdir(parents=True)
    python.write_text("")
    (folder / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")
    return str(folder)


def test_a_venv_made_by_another_python_is_made_again(tmp_path):
    assert "made by Python 3.10" in start.venv_problem(fake_venv(tmp_path / "old", "3.10.13"), (3, 12, 1))
    assert "made by Python 3.13" in start.venv_problem(fake_venv(tmp_path / "newer", "3.13.0"), (3, 12, 1))
    assert start.venv_problem(fake_venv(tmp_path / "same", "3.12.4"), (3, 12, 1)) is None
    assert "no Python" in start.venv_problem(str(tmp_path / "empty"), (3, 12, 1))


@pytest.mark.parametrize("version, platform, command", [
    ((3, 10, 13), "linux", "python3.12 start.py"),
    ((3, 8, 18), "darwin", "python3.12 start.py"),
    ((2, 7, 18), "win32", "py -3.12 start.py"),
])
def test_old_pythons_get_one_line_naming_what_to_install(version, platform, command):
    message = start.unsupported_python(version, True, platform)
    assert "\n" not in message and "Python 3.11 or newer" in message and f"Python {version[0]}.{version[1]}" in message
    assert command in message


def test_a_missing_venv_module_is_named():
    message = start.unsupported_python((3, 11, 2), False, "linux")
    assert "\n" not in message and "python3.11-venv" in message
    for version in [(3, 11, 0), (3, 12, 1), (3, 13, 0), (3, 14, 0)]:
        assert start.unsupported_python(version, True, "linux") is None


def test_install_commands_follow_the_locks_then_add_the_package_alone():
    runtime, dev, package = (start.install_command("PY", part) for part in ("runtime", "dev", "package"))
    assert runtime[:4] == ["PY", "-m", "pip", "install"] and runtime[-2:] == ["-r", os.path.join("requirements", "runtime.txt")]
    assert dev[-2:] == ["-r", os.path.join("requirements", "dev.txt")]
    assert package[-3:] == ["--no-deps", "-e", "."]
    assert (ROOT / start.RUNTIME_LOCK).is_file() and (ROOT / start.DEV_LOCK).is_file()


def fake_course(root, runtime="numpy==2.4.6\n", dev="numpy==2.4.6\npytest==9.2.0\n", pyproject="[project]\n"):
    (root / "requirements").mkdir(parents=True, exist_ok=True)
    for name, text in (("requirements/runtime.txt", runtime), ("requirements/dev.txt", dev), ("pyproject.toml", pyproject)):
        (root / name).write_text(text)
    return str(root)


def test_a_student_gets_the_runtime_lock_and_a_contributor_the_dev_lock_too(tmp_path):
    root, venv = fake_course(tmp_path / "course"), tmp_path / "venv"
    venv.mkdir()
    assert start.stale_parts(str(venv), dev=False, root=root) == ["runtime", "package"]
    assert start.stale_parts(str(venv), dev=True, root=root) == ["runtime", "dev", "package"]


def test_only_what_changed_is_installed_again(tmp_path):
    root, venv = fake_course(tmp_path / "course"), str(tmp_path / "venv")
    os.mkdir(venv)
    for part in ("runtime", "dev", "package"):
        start.write_stamp(venv, part, root)
    assert start.stale_parts(venv, dev=True, root=root) == []
    fake_course(tmp_path / "course", dev="numpy==2.4.6\npytest==9.2.1\n")
    assert start.stale_parts(venv, dev=True, root=root) == ["dev"]
    assert start.stale_parts(venv, dev=False, root=root) == [], "a student's run ignores the dev lock"
    fake_course(tmp_path / "course", runtime="numpy==2.4.7\n", pyproject="[project]\nversion = '2'\n")
    assert start.stale_parts(venv, dev=False, root=root) == ["runtime", "package"]


def test_a_changed_runtime_lock_makes_the_venv_again(tmp_path, monkeypatch, capsys):
    """So that a student's .venv holds exactly the runtime lock: no package an older lock (or the dev lock) had."""
    root = tmp_path / "course"
    fake_course(root, runtime="numpy==2.4.7\n")
    venv = tmp_path / "course" / ".venv"
    fake_venv(venv, "{0}.{1}.0".format(*sys.version_info[:2]))
    (venv / "leftover-from-an-older-lock").write_text("")
    (venv / "course-runtime-lock.txt").write_text("numpy==2.4.6\npytest==9.2.0\n")
    made, installed = [], []
    monkeypatch.setattr(start, "ROOT", str(root))
    monkeypatch.setattr(start, "VENV", str(venv))
    monkeypatch.setattr(start, "run", lambda command, what, quiet=False: (made if "venv" in command else installed).append(command))
    monkeypatch.setattr(start, "write_stamp", lambda venv, part, root=None: None)
    start.set_up()
    assert "Making .venv again: the course's locked versions" in capsys.readouterr().out
    assert not venv.exists() and len(made) == 1, "removed, then made anew"
    assert [command[-2:] for command in installed] == [["-r", start.RUNTIME_LOCK], ["-e", "."]]


@pytest.mark.parametrize("as_root", [True, False])
@pytest.mark.parametrize("open_browser", [True, False])
def test_lab_command(as_root, open_browser):
    command = start.lab_command("PY", 8890, as_root, open_browser, ["--ip=0.0.0.0"])
    assert command[:5] == ["PY", "-m", "jupyter", "lab", "notebooks/00_start_here.ipynb"]
    assert f"--ServerApp.root_dir={ROOT}" in command and "--ServerApp.port=8890" in command
    assert ("--allow-root" in command) == as_root
    assert ("--no-browser" in command) == (not open_browser)
    assert command[-1] == "--ip=0.0.0.0"


def test_arguments_after_a_double_dash_go_to_jupyterlab():
    options = start.parse_arguments(["--port", "9001", "--no-browser", "--", "--ip=0.0.0.0"])
    assert options.port == 9001 and options.no_browser and not options.setup_only and options.extra == ["--ip=0.0.0.0"]


def test_every_course_notebook_is_trusted():
    notebooks = start.course_notebooks()
    assert "notebooks/00_start_here.ipynb".replace("/", os.sep) in notebooks
    assert len(notebooks) == len(list((ROOT / "notebooks").glob("*.ipynb")) + list((ROOT / "instructor").glob("solutions/*.ipynb")))


OLD_PYTHONS = [Path(f"/root/.pyenv/versions/{v}/bin/python") for v in ("2.7.18", "3.6.15", "3.10.13")]


@pytest.mark.parametrize("python", OLD_PYTHONS, ids=lambda p: p.parts[-3])
def test_an_old_python_builds_nothing(python, tmp_path):
    if not os.access(python, os.X_OK):
        pytest.skip(f"{python} is not on this machine (or not runnable by this user)")
    (tmp_path / "start.py").write_text((ROOT / "start.py").read_text())
    result = subprocess.run([str(python), "start.py"], cwd=tmp_path, capture_output=True, text=True, timeout=HANG_SECONDS)
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Python 3.11 or newer" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["start.py"]


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:   # a busy machine answers slowly
        return response.status, response.read()


def test_jupyterlab_serves_the_start_page_from_the_repository_root():
    port, token = start.free_port(8950), "launcher-test"
    command = start.lab_command(sys.executable, port, start.is_root_user(), False)
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, JUPYTER_TOKEN=token),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + HANG_SECONDS   # only a server that never starts reaches it
        while True:
            try:
                status, page = get(start.start_page_url(port, token))
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
        assert status == 200 and b"JupyterLab" in page
        _, listing = get(f"http://localhost:{port}/api/contents/?token={token}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"README.md", "helpers", "notebooks", "start.py"} <= names, "the file panel shows the repository root"
        _, notebook = get(f"http://localhost:{port}/api/contents/notebooks/00_start_here.ipynb?token={token}")
        assert json.loads(notebook)["type"] == "notebook"
    finally:
        server.terminate()
        server.wait(timeout=HANG_SECONDS)


def start_page_text():
    notebook = json.loads(START_PAGE.read_text())
    assert {cell["cell_type"] for cell in notebook["cells"]} == {"markdown"}, "the start page is markdown only"
    return "\n".join("".join(cell["source"]) for cell in notebook["cells"])


def test_start_page_lists_every_notebook_in_order_with_its_time():
    text = start_page_text()
    linked = re.findall(r"\]\((\d\d_[^)#]+\.ipynb)\)", text)
    course = sorted(p.name for p in START_PAGE.parent.glob("[0-9][0-9]_*.ipynb") if p.name != START_PAGE.name)
    assert course and sorted(set(linked)) == course, "every notebook linked, and every link a notebook"
    rows = [line for line in text.splitlines() if re.match(r"\| 0\d \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == [f"{n:02d}" for n in range(1, len(rows) + 1)]
    assert all(re.search(r"about \d+ min", row) for row in rows)


def test_start_page_has_the_notation_and_the_way_back_to_an_original():
    text = start_page_text()
    for symbol in ["| B |", "| η |", "| λ |", "| γ |", "h_max", "B_noise", "| μ |", "β₁, β₂, ε"]:
        assert symbol in text, symbol
    assert "my-work/" in text and "git restore notebooks/" in text and "Save Notebook As" in text
    assert "(../instructor/README.md)" in text and "(../README.md)" in text
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "my-work/*" in ignored and "!my-work/course_setup.py" in ignored, "the work ignored, its setup file kept"
