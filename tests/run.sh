#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run every test.
#   bash tests/run.sh            # everything: unit tests, doctests, notebooks (strict nbval), browser tests
#   bash tests/run.sh -k browser # extra arguments go to pytest
#   PYTHON=python3.13 bash tests/run.sh   # another interpreter (3.11 or newer); .venv is made again for it
# Works as root and as a normal user. The environment comes from `start.py --setup-only --dev`: the
# students' exact versions (requirements/runtime.txt) plus the contributors' tools (requirements/dev.txt),
# each installed again when its lock changes. Chromium, for the browser tests, comes from Debian's
# packages when it is missing and can be installed (as root, or through sudo without a password).
# The tests check the COMMITTED notebooks: when a notebook was edited (a student's saved work), they
# run on a clean copy of the last commit and say so. TEST_WORKING_TREE=1 tests the edited files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

"${PYTHON:-python3}" start.py --setup-only --dev
if [ -x .venv/bin/python ]; then python=$root/.venv/bin/python; else python=$root/.venv/Scripts/python.exe; fi

# The framework checks (tests/test_pytorch_conventions.py) need PyTorch, which students never need:
# REQUIRE_TORCH=1 installs the CPU build (CI sets it; see .ci/run) and makes a missing torch a failure.
if [ "${REQUIRE_TORCH:-0}" = 1 ]; then
    "$python" -m pip install --quiet --disable-pip-version-check torch==2.13.0
fi

# Two workers (pytest-xdist, in the development lock): tests/conftest.py keeps each notebook, each test file and
# each shared notebook run whole on one worker, and sends the heaviest first. `bash tests/run.sh -n 0` runs serially.
# --durations=30 ends the report with the 30 slowest tests (setup included): where the time goes, for HEAVIEST_FIRST.
pytest_args=(-n 2 --dist loadfile --no-loadscope-reorder --durations=30)
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo -n"; fi  # -n: never stop to ask for a password
    if command -v apt-get >/dev/null && { [ -z "$sudo" ] || $sudo true 2>/dev/null; } \
        && $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; then
        :
    else
        echo "Chromium is missing at $chromium and could not be installed from here (that needs apt-get, and root or sudo): the browser tests are left out; to run them too, install Chromium (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium." >&2
        pytest_args+=(--ignore=tests/test_browser.py)
    fi
fi

# Notebooks that differ from the last commit (edited in place, or new files in notebooks/).
changed=""
if [ "${TEST_WORKING_TREE:-0}" != 1 ] && git rev-parse --verify -q HEAD >/dev/null 2>&1; then
    changed=$(git status --porcelain --untracked-files=all -- notebooks | sed 's/^...//' | tr '\n' ' ')
fi
if [ -z "$changed" ]; then
    exec "$python" -m pytest ${pytest_args[@]+"${pytest_args[@]}"} "$@"
fi

notice="You changed or added ${changed% }, so the tests check the committed notebooks in a clean copy of the last commit (your changes stay where they are; to keep them for good, save them into my-work/ with File > Save Notebook As, and to test the edited files themselves run TEST_WORKING_TREE=1 bash tests/run.sh)."
echo "$notice" >&2
clean=$(mktemp -d)
trap 'rm -rf "$clean"' EXIT
git archive HEAD | tar -x -C "$clean"
mkdir -p "$root/test-artifacts"
ln -s "$root/test-artifacts" "$clean/test-artifacts"
status=0
(cd "$clean" && PYTHONPATH="$clean" "$python" -m pytest ${pytest_args[@]+"${pytest_args[@]}"} "$@") || status=$?
echo "$notice" >&2
exit $status
