"""Shared fixtures: small seeded data sets."""

# Run only by tests/test_pytorch_conventions.py in child processes; it imports torch, an optional test tool.
collect_ignore = ["torch_workers.py"]

import numpy as np
import pytest

import helpers


@pytest.fixture
def classification():
    features, labels = helpers.make_two_gaussians(64, seed=3)
    return helpers.add_bias_column(features), labels


@pytest.fixture
def regression():
    features, targets, _ = helpers.make_linear_regression(64, 3, seed=4)
    return features, targets


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


# The browser tests and the latency benchmark share tests/jupyterlab_driver.py.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from solution_runs import SOLUTIONS, run_solution  # noqa: E402


@pytest.fixture(scope="session")
def solution_runs():
    """Each solution notebook run once, cell by cell, with its check cells' mutants (tests/solution_runs.py)."""
    return {path.name: run_solution(path) for path in SOLUTIONS}


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from jupyterlab_driver import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
