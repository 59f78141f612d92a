"""Set up the course and open it in JupyterLab: the same command in bash, PowerShell and cmd.

    python start.py          (Windows: py start.py)

Makes (or repairs) the virtual environment .venv next to this file, installs the exact tested
versions from requirements/runtime.txt (the course and nothing else) and the course's own package,
trusts the course notebooks (so their stored figures show without re-running), and opens JupyterLab
at the repository root on notebooks/00_start_here.ipynb. Options:

    --no-browser    do not try to open a browser; print the address to open
    --port N        serve on port N (default: the first free port from 8888)
    --setup-only    set up .venv and stop
    --dev           also install requirements/dev.txt, the contributors' tools (tests/run.sh uses this)
    --no-venv       use the Python that runs this (a conda environment, say) as it is: no .venv,
                    nothing installed; trust the notebooks and open JupyterLab

Anything after `--` goes to JupyterLab, e.g. `python start.py -- --ip=0.0.0.0` in a container.

Standard library only, and written so that old Pythons (even 2.7) can read it far enough to say
which Python to install.
"""

from __future__ import print_function

import os
import sys

MINIMUM_PYTHON = (3, 11)
ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
RUNTIME_LOCK = os.path.join("requirements", "runtime.txt")
DEV_LOCK = os.path.join("requirements", "dev.txt")
START_PAGE = "notebooks/00_start_here.ipynb"
NOTEBOOK_FOLDERS = ("notebooks", os.path.join("instructor", "solutions"))
# Written into .venv after each successful install: a copy of the file it installed from. A venv whose
# runtime stamp differs from the runtime lock is made again, so that it holds exactly that lock (no package
# a former lock had); a changed development lock or pyproject.toml is installed again over it.
STAMPS = (("runtime", "course-runtime-lock.txt", RUNTIME_LOCK), ("dev", "course-dev-lock.txt", DEV_LOCK),
          ("package", "course-package.txt", "pyproject.toml"))


def unsupported_python(version_info, has_venv, platform=sys.platform):
    """One line saying what to install, or None when this Python can build the course's .venv."""
    version = "{0}.{1}".format(version_info[0], version_info[1])
    if tuple(version_info[:2]) < MINIMUM_PYTHON:
        return ("The course needs Python 3.11 or newer, and this is Python {0}: install Python 3.12 "
                "(python.org, the Microsoft Store, Homebrew or your package manager) and run "
                "this command again with it, e.g. `{1} start.py`.").format(
                    version, "py -3.12" if platform.startswith("win") else "python3.12")
    if not has_venv:
        return ("Python {0} here has no working `venv` module: install it (on Debian or Ubuntu: "
                "`sudo apt install python{0}-venv`) and run this command again.").format(version)
    return None


def has_venv_module():
    """True when `python -m venv` can make an environment with pip in it."""
    try:
        import ensurepip  # noqa: F401  (Debian splits it off into python3.X-venv)
        import venv  # noqa: F401
    except ImportError:
        return False
    return True


def venv_python(venv, os_name=os.name):
    """The interpreter inside a virtual environment: Scripts\\python.exe on Windows, bin/python elsewhere."""
    import ntpath
    import posixpath
    if os_name == "nt":
        return ntpath.join(venv, "Scripts", "python.exe")
    return posixpath.join(venv, "bin", "python")


def venv_version(pyvenv_cfg_text):
    """(major, minor) of the Python that made a venv, read from its pyvenv.cfg; None if it does not say."""
    for line in pyvenv_cfg_text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            parts = value.strip().split(".")
            if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
                return int(parts[0]), int(parts[1])
    return None


def venv_problem(venv, version_info, os_name=os.name):
    """Why an existing venv must be made again (a sentence), or None when it can be reused."""
    python = venv_python(venv, os_name)
    if not os.path.exists(python):
        return "it has no Python at {0}".format(python)
    try:
        with open(os.path.join(venv, "pyvenv.cfg")) as cfg:
            made_by = venv_version(cfg.read())
    except (IOError, OSError):
        return "it has no pyvenv.cfg"
    if made_by != tuple(version_info[:2]):
        return "it was made by Python {0}, and this is Python {1}.{2}".format(
            "?" if made_by is None else "{0}.{1}".format(*made_by), version_info[0], version_info[1])
    return None


def install_command(python, part):
    """The pip command that installs one part: "runtime" or "dev" (a lock), or "package" (the course's own,
    without touching the locked versions)."""
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    if part == "package":
        return pip + ["--no-deps", "-e", "."]
    return pip + ["-r", RUNTIME_LOCK if part == "runtime" else DEV_LOCK]


def read_text(path):
    """A file's text, or None when it cannot be read."""
    try:
        with open(path, "rb") as source:
            return source.read().decode("utf-8")
    except (IOError, OSError):
        return None


def stale_parts(venv, dev, root=ROOT):
    """The parts to install, in order: those whose stamp in ``venv`` differs from the file it copies."""
    wanted = ("runtime", "dev", "package") if dev else ("runtime", "package")
    return [part for part, stamp, source in STAMPS
            if part in wanted and read_text(os.path.join(venv, stamp)) != read_text(os.path.join(root, source))]


def write_stamp(venv, part, root=ROOT):
    """Record in ``venv`` that ``part`` is installed: a copy of the file it was installed from."""
    for name, stamp, source in STAMPS:
        if name == part:
            with open(os.path.join(venv, stamp), "wb") as copy:
                copy.write(read_text(os.path.join(root, source)).encode("utf-8"))


def course_notebooks(root=ROOT):
    """Every course notebook, relative to the root, for `jupyter trust`."""
    found = []
    for folder in NOTEBOOK_FOLDERS:
        path = os.path.join(root, folder)
        if os.path.isdir(path):
            found += [os.path.join(folder, name) for name in sorted(os.listdir(path)) if name.endswith(".ipynb")]
    return found


def is_root_user():
    """True for root on POSIX (JupyterLab then needs --allow-root); never on Windows."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(python, port, as_root, open_browser, extra=()):
    """JupyterLab at the repository root, opening the start page."""
    command = [python, "-m", "jupyter", "lab", START_PAGE,
               "--ServerApp.root_dir=" + ROOT, "--ServerApp.port={0}".format(port),
               "--ServerApp.port_retries=0"]
    if as_root:
        command.append("--allow-root")
    if not open_browser:
        command.append("--no-browser")
    return command + list(extra)


def start_page_url(port, token):
    return "http://localhost:{0}/lab/tree/{1}?token={2}".format(port, START_PAGE, token)


def free_port(first=8888, tries=50):
    import socket
    for port in range(first, first + tries):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            probe.close()
    raise SystemExit("No free port between {0} and {1}: pass one with --port.".format(first, first + tries - 1))


def browser_available():
    import webbrowser
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def parse_arguments(argv):
    import argparse
    parser = argparse.ArgumentParser(prog="start.py", description="Set up the course and open it in JupyterLab.")
    parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening a browser")
    parser.add_argument("--port", type=int, default=None, help="port to serve on (default: first free from 8888)")
    parser.add_argument("--setup-only", action="store_true", help="set up .venv and stop")
    parser.add_argument("--dev", action="store_true", help="also install the contributors' tools (requirements/dev.txt)")
    parser.add_argument("--no-venv", action="store_true", help="use this Python's environment as it is (conda)")
    if "--" in argv:
        split = argv.index("--")
        arguments, extra = argv[:split], argv[split + 1:]
    else:
        arguments, extra = argv, []
    options = parser.parse_args(arguments)
    options.extra = extra
    return options


def run(command, what, quiet=False):
    """Run a command in the repository root; stop with one line naming it if it fails."""
    import subprocess
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE if quiet else None,
                               stderr=subprocess.STDOUT if quiet else None)
    output = process.communicate()[0]
    if process.returncode != 0:
        if output:
            print(output.decode("utf-8", "replace"), file=sys.stderr)
        raise SystemExit("Could not {0}: `{1}` failed (see above).".format(what, " ".join(command)))


def set_up(dev=False):
    """Make or repair .venv and install the course into it (with the contributors' tools if ``dev``); returns its Python."""
    import shutil
    problem = venv_problem(VENV, sys.version_info) if os.path.exists(VENV) else None
    if os.path.exists(VENV) and not problem and "runtime" in stale_parts(VENV, dev, ROOT):
        problem = "the course's locked versions ({0}) changed, or their install did not finish".format(RUNTIME_LOCK)
    if problem:
        print("Making .venv again: " + problem + ".", flush=True)
        shutil.rmtree(VENV)
    python = venv_python(VENV)
    if not os.path.exists(VENV):
        print("Making the virtual environment .venv with Python {0}.{1} ...".format(*sys.version_info[:2]), flush=True)
        run([sys.executable, "-m", "venv", VENV], "make .venv")
    what = {"runtime": ("the course's packages", "exact versions from {0}; a minute or two the first time".format(RUNTIME_LOCK)),
            "dev": ("the contributors' tools", "exact versions from {0}".format(DEV_LOCK)),
            "package": ("the course's own package", "helpers, editable")}
    for part in stale_parts(VENV, dev, ROOT):
        print("Installing {0} ({1}) ...".format(*what[part]), flush=True)
        run(install_command(python, part), "install " + what[part][0])
        write_stamp(VENV, part, ROOT)
    return python


def main(argv=None):
    problem = unsupported_python(sys.version_info, has_venv_module())
    if problem:
        print(problem, file=sys.stderr)
        return 1
    options = parse_arguments(sys.argv[1:] if argv is None else argv)
    python = sys.executable if options.no_venv else set_up(options.dev)
    # Trusted notebooks show their stored interactive figures without re-running (a signature per user).
    run([python, "-m", "jupyter", "trust"] + course_notebooks(), "trust the course notebooks", quiet=True)
    if options.setup_only:
        print("The course is set up in .venv.", flush=True)
        return 0
    import secrets
    import subprocess
    port = options.port or free_port()
    token = secrets.token_hex(16)
    open_browser = not options.no_browser and browser_available()
    url = start_page_url(port, token)
    if open_browser:
        print("Opening the course in your browser. If it does not appear, open " + url, flush=True)
    else:
        print("Open this address in a browser on this machine to start the course: " + url, flush=True)
    print("Stop the server with Ctrl+C.", flush=True)
    environment = dict(os.environ, JUPYTER_TOKEN=token)  # in the environment, not the visible command line
    command = lab_command(python, port, is_root_user(), open_browser, options.extra)
    try:
        return subprocess.call(command, cwd=ROOT, env=environment)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
