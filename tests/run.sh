#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine, then run every test.
#   bash tests/run.sh            # everything: unit tests, doctests, notebooks (strict nbval), browser tests
#   bash tests/run.sh -k browser # extra arguments go to pytest
# Needs Python 3.11 with venv. Installs Chromium from Debian's packages when it is missing
# (as root, or through sudo), because the browser tests drive the system Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
        echo "error: $chromium is missing; install Debian's chromium package (apt-get install chromium) and run again" >&2
        exit 1
    fi
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium
fi

exec .venv/bin/python -m pytest "$@"
